import { dtftMagnitude } from '../../response/dtft.ts';
import { axis, baseLayout, PALETTE, withAlpha } from '../palette.ts';
import { pushSeries } from '../table.ts';
import type { Figure, FigureOptions, SeriesLabel, Shape, Trace } from '../types.ts';
import { convertFrequencies, convertFrequency, frequencyAxis, frequencyColumn } from '../units.ts';
import { memberColor } from './inputs.ts';

/** One branch: its name and its equivalent 1-D kernel (taps one sample apart). */
export interface BranchKernel {
  /** e.g. 'branch 2 · d=6'. */
  name: string;
  /** The branch's composite kernel (a 2-D branch's x cut: its column sums). */
  weights: ArrayLike<number>;
}

/** The branches of one parallel network. */
export interface BranchCoverageInput {
  label: SeriesLabel;
  branches: readonly BranchKernel[];
}

/** Options of `branchCoverageFigure`. */
export interface BranchCoverageOptions extends FigureOptions {
  /** A branch passes ω when |H_b(ω)|/max|H_b| ≥ 10^(thresholdDb/20) (default −20 dB). */
  thresholdDb?: number;
  /** Grid points over [0, π] (default 1024, raised to 64 × the longest kernel). */
  points?: number;
}

/** Frequency intervals [lo, hi] (grid values) where `pass` holds. */
function runs(w: readonly number[], pass: readonly boolean[], want: boolean): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= w.length; i++) {
    const p = i < w.length && pass[i] === want;
    if (p && start < 0) start = i;
    if (!p && start >= 0) {
      out.push([w[start], w[i - 1]]);
      start = -1;
    }
  }
  return out;
}

/**
 * Parallel-branch coverage of the spectrum (ASPP): the top panel draws each branch's
 * |H_b(ω)|/max|H_b| on [0, π] (direct DTFT of the branch's kernel), the threshold as a
 * dashed line; the strip below shows where each branch passes (|H_b|/max ≥ threshold) and
 * where any branch does (rows named by rate, the last 'any'). Frequencies no branch passes are shaded in the problem colour in
 * both panels: whatever the merge, nothing of the input at those frequencies reaches the
 * output above the threshold.
 *
 * Table columns: network, series, frequency (units), |H|/max|H|, passes (1 or 0).
 */
export function branchCoverageFigure(
  input: BranchCoverageInput,
  options: BranchCoverageOptions = {},
): Figure {
  const units = options.units ?? 'rad';
  const fs = options.fs ?? 1;
  const thresholdDb = options.thresholdDb ?? -20;
  const level = 10 ** (thresholdDb / 20);
  const longest = Math.max(...input.branches.map((b) => b.weights.length));
  const points = Math.min(1 << 15, Math.max(options.points ?? 1024, 64 * longest));
  const w = Array.from({ length: points + 1 }, (_, j) => (Math.PI * j) / points);
  const x = convertFrequencies(w, units, fs);
  const id = input.label.id;
  const table: Figure['table'] = {
    columns: ['network', 'series', frequencyColumn(units), '|H|/max|H|', 'passes'],
    rows: [],
  };
  const data: Trace[] = [];
  const strip: Trace[] = [];
  // Short row names for the strip ('d=6'); the legend carries the full names.
  const short = (name: string) => name.split(' · ').pop() ?? name;
  const rows = [...input.branches.map((b) => short(b.name)), 'any'];
  const some = new Array<boolean>(w.length).fill(false);
  const envelope = new Array<number>(w.length).fill(0);
  input.branches.forEach((b, i) => {
    const mag = w.map((v) => dtftMagnitude(b.weights, v, 1));
    const peak = Math.max(...mag) || 1;
    const rel = mag.map((m) => m / peak);
    const pass = rel.map((r) => r >= level);
    rel.forEach((r, j) => {
      envelope[j] = Math.max(envelope[j], r);
      if (pass[j]) some[j] = true;
    });
    const color = memberColor(i);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: b.name,
      legendgroup: b.name,
      x,
      y: rel,
      line: { color, width: 1.8 },
      hovertemplate: `${b.name}<br>%{x:.4f}: %{y:.3f}<extra></extra>`,
    });
    strip.push({
      type: 'scatter',
      mode: 'lines',
      name: b.name,
      legendgroup: b.name,
      showlegend: false,
      x,
      y: pass.map((p) => (p ? short(b.name) : null)),
      line: { color, width: 7 },
      connectgaps: false,
      xaxis: 'x',
      yaxis: 'y2',
      hoverinfo: 'skip',
    });
    pushSeries(table, id, b.name, x, rel, [pass.map((p) => (p ? 1 : 0))]);
  });
  strip.push({
    type: 'scatter',
    mode: 'lines',
    name: 'some branch passes',
    showlegend: false,
    x,
    y: some.map((p) => (p ? 'any' : null)),
    line: { color: PALETTE.text, width: 7 },
    connectgaps: false,
    xaxis: 'x',
    yaxis: 'y2',
    hoverinfo: 'skip',
  });
  pushSeries(table, id, 'some branch (envelope)', x, envelope, [some.map((p) => (p ? 1 : 0))]);
  data.push({
    type: 'scatter',
    mode: 'lines',
    name: `threshold ${thresholdDb} dB`,
    x: [x[0], x[x.length - 1]],
    y: [level, level],
    line: { color: PALETTE.reference, width: 1.2, dash: 'dash' },
    hoverinfo: 'skip',
  });
  const gaps = runs(w, some, false);
  const shapes: Shape[] = [];
  const half = Math.PI / points / 2;
  for (const [lo, hi] of gaps) {
    const x0 = convertFrequency(Math.max(0, lo - half), units, fs);
    const x1 = convertFrequency(Math.min(Math.PI, hi + half), units, fs);
    shapes.push({
      type: 'rect',
      xref: 'x',
      yref: 'paper',
      x0,
      x1,
      y0: 0,
      y1: 1,
      fillcolor: withAlpha(PALETTE.problem, 0.16),
      line: { width: 0 },
      layer: 'below',
    });
  }
  if (gaps.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'no branch passes',
      x: [null],
      y: [null],
      line: { color: withAlpha(PALETTE.problem, 0.5), width: 10 },
      hoverinfo: 'skip',
    });
  }
  const layout = baseLayout(`Which frequencies some branch passes: ${input.label.name}`, options, {
    width: 560,
    height: 460,
  });
  layout.xaxis = frequencyAxis(units, fs);
  (layout.xaxis as Record<string, unknown>).anchor = 'y2';
  layout.yaxis = axis('|H<sub>b</sub>| / max|H<sub>b</sub>|', {
    range: [0, 1.05],
    domain: [0.36, 1],
  });
  layout.yaxis2 = axis('', {
    type: 'category',
    categoryarray: rows,
    categoryorder: 'array',
    domain: [0, 0.27],
    showgrid: false,
    autorange: 'reversed',
    dtick: 1,
    anchor: 'x',
  });
  layout.shapes = shapes;
  return { name: 'branch-coverage', data: [...data, ...strip], layout, table };
}
