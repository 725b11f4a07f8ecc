import { borderValidity } from '../analysis/border.ts';
import { axis, baseLayout, networkColor, PALETTE, titleLegendGroups } from './palette.ts';
import { pushSeries } from './table.ts';
import type { Figure, FigureOptions, SeriesLabel, Trace } from './types.ts';

/** One network of the border figure: its kernel shape and its layers' rates. */
export interface BorderInput {
  label: SeriesLabel;
  /** Kernel shape of its layers: [k] (1-D) or [k_y, k_x] (2-D). */
  shape: readonly number[];
  /** The rate of each layer (x axis for 2-D). */
  rates: readonly number[];
}

/**
 * The rates a border curve is evaluated at for a map of side S: every integer 1..S when
 * S ≤ 400, else about 400 integers spread evenly over 1..S (always including 1 and S),
 * plus the `extra` rates (the networks' own), sorted and unique.
 */
export function borderRates(mapSize: number, extra: readonly number[] = []): number[] {
  const S = Math.max(1, mapSize);
  const set = new Set<number>();
  if (S <= 400) for (let r = 1; r <= S; r++) set.add(r);
  else for (let i = 0; i < 400; i++) set.add(1 + Math.round((i * (S - 1)) / 399));
  for (const r of extra) if (r >= 1) set.add(r);
  return [...set].sort((a, b) => a - b);
}

/**
 * Figure 6, border validity against rate (DeepLabv3 §3.3): on an S×S map (S-long signal in
 * 1-D) with zero "same" padding, the fraction of output positions where all of a k×k
 * kernel's taps land inside the map, and the fraction where only the centre tap does (the
 * filter has degenerated to 1×1), for every rate 1..S, computed by `borderValidity` of
 * src/analysis. Each network's layers sit on the curves as markers at their rates.
 *
 * Table columns: network, series, rate, fraction of positions.
 */
export function borderFigure(
  networks: readonly BorderInput[],
  mapSize: number,
  options: FigureOptions = {},
): Figure {
  const data: Trace[] = [];
  const table = {
    columns: ['network', 'series', 'rate', 'fraction of positions'],
    rows: [] as Figure['table']['rows'],
  };
  const shapes = new Map<string, readonly number[]>();
  for (const n of networks) shapes.set(n.shape.join('×'), n.shape);
  const allRates = networks.flatMap((n) => n.rates);
  const rates = borderRates(mapSize, allRates);
  const dashes = ['solid', 'dot', 'dashdot'];
  [...shapes.entries()].forEach(([key, shape], si) => {
    const dil = (r: number) => shape.map(() => r);
    const full = rates.map((r) => borderValidity(shape, dil(r), mapSize).allTapsFraction);
    const centre = rates.map((r) => borderValidity(shape, dil(r), mapSize).centerOnlyFraction);
    const taps = shape.length === 2 ? `${shape[0] * shape[1]}` : `${shape[0]}`;
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `all ${taps} taps inside (${key})`,
      x: rates,
      y: full,
      line: { color: PALETTE.text, width: 2, dash: dashes[si % 3] },
      hovertemplate: `${key} rate %{x} samples: all taps inside at %{y:.1%} of positions<extra></extra>`,
    });
    pushSeries(table, 'curve', `all taps inside (${key})`, rates, full);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `only the centre tap inside (${key})`,
      x: rates,
      y: centre,
      line: { color: PALETTE.problem, width: 2, dash: dashes[si % 3] },
      hovertemplate: `${key} rate %{x} samples: only the centre tap at %{y:.1%} of positions<extra></extra>`,
    });
    pushSeries(table, 'curve', `only the centre tap inside (${key})`, rates, centre);
  });
  networks.forEach((net, ni) => {
    const color = networkColor(ni);
    const rs = [...new Set(net.rates)].sort((a, b) => a - b);
    const dil = (r: number) => net.shape.map(() => r);
    const full = rs.map((r) => borderValidity(net.shape, dil(r), mapSize).allTapsFraction);
    const centre = rs.map((r) => borderValidity(net.shape, dil(r), mapSize).centerOnlyFraction);
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `${net.label.id} layers (rates ${rs.join(', ')})`,
      legendgroup: net.label.id,
      x: [...rs, ...rs],
      y: [...full, ...centre],
      marker: {
        color,
        size: 9,
        symbol: ni === 0 ? 'circle' : ni === 1 ? 'square' : 'diamond',
        line: { color: '#ffffff', width: 1 },
      },
      hovertemplate: `${net.label.id} rate %{x} samples: %{y:.1%} of positions<extra></extra>`,
    });
    pushSeries(table, net.label.id, 'layers: all taps inside', rs, full);
    pushSeries(table, net.label.id, 'layers: only the centre tap inside', rs, centre);
  });
  titleLegendGroups(
    data,
    networks.map((n) => n.label),
  );
  const side = networks.some((n) => n.shape.length === 2)
    ? `${mapSize}×${mapSize} map`
    : `${mapSize}-sample signal`;
  const layout = baseLayout(
    `Border validity against rate on a ${side} (zero "same" padding)`,
    options,
    {
      width: 720,
      height: 400,
    },
  );
  layout.xaxis = axis('rate d', { range: [0, Math.max(...rates) + 1] });
  layout.yaxis = axis('fraction of output positions', { range: [0, 1.02], tickformat: '.0%' });
  return { name: 'border', data, layout, table };
}
