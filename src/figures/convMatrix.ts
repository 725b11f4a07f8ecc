import { axis, baseLayout, countColorbar, PALETTE } from './palette.ts';
import { pushSeries } from './table.ts';
import { panelAxes, panelDomain, panelTitle } from './taps.ts';
import type { Annotation, Figure, FigureOptions, Layout, SeriesLabel, Trace } from './types.ts';

/**
 * The L×L matrix of a 1-D kernel applied with zero "same" padding to an L-sample signal:
 * output i reads input j with weight c[j − i + ⌊(R−1)/2⌋] when 0 ≤ j − i + ⌊(R−1)/2⌋ < R,
 * else 0 (R = c.length). Row-major rows.
 */
export function convolutionMatrix(c: ArrayLike<number>, L: number): number[][] {
  const R = c.length;
  const h = Math.floor((R - 1) / 2);
  return Array.from({ length: L }, (_, i) =>
    Array.from({ length: L }, (_, j) => {
      const t = j - i + h;
      return t >= 0 && t < R ? c[t] : 0;
    }),
  );
}

/** The signal length of the example: 1.5 R rounded up, at least 32, at most 160. */
export function exampleLength(R: number): number {
  return Math.min(160, Math.max(32, Math.ceil(1.5 * R)));
}

/** One network of the matrix figure: its 1-D path counts (or weights) over the receptive field. */
export interface ConvMatrixInput {
  label: SeriesLabel;
  counts: ArrayLike<number>;
}

/** Options of `convMatrixFigure`. */
export interface ConvMatrixOptions extends FigureOptions {
  /** Signal length L (default `exampleLength` of the widest receptive field). */
  length?: number;
  /** A note under each panel title (e.g. 'x-axis cut of the 2-D network'). */
  note?: string;
}

/**
 * Figure 7, the convolution matrix of a small example as a sparsity picture: the whole
 * network as one linear map y = M x on an L-sample signal with zero "same" padding; a cell
 * is coloured when output i depends on input j (by path count), blank when it does not.
 * A dilated network gives a banded Toeplitz matrix; a gridding stack's band is toothy
 * (every g-th diagonal only), a hybrid schedule's band is solid.
 *
 * Table columns: network, series ('paths'), input j, output i, paths.
 */
export function convMatrixFigure(
  networks: readonly ConvMatrixInput[],
  options: ConvMatrixOptions = {},
): Figure {
  const n = Math.max(1, networks.length);
  const widest = Math.max(1, ...networks.map((x) => x.counts.length));
  const L = options.length ?? exampleLength(widest);
  const data: Trace[] = [];
  const annotations: Annotation[] = [];
  const table = {
    columns: ['network', 'series', 'input j', 'output i', 'paths'],
    rows: [] as Figure['table']['rows'],
  };
  const layout: Layout = baseLayout(
    `Convolution matrix on a ${L}-sample signal (blank = output ignores input)`,
    options,
    {
      width: Math.min(1200, 120 + 330 * n),
      height: 430,
    },
  );
  const idx = Array.from({ length: L }, (_, j) => j);
  networks.forEach((net, ni) => {
    const M = convolutionMatrix(net.counts, L);
    let max = 1;
    for (const row of M) for (const v of row) max = Math.max(max, v);
    const z = M.map((row) => row.map((v) => (v === 0 ? null : v)));
    M.forEach((row, i) => {
      const nz = idx.filter((j) => row[j] !== 0);
      pushSeries(
        table,
        net.label.id,
        'paths',
        nz,
        nz.map(() => i),
        [nz.map((j) => row[j])],
      );
    });
    const ax = panelAxes(ni);
    data.push({
      type: 'heatmap',
      name: `${net.label.id} matrix`,
      x: idx,
      y: idx,
      z,
      zmin: 0,
      zmax: max,
      colorscale: [
        [0, PALETTE.covered[0]],
        [1, PALETTE.covered[1]],
      ],
      showscale: ni === n - 1,
      xaxis: ax.x,
      yaxis: ax.y,
      xgap: L <= 64 ? 1 : 0,
      ygap: L <= 64 ? 1 : 0,
      hovertemplate: `${net.label.id} output sample %{y} ← input sample %{x}: %{z} paths<extra></extra>`,
    });
    annotations.push(
      panelTitle(
        `<b>${net.label.id}</b> ${net.label.name}${options.note ? `<br><span style="font-size:11px">${options.note}</span>` : ''}`,
        ni,
        n,
      ),
    );
    layout[ax.xKey as 'xaxis'] = axis('input sample j', {
      domain: panelDomain(ni, n),
      anchor: ax.y,
      showgrid: false,
      constrain: 'domain',
      range: [-0.5, L - 0.5],
    });
    layout[ax.yKey as 'yaxis'] = axis(ni === 0 ? 'output sample i' : '', {
      anchor: ax.x,
      scaleanchor: ax.x,
      showgrid: false,
      constrain: 'domain',
      autorange: 'reversed',
    });
  });
  // One colour scale for every panel (the largest count of them all), its bar at the right.
  const top = Math.max(1, ...data.map((tr) => tr.zmax ?? 1));
  data.forEach((tr, i) => {
    tr.zmax = top;
    tr.showscale = i === data.length - 1;
    tr.colorbar = countColorbar('paths', top);
  });
  layout.annotations = annotations;
  layout.showlegend = false;
  layout.plot_bgcolor = '#ffffff';
  if (layout.margin) layout.margin.t += 24;
  return { name: 'conv-matrix', data, layout, table };
}
