import { dtftMagnitude } from '../../response/dtft.ts';
import { axis, baseLayout, networkColor, PALETTE, withAlpha } from '../palette.ts';
import { pushSeries } from '../table.ts';
import type { Figure, FigureOptions, SeriesLabel, Shape, Trace } from '../types.ts';
import { convertFrequencies, convertFrequency, frequencyAxis, frequencyColumn } from '../units.ts';

/** The kernel and rate of the periodicity figure. */
export interface PeriodicityInput {
  label: SeriesLabel;
  /** Index of the network in its comparison (its colour). */
  index?: number;
  /** Base kernel weights, taps one sample apart (a 2-D kernel's x cut: its column sums). */
  weights: ArrayLike<number>;
  /** Kernel spec text for the legend, e.g. 'box:3'. */
  kernel: string;
  /** The rate d. */
  rate: number;
}

/** Options of `periodicityFigure`. */
export interface PeriodicityOptions extends FigureOptions {
  /** Grid points over [0, 2π] (default 1024, raised to 64·d so every period is resolved). */
  points?: number;
}

/**
 * H(ω) and H(dω) overlaid on one full period of H, ω ∈ [0, 2π]: dilating a kernel by d
 * compresses its response d times, so H(dω) repeats every 2π/d and every base null θ comes
 * back at (θ + 2πm)/d. Both are direct DTFTs |Σ_n w_n e^{−iωn}| and |Σ_n w_n e^{−iωdn}|
 * (no FFT grid); the periods of H(dω) are shaded alternately and their edges 2πm/d drawn.
 *
 * Table columns: network, series, frequency (units), |H|.
 */
export function periodicityFigure(
  input: PeriodicityInput,
  options: PeriodicityOptions = {},
): Figure {
  const units = options.units ?? 'rad';
  const fs = options.fs ?? 1;
  const d = input.rate;
  const points = Math.min(1 << 15, Math.max(options.points ?? 1024, 64 * d));
  const w = Array.from({ length: points + 1 }, (_, j) => (2 * Math.PI * j) / points);
  const base = w.map((v) => dtftMagnitude(input.weights, v, 1));
  const dilated = w.map((v) => dtftMagnitude(input.weights, v, d));
  const x = convertFrequencies(w, units, fs);
  const color = networkColor(input.index ?? 0);
  const id = input.label.id;
  const data: Trace[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: `|H(ω)|, ${input.kernel}`,
      x,
      y: base,
      line: { color: PALETTE.text, width: 1.8, dash: 'dash' },
      hovertemplate: '|H(ω)| at %{x:.4f}: %{y:.4f}<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: `|H(${d}ω)|, rate ${d}: period 2π/${d}`,
      x,
      y: dilated,
      line: { color, width: 2.4 },
      hovertemplate: `|H(${d}ω)| at %{x:.4f}: %{y:.4f}<extra></extra>`,
    },
  ];
  const table: Figure['table'] = {
    columns: ['network', 'series', frequencyColumn(units), '|H|'],
    rows: [],
  };
  pushSeries(table, id, 'H(w)', x, base);
  pushSeries(table, id, `H(${d}w)`, x, dilated);
  const top = Math.max(...base, ...dilated) * 1.08 || 1;
  const shapes: Shape[] = [];
  for (let m = 0; m < d; m++) {
    const x0 = convertFrequency((2 * Math.PI * m) / d, units, fs);
    const x1 = convertFrequency((2 * Math.PI * (m + 1)) / d, units, fs);
    if (m % 2 === 1)
      shapes.push({
        type: 'rect',
        xref: 'x',
        yref: 'y',
        x0,
        x1,
        y0: 0,
        y1: top,
        fillcolor: withAlpha(color, 0.08),
        line: { width: 0 },
        layer: 'below',
      });
    if (m > 0)
      shapes.push({
        type: 'line',
        xref: 'x',
        yref: 'y',
        x0,
        x1: x0,
        y0: 0,
        y1: top,
        line: { color: withAlpha(color, 0.55), width: 1, dash: 'dot' },
        layer: 'below',
      });
  }
  const layout = baseLayout(
    `H(ω) against H(${d}ω): the dilated response repeats every 2π/${d}`,
    options,
    {
      width: 560,
      height: 360,
    },
  );
  layout.xaxis = frequencyAxis(units, fs, 0, 2 * Math.PI);
  if (units === 'rad') {
    // Multiples of π/2 keep the ticks readable next to the period lines.
    layout.xaxis.tickvals = [0, 1, 2, 3, 4].map((m) => (m * Math.PI) / 2);
    layout.xaxis.ticktext = ['0', 'π/2', 'π', '3π/2', '2π'];
  }
  layout.yaxis = axis('|H| (linear)', { range: [0, top] });
  layout.shapes = shapes;
  return { name: 'periodicity', data, layout, table };
}
