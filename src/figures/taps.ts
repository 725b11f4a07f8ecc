import {
  axis,
  baseLayout,
  countAxis,
  countColorbar,
  networkColor,
  PALETTE,
  titleLegendGroups,
  withAlpha,
} from './palette.ts';
import { pushSeries } from './table.ts';
import type { Annotation, Figure, FigureOptions, Layout, SeriesLabel, Trace } from './types.ts';

/**
 * Path counts over a receptive field, as `/api/taps` returns them: counts[i] (1-D) or
 * counts[row][col] (2-D) is the number of tap combinations that reach that input offset;
 * 0 inside the receptive field is a hole.
 */
export type TapsInput =
  | { dims: 1; counts: ArrayLike<number>; start?: number }
  | {
      dims: 2;
      rows?: number;
      cols?: number;
      counts: readonly ArrayLike<number>[];
      start?: readonly [number, number];
    };

/**
 * `start`: the offset of counts[0] (per axis [dy, dx] in 2-D), for a tap set not centred
 * on the output: a model's taps are input offsets u relative to S·p (S its output stride),
 * e.g. −60..0 for a causal TCN. Without it, offsets are measured from the receptive-field
 * centre (spec networks).
 */

/** One network of a tap-coverage figure. */
export interface TapsFigureInput {
  label: SeriesLabel;
  taps: TapsInput;
}

/** Offsets of a receptive field of size R measured from its centre ⌊(R−1)/2⌋: i − ⌊(R−1)/2⌋. */
export function centredOffsets(size: number): number[] {
  const c = Math.floor((size - 1) / 2);
  return Array.from({ length: size }, (_, i) => i - c);
}

/** The indices i with counts[i] = 0 (the holes of a 1-D receptive field). */
export function holeIndices(counts: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] === 0) out.push(i);
  return out;
}

/** Options of `tapCoverageFigure`. */
export interface TapCoverageOptions extends FigureOptions {
  /** Draw path counts on a log axis (default: when the largest count exceeds 1000). */
  logCounts?: boolean;
}

/**
 * Figure 3a, tap coverage in 1-D: bars of the path count at each input offset of the
 * receptive field (offsets from its centre, as with "same" padding), one colour per
 * network, overlaid; each hole (an offset inside the receptive field that no path reaches)
 * is marked with a × in the problem colour on the axis. A gridding stack (rates sharing a
 * factor g) shows a comb: only every g-th offset is reached.
 *
 * Table columns: network, series ('paths' | 'hole'), offset (samples from centre), paths.
 */
export function tapCoverageFigure(
  networks: readonly TapsFigureInput[],
  options: TapCoverageOptions = {},
): Figure {
  const data: Trace[] = [];
  const placed = networks.some((n) => n.taps.dims === 1 && n.taps.start !== undefined);
  const table = {
    columns: [
      'network',
      'series',
      placed ? 'offset (samples relative to S·p)' : 'offset (samples from centre)',
      'paths',
    ],
    rows: [] as Figure['table']['rows'],
  };
  let maxCount = 0;
  for (const net of networks) {
    if (net.taps.dims !== 1)
      throw new TypeError(`taps of network ${net.label.id} must be 1-D for tapCoverageFigure`);
    for (let i = 0; i < net.taps.counts.length; i++)
      maxCount = Math.max(maxCount, net.taps.counts[i]);
  }
  const log = options.logCounts ?? maxCount > 1000;
  const rows = networks.length;
  networks.forEach((net, ni) => {
    const color = networkColor(ni);
    const id = net.label.id;
    const counts = net.taps.dims === 1 ? Array.from(net.taps.counts) : [];
    const start = net.taps.dims === 1 ? net.taps.start : undefined;
    const x = start === undefined ? centredOffsets(counts.length) : counts.map((_, i) => start + i);
    const holes = holeIndices(counts);
    // One row per network on a shared offset axis: the combs line up, none hides another.
    const yaxis = ni === 0 ? undefined : `y${ni + 1}`;
    data.push({
      type: 'bar',
      name: `${id} path counts`,
      legendgroup: id,
      x,
      y: counts,
      ...(yaxis ? { yaxis } : {}),
      marker: {
        color: withAlpha(color, 0.85),
        line: { color, width: 0.5 },
      },
      hovertemplate: `${id} offset %{x} samples: %{y} paths<extra></extra>`,
    });
    pushSeries(table, id, 'paths', x, counts);
    const hx = holes.map((i) => x[i]);
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `${id} holes (${holes.length} of ${counts.length})`,
      legendgroup: id,
      x: hx,
      y: hx.map(() => (log ? 0.5 : 0)),
      ...(yaxis ? { yaxis } : {}),
      cliponaxis: false,
      marker: {
        color: PALETTE.problem,
        size: 9,
        symbol: ni === 0 ? 'x-thin' : ni === 1 ? 'cross-thin' : 'asterisk',
        line: { color: PALETTE.problem, width: 2 },
      },
      hovertemplate: `${id} hole at offset %{x} samples: no path reaches it<extra></extra>`,
    });
    pushSeries(
      table,
      id,
      'hole',
      hx,
      hx.map(() => 0),
    );
  });
  titleLegendGroups(
    data,
    networks.map((n) => n.label),
  );
  const layout = baseLayout('Tap coverage: paths reaching each input offset (× = hole)', options, {
    width: 720,
    height: rows > 1 ? 120 + 150 * rows : 360,
  });
  layout.barmode = 'overlay';
  layout.bargap = 0.1;
  layout.xaxis = axis(
    placed
      ? 'input offset u relative to S·p (samples; S the output stride)'
      : 'offset from the receptive-field centre (samples)',
  );
  if (rows === 1) layout.yaxis = countAxis('paths', maxCount, log);
  else {
    // Rows from the top, A first; the x axis sits under the last row and serves them all.
    const gap = 0.08;
    const h = (1 - gap * (rows - 1)) / rows;
    networks.forEach((net, ni) => {
      const top = 1 - ni * (h + gap);
      const key = ni === 0 ? 'yaxis' : `yaxis${ni + 1}`;
      layout[key as 'yaxis'] = {
        ...countAxis(`${net.label.id} paths`, maxCount, log),
        domain: [Number(Math.max(0, top - h).toFixed(6)), Number(top.toFixed(6))],
      };
    });
    layout.xaxis = { ...layout.xaxis, anchor: `y${rows}` };
  }
  return { name: 'taps-1d', data, layout, table };
}

/** Options of `tapHeatmapFigure`. */
export interface TapHeatmapOptions extends FigureOptions {
  /** Largest side drawn; a larger receptive field is cropped around its centre (default 161). */
  maxSide?: number;
  /** A note under each panel's title (e.g. 'the 2-D analogue: 3×3 kernel, same rates'). */
  note?: string;
}

/** Side-by-side panels: the x and y domains of panel i of n. */
export function panelDomain(i: number, n: number, gap = 0.06): [number, number] {
  const w = (1 - gap * (n - 1)) / n;
  const lo = i * (w + gap);
  return [Number(lo.toFixed(6)), Number(Math.min(1, lo + w).toFixed(6))];
}

/**
 * The same side-by-side panel figure re-laid out as one column (for a narrow page): each of
 * the `panels` square panels spans the full width `widthPx` (px, the figure's width; its
 * margins and `reservePx` at the right, for a colour bar, are taken off), stacked top to
 * bottom with `gapPx` px between them for the x-axis labels and the next panel's title.
 * Panel titles (the first `panels` annotations) move above their panel. Returns the new
 * layout with its height in px: margins + panels·side + (panels − 1)·gap.
 */
export function stackPanels(
  layout: Layout,
  panels: number,
  widthPx: number,
  reservePx = 0,
  gapPx = 96,
): Layout {
  const m = layout.margin ?? { l: 64, r: 20, t: 20, b: 52 };
  const side = Math.max(120, widthPx - m.l - m.r - reservePx);
  const plotH = panels * side + (panels - 1) * gapPx;
  const out: Layout = { ...layout, height: Math.round(plotH + m.t + m.b) };
  for (let i = 0; i < panels; i++) {
    const ax = panelAxes(i);
    const top = 1 - (i * (side + gapPx)) / plotH;
    const bottom = Math.max(0, top - side / plotH);
    const domain: [number, number] = [Number(bottom.toFixed(6)), Number(top.toFixed(6))];
    const x = layout[ax.xKey as 'xaxis'];
    const y = layout[ax.yKey as 'yaxis'];
    if (x) out[ax.xKey as 'xaxis'] = { ...x, domain: [0, 1] };
    // Each row is read on its own: every panel gets the first panel's y title.
    if (y) out[ax.yKey as 'yaxis'] = { ...y, domain, title: layout.yaxis?.title ?? y.title };
  }
  const notes = layout.annotations ?? [];
  out.annotations = notes.map((a, i) => {
    if (i >= panels) return a;
    const top = 1 - (i * (side + gapPx)) / plotH;
    return { ...a, x: 0.5, y: Number(top.toFixed(6)) };
  });
  return out;
}

/** Axis ids of panel i: 'x', 'y' for the first, 'x2', 'y2', ... after it. */
export function panelAxes(i: number): { x: string; y: string; xKey: string; yKey: string } {
  const s = i === 0 ? '' : String(i + 1);
  return { x: `x${s}`, y: `y${s}`, xKey: `xaxis${s}`, yKey: `yaxis${s}` };
}

/** A panel title annotation above panel i of n. */
export function panelTitle(text: string, i: number, n: number, gap = 0.06): Annotation {
  const [lo, hi] = panelDomain(i, n, gap);
  return {
    text,
    xref: 'paper',
    yref: 'paper',
    x: (lo + hi) / 2,
    y: 1.0,
    xanchor: 'center',
    yanchor: 'bottom',
    showarrow: false,
    font: { size: 12 },
  };
}

/**
 * Figure 3b, tap coverage in 2-D: a heatmap of the path count at each offset (dy, dx) of
 * the receptive field, one panel per network. Holes are drawn in the hole colour, covered
 * offsets in blues by path count: a gridding stack (all rates even, say) is a checkerboard
 * of holes; a hybrid schedule fills the square.
 *
 * Table columns: network, series ('paths'), dx, dy (offsets from the centre), paths.
 */
export function tapHeatmapFigure(
  networks: readonly TapsFigureInput[],
  options: TapHeatmapOptions = {},
): Figure {
  const maxSide = options.maxSide ?? 161;
  const n = Math.max(1, networks.length);
  const data: Trace[] = [];
  const annotations: Annotation[] = [];
  const table = {
    columns: ['network', 'series', 'dx (offset from centre)', 'dy (offset from centre)', 'paths'],
    rows: [] as Figure['table']['rows'],
  };
  const layout: Layout = baseLayout(
    'Tap coverage in 2-D: paths per offset (light red = hole)',
    options,
    {
      width: Math.min(1200, 120 + 330 * n),
      height: 420,
    },
  );
  networks.forEach((net, ni) => {
    if (net.taps.dims !== 2)
      throw new TypeError(`taps of network ${net.label.id} must be 2-D for tapHeatmapFigure`);
    const rows = net.taps.counts.length;
    const cols = rows > 0 ? net.taps.counts[0].length : 0;
    const r0 = Math.max(0, Math.floor((rows - maxSide) / 2));
    const c0 = Math.max(0, Math.floor((cols - maxSide) / 2));
    const nr = Math.min(rows, maxSide);
    const nc = Math.min(cols, maxSide);
    const start = net.taps.start;
    const cr = start ? -start[0] : Math.floor((rows - 1) / 2);
    const cc = start ? -start[1] : Math.floor((cols - 1) / 2);
    const xs = Array.from({ length: nc }, (_, j) => c0 + j - cc);
    const ys = Array.from({ length: nr }, (_, i) => r0 + i - cr);
    let max = 1;
    let holes = 0;
    const z: number[][] = [];
    for (let i = 0; i < nr; i++) {
      const src = net.taps.counts[r0 + i];
      const row: number[] = [];
      for (let j = 0; j < nc; j++) {
        const v = src[c0 + j];
        row.push(v);
        if (v > max) max = v;
      }
      z.push(row);
    }
    for (const r of net.taps.counts) for (let j = 0; j < r.length; j++) if (r[j] === 0) holes++;
    for (let i = 0; i < nr; i++)
      pushSeries(
        table,
        net.label.id,
        'paths',
        xs,
        xs.map(() => ys[i]),
        [z[i]],
      );
    const t = Math.min(0.5, 0.5 / max);
    const ax = panelAxes(ni);
    data.push({
      type: 'heatmap',
      name: `${net.label.id} path counts`,
      x: xs,
      y: ys,
      z,
      zmin: 0,
      zmax: max,
      colorscale: [
        [0, PALETTE.hole],
        [t, PALETTE.hole],
        [t, PALETTE.covered[0]],
        [1, PALETTE.covered[1]],
      ],
      showscale: false,
      xaxis: ax.x,
      yaxis: ax.y,
      xgap: nc <= 40 ? 1 : 0,
      ygap: nr <= 40 ? 1 : 0,
      hovertemplate: `${net.label.id} dy = %{y}, dx = %{x} samples: %{z} paths<extra></extra>`,
    });
    const cropped = nr < rows || nc < cols ? ` (centre ${nr}×${nc} shown)` : '';
    annotations.push(
      panelTitle(
        `<b>${net.label.id}</b> ${net.label.name}<br><span style="font-size:11px">${rows}×${cols}, ${holes} holes${cropped}${options.note ? ` · ${options.note}` : ''}</span>`,
        ni,
        n,
      ),
    );
    layout[ax.xKey as 'xaxis'] = axis('dx (samples)', {
      domain: panelDomain(ni, n),
      anchor: ax.y,
      showgrid: false,
      constrain: 'domain',
    });
    layout[ax.yKey as 'yaxis'] = axis(ni === 0 ? 'dy (samples)' : '', {
      anchor: ax.x,
      scaleanchor: ax.x,
      showgrid: false,
      constrain: 'domain',
    });
  });
  // One colour scale for every panel (the largest count of them all), its bar at the right.
  const top = Math.max(1, ...data.map((tr) => tr.zmax ?? 1));
  const t = Math.min(0.5, 0.5 / top);
  data.forEach((tr, i) => {
    tr.zmax = top;
    tr.colorscale = [
      [0, PALETTE.hole],
      [t, PALETTE.hole],
      [t, PALETTE.covered[0]],
      [1, PALETTE.covered[1]],
    ];
    tr.showscale = i === data.length - 1;
    tr.colorbar = countColorbar('paths (0 = hole)', top);
  });
  layout.annotations = annotations;
  layout.showlegend = false;
  if (layout.margin) layout.margin.t += 24;
  return { name: 'taps-2d', data, layout, table };
}
