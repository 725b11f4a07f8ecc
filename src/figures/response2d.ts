import { baseLayout } from './palette.ts';
import { pushSeries } from './table.ts';
import { panelAxes, panelDomain, panelTitle } from './taps.ts';
import type { Annotation, Figure, FigureOptions, Layout, SeriesLabel, Trace } from './types.ts';
import { convertFrequencies, frequencyAxis, frequencyColumn, frequencyUnitText } from './units.ts';

/**
 * A 2-D magnitude response as `/api/response2d` returns it: the grids wy (rows) and wx
 * (columns) in rad/sample and |H(ωy, ωx)| as rows (magnitude[i][j] at wy[i], wx[j]) or as
 * one row-major list of n·n values.
 */
export interface Response2dInput {
  wy: ArrayLike<number>;
  wx: ArrayLike<number>;
  magnitude: readonly ArrayLike<number>[] | ArrayLike<number>;
}

/** One network of the 2-D response figure. */
export interface Response2dFigureInput {
  label: SeriesLabel;
  response: Response2dInput;
}

/** Options of `response2dFigure`. */
export interface Response2dOptions extends FigureOptions {
  /** 'db' (default) draws 20·log10|H| clipped at `dbFloor`; 'linear' draws |H|. */
  scale?: 'linear' | 'db';
  /** Lowest dB drawn (default −60). */
  dbFloor?: number;
  /** Largest side drawn; larger grids are subsampled by a whole stride (default 256). */
  maxSide?: number;
  /** A note under each panel's title. */
  note?: string;
  /** Divide each network's |H| by its maximum on the grid (default false). */
  normalize?: boolean;
}

/** magnitude[i][j] for either input layout. */
function at(m: Response2dInput['magnitude'], cols: number, i: number, j: number): number {
  const row = (m as readonly ArrayLike<number>[])[i];
  if (row !== undefined && typeof row === 'object') return row[j];
  return (m as ArrayLike<number>)[i * cols + j];
}

/**
 * Figure 4, the 2-D magnitude response: a heatmap of |H(ωy, ωx)| (dB by default) per
 * network, side by side, on one colour scale. A stack whose rates share a factor g repeats
 * its response every 2π/g along each axis (g×g copies over the square); dark lines and dots
 * are the 2-D nulls.
 *
 * Table columns: network, series ('|H|' or '|H| (dB)'), frequency x, frequency y, value.
 */
export function response2dFigure(
  networks: readonly Response2dFigureInput[],
  options: Response2dOptions = {},
): Figure {
  const units = options.units ?? 'rad';
  const fs = options.fs ?? 1;
  const scale = options.scale ?? 'db';
  const floor = options.dbFloor ?? -60;
  const maxSide = options.maxSide ?? 256;
  const n = Math.max(1, networks.length);
  const base = options.normalize ? '|H|/max|H|' : '|H|';
  const series = scale === 'db' ? `${base} (dB)` : base;
  const table = {
    columns: [
      'network',
      'series',
      frequencyColumn(units, 'x'),
      frequencyColumn(units, 'y'),
      series,
    ],
    rows: [] as Figure['table']['rows'],
  };
  const data: Trace[] = [];
  const annotations: Annotation[] = [];
  const layout: Layout = baseLayout(
    `2-D magnitude response ${scale === 'db' ? '20·log₁₀|H(ω<sub>y</sub>, ω<sub>x</sub>)| (dB)' : '|H(ω<sub>y</sub>, ω<sub>x</sub>)|'}`,
    options,
    { width: Math.min(1200, 140 + 330 * n), height: 430 },
  );
  let zmax = scale === 'db' ? floor + 1 : 0;
  const grids = networks.map((net) => {
    const ny = net.response.wy.length;
    const nx = net.response.wx.length;
    const sy = Math.max(1, Math.ceil(ny / maxSide));
    const sx = Math.max(1, Math.ceil(nx / maxSide));
    let gain = 1;
    if (options.normalize) {
      let max = 0;
      for (let i = 0; i < ny; i++)
        for (let j = 0; j < nx; j++)
          max = Math.max(max, Math.abs(at(net.response.magnitude, nx, i, j)));
      if (max > 0) gain = max;
    }
    const iy = Array.from({ length: Math.ceil(ny / sy) }, (_, k) => k * sy);
    const ix = Array.from({ length: Math.ceil(nx / sx) }, (_, k) => k * sx);
    const z = iy.map((i) =>
      ix.map((j) => {
        const v = Math.abs(at(net.response.magnitude, nx, i, j)) / gain;
        const y = scale === 'db' ? Math.max(floor, 20 * Math.log10(v)) : v;
        return Number.isFinite(y) ? y : floor;
      }),
    );
    for (const row of z) for (const v of row) zmax = Math.max(zmax, v);
    return {
      x: convertFrequencies(
        ix.map((j) => net.response.wx[j]),
        units,
        fs,
      ),
      y: convertFrequencies(
        iy.map((i) => net.response.wy[i]),
        units,
        fs,
      ),
      z,
      sub: sy > 1 || sx > 1,
    };
  });
  const lo = (a: ArrayLike<number>) => (a.length ? Math.min(...Array.from(a)) : 0);
  const hi = (a: ArrayLike<number>) => (a.length ? Math.max(...Array.from(a)) : Math.PI);
  networks.forEach((net, ni) => {
    const g = grids[ni];
    const ax = panelAxes(ni);
    data.push({
      type: 'heatmap',
      name: `${net.label.id} |H|`,
      x: g.x,
      y: g.y,
      z: g.z,
      zmin: scale === 'db' ? floor : 0,
      zmax,
      colorscale: 'Viridis',
      showscale: ni === n - 1,
      colorbar: {
        title: { text: scale === 'db' ? series : `${series} (linear)`, side: 'right' },
        thickness: 12,
        len: 0.85,
      },
      xaxis: ax.x,
      yaxis: ax.y,
      hovertemplate: `${net.label.id} ω<sub>y</sub> = %{y:.4f}, ω<sub>x</sub> = %{x:.4f} ${frequencyUnitText(units)}<br>${series} %{z:.3g}${scale === 'db' ? ' dB' : ''}<extra></extra>`,
    });
    g.z.forEach((row, i) => {
      pushSeries(
        table,
        net.label.id,
        series,
        g.x,
        g.x.map(() => g.y[i]),
        [row],
      );
    });
    annotations.push(
      panelTitle(
        `<b>${net.label.id}</b> ${net.label.name}${g.sub || options.note ? `<br><span style="font-size:11px">${[g.sub ? 'subsampled for drawing' : '', options.note ?? ''].filter(Boolean).join(' · ')}</span>` : ''}`,
        ni,
        n,
        0.08,
      ),
    );
    const wx = net.response.wx;
    const wy = net.response.wy;
    layout[ax.xKey as 'xaxis'] = {
      ...frequencyAxis(units, fs, lo(wx), hi(wx), 'x'),
      domain: panelDomain(ni, n, 0.08),
      anchor: ax.y,
      showgrid: false,
      constrain: 'domain',
    };
    layout[ax.yKey as 'yaxis'] = {
      ...frequencyAxis(units, fs, lo(wy), hi(wy), 'y'),
      anchor: ax.x,
      scaleanchor: ax.x,
      showgrid: false,
      constrain: 'domain',
    };
  });
  layout.annotations = annotations;
  layout.showlegend = false;
  if (layout.margin) layout.margin.t += 24;
  return { name: `response-2d-${scale}`, data, layout, table };
}
