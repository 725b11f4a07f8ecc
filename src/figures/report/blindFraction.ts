import { blindFraction } from '../../analysis/blindFraction.ts';
import { axis, baseLayout, networkColor, PALETTE } from '../palette.ts';
import { pushSeries } from '../table.ts';
import type { Figure, FigureOptions, Trace } from '../types.ts';
import { networkMarker, type RateMarkers, REFERENCE_STYLES } from './inputs.ts';

/** Options of `blindFractionFigure`. */
export interface BlindFractionOptions extends FigureOptions {
  /** Largest rate on the x axis (default 32). */
  maxRate?: number;
  /** Kernel sizes of the reference curves (default [3, 5, 7]). */
  kernelSizes?: readonly number[];
}

/**
 * Blind fraction against rate: for each kernel size k (3, 5, 7 by default), the share of a
 * dilated kernel's span K = (k−1)d + 1 that no tap reads, (k−1)(d−1)/(d(k−1)+1), for
 * d = 1..maxRate (per axis). It tends to 1 − 1/d: at d = 8 a 3-tap kernel reads 3 of 17
 * samples. Each network's layers are marked at their own rate and kernel size (a 2-D layer
 * by its x axis; its area blind fraction is 1 − (1 − bf_y)(1 − bf_x)).
 *
 * Table columns: network, series, rate d, blind fraction (0..1).
 */
export function blindFractionFigure(
  networks: readonly RateMarkers[],
  options: BlindFractionOptions = {},
): Figure {
  const maxRate = options.maxRate ?? 32;
  const sizes = options.kernelSizes ?? [3, 5, 7];
  const table: Figure['table'] = {
    columns: ['network', 'series', 'rate d', 'blind fraction'],
    rows: [],
  };
  const data: Trace[] = [];
  const rates = Array.from({ length: maxRate }, (_, i) => i + 1);
  sizes.forEach((k, i) => {
    const y = rates.map((d) => blindFraction(k, d));
    const style = REFERENCE_STYLES[i % REFERENCE_STYLES.length];
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `k = ${k} (per axis)`,
      x: rates,
      y,
      line: { color: style.color, width: 2, dash: style.dash },
      hovertemplate: `k = ${k}, d = %{x}: %{y:.3f}<extra></extra>`,
    });
    pushSeries(table, '', `k = ${k}`, rates, y);
  });
  data.push({
    type: 'scatter',
    mode: 'lines',
    name: 'limit 1 − 1/d',
    x: rates,
    y: rates.map((d) => 1 - 1 / d),
    line: { color: PALETTE.reference, width: 1, dash: 'dot' },
    hovertemplate: 'd = %{x}: 1 − 1/d = %{y:.3f}<extra></extra>',
  });
  pushSeries(
    table,
    '',
    'limit 1 - 1/d',
    rates,
    rates.map((d) => 1 - 1 / d),
  );
  networks.forEach((net, ni) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const text: string[] = [];
    net.layers.forEach((l, j) => {
      // The x axis of a 2-D layer, so the marker sits on the per-axis curve of its k.
      const k = l.shape[l.shape.length - 1];
      const d = l.dilation[l.dilation.length - 1];
      xs.push(d);
      ys.push(blindFraction(k, d));
      text.push(`layer ${j + 1}: k = ${k}, d = ${d}`);
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
    pushSeries(table, net.label.id, 'layers', xs, ys);
  });
  const layout = baseLayout('Blind fraction of one dilated kernel', options, {
    width: 560,
    height: 380,
  });
  layout.xaxis = axis('rate d', { range: [0.5, maxRate + 0.5] });
  layout.yaxis = axis('blind fraction of the span', { range: [0, 1], tickformat: '.0%' });
  return { name: 'blind-fraction', data, layout, table };
}
