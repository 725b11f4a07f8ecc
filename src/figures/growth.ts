import { axis, baseLayout, networkColor, PALETTE, titleLegendGroups } from './palette.ts';
import { pushSeries } from './table.ts';
import type { Figure, FigureOptions, SeriesLabel, Trace } from './types.ts';

/**
 * One network of the growth figure: entry i of `growth` is the receptive field of members
 * 0..i, as `receptiveFieldGrowth(network)` of src/analysis returns it (a number in 1-D,
 * [rows, cols] in 2-D; the figure draws the x axis, the last entry).
 */
export interface GrowthInput {
  label: SeriesLabel;
  kind: 'stack' | 'parallel';
  growth: readonly (number | readonly number[])[];
  /** Kernel size k along x of the first layer, for the references. */
  kernelSize: number;
}

/** The x-axis value of a per-axis quantity (the number itself in 1-D, [y, x] → x in 2-D). */
function xOf(v: number | readonly number[]): number {
  return typeof v === 'number' ? v : v[v.length - 1];
}

/** Undilated layers of size k: r_l = 1 + l·(k − 1), for l = 1..depth. */
export function undilatedGrowth(k: number, depth: number): number[] {
  return Array.from({ length: depth }, (_, i) => 1 + (i + 1) * (k - 1));
}

/** Rates 1, 2, 4, ..., 2^(l−1) with kernels of size k: r_l = 1 + (k − 1)(2^l − 1). */
export function powersOfTwoGrowth(k: number, depth: number): number[] {
  return Array.from({ length: depth }, (_, i) => 1 + (k - 1) * (2 ** (i + 1) - 1));
}

/** Options of `growthFigure`. */
export interface GrowthOptions extends FigureOptions {
  /** Log y axis (default: when the largest receptive field exceeds 100). */
  logY?: boolean;
  /** What the depth counts (default: the members of the top-level stack). */
  depthTitle?: string;
  /** The networks' series name (default: `this schedule` or `widest branch so far`). */
  seriesName?: string;
}

/**
 * Figure 5, receptive-field growth with depth: each network's receptive field after each
 * member (x axis for 2-D), against the two references for its kernel size k: undilated
 * layers (linear growth, 1 + l(k−1)) and rates 1, 2, 4, ... (exponential growth,
 * 1 + (k−1)(2^l − 1)). A parallel set is drawn as the widest branch so far.
 *
 * Table columns: network, series, depth, receptive field (samples).
 */
export function growthFigure(
  networks: readonly GrowthInput[],
  options: GrowthOptions = {},
): Figure {
  const data: Trace[] = [];
  const table = {
    columns: ['network', 'series', 'depth', 'receptive field (samples)'],
    rows: [] as Figure['table']['rows'],
  };
  let depth = 1;
  let top = 1;
  const ks = new Set<number>();
  networks.forEach((net, ni) => {
    const color = networkColor(ni);
    const id = net.label.id;
    const r = net.growth.map(xOf);
    const x = r.map((_, i) => i + 1);
    depth = Math.max(depth, r.length);
    top = Math.max(top, ...r);
    ks.add(net.kernelSize);
    const series =
      options.seriesName ?? (net.kind === 'stack' ? 'this schedule' : 'widest branch so far');
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: `${id} ${series}`,
      legendgroup: id,
      x,
      y: r,
      line: { color, width: 2.4 },
      marker: { color, size: 7 },
      hovertemplate: `${id} after member %{x}: receptive field %{y} samples<extra></extra>`,
    });
    pushSeries(table, id, series, x, r);
  });
  // Kernels of one tap do not grow anything: no reference for them.
  const kList = [...ks].filter((k) => k >= 2).sort((a, b) => a - b);
  kList.forEach((k, i) => {
    const x = Array.from({ length: depth }, (_, j) => j + 1);
    const lin = undilatedGrowth(k, depth);
    const exp = powersOfTwoGrowth(k, depth);
    top = Math.max(top, ...lin, ...exp);
    const suffix = ` (k=${k})`;
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `undilated, rates 1, 1, 1, ...${suffix}`,
      x,
      y: lin,
      line: { color: PALETTE.reference, width: 1.5, dash: i === 0 ? 'dot' : 'dashdot' },
      hovertemplate: `undilated${suffix}, depth %{x}: %{y} samples<extra></extra>`,
    });
    pushSeries(table, 'reference', `undilated${suffix}`, x, lin);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `powers of two, rates 1, 2, 4, ...${suffix}`,
      x,
      y: exp,
      line: { color: PALETTE.reference, width: 1.5, dash: i === 0 ? 'dash' : 'longdash' },
      hovertemplate: `powers of two${suffix}, depth %{x}: %{y} samples<extra></extra>`,
    });
    pushSeries(table, 'reference', `powers of two${suffix}`, x, exp);
  });
  titleLegendGroups(
    data,
    networks.map((n) => n.label),
  );
  const log = options.logY ?? top > 100;
  const layout = baseLayout('Receptive-field growth with depth', options, {
    width: 720,
    height: 400,
  });
  layout.xaxis = axis(
    options.depthTitle ??
      'depth (members of the top-level stack: a block counts once, not its convolutions)',
    depth > 20 ? {} : { dtick: 1 },
  );
  layout.yaxis = axis('receptive field (samples)', log ? { type: 'log' } : {});
  return { name: 'growth', data, layout, table };
}
