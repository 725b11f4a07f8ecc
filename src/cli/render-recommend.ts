/**
 * The human output of `dilation-lab recommend`: the constraints, a ranked aligned table with
 * the measures and the one-line reasons, the reference schedules with the same columns and
 * whether they pass, the search counts, and a line to paste into a model. Built from the
 * RecommendResult / RecommendParallelResult that `--json` prints unchanged.
 */
import {
  PARALLEL_KEY_NAMES,
  type ParallelScore,
  type RankComparison,
  type RecommendParallelResult,
  type RecommendResult,
  type SearchReport,
  STACK_KEY_NAMES,
  type StackScore,
} from '../recommend/index.ts';
import { dec, int, percent } from './format.ts';
import { table } from './table.ts';

/** "deepest null ×1 vs ×2": the measure that decided against the next pick, with both values. */
function decided<K extends string>(c: RankComparison<K> | null, names: Record<K, string>): string {
  return c === null ? '—' : `${names[c.key]} ${c.values[0]} vs ${c.values[1]}`;
}

/** "below: shared nulls 1 vs 0": how a reference compares with #1. */
function against<K extends string>(c: RankComparison<K> | null, names: Record<K, string>): string {
  return c === null ? 'ties #1' : `${c.side}: ${names[c.key]} ${c.values[0]} vs ${c.values[1]}`;
}

const R = 'right' as const;

/** One line per reference that fails a hard constraint: which ones, in words. */
function failures(refs: readonly { name: string; violations: string[] }[]): string {
  return refs
    .filter((r) => r.violations.length > 0)
    .map((r) => `  ${r.name} fails: ${r.violations.join('; ')}\n`)
    .join('');
}

/** Three significant digits: 0.0123, 0.00654, 6.80e-6 (flatness spans many decades). */
export function significant(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return dec(x, 0);
  return Math.abs(x) >= 1e-3 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function rfText(s: StackScore): string {
  return Array.isArray(s.receptiveField) ? s.receptiveField.join('×') : String(s.receptiveField);
}

/** Taps per axis of the result's kernel (k of a k-tap or k×k kernel). */
export function tapsPerAxis(r: RecommendResult, s: StackScore): number {
  const perLayer = s.parameters / s.layers;
  return r.dims === 2 ? Math.round(Math.sqrt(perLayer)) : perLayer;
}

/**
 * The lines to paste into a model: the rates as a Python list, and a PyTorch line with
 * "same" padding (padding = d·(k−1)/2 for an odd k; `'same'` for an even one).
 */
export function pasteLines(r: RecommendResult, s: StackScore): string[] {
  const k = tapsPerAxis(r, s);
  const list = `[${s.rates.join(', ')}]`;
  const conv = r.dims === 2 ? 'nn.Conv2d' : 'nn.Conv1d';
  const padding =
    k % 2 === 1 ? (k === 3 ? 'padding=d' : `padding=${(k - 1) / 2} * d`) : "padding='same'";
  return [
    `dilation = ${list}`,
    `# PyTorch: nn.Sequential(*[${conv}(C, C, ${k}, ${padding}, dilation=d) for d in ${list}])`,
  ];
}

/** A camelCase key in words: receptiveField → receptive field. */
const words = (k: string) => k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

function searchLine(s: SearchReport, ms: number | undefined, what: string): string {
  const time = ms === undefined ? '' : ` in ${int(ms)} ms`;
  const pruned = Object.entries(s.pruned)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${int(v)} pruned by ${words(k)}`);
  const rejected = Object.entries(s.rejected)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${int(v)} rejected by ${words(k)}`);
  const kind = s.exhaustive
    ? s.method
    : `NOT exhaustive: ${s.method}${/heuristic/.test(s.method) ? '' : ', a heuristic'}; better schedules may exist`;
  const counts = [
    `${int(s.evaluated)} scored`,
    ...pruned,
    ...rejected,
    `${int(s.feasible)} feasible`,
  ];
  const chosen = s.choice ? `${s.choice}\n` : '';
  return `${chosen}searched ${int(s.space)} ${what}${time} (${kind}): ${counts.join(', ')}; ${int(s.nodes)} search nodes\n`;
}

function stackRow(s: StackScore): string[] {
  return [
    s.rates.join(','),
    rfText(s),
    int(s.coverage.holes),
    String(s.sharedNulls.length),
    s.maxNullMultiplicity === 0 ? '—' : `×${s.maxNullMultiplicity}`,
    percent(s.deafFraction),
    significant(s.flatness),
  ];
}

const STACK_HEAD = [
  'rates',
  'RF',
  'holes',
  'shared nulls',
  'deepest null',
  'deaf (grid)',
  'flatness',
];

function stackConstraints(r: RecommendResult): string {
  const c = r.constraints;
  const layers =
    c.layers.min === c.layers.max
      ? plural(c.layers.max, 'layer')
      : `${c.layers.min}–${c.layers.max} layers`;
  const axis = r.dims === 2 ? ' per axis' : '';
  const rf =
    c.receptiveField.max === null || !Number.isFinite(c.receptiveField.max)
      ? c.receptiveField.min > 1
        ? `receptive field ≥ ${c.receptiveField.min}${axis}`
        : 'any receptive field'
      : `receptive field ${c.receptiveField.min}..${c.receptiveField.max}${axis}`;
  const prefix = c.prefix.length ? `, after the fixed prefix ${c.prefix.join(',')}` : '';
  const border =
    c.mapSize === null
      ? ''
      : `; border: on a ${r.dims === 2 ? `${c.mapSize}×${c.mapSize} map` : `${c.mapSize}-sample signal`} every chosen rate keeps all taps inside somewhere (rates ≤ ${c.borderRateCap})`;
  const dims = r.dims === 2 ? '2-D, equal rates on both axes' : '1-D';
  return [
    `Recommend: ${layers} of ${r.kernel} (${dims})${prefix}, rates ${c.minRate}..${c.maxRate}, ${rf}${border}`,
    'Hard constraints: gridding-free by exact coverage (no hole in the tap set), the receptive field, the rate range' +
      (c.mapSize === null ? '' : ', the border limit'),
    `Ranked by: ${r.ranking
      .filter((k) => k !== 'rates')
      .map((k) => STACK_KEY_NAMES[k])
      .join(' > ')}, then the rates as a tie-break` +
      (r.kernelHasNulls
        ? ` (${r.kernel} has exact nulls, so the minimum gain is 0 for every schedule and does not rank)`
        : ''),
  ].join('\n');
}

/** The human output of a stack recommendation; `ms` is the search time when known. */
export function renderRecommend(r: RecommendResult, ms?: number): string {
  const out: string[] = [`${stackConstraints(r)}\n`];
  if (r.picks.length > 0) {
    out.push(
      table(
        ['#', ...STACK_HEAD, 'decided by (vs next)'],
        r.picks.map((p) => [
          String(p.rank),
          ...stackRow(p),
          decided(p.comparison, STACK_KEY_NAMES),
        ]),
        { align: ['right', 'left', ...STACK_HEAD.slice(1).map(() => R), 'left'] },
      ),
    );
    out.push(
      `Reasons:\n${r.picks.map((p) => `  #${p.rank} ${p.rates.join(',')}: ${p.reason}\n`).join('')}`,
    );
  } else {
    out.push(`No schedule meets every constraint: ${r.reason ?? 'no reason given'}\n`);
    if (r.closest && r.closest.length > 0)
      out.push(
        `Closest gridding-free schedules:\n${table(STACK_HEAD, r.closest.map(stackRow), { align: ['left'] })}`,
      );
  }
  if (r.references.length > 0) {
    out.push(
      `References (the same measures; "passes" = meets every hard constraint above):\n${table(
        ['reference', ...STACK_HEAD, 'against #1', 'passes'],
        r.references.map((ref) => [
          ref.name,
          ...stackRow(ref),
          against(ref.comparison, STACK_KEY_NAMES),
          ref.violations.length === 0 ? 'yes' : 'no',
        ]),
        { align: ['left', 'left', ...STACK_HEAD.slice(1).map(() => R), 'left', 'left'] },
      )}${failures(r.references)}`,
    );
  }
  out.push(searchLine(r.search, ms, 'candidates'));
  if (r.picks.length > 0) {
    const top = r.picks[0];
    out.push(
      `Paste into your model (#1; any order of these rates gives the same tap set and |H|):\n${pasteLines(
        r,
        top,
      )
        .map((l) => `  ${l}\n`)
        .join('')}`,
    );
  }
  return out.join('\n');
}

function parallelRow(s: ParallelScore): string[] {
  return [
    s.rates.join(','),
    s.branches.map((b) => b.effectiveSize).join(','),
    String(s.sharedNulls.length),
    dec(s.scaleGap, 2),
    percent(s.envelopeDeafFraction),
    percent(s.minMeanValidFraction),
    percent(s.minAllTapsFraction),
  ];
}

const PARALLEL_HEAD = [
  'rates',
  'scales K',
  'shared nulls',
  'scale gap',
  'deaf (env.)',
  'valid taps',
  'all taps',
];

/** The lines to paste for a parallel set: the rates, and torchvision's ASPP. */
export function parallelPasteLines(s: ParallelScore): string[] {
  const list = `[${s.rates.join(', ')}]`;
  return [
    `atrous_rates = ${list}`,
    `# torchvision: ASPP(in_channels, atrous_rates=${list}, out_channels=256)  (from torchvision.models.segmentation.deeplabv3 import ASPP)`,
  ];
}

/** The human output of a parallel (ASPP) recommendation. */
export function renderRecommendParallel(r: RecommendParallelResult, ms?: number): string {
  const c = r.constraints;
  const map = r.dims === 2 ? `${c.mapSize}×${c.mapSize}` : `${c.mapSize}-sample`;
  const out: string[] = [
    `${[
      `Recommend: ${plural(c.branches, 'parallel branch', 'parallel branches')} of ${r.kernel} on a ${map} map at output stride ${c.outputStride}, rates ${c.minRate}..${c.maxRate} (the border limit allows up to ${c.borderRateCap})`,
      'Hard constraints: no shared null among the branches (a frequency no branch passes), every branch keeps all its taps inside the map at some position',
      `Ranked by: ${r.ranking
        .filter((k) => k !== 'rates')
        .map((k) => PARALLEL_KEY_NAMES[k])
        .join(' > ')}, then the rates as a tie-break`,
      'Columns: scales K = (k−1)·r + 1; valid taps = the worst branch’s mean share of taps inside the map; all taps = the worst branch’s share of positions using every tap',
    ].join('\n')}\n`,
  ];
  if (r.picks.length > 0) {
    out.push(
      table(
        ['#', ...PARALLEL_HEAD, 'decided by (vs next)'],
        r.picks.map((p) => [
          String(p.rank),
          ...parallelRow(p),
          decided(p.comparison, PARALLEL_KEY_NAMES),
        ]),
        { align: ['right', 'left', 'left', ...PARALLEL_HEAD.slice(2).map(() => R), 'left'] },
      ),
    );
    out.push(
      `Reasons:\n${r.picks.map((p) => `  #${p.rank} ${p.rates.join(',')}: ${p.reason}\n`).join('')}`,
    );
  } else {
    out.push(`No rate set meets every constraint: ${r.reason ?? 'no reason given'}\n`);
  }
  out.push(
    `References (the same measures, each on the map its output stride gives):\n${table(
      ['reference', ...PARALLEL_HEAD, 'map', 'against #1', 'passes'],
      r.references.map((ref) => [
        ref.name,
        ...parallelRow(ref),
        String(ref.mapSize),
        against(ref.comparison, PARALLEL_KEY_NAMES),
        ref.violations.length === 0 ? 'yes' : 'no',
      ]),
      {
        align: [
          'left',
          'left',
          'left',
          ...PARALLEL_HEAD.slice(2).map(() => R),
          'right',
          'left',
          'left',
        ],
      },
    )}${failures(r.references)}`,
  );
  out.push(searchLine(r.search, ms, 'rate sets'));
  if (r.picks.length > 0)
    out.push(
      `Paste into your model (#1):\n${parallelPasteLines(r.picks[0])
        .map((l) => `  ${l}\n`)
        .join('')}`,
    );
  return out.join('\n');
}
