/**
 * The human output of `dilation-lab analyze`: aligned tables with units named, built from
 * the AnalyzeResult that `--json` prints unchanged.
 */
import type {
  AnalyzeResult,
  Band,
  DeafBandsReport,
  LayerSummary,
  Null,
  NullsReport,
} from '../analysis/types.ts';
import { parseKernel } from '../kernel/index.ts';
import type { Network } from '../network/types.ts';
import {
  dec,
  indexRange,
  int,
  kernelText,
  num,
  perAxis,
  percent,
  piMultiple,
  radPi,
  rateRunText,
  times,
  weight,
} from './format.ts';
import { keyValues, table, wrapText } from './table.ts';

/** Most nulls or bands listed per line before "... N more (see --json)". */
export const MAX_LISTED = 12;
/** Most composite nulls listed in the table. */
export const MAX_COMPOSITE_ROWS = 24;
/** Above this many members the Layers table groups runs of alike layers into one row. */
export const LONG_NETWORK = 16;
/** Fewest consecutive alike members shown as one row or line. */
export const MIN_RUN = 3;
/** Above this many members, runs of rates and of alike members are shortened in the text. */
export const SHORTEN_FROM = 6;

type Dilation = LayerSummary['dilation'];

/** A rate as text: 2, `2x4` (dy×dx for 2-D; `2` when both axes agree), or a member's rates `(6,12)`. */
export function formatDilation(d: Dilation, dims: 1 | 2): string {
  if (typeof d === 'number') return String(d);
  const pair = (v: readonly number[]) => (v[0] === v[1] ? String(v[0]) : `${v[0]}x${v[1]}`);
  if (dims === 2 && d.length === 2 && d.every((v) => typeof v === 'number'))
    return pair(d as number[]);
  const list = (d as (number | number[])[]).map((v) =>
    typeof v === 'number' ? String(v) : pair(v),
  );
  return list.length === 1 ? list[0] : `(${list.join(',')})`;
}

/** `layer 2 (d=2)` or `branch 3 (d=12)`. */
export function memberLabel(result: AnalyzeResult, i: number): string {
  const l = result.layers[i];
  const what = result.kind === 'parallel' ? 'branch' : 'layer';
  const d = l ? ` (d=${formatDilation(l.dilation, result.dims)})` : '';
  return `${what} ${i + 1}${d}`;
}

/**
 * The first `max` items, then how many more the full list has (`total`: its length before
 * `analyze` cut it to MAX_LISTED_FREQUENCIES; the --json lists stop there too).
 */
function listed<T>(
  items: readonly T[],
  show: (t: T) => string,
  max = MAX_LISTED,
  total = items.length,
): string {
  if (total === 0) return 'none';
  const head = items.slice(0, max).map(show).join(', ');
  if (total <= max) return head;
  const json = items.length < total ? `--json lists the first ${items.length}` : 'see --json';
  return `${head}, ... ${total - max} more (${json})`;
}

/** A null as `2.0944 (0.6667π)`, with its multiplicity when above 1: `... ×2`. */
function nullText(n: Null): string {
  return n.multiplicity > 1 ? `${radPi(n.w)} ×${n.multiplicity}` : radPi(n.w);
}

function bandText(b: Band): string {
  return `[${dec(b[0])}, ${dec(b[1])}] (${piMultiple(b[0])}–${piMultiple(b[1])})`;
}

function unitOf(result: AnalyzeResult): string {
  return result.dims === 1 ? 'samples' : 'pixels';
}

function describeNetwork(result: AnalyzeResult, network?: Network): string {
  const n = result.layers.length;
  const what =
    result.kind === 'parallel'
      ? `parallel set of ${n} branch${n === 1 ? '' : 'es'}, ${result.merge ?? 'sum'} merge`
      : `stack of ${n} layer${n === 1 ? '' : 's'}`;
  const kernels = [...new Set(result.layers.map((l) => kernelText(l.kernel)))];
  const rates = result.layers.map((l) => formatDilation(l.dilation, result.dims));
  const name = network?.name ? `${network.name}: ` : '';
  const kernelList =
    kernels.length <= 4
      ? kernels.join(' | ')
      : `${kernels.slice(0, 3).join(' | ')} | … (${kernels.length} kernels)`;
  const rateList = rates.length > SHORTEN_FROM ? rateRunText(rates) : rates.join(', ');
  return `${name}${result.dims}-D ${what}; kernel ${kernelList}; rates ${rateList}`;
}

/** What makes two members alike for grouping: everything in their table row but the rate. */
function alikeKey(l: LayerSummary): string {
  return JSON.stringify([l.type, l.kernel, l.padding, l.stride, l.scale, l.parameters]);
}

/** Runs of consecutive alike members, as [first, last] indices (0-based), every member in one. */
export function memberRuns(result: AnalyzeResult): [number, number][] {
  const runs: [number, number][] = [];
  result.layers.forEach((l, i) => {
    const last = runs[runs.length - 1];
    if (last && alikeKey(result.layers[last[1]]) === alikeKey(l)) last[1] = i;
    else runs.push([i, i]);
  });
  return runs;
}

/** `layers 3–10` / `layer 3` / `branches 1–4`. */
function membersLabel(result: AnalyzeResult, first: number, last: number): string {
  const what = result.kind === 'parallel' ? 'branch' : 'layer';
  const plural = what === 'branch' ? 'branches' : 'layers';
  return `${first === last ? what : plural} ${indexRange(first + 1, last + 1)}`;
}

/**
 * The network in a few lines, one per run of alike members: `layers 3–10: box:2,
 * d = 1, 2, …, 128` (stride and padding when not 1 and same).
 */
function runLines(result: AnalyzeResult): string {
  const pairs: [string, string][] = memberRuns(result).map(([a, b]) => {
    const l = result.layers[a];
    const d = result.layers.slice(a, b + 1).map((m) => formatDilation(m.dilation, result.dims));
    const extra: string[] = [];
    const stride = typeof l.stride === 'number' ? l.stride : perAxis(l.stride);
    if (stride !== 1 && stride !== '1×1') extra.push(`stride ${stride}`);
    if (typeof l.padding === 'string' && l.padding !== 'same') extra.push(`padding ${l.padding}`);
    const type = l.type && l.type !== 'layer' ? `${l.type} ` : '';
    return [
      membersLabel(result, a, b),
      `${type}${kernelText(l.kernel)}, d = ${rateRunText(d)}${extra.map((e) => `, ${e}`).join('')}`,
    ];
  });
  return keyValues(pairs);
}

/**
 * Key-value pairs of the members; above SHORTEN_FROM members, runs of MIN_RUN or more
 * consecutive members with the same text grouped into one pair (`layers 1–14  none`).
 */
function memberPairs(result: AnalyzeResult, values: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  if (result.layers.length <= SHORTEN_FROM)
    return values.map((v, k): [string, string] => [memberLabel(result, k), v]);
  let i = 0;
  while (i < values.length) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[i]) j++;
    if (j - i + 1 >= MIN_RUN) pairs.push([membersLabel(result, i, j), values[i]]);
    else for (let k = i; k <= j; k++) pairs.push([memberLabel(result, k), values[k]]);
    i = j + 1;
  }
  return pairs;
}

/**
 * The seeded weights of every `random:K:SEED` kernel of the network, one line each (at
 * most four): the short form gives every layer the same draw, since the seed fixes it.
 */
function randomWeightLines(result: AnalyzeResult): string[] {
  const specs = [
    ...new Set(
      result.layers.flatMap((l) => l.kernel.split(', ')).filter((k) => k.startsWith('random:')),
    ),
  ];
  const lines = specs.slice(0, 4).map((spec) => {
    const k = parseKernel(spec);
    const w = Array.from(k.weights);
    const shown =
      w.length <= 9
        ? w.map(weight).join(', ')
        : `${w.slice(0, 4).map(weight).join(', ')}, … (${w.length} weights)`;
    const users = result.layers.filter((l) => l.kernel.split(', ').includes(spec)).length;
    const seed = spec.split(':')[2];
    return `${spec} = [${shown}]: He-normal N(0, 2/${w.length}) from seed ${seed}${users > 1 ? `; the same weights in all ${users} ${result.kind === 'parallel' ? 'branches' : 'layers'} that name it` : ''}`;
  });
  if (specs.length > 4) lines.push(`... ${specs.length - 4} more random kernels (see --json)`);
  return lines;
}

function summary(result: AnalyzeResult): string {
  const unit = unitOf(result);
  const c = result.coverage;
  const pairs: [string, string][] = [];
  pairs.push(['receptive field', `${perAxis(result.receptiveField)} ${unit}`]);
  pairs.push(['parameters', `${int(result.parameters)} weights (one channel in, one out)`]);
  pairs.push([
    'gridding-free',
    result.griddingFree
      ? `yes: every one of the ${int(c.size)} offsets in the receptive field is reached`
      : `no: ${int(c.holes)} holes of ${int(c.size)} offsets, hole fraction ${num(c.holeFraction)} (${percent(c.holeFraction)})`,
  ]);
  if (!result.griddingFree && c.holeOffsets.length > 0) {
    const offs = c.holeOffsets.map((o) =>
      typeof o === 'number' ? String(o) : `(${o[0]},${o[1]})`,
    );
    const more = c.holes > offs.length ? ', ...' : '';
    pairs.push([
      'holes at offsets',
      `${offs.slice(0, 16).join(', ')}${offs.length > 16 ? ', ...' : more}`,
    ]);
  }
  pairs.push([
    'coverage',
    `${int(c.covered)} of ${int(c.size)} offsets reached; ${int(c.minPaths)} to ${int(c.maxPaths)} paths per reached offset`,
  ]);
  const both = (v: number | readonly number[]) =>
    typeof v === 'number' || v[0] === v[1] ? undefined : v;
  const g = result.gcd;
  pairs.push([
    'gcd of tap offsets',
    both(g) ? `${perAxis(g)} (y × x)` : `${typeof g === 'number' ? g : `${g[0]} on both axes`}`,
  ]);
  const p = result.period;
  const period =
    typeof p === 'number'
      ? `${radPi(p)} rad/sample`
      : p[0] === p[1]
        ? `${radPi(p[0])} rad/sample on both axes`
        : `${radPi(p[0])} (y) × ${radPi(p[1])} (x) rad/sample`;
  pairs.push(['period of H', `${period} = 2π/gcd`]);
  pairs.push([
    'aliasing',
    result.aliasing.subgrids > 1
      ? `each output mixes only 1 of ${result.aliasing.subgrids} interleaved input sub-grids`
      : 'none: each output mixes the whole input grid',
  ]);
  const os = result.outputStride;
  const strided = typeof os === 'number' ? os > 1 : os.some((v) => v > 1);
  pairs.push([
    'output stride',
    strided
      ? `${perAxis(os)}: one output every ${perAxis(os)} input samples; input frequencies above π/${typeof os === 'number' ? os : os.join(' × π/')} alias`
      : '1 (full resolution)',
  ]);
  pairs.push(['padding', result.padding]);
  const h = result.hdc;
  if (h) {
    const M = `M = [${h.M.map((m) => num(m)).join(', ')}]`;
    const M2 =
      h.M.length >= 2
        ? `M_2 = ${num(h.M[1])} ${h.satisfied ? '≤' : '>'} K = ${h.K}`
        : 'fewer than 2 layers';
    pairs.push([
      'HDC rule (Wang 2018)',
      `${M}; ${M2}: ${h.satisfied ? 'satisfied' : 'not satisfied'}; rates ${h.coprime ? 'share no factor above 1' : 'share a common factor above 1 (the paper asks they do not)'}`,
    ]);
    pairs.push([
      'exact coverage says',
      `${result.griddingFree ? 'gridding-free' : `${int(c.holes)} holes`}: ${h.agreesWithCoverage ? 'agrees with the HDC rule' : 'the HDC rule disagrees; exact coverage decides'}`,
    ]);
  } else {
    pairs.push([
      'HDC rule (Wang 2018)',
      'not applicable (it needs a plain stride-1 stack of one kernel size, with equal rates on both axes in 2-D)',
    ]);
  }
  return `Summary\n${keyValues(pairs)}`;
}

/** `a … b` for a column's values in a run: the range when they are numbers, else first … last. */
function columnRange(values: readonly string[]): string {
  if (values.every((v) => v === values[0])) return values[0];
  const nums = values.map((v) => Number(v.replace(/[×%,]/g, '')));
  if (nums.every((n) => Number.isFinite(n))) {
    let lo = 0;
    let hi = 0;
    nums.forEach((n, i) => {
      if (n < nums[lo]) lo = i;
      if (n > nums[hi]) hi = i;
    });
    return `${values[lo]} … ${values[hi]}`;
  }
  return `${values[0]} … ${values[values.length - 1]}`;
}

/**
 * The Layers table of a long network: each run of MIN_RUN or more consecutive alike members
 * (`memberRuns`) as one row, `#` as `3–10`, the rates shortened (`1, 2, …, 128`), every
 * other column its range.
 */
function groupRows(result: AnalyzeResult, rows: string[][], dilationColumn: number): string[][] {
  const out: string[][] = [];
  for (const [a, b] of memberRuns(result)) {
    if (b - a + 1 < MIN_RUN) {
      out.push(...rows.slice(a, b + 1));
      continue;
    }
    const run = rows.slice(a, b + 1);
    out.push(
      run[0].map((_, c) =>
        c === 0
          ? indexRange(a + 1, b + 1)
          : c === dilationColumn
            ? rateRunText(run.map((r) => r[c]))
            : columnRange(run.map((r) => r[c])),
      ),
    );
  }
  return out;
}

function layersTable(result: AnalyzeResult): string {
  const L = result.layers;
  const hasHit = L.some((l) => l.objectHitProbability !== undefined);
  const hasBorder = L.some((l) => l.border !== undefined);
  const isOne = (v: unknown) =>
    v === undefined || v === 1 || (Array.isArray(v) && v.every((x) => x === 1));
  const hasScale = L.some((l) => !isOne(l.scale));
  const paddingOf = (l: LayerSummary) =>
    Array.isArray(l.padding) && l.type !== 'layer'
      ? [...new Set(l.padding.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))))].join(
          ', ',
        ) || '-'
      : typeof l.padding === 'string'
        ? l.padding
        : JSON.stringify(l.padding);
  const hasPadding = L.some((l) => l.padding !== undefined && paddingOf(l) !== 'same');
  const hasStride = L.some((l) =>
    typeof l.stride === 'number' ? l.stride !== 1 : l.stride.some((s) => s !== 1),
  );
  const hasNodes = L.some((l) => l.type !== undefined && l.type !== 'layer');
  const headers = ['#', 'kernel', 'dilation', 'eff. size', 'params', 'efficiency', 'blind'];
  if (hasStride) headers.splice(3, 0, 'stride');
  if (hasScale) headers.splice(hasStride ? 4 : 3, 0, 'scale');
  if (hasPadding) headers.splice(2, 0, 'padding');
  if (hasNodes) headers.splice(1, 0, 'type');
  if (hasHit) headers.push('hit P');
  if (hasBorder) headers.push('map', 'all taps', 'centre only', 'mean valid');
  let rows = L.map((l, i) => {
    const row = [
      String(i + 1),
      kernelText(l.kernel),
      formatDilation(l.dilation, result.dims),
      perAxis(l.effectiveSize),
      int(l.parameters),
      times(l.parameterEfficiency),
      dec(l.blindFraction),
    ];
    if (hasStride) row.splice(3, 0, perAxis(l.stride));
    if (hasScale) row.splice(hasStride ? 4 : 3, 0, l.scale === undefined ? '1' : perAxis(l.scale));
    if (hasPadding) row.splice(2, 0, paddingOf(l));
    if (hasNodes) row.splice(1, 0, l.type ?? 'layer');
    if (hasHit) row.push(l.objectHitProbability === undefined ? '-' : dec(l.objectHitProbability));
    if (hasBorder) {
      const side = l.border?.mapSize;
      row.push(
        side === undefined ? '-' : typeof side === 'number' ? String(side) : side.join('×'),
        l.border ? percent(l.border.allTapsFraction) : '-',
        l.border ? percent(l.border.centerOnlyFraction) : '-',
        l.border ? percent(l.border.meanValidFraction) : '-',
      );
    }
    return row;
  });
  const long = L.length > LONG_NETWORK;
  if (long) rows = groupRows(result, rows, headers.indexOf('dilation'));
  const grouped = rows.length < L.length;
  const what =
    result.kind === 'parallel' ? 'Branches (merged where their padding places them)' : 'Layers';
  const unit = unitOf(result);
  const legend = [
    `eff. size: span (k−1)d+1${hasNodes ? ' (a block: its receptive field)' : ''} in ${unit}${result.dims === 2 ? ' (rows×cols)' : ''}; efficiency: eff. size${result.dims === 2 ? ' area' : ''} / params (times fewer weights than a dense kernel of that span)`,
    'blind: fraction of the span with no tap, (k−1)(d−1)/(d(k−1)+1)',
  ];
  if (hasHit)
    legend.push(
      'hit P: probability that a randomly placed object touches a tap, min(w,d)·min(h,d)/d²',
    );
  if (grouped)
    legend.push(
      `a row such as 3–10: ${MIN_RUN} or more consecutive layers alike but for the rate, each column's range (min … max); --json lists every layer`,
    );
  legend.push(...randomWeightLines(result));
  if (hasScale)
    legend.push(
      'scale: product of the strides before the layer; its taps are dilation × scale input samples apart',
    );
  if (hasBorder) {
    legend.push(
      'map: side of the map the layer runs on (⌈S/scale⌉ with "same" padding); all taps / centre only / mean valid: on that map with the layer\'s zero padding, the share of output positions where all k² taps land inside / only the centre tap does / the mean share of taps inside',
    );
  }
  const left = new Set(['kernel', 'type', 'padding']);
  const nested = L.flatMap((l, i) =>
    (l.layerBorders ?? []).map((b) => [
      `${i + 1}`,
      b.path,
      typeof b.mapSize === 'number' ? String(b.mapSize) : b.mapSize.join('×'),
      percent(b.allTapsFraction),
      percent(b.centerOnlyFraction),
      percent(b.meanValidFraction),
    ]),
  );
  const nestedTable =
    nested.length === 0
      ? ''
      : `\nBorder validity of the layers inside blocks (each on the map it runs on)\n${table(
          ['#', 'layer', 'map', 'all taps', 'centre only', 'mean valid'],
          nested,
          { align: ['right', 'left', 'right', 'right', 'right', 'right'] },
        )}`;
  return `${what}\n${table(headers, rows, { align: headers.map((h) => (left.has(h) ? 'left' : 'right')) })}${legend.map((l) => `  ${l}`).join('\n')}\n${nestedTable}`;
}

function nullsSection(result: AnalyzeResult, nulls: NullsReport, title: string): string {
  // A long network lists fewer nulls a layer, so each line stays one line.
  const max = result.layers.length > LONG_NETWORK ? 3 : MAX_LISTED;
  const pairs = memberPairs(
    result,
    nulls.byLayer.map((ns, i) => listed(ns, nullText, max, nulls.counts.byLayer[i])),
  );
  const everyone = result.kind === 'parallel' ? 'every branch' : 'every layer';
  pairs.push([
    `shared (${everyone} null)`,
    listed(nulls.shared, (w) => radPi(w), MAX_LISTED, nulls.counts.shared),
  ]);
  let out = `${title}\n${keyValues(pairs)}`;
  if (nulls.counts.composite === 0) {
    out += '  composite: none (the whole network passes every frequency in [0, π])\n';
  } else {
    const rows = nulls.composite
      .slice(0, MAX_COMPOSITE_ROWS)
      .map((n) => [dec(n.w), piMultiple(n.w), String(n.multiplicity)]);
    out += `  composite (the whole network's H):\n${table(['ω rad/sample', 'ω/π', 'multiplicity'], rows, { indent: '    ', align: ['right', 'right', 'right'] })}`;
    if (nulls.counts.composite > MAX_COMPOSITE_ROWS)
      out += `    ... ${nulls.counts.composite - MAX_COMPOSITE_ROWS} more (${nulls.truncated ? `--json lists the first ${nulls.composite.length}` : 'see --json'})\n`;
  }
  return out;
}

/** Bands, then their total width `m` (the full list's: `measure`) and share of [0, π]. */
function bandsLine(bands: readonly Band[], total: number, m: number, max = 6): string {
  if (total === 0) return 'none';
  return `${listed(bands, bandText, max, total)}; total ${piMultiple(m)} (${percent(m / Math.PI)} of [0, π])`;
}

function deafSection(result: AnalyzeResult, deaf: DeafBandsReport, title: string): string {
  const max = result.layers.length > LONG_NETWORK ? 2 : 6;
  const { counts, measure } = deaf;
  const pairs = memberPairs(
    result,
    deaf.byLayer.map((bs, i) => bandsLine(bs, counts.byLayer[i], measure.byLayer[i], max)),
  );
  const everyone = result.kind === 'parallel' ? 'every branch' : 'every layer';
  pairs.push([`shared (${everyone} deaf)`, bandsLine(deaf.shared, counts.shared, measure.shared)]);
  pairs.push(['composite', bandsLine(deaf.composite, counts.composite, measure.composite)]);
  return `${title}\n${keyValues(pairs)}`;
}

function costSection(result: AnalyzeResult): string {
  const c = result.cost;
  const ch = c.channels;
  const pairs: [string, string][] = [
    ['parameters', `${int(c.parameters)} (${ch} channel${ch === 1 ? '' : 's'} in and out)`],
    ['multiply-adds', `${int(c.macsPerOutput)} per output position per channel pair`],
  ];
  if (c.macsForMap !== undefined) pairs.push(['multiply-adds, whole map', int(c.macsForMap)]);
  pairs.push([
    'dense kernel, same span',
    `${int(c.dense.parameters)} parameters (${times(c.dense.ratio)} this network's)`,
  ]);
  pairs.push([
    'undilated layers, same RF',
    `${int(c.undilated.layers)} layers, ${int(c.undilated.parameters)} parameters`,
  ]);
  pairs.push([
    'pooling/striding, same RF',
    `${int(c.pooling.layers)} stride-2 layers, ${int(c.pooling.parameters)} parameters, output stride ${int(c.pooling.outputStride)} (resolution lost)`,
  ]);
  return `Cost\n${keyValues(pairs)}`;
}

/**
 * The whole human report of `analyze`: header, summary, per-member table, nulls, deaf
 * bands (per axis cut for 2-D) and cost. Frequencies in rad/sample with multiples of π.
 */
export function renderAnalyze(
  result: AnalyzeResult,
  network?: Network,
  options: { summary?: boolean } = {},
): string {
  const th = result.deafBands.thresholdDb;
  if (options.summary) return renderSummary(result, network);
  const parts = [
    `dilation-lab analyze: ${describeNetwork(result, network)}\n${wrapText(`Form: ${result.form}.`, 100)}\n`,
    summary(result),
    layersTable(result),
  ];
  const cut = result.dims === 2 ? ' of the x cut H(0, ωx)' : '';
  parts.push(
    nullsSection(result, result.nulls, `Nulls${cut} (exact zeros of H on [0, π], rad/sample)`),
  );
  parts.push(
    deafSection(
      result,
      result.deafBands,
      `Deaf bands${cut} (|H| below ${num(th, 1)} dB of max|H|, rad/sample)`,
    ),
  );
  if (result.byAxis) {
    parts.push(
      nullsSection(result, result.byAxis.y.nulls, 'Nulls of the y cut H(ωy, 0) (rad/sample)'),
    );
    parts.push(
      deafSection(
        result,
        result.byAxis.y.deafBands,
        `Deaf bands of the y cut H(ωy, 0) (below ${num(th, 1)} dB)`,
      ),
    );
  }
  parts.push(costSection(result));
  return parts.join('\n');
}

/**
 * `analyze --summary`: the header, the Summary, the network as runs of alike members
 * (`layers 3–10: box:2, d = 1, 2, …, 128`), and one line each for the nulls, the deaf bands
 * and the cost. The tables are in the full output, every number in `--json`.
 */
export function renderSummary(result: AnalyzeResult, network?: Network): string {
  const everyone = result.kind === 'parallel' ? 'every branch' : 'every layer';
  const n = result.nulls;
  const d = result.deafBands;
  const cut = result.dims === 2 ? ' (x cut)' : '';
  const lines: [string, string][] = [
    [
      `shared nulls${cut}`,
      n.counts.shared === 0
        ? `none (no frequency where ${everyone} is zero)`
        : listed(n.shared, (w) => radPi(w), MAX_LISTED, n.counts.shared),
    ],
    [
      `nulls of the whole H${cut}`,
      n.counts.composite === 0 ? 'none' : `${n.counts.composite} on [0, π]`,
    ],
    [
      `deaf (< ${num(d.thresholdDb, 1)} dB)${cut}`,
      bandsLineTotal(d.counts.composite, d.measure.composite),
    ],
    [
      'cost',
      `${int(result.cost.parameters)} parameters, ${int(result.cost.macsPerOutput)} multiply-adds per output (dense kernel of the same span: ${times(result.cost.dense.ratio)})`,
    ],
  ];
  const rand = randomWeightLines(result);
  return [
    `dilation-lab analyze: ${describeNetwork(result, network)}\n`,
    summary(result),
    `${result.kind === 'parallel' ? 'Branches' : 'Layers'}\n${runLines(result)}${rand.map((l) => `  ${l}\n`).join('')}`,
    `Frequency\n${keyValues(lines)}`,
    '(--summary: run without it for the per-layer tables, with --json for every number)\n',
  ].join('\n');
}

/** The total of deaf bands only: `0.1800π (18.0% of [0, π]) in 68 bands` (`count` bands, width `m`). */
function bandsLineTotal(count: number, m: number): string {
  if (count === 0) return 'none';
  return `${piMultiple(m)} (${percent(m / Math.PI)} of [0, π]) in ${count} band${count === 1 ? '' : 's'}`;
}
