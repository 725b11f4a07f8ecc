import { objectHitProbability } from '../../analysis/objectHit.ts';
import { axis, baseLayout, networkColor } from '../palette.ts';
import { pushSeries } from '../table.ts';
import type { Figure, FigureOptions, Trace } from '../types.ts';
import { networkMarker, type RateMarkers, REFERENCE_STYLES } from './inputs.ts';

/** Options of `objectHitFigure`. */
export interface ObjectHitOptions extends FigureOptions {
  /** Largest rate on the x axis (default 32). */
  maxRate?: number;
  /** Object size [w, h] in samples/pixels (default [1, 1]); h is ignored in 1-D. */
  object?: readonly [number, number];
  /** 1 for a 1-D lattice (min(w, d)/d), 2 for a 2-D one (default 2). */
  dims?: 1 | 2;
}

/**
 * Probability that one layer at rate d touches an object placed uniformly at random
 * against its sampling lattice: min(w, d)·min(h, d)/d² in 2-D, min(w, d)/d in 1-D
 * (design.md §9), for d = 1..maxRate. An object at least d wide is always touched; a
 * single pixel only with probability 1/d². The configured object is drawn solid, a single
 * sample or pixel as a dashed reference; each network's layers are marked at their rates.
 *
 * Table columns: network, series, rate d, probability (0..1).
 */
export function objectHitFigure(
  networks: readonly RateMarkers[],
  options: ObjectHitOptions = {},
): Figure {
  const maxRate = options.maxRate ?? 32;
  const object = options.object ?? [1, 1];
  const dims = options.dims ?? 2;
  const table: Figure['table'] = {
    columns: ['network', 'series', 'rate d', 'probability'],
    rows: [],
  };
  const data: Trace[] = [];
  const rates = Array.from({ length: maxRate }, (_, i) => i + 1);
  const sizeText = (o: readonly [number, number]) =>
    dims === 1
      ? `${o[0]} sample${o[0] === 1 ? '' : 's'}`
      : `${o[0]}×${o[1]} pixel${o[0] * o[1] === 1 ? '' : 's'}`;
  const objects: (readonly [number, number])[] = [object];
  if (object[0] !== 1 || (dims === 2 && object[1] !== 1)) objects.push([1, 1]);
  objects.forEach((o, i) => {
    const y = rates.map((d) => objectHitProbability(o, dims === 1 ? [d] : [d, d]));
    const style = REFERENCE_STYLES[i];
    const name = `object ${sizeText(o)}`;
    data.push({
      type: 'scatter',
      mode: 'lines',
      name,
      x: rates,
      y,
      line: { color: style.color, width: 2, dash: style.dash, shape: 'linear' },
      hovertemplate: `${name}, d = %{x}: %{y:.3f}<extra></extra>`,
    });
    pushSeries(table, '', name, rates, y);
  });
  networks.forEach((net, ni) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const text: string[] = [];
    net.layers.forEach((l, j) => {
      const d =
        dims === 1
          ? [l.dilation[0]]
          : l.dilation.length === 1
            ? [l.dilation[0], l.dilation[0]]
            : l.dilation;
      xs.push(Math.max(...d));
      ys.push(objectHitProbability(object, d));
      text.push(`layer ${j + 1}: d = ${d.join('×')}`);
    });
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `${net.label.id}: ${net.label.name}`,
      x: xs,
      y: ys,
      text,
      marker: networkMarker(ni, networkColor(ni)),
      hovertemplate: `${net.label.id} %{text}: %{y:.3f}<extra></extra>`,
    });
    pushSeries(table, net.label.id, `layers, object ${sizeText(object)}`, xs, ys);
  });
  const layout = baseLayout(
    `Chance that one layer touches an object of ${sizeText(object)}`,
    options,
    {
      width: 560,
      height: 380,
    },
  );
  layout.xaxis = axis('rate d', { range: [0.5, maxRate + 0.5] });
  layout.yaxis = axis('P(object touched)', { range: [0, 1.02], tickformat: '.0%' });
  return { name: 'object-hit', data, layout, table };
}
