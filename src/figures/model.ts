/**
 * Figures of an analysed ONNX model (`ModelAnalysis`, src/model): the per-layer power
 * responses and the border validity of its dilated layers. Pure: results in, Plotly
 * figure objects out; the web page and reports draw them alike.
 */
import type { ModelAnalysis } from '../model/index.ts';
import { axis, baseLayout, networkColor, PALETTE, tint } from './palette.ts';
import type { Figure, FigureOptions, Trace } from './types.ts';

/** Power in dB re its own peak, 10·log10(P / max P), floored at −80 dB. */
function dbRePeak(power: readonly number[]): number[] {
  const peak = Math.max(...power);
  return power.map((p) => (peak > 0 && p > 0 ? Math.max(-80, 10 * Math.log10(p / peak)) : -80));
}

/**
 * Power response of every conv layer with a kernel wider than 1 (thin lines, shaded from
 * dark to light in graph order) and of the linearised composite (thick), along the x cut,
 * in dB re each curve's peak against ω/π (ω in rad per input sample, each layer at its
 * effective dilation). The threshold of the deaf bands is the dashed line.
 *
 * Table columns: series, w (rad per input sample), power (dB re peak).
 */
export function modelPowerFigure(r: ModelAnalysis, options: FigureOptions = {}): Figure {
  const color = networkColor(0);
  const data: Trace[] = [];
  const rows: (string | number)[][] = [];
  const layers = r.power.filter((p) => p.axis === 'x');
  layers.forEach((p, i) => {
    const y = dbRePeak(p.power);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: p.name,
      x: p.w.map((w) => w / Math.PI),
      y,
      line: { color: tint(color, 0.15 + (0.6 * i) / Math.max(1, layers.length)), width: 1 },
      hovertemplate: `${p.name}<br>ω = %{x:.3f}π<br>%{y:.1f} dB<extra></extra>`,
    });
    p.w.forEach((w, j) => {
      rows.push([p.name, w, y[j]]);
    });
  });
  const comp = r.composite.power?.find((p) => p.axis === 'x');
  if (comp) {
    const y = dbRePeak(comp.power);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'linearised composite',
      x: comp.w.map((w) => w / Math.PI),
      y,
      line: { color: PALETTE.text, width: 3 },
    });
    comp.w.forEach((w, j) => {
      rows.push(['linearised composite', w, y[j]]);
    });
  }
  const layout = baseLayout('Per-layer power response P(ω) = ‖K(ω)‖²/C<sub>in</sub>', options, {
    width: 760,
    height: 380,
  });
  layout.xaxis = axis('ω / π (rad per input sample)', { range: [0, 1] });
  layout.yaxis = axis('dB re peak', { range: [-60, 3] });
  layout.shapes = [
    {
      type: 'line',
      xref: 'paper',
      yref: 'y',
      x0: 0,
      x1: 1,
      y0: r.deafBands.thresholdDb,
      y1: r.deafBands.thresholdDb,
      line: { color: PALETTE.axis, width: 1, dash: 'dash' },
    },
  ];
  layout.showlegend = layers.length <= 16;
  return {
    name: 'model-power',
    data,
    layout,
    table: { columns: ['series', 'w', 'power_db'], rows },
  };
}

/**
 * Border validity of each dilated layer on the map it reads (DeepLabv3 §3.3, with the
 * layer's own padding and stride): the share of output positions that use all taps, and
 * the share where only the centre tap is inside; layers of a parallel set (ASPP branches,
 * residual bodies) in the network colour, others grey.
 *
 * Table columns: layer, map, branch, all taps, centre only.
 */
export function modelBorderFigure(r: ModelAnalysis, options: FigureOptions = {}): Figure {
  const names = r.border.map((b) => `${b.name} (${b.inputSize.join('×')})`);
  const color = networkColor(0);
  const data: Trace[] = [
    {
      type: 'bar',
      name: 'all taps inside',
      x: names,
      y: r.border.map((b) => b.allTapsFraction),
      marker: { color: r.border.map((b) => (b.branch ? color : PALETTE.axis)) },
    },
    {
      type: 'bar',
      name: 'only the centre tap inside',
      x: names,
      y: r.border.map((b) => b.centerOnlyFraction),
      marker: { color: r.border.map(() => PALETTE.hole) },
    },
  ];
  const layout = baseLayout('Border validity of the dilated layers', options, {
    width: 760,
    height: 380,
  });
  layout.xaxis = axis('layer (the map it reads)', { automargin: true });
  layout.yaxis = axis('share of output positions', { range: [0, 1] });
  layout.barmode = 'group';
  return {
    name: 'model-border',
    data,
    layout,
    table: {
      columns: ['layer', 'map', 'branch', 'all_taps', 'centre_only'],
      rows: r.border.map((b) => [
        b.name,
        b.inputSize.join('x'),
        b.branch ? 'yes' : 'no',
        b.allTapsFraction,
        b.centerOnlyFraction,
      ]),
    },
  };
}
