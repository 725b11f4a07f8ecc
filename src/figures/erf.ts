import { axis, baseLayout, PALETTE } from './palette.ts';
import { pushSeries } from './table.ts';
import { tapCoverageFigure, tapHeatmapFigure } from './taps.ts';
import type { Annotation, Figure, FigureOptions, SeriesLabel, Trace } from './types.ts';

/** What the ERF figures read: the `erf` JSON (docs/cli.md), or the fields they use. */
export interface ErfFigureInput {
  /** Rows normalised to max 1 (one row in 1-D). */
  erf: readonly (readonly number[])[];
  /** Window index of the output ([row, col]; [col] in 1-D). */
  origin: readonly number[];
  /** The exact ERF on the same window, or null. */
  exact: readonly (readonly number[])[] | null;
  /** Path counts on the window (the exact tap set). */
  pathCounts: readonly (readonly number[])[];
  /** The ERF's gridding index (docs/theory.md §13), said on the heatmap when given. */
  griddingIndex?: number;
}

/** The heatmap's note of the gridding index (top right, above the plot), or none. */
function griddingNote(input: ErfFigureInput): Annotation[] {
  if (input.griddingIndex === undefined) return [];
  return [
    {
      text: `gridding index ${input.griddingIndex.toFixed(2)} (1 = holes)`,
      xref: 'paper',
      yref: 'paper',
      x: 1,
      y: 1,
      xanchor: 'right',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 11 },
    },
  ];
}

/** Options of the ERF figures. */
export interface ErfFigureOptions extends FigureOptions {
  /** Decades shown below the maximum on the log scale (default 4: 1e-4 … 1). */
  decades?: number;
  /** Name of the ERF series (default 'measured ERF'; 'exact ERF' when it is the exact form). */
  seriesName?: string;
}

/** log10 of an ERF value, null for 0 (a hole: drawn in the background colour). */
export function logErf(v: number): number | null {
  return v > 0 ? Math.log10(v) : null;
}

/**
 * The 2-D ERF heatmap on a log scale, as the literature shows it: log10 e(u) for every
 * offset (dy, dx) from the output, from −decades to 0; zeros (holes) are left blank. A
 * 1-D ERF is a line on a log axis instead. Table: series 'erf', offset(s), value.
 */
export function erfHeatmapFigure(input: ErfFigureInput, options: ErfFigureOptions = {}): Figure {
  const decades = options.decades ?? 4;
  const table = {
    columns: ['network', 'series', 'dx', 'dy', 'erf'],
    rows: [] as Figure['table']['rows'],
  };
  const data: Trace[] = [];
  const layout = baseLayout('Effective receptive field (log scale; blank = no path)', options, {
    width: 560,
    height: 500,
  });
  if (input.origin.length === 1) {
    const row = input.erf[0];
    const x = row.map((_, i) => i - input.origin[0]);
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: options.seriesName ?? 'measured ERF',
      x,
      y: row.map((v) => (v > 0 ? v : null)),
      line: { color: PALETTE.networks[0], width: 1.5 },
      marker: { size: 4, color: PALETTE.networks[0] },
      connectgaps: false,
    });
    if (input.exact)
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: 'exact',
        x,
        y: input.exact[0].map((v) => (v > 0 ? v : null)),
        line: { color: PALETTE.reference, width: 1, dash: 'dot' },
      });
    pushSeries(table, 'ERF', 'erf', x, row);
    layout.xaxis = axis('input offset from the output (samples)');
    layout.yaxis = axis('ERF (max = 1)', { type: 'log', range: [-decades, 0.1] });
    layout.height = options.height ?? 340;
    layout.annotations = griddingNote(input);
    return { name: 'erf-1d', data, layout, table };
  }
  const [oy, ox] = input.origin;
  const cols = input.erf[0].length;
  const x = Array.from({ length: cols }, (_, j) => j - ox);
  const y = input.erf.map((_, i) => i - oy);
  data.push({
    type: 'heatmap',
    name: 'log10 ERF',
    x,
    y,
    z: input.erf.map((row) => row.map((v) => (v > 0 ? Math.max(-decades, Math.log10(v)) : null))),
    zmin: -decades,
    zmax: 0,
    colorscale: 'Viridis',
    // The ERF is scaled to its peak (max = 1), so log10 ERF is in decades below it.
    colorbar: { title: { text: 'log10 ERF (decades, peak = 0)', side: 'right' } },
    hovertemplate: 'dx %{x}, dy %{y}: log10 ERF %{z:.2f}<extra></extra>',
  });
  input.erf.forEach((row, i) => {
    pushSeries(
      table,
      'ERF',
      'erf',
      x,
      row.map(() => y[i]),
      [row],
    );
  });
  layout.xaxis = axis('dx (pixels from the output)', { constrain: 'domain' });
  // Square cells: the plot area shrinks to fit (constrain 'domain'), the ranges stay the window's.
  layout.yaxis = axis('dy (pixels from the output)', {
    autorange: 'reversed',
    scaleanchor: 'x',
    constrain: 'domain',
  });
  layout.plot_bgcolor = PALETTE.hole;
  layout.annotations = griddingNote(input);
  return { name: 'erf-2d', data, layout, table };
}

/**
 * The radial profile of an ERF: its mean at each integer distance r = round(√(dy² + dx²))
 * from the output (|offset| in 1-D), normalised to 1 at r = 0, with the exact profile when
 * there is one and the theoretical receptive field's half-width (the largest distance in
 * the window along an axis) as a vertical line. Table: series, r, mean.
 */
export function radialProfile(
  rows: readonly (readonly number[])[],
  origin: readonly number[],
): { r: number[]; mean: number[] } {
  const two = origin.length === 2;
  const sum: number[] = [];
  const count: number[] = [];
  rows.forEach((row, i) => {
    row.forEach((v, j) => {
      const dy = two ? i - origin[0] : 0;
      const dx = j - origin[two ? 1 : 0];
      const r = Math.round(Math.sqrt(dy * dy + dx * dx));
      sum[r] = (sum[r] ?? 0) + v;
      count[r] = (count[r] ?? 0) + 1;
    });
  });
  const r: number[] = [];
  const mean: number[] = [];
  for (let k = 0; k < sum.length; k++) {
    if (!count[k]) continue;
    r.push(k);
    mean.push(sum[k] / count[k]);
  }
  return { r, mean };
}

/** The radial profile against the theoretical receptive field (see `radialProfile`). */
export function erfRadialFigure(input: ErfFigureInput, options: ErfFigureOptions = {}): Figure {
  const table = {
    columns: ['network', 'series', 'r (samples)', 'mean ERF'],
    rows: [] as Figure['table']['rows'],
  };
  const measured = radialProfile(input.erf, input.origin);
  const data: Trace[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: options.seriesName ?? 'measured',
      x: measured.r,
      y: measured.mean,
      line: { color: PALETTE.networks[0], width: 1.5 },
      marker: { size: 4, color: PALETTE.networks[0] },
    },
  ];
  pushSeries(table, 'ERF', 'measured', measured.r, measured.mean);
  if (input.exact) {
    const exact = radialProfile(input.exact, input.origin);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'exact',
      x: exact.r,
      y: exact.mean,
      line: { color: PALETTE.reference, dash: 'dot', width: 1 },
    });
    pushSeries(table, 'ERF', 'exact', exact.r, exact.mean);
  }
  const sizes =
    input.origin.length === 2 ? [input.erf.length, input.erf[0].length] : [input.erf[0].length];
  const half = Math.max(...sizes.map((n, a) => Math.max(input.origin[a], n - 1 - input.origin[a])));
  const layout = baseLayout(
    'Radial profile of the ERF against the theoretical receptive field',
    options,
    { width: 560, height: 340 },
  );
  layout.xaxis = axis('distance from the output r (samples)');
  layout.yaxis = axis('mean ERF at r (max = 1)', {
    type: 'log',
    range: [-(options.decades ?? 4), 0.1],
  });
  layout.shapes = [
    {
      type: 'line',
      xref: 'x',
      yref: 'paper',
      x0: half,
      x1: half,
      y0: 0,
      y1: 1,
      line: { color: PALETTE.problem, dash: 'dash', width: 1 },
    },
  ];
  layout.annotations = [
    {
      text: `theoretical RF half-width ${half}`,
      xref: 'x',
      yref: 'paper',
      x: half,
      y: 1,
      showarrow: false,
      xanchor: 'right',
      yanchor: 'bottom',
      font: { size: 11, color: PALETTE.problem },
    },
  ];
  return { name: 'erf-radial', data, layout, table };
}

/** The three ERF figures: the heatmap, the radial profile, and the exact tap set beside them. */
export function erfFigures(
  input: ErfFigureInput,
  label: SeriesLabel,
  options: ErfFigureOptions = {},
): Figure[] {
  const taps =
    input.origin.length === 1
      ? tapCoverageFigure([{ label, taps: { dims: 1, counts: input.pathCounts[0] } }], {
          title: 'Exact tap set (paths per offset; × = hole)',
        })
      : tapHeatmapFigure([{ label, taps: { dims: 2, counts: input.pathCounts } }], {
          title: 'Exact tap set (paths per offset)',
        });
  // Beside the ERF heatmap, the tap set reads the same way: dy grows downwards.
  if (input.origin.length === 2 && taps.layout.yaxis)
    taps.layout.yaxis = { ...taps.layout.yaxis, autorange: 'reversed' };
  return [erfHeatmapFigure(input, options), erfRadialFigure(input, options), taps];
}
