/**
 * The analysis tables of a report: one summary per experiment (a row per quantity, a
 * column per network) and one table of layers (or branches) per network. Every cell keeps
 * the value taken from `analyze()` next to the text shown, so tests can check one against
 * the other.
 */
import type { AnalyzeResult, LayerSummary } from '../analysis/types.ts';
import type { ModelAnalysis } from '../model/index.ts';

/** A cell value as `analyze()` returned it. */
export type TableValue =
  | number
  | string
  | boolean
  | null
  | (number | [number, number])[]
  | number[][];

/** One row: what it is, where its values come from in AnalyzeResult, values and text. */
export interface TableRow {
  label: string;
  /** Path in AnalyzeResult (`coverage.holes`) or in a LayerSummary (`blindFraction`). */
  key: string;
  values: TableValue[];
  text: string[];
}

/** A table: column headings and rows. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: TableRow[];
}

/** `x` with at most `digits` significant digits, integers as they are, −0 as 0. */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (Number.isInteger(x)) return String(x);
  const s = Number(x.toPrecision(digits)).toString();
  return s === '-0' ? '0' : s;
}

/** A fraction as a percentage with one decimal: 0.4615 → `46.2%`. */
export function formatPercent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** A frequency in rad/sample as a multiple of π: 2.0944 → `0.6667π`. */
export function formatPi(w: number): string {
  if (w === 0) return '0';
  const m = formatNumber(w / Math.PI, 4);
  return m === '1' ? 'π' : m === '-1' ? '−π' : `${m}π`;
}

/** A 1-D value or a 2-D [y, x] pair: `7` or `7×7`. */
export function formatAxes(v: number | readonly number[], f = formatNumber): string {
  return typeof v === 'number' ? f(v) : v.map((x) => f(x)).join('×');
}

/** A list of frequencies: `0.6667π, 1.333π` (at most 6, then `… (+n)` of `total`), or `none`. */
export function formatFrequencies(ws: readonly number[], total = ws.length): string {
  if (total === 0) return 'none';
  const shown = ws.slice(0, 6).map(formatPi).join(', ');
  return total > 6 ? `${shown} … (+${total - 6})` : shown;
}

/** The value at a dotted path (`coverage.holes`, `hdc.satisfied`) of an object. */
export function valueAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

interface RowSpec<T> {
  label: string;
  key: string;
  format: (value: never, source: T) => string;
}

function row<T>(spec: RowSpec<T>, sources: readonly T[]): TableRow {
  const values = sources.map((s) => (valueAt(s, spec.key) ?? null) as TableValue);
  return {
    label: spec.label,
    key: spec.key,
    values,
    text: values.map((v, i) => (v === null ? '—' : spec.format(v as never, sources[i]))),
  };
}

const yesNo = (v: boolean) => (v ? 'yes' : 'no');

/**
 * The summary table of an experiment: receptive field, parameters, coverage, holes,
 * gridding-free, gcd and period, aliasing sub-grids, HDC next to exact coverage, exact
 * and shared nulls, deaf bands, and cost against a dense kernel. One column per network.
 */
export function summaryTable(
  labels: readonly string[],
  results: readonly AnalyzeResult[],
): ReportTable {
  const specs: RowSpec<AnalyzeResult>[] = [
    {
      label: 'receptive field (samples)',
      key: 'receptiveField',
      format: (v: number | number[]) => formatAxes(v),
    },
    { label: 'parameters (weights)', key: 'parameters', format: (v: number) => formatNumber(v) },
    {
      label: 'offsets covered',
      key: 'coverage.covered',
      format: (v: number, r) =>
        `${v} of ${r.coverage.size} (${formatPercent(v / r.coverage.size)})`,
    },
    {
      label: 'holes (offsets no path reaches)',
      key: 'coverage.holes',
      format: (v: number) => formatNumber(v),
    },
    { label: 'gridding-free (exact tap set)', key: 'griddingFree', format: yesNo },
    {
      label: 'gcd of effective rates g',
      key: 'gcd',
      format: (v: number | number[]) => formatAxes(v),
    },
    {
      label: 'period of H, 2π/g (rad/sample)',
      key: 'period',
      format: (v: number | number[]) => formatAxes(v, formatPi),
    },
    {
      label: 'interleaved sub-grids',
      key: 'aliasing.subgrids',
      format: (v: number) => formatNumber(v),
    },
    {
      label: 'HDC rule M₂ ≤ K (Wang et al. 2018)',
      key: 'hdc.satisfied',
      format: (v: boolean, r) =>
        r.hdc ? `${yesNo(v)} (M₂ = ${r.hdc.M[1] ?? r.hdc.M[0]}, K = ${r.hdc.K})` : '—',
    },
    { label: 'HDC agrees with exact coverage', key: 'hdc.agreesWithCoverage', format: yesNo },
    {
      label: 'exact nulls of H in [0, π]',
      key: 'nulls.composite',
      format: (v: { w: number; multiplicity: number }[], r) =>
        v.length === 0
          ? 'none'
          : `${r.nulls.counts.composite}: ${v
              .slice(0, 6)
              .map((z) => `${formatPi(z.w)}${z.multiplicity > 1 ? ` (×${z.multiplicity})` : ''}`)
              .join(', ')}${r.nulls.counts.composite > 6 ? ' …' : ''}`,
    },
    {
      label: 'shared nulls (every member null)',
      key: 'nulls.shared',
      format: (v: number[], r) => formatFrequencies(v, r.nulls.counts.shared),
    },
    {
      label: 'deaf bands of H',
      key: 'deafBands.composite',
      format: (v: [number, number][], r) =>
        v.length === 0
          ? `none below ${r.deafBands.thresholdDb} dB`
          : `${r.deafBands.counts.composite} below ${r.deafBands.thresholdDb} dB, total width ${formatPi(r.deafBands.measure.composite)}`,
    },
    {
      label: 'shared deaf bands',
      key: 'deafBands.shared',
      format: (v: [number, number][], r) => bands(v, r.deafBands.counts.shared),
    },
    {
      label: 'dense kernel of the same span (weights)',
      key: 'cost.dense.parameters',
      format: (v: number, r) => `${formatNumber(v)} (${formatNumber(r.cost.dense.ratio, 3)}× more)`,
    },
    {
      label: 'multiply-adds per output',
      key: 'cost.macsPerOutput',
      format: (v: number) => formatNumber(v),
    },
  ];
  return {
    title: 'Analysis',
    columns: ['quantity', ...labels],
    rows: specs.map((s) => row(s, results)),
  };
}

/** The first 4 bands, then how many more the full list (`total` of them) has. */
function bands(v: readonly [number, number][], total = v.length): string {
  if (total === 0) return 'none';
  const shown = v.slice(0, 4).map(([lo, hi]) => `[${formatPi(lo)}, ${formatPi(hi)}]`);
  return `${shown.join(', ')}${total > 4 ? ` … (+${total - 4})` : ''}`;
}

function dilationText(d: LayerSummary['dilation']): string {
  if (typeof d === 'number') return String(d);
  if (d.length === 2 && typeof d[0] === 'number' && typeof d[1] === 'number')
    return d[0] === d[1] ? String(d[0]) : `${d[0]}×${d[1]}`;
  return (d as (number | [number, number])[])
    .map((x) => (typeof x === 'number' ? String(x) : x[0] === x[1] ? String(x[0]) : x.join('×')))
    .join(', ');
}

/**
 * The members table of one network: per layer (stack) or branch (parallel set), the kernel,
 * rate, effective size, weights, parameter efficiency, blind fraction, and when asked the
 * object hit probability and border validity.
 */
export function layerTable(label: string, result: AnalyzeResult): ReportTable {
  const layers = result.layers;
  const what = result.kind === 'stack' ? 'layer' : 'branch';
  const specs: RowSpec<LayerSummary>[] = [
    { label: 'kernel', key: 'kernel', format: (v: string) => v },
    { label: 'rate d', key: 'dilation', format: (v: LayerSummary['dilation']) => dilationText(v) },
    {
      label: 'effective size (k−1)d+1',
      key: 'effectiveSize',
      format: (v: number | number[]) => formatAxes(v),
    },
    { label: 'weights', key: 'parameters', format: (v: number) => formatNumber(v) },
    {
      label: 'parameter efficiency',
      key: 'parameterEfficiency',
      format: (v: number) => `${formatNumber(v, 3)}×`,
    },
    { label: 'blind fraction', key: 'blindFraction', format: formatPercent },
  ];
  if (layers.some((l) => l.objectHitProbability !== undefined))
    specs.push({ label: 'P(object touched)', key: 'objectHitProbability', format: formatPercent });
  if (layers.some((l) => l.border !== undefined)) {
    specs.push({
      label: 'border: all taps inside',
      key: 'border.allTapsFraction',
      format: formatPercent,
    });
    specs.push({
      label: 'border: centre tap only',
      key: 'border.centerOnlyFraction',
      format: formatPercent,
    });
  }
  return {
    title: `${label}: ${what === 'branch' ? 'branches' : 'layers'}`,
    columns: ['', ...layers.map((_, i) => `${what} ${i + 1}`)],
    rows: specs.map((s) => row(s, layers)),
  };
}

/**
 * The summary table of an experiment of ONNX models: receptive field, output stride, the
 * exact tap set (taps, holes, gridding-free), a global branch, the layers and their
 * parameters, the bands all dilated layers share, the linearised composite, and where the
 * analysis stopped. One column per model; every value is `analyzeModel`'s (src/model).
 */
export function modelSummaryTable(
  labels: readonly string[],
  results: readonly ModelAnalysis[],
): ReportTable {
  const layerParameters = (r: ModelAnalysis) => r.layers.reduce((a, l) => a + l.parameters, 0);
  const specs: RowSpec<ModelAnalysis>[] = [
    { label: 'tensor analysed', key: 'model.output', format: (v: string) => v },
    {
      label: 'input size',
      key: 'model.inputSize',
      format: (v: number[] | null) => (v ? v.join('×') : 'not fixed'),
    },
    {
      label: 'receptive field (input samples)',
      key: 'receptiveField',
      format: (v: number | number[]) => formatAxes(v),
    },
    {
      label: 'output stride',
      key: 'outputStride',
      format: (v: number | number[]) => formatAxes(v),
    },
    {
      label: 'offsets reached (taps)',
      key: 'coverage.covered',
      format: (v: number, r) =>
        `${v} of ${r.coverage.size} (${formatPercent(v / r.coverage.size)})`,
    },
    {
      label: 'holes (offsets no path reaches)',
      key: 'coverage.holes',
      format: (v: number) => formatNumber(v),
    },
    { label: 'gridding-free (exact tap set)', key: 'griddingFree', format: yesNo },
    { label: 'global branch (sees the whole input)', key: 'global', format: yesNo },
    {
      label: 'conv and pool layers',
      key: 'layers',
      format: (v: unknown[]) => formatNumber(v.length),
    },
    {
      label: 'parameters of the layers',
      key: 'layers',
      format: (_v: unknown, r) => formatNumber(layerParameters(r)),
    },
    {
      label: 'deaf bands shared by the dilated layers (x)',
      key: 'deafBands.shared',
      format: (v: ModelAnalysis['deafBands']['shared'], r) => {
        const x = v.find((s) => s.axis === 'x');
        if (!x || x.layers.length === 0) return 'no dilated layer';
        return `${bands(x.bands)} (${x.layers.length} layers, below ${r.deafBands.thresholdDb} dB)`;
      },
    },
    {
      label: 'linearised composite',
      key: 'composite.computed',
      format: (v: boolean, r) => (v ? 'computed' : r.composite.note),
    },
    {
      label: 'analysis ends at',
      key: 'model.end',
      format: (v: ModelAnalysis['model']['end']) =>
        v ? `${v.node} (${v.op}): ${v.reason}` : 'the model output',
    },
  ];
  return {
    title: 'Analysis',
    columns: ['quantity', ...labels],
    rows: specs.map((s) => row(s, results)),
  };
}

/**
 * The layer table of one ONNX model: a row per Conv, MaxPool or AveragePool in graph
 * order (the columns of `analyze --model`): op, kernel, dilation, stride, padding, groups,
 * channels, effective dilation (input samples), receptive field so far, deaf bands of its
 * power response (x cut) and, for a dilated layer on a map of known size, the share of
 * positions with all taps inside. `key` is the row's path in ModelAnalysis (`layers.3`).
 */
export function modelLayerTable(label: string, result: ModelAnalysis): ReportTable {
  const axes = (v: number | number[]) => formatAxes(v);
  const rows: TableRow[] = result.layers.map((l, i) => {
    const power = result.power.find((p) => p.name === l.name && p.axis === 'x');
    const border = result.border.find((b) => b.name === l.name);
    const pad = `${axes(l.padding.before)} / ${axes(l.padding.after)}`;
    const cells: [TableValue, string][] = [
      [l.op, l.op],
      [l.kernel, l.kernel.join('×')],
      [l.dilation, axes(l.dilation)],
      [l.stride, axes(l.stride)],
      [null, pad],
      [l.groups, formatNumber(l.groups)],
      [[l.channelsIn, l.channelsOut], `${l.channelsIn} → ${l.channelsOut}`],
      [l.effectiveDilation, axes(l.effectiveDilation)],
      [l.receptiveField, l.receptiveField === null ? 'global' : axes(l.receptiveField)],
      [power ? power.deafBands.length : null, power ? bands(power.deafBands) : '—'],
      [
        border ? border.allTapsFraction : null,
        border ? `${formatPercent(border.allTapsFraction)} of ${border.inputSize.join('×')}` : '—',
      ],
    ];
    return {
      label: l.name,
      key: `layers.${i}`,
      values: cells.map((c) => c[0]),
      text: cells.map((c) => c[1]),
    };
  });
  return {
    title: `${label}: layers`,
    columns: [
      'layer',
      'op',
      'kernel',
      'dilation',
      'stride',
      'padding before / after',
      'groups',
      'channels',
      'effective dilation',
      'receptive field',
      'deaf bands (x)',
      'border: all taps inside',
    ],
    rows,
  };
}
