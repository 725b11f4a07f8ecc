/**
 * Figures of an analysed ONNX model (`ModelAnalysis`, src/model): the per-layer power
 * responses and the border validity of its dilated layers. Pure: results in, Plotly
 * figure objects out; the web page and reports draw them alike.
 */
import type { ModelAnalysis } from '../model/index.ts';
import {
  axis,
  baseLayout,
  MEMBER_DASHES,
  networkColor,
  PALETTE,
  tint,
  withAlpha,
} from './palette.ts';
import { memberColor } from './report/index.ts';
import type { Figure, FigureOptions, Trace } from './types.ts';

/**
 * A layer's display name: the PyTorch module path of an ONNX node name exported by
 * torch.onnx (`/backbone/layer3/layer3.1/conv2/Conv` → `backbone.layer3.1.conv2`, the name
 * `model.named_modules()` gives it): the op type at the end dropped, and a part that
 * extends the one before it (`layer3` → `layer3.1`) replacing it. Other names are kept.
 */
export function layerLabel(name: string): string {
  if (!name.startsWith('/')) return name;
  const parts = name.split('/').filter(Boolean);
  if (parts.length > 1 && /^[A-Z][A-Za-z]*(_\d+)?$/.test(parts[parts.length - 1])) parts.pop();
  const out: string[] = [];
  for (const p of parts) {
    if (out.length && p.startsWith(`${out[out.length - 1]}.`)) out[out.length - 1] = p;
    else out.push(p);
  }
  return out.length ? out.join('.') : name;
}

/** Power in dB re its own peak, 10·log10(P / max P), floored at −80 dB. */
function dbRePeak(power: readonly number[]): number[] {
  const peak = Math.max(...power);
  return power.map((p) => (peak > 0 && p > 0 ? Math.max(-80, 10 * Math.log10(p / peak)) : -80));
}

/** Dilated layers with their own colour and dash in the power figure; above it, a colour bar. */
const MAX_COLOURED = 12;

/**
 * Power response of every conv layer with a kernel wider than 1 and of the linearised
 * composite (thick), along the x cut, in dB re each curve's peak against ω/π (ω in rad per
 * input sample, each layer at its effective dilation d·scale). The dilated layers (d > 1)
 * have a colour and dash each, named with their effective dilation; undilated layers are
 * thin grey lines under one legend entry. Above MAX_COLOURED dilated layers they are
 * shaded dark to light in graph order with a colour bar of layer numbers instead. The
 * threshold of the deaf bands is the dashed line; the bands all dilated layers share are
 * shaded.
 *
 * Table columns: series, w (rad per input sample), power (dB re peak).
 */
export function modelPowerFigure(r: ModelAnalysis, options: FigureOptions = {}): Figure {
  const color = networkColor(0);
  const data: Trace[] = [];
  const rows: (string | number)[][] = [];
  const layers = r.power.filter((p) => p.axis === 'x');
  const dilatedNames = new Set(r.deafBands.shared.find((s) => s.axis === 'x')?.layers ?? []);
  const dilated = layers.filter((p) => dilatedNames.has(p.name));
  const shaded = dilated.length > MAX_COLOURED;
  const effective = new Map(
    r.layers.map((l) => {
      const d = l.effectiveDilation;
      return [l.name, typeof d === 'number' ? d : d[d.length - 1]] as const;
    }),
  );
  let firstPlain = true;
  layers.forEach((p) => {
    const y = dbRePeak(p.power);
    const j = dilated.indexOf(p);
    const d = effective.get(p.name);
    const style: Partial<Trace> =
      j < 0
        ? {
            name: `undilated layers (${layers.length - dilated.length})`,
            legendgroup: 'undilated',
            showlegend: firstPlain,
            line: { color: PALETTE.reference, width: 1 },
          }
        : shaded
          ? {
              name: layerLabel(p.name),
              showlegend: false,
              line: {
                color: tint(color, 0.15 + (0.6 * j) / Math.max(1, dilated.length)),
                width: 1,
              },
            }
          : {
              name: `${layerLabel(p.name)} (d·S = ${d})`,
              line: {
                color: memberColor(j),
                width: 1.6,
                dash: MEMBER_DASHES[j % MEMBER_DASHES.length],
              },
            };
    if (j < 0) firstPlain = false;
    data.push({
      type: 'scatter',
      mode: 'lines',
      ...style,
      x: p.w.map((w) => w / Math.PI),
      y,
      hovertemplate: `${p.name}${d !== undefined ? ` (d·S = ${d})` : ''}<br>ω = %{x:.3f}π<br>%{y:.1f} dB<extra></extra>`,
    } as Trace);
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
    ...sharedBandShapes(r),
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
  if (shaded) {
    // Too many dilated layers for a legend: a colour bar says which shade is which dilated
    // layer (graph order; hover names each curve).
    data.push(layerScale(dilated.length, color));
  }
  return {
    name: 'model-power',
    data,
    layout,
    table: { columns: ['series', 'w', 'power_db'], rows },
  };
}

/** The deaf bands every dilated layer shares along x, as shaded columns (ω/π). */
function sharedBandShapes(r: ModelAnalysis): NonNullable<Figure['layout']['shapes']> {
  const shared = r.deafBands.shared.find((s) => s.axis === 'x');
  return (shared?.bands ?? []).map(([lo, hi]) => ({
    type: 'rect',
    xref: 'x',
    yref: 'paper',
    x0: lo / Math.PI,
    x1: hi / Math.PI,
    y0: 0,
    y1: 1,
    fillcolor: withAlpha(PALETTE.problem, 0.12),
    line: { width: 0 },
    layer: 'below',
  }));
}

/** An invisible trace whose colour bar maps the layer shades to layer numbers 1..n. */
function layerScale(n: number, color: string): Trace {
  return {
    type: 'scatter',
    mode: 'markers',
    name: 'layer (graph order)',
    x: [null],
    y: [null],
    showlegend: false,
    hoverinfo: 'skip',
    marker: {
      color: [1, n],
      cmin: 1,
      cmax: n,
      colorscale: [
        [0, tint(color, 0.15)],
        [1, tint(color, 0.75)],
      ],
      showscale: true,
      colorbar: {
        title: { text: 'dilated layer (graph order)', side: 'right' },
        thickness: 12,
        len: 0.8,
      },
    },
  };
}

/**
 * The deaf bands of each conv layer with a power response, one row per layer in graph
 * order against ω/π (x cut in 2-D; rad per input sample, each layer at its effective
 * dilation): a bar where P(ω) is below the threshold re its peak; the bands every dilated
 * layer shares are shaded across all rows (where the whole dilated set is deaf). A
 * multi-channel layer has no exact nulls here (they need every kernel of the layer null at
 * once): only bands.
 *
 * Table columns: layer, dilated, band start and end (rad per input sample); series
 * `shared` for the shared bands.
 */
export function modelDeafBandFigure(r: ModelAnalysis, options: FigureOptions = {}): Figure {
  const color = networkColor(0);
  const layers = r.power.filter((p) => p.axis === 'x');
  const dilated = new Set(r.deafBands.shared.find((s) => s.axis === 'x')?.layers ?? []);
  const names = layers.map((p) =>
    dilated.has(p.name) ? `${layerLabel(p.name)} ·` : layerLabel(p.name),
  );
  const data: Trace[] = [];
  const rows: (string | number)[][] = [];
  const xs: (number | null)[] = [];
  const ys: (string | null)[] = [];
  layers.forEach((p, i) => {
    for (const [lo, hi] of p.deafBands) {
      xs.push(lo / Math.PI, hi / Math.PI, null);
      ys.push(names[i], names[i], null);
      rows.push([p.name, dilated.has(p.name) ? 'yes' : 'no', lo, hi]);
    }
  });
  data.push({
    type: 'scatter',
    mode: 'lines',
    name: `deaf: P below ${r.deafBands.thresholdDb} dB re peak`,
    x: xs,
    y: ys,
    line: { color, width: 7 },
    hovertemplate: '%{y}: deaf at ω = %{x:.3f}π<extra></extra>',
  });
  // An empty row per layer keeps every layer on the axis, deaf or not.
  data.push({
    type: 'scatter',
    mode: 'markers',
    name: 'layers',
    x: names.map(() => 0),
    y: names,
    marker: { size: 0.1, color: 'rgba(0,0,0,0)' },
    showlegend: false,
    hoverinfo: 'skip',
  });
  const shared = r.deafBands.shared.find((s) => s.axis === 'x');
  for (const [lo, hi] of shared?.bands ?? []) rows.push(['shared', 'yes', lo, hi]);
  if (shared && shared.bands.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'shared by every dilated layer (·)',
      x: [null],
      y: [null],
      line: { color: withAlpha(PALETTE.problem, 0.35), width: 10 },
    });
  }
  const layout = baseLayout(
    'Deaf bands of each conv layer (· dilated; shaded: shared by all dilated layers)',
    options,
    { width: 760, height: Math.min(1400, 140 + 20 * Math.max(3, layers.length)) },
  );
  layout.xaxis = axis('ω / π (rad per input sample)', { range: [0, 1] });
  layout.yaxis = axis('', {
    type: 'category',
    categoryorder: 'array',
    categoryarray: [...names].reverse(),
    automargin: true,
    tickfont: { size: layers.length > 24 ? 9 : 11 },
  });
  layout.shapes = sharedBandShapes(r);
  if (layers.every((p) => p.deafBands.length === 0)) {
    layout.annotations = [
      {
        text: `no deaf band: no layer falls ${-r.deafBands.thresholdDb} dB below its peak`,
        xref: 'paper',
        yref: 'paper',
        x: 0,
        xanchor: 'left',
        y: 1,
        yanchor: 'bottom',
        showarrow: false,
        font: { size: 12, color: PALETTE.axis },
      },
    ];
  }
  return {
    name: 'model-deaf-bands',
    data,
    layout,
    table: { columns: ['layer', 'dilated', 'band_start_w', 'band_end_w'], rows },
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
export function modelBorderFigure(
  r: ModelAnalysis,
  options: FigureOptions & { horizontal?: boolean } = {},
): Figure {
  const names = r.border.map((b) => `${layerLabel(b.name)} (${b.inputSize.join('×')})`);
  const color = networkColor(0);
  const h = options.horizontal === true;
  const bar = (name: string, values: number[], colors: string[]): Trace =>
    h
      ? { type: 'bar', orientation: 'h', name, x: values, y: names, marker: { color: colors } }
      : { type: 'bar', name, x: names, y: values, marker: { color: colors } };
  const data: Trace[] = [
    bar(
      'all taps inside',
      r.border.map((b) => b.allTapsFraction),
      r.border.map((b) => (b.branch ? color : PALETTE.axis)),
    ),
    bar(
      'only the centre tap inside',
      r.border.map((b) => b.centerOnlyFraction),
      r.border.map(() => PALETTE.hole),
    ),
  ];
  const layout = baseLayout('Border validity of the dilated layers', options, {
    width: 760,
    height: h ? Math.min(1400, 160 + 34 * Math.max(2, names.length)) : 380,
  });
  const share = axis('share of output positions', { range: [0, 1] });
  const layersAxis = axis(h ? '' : 'layer (the map it reads)', {
    automargin: true,
    ...(h
      ? { type: 'category' as const, categoryorder: 'array', categoryarray: [...names].reverse() }
      : {}),
  });
  layout.xaxis = h ? share : layersAxis;
  layout.yaxis = h ? layersAxis : share;
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
