import { axis, baseLayout, networkColor } from '../palette.ts';
import { pushSeries } from '../table.ts';
import type { Figure, FigureOptions, SeriesLabel, Trace } from '../types.ts';
import { REFERENCE_STYLES } from './inputs.ts';

/** A network's receptive field after each of its layers (1-D samples, or the x axis of 2-D). */
export interface GrowthInput {
  label: SeriesLabel;
  /** growth[i] = receptive field of layers 1..i+1. */
  growth: readonly number[];
}

/** Options of `rfLinearVsExponentialFigure`. */
export interface RfLinearVsExponentialOptions extends FigureOptions {
  /** Deepest stack on the x axis (default 10 layers, at least the deepest network). */
  depth?: number;
  /** Kernel sizes k of the theory curves (default [3]). */
  kernelSizes?: readonly number[];
}

/**
 * Receptive field against depth L on a log axis: L layers of a k-tap kernel at rate 1
 * grow it linearly, r = 1 + L(k − 1); at rates 1, 2, 4, ..., 2^(L−1) exponentially,
 * r = 1 + (k − 1)(2^L − 1), with the same weights per layer. Each network's own growth
 * (receptive field after each layer) is drawn over them.
 *
 * Table columns: network, series, layers L, receptive field (samples).
 */
export function rfLinearVsExponentialFigure(
  networks: readonly GrowthInput[],
  options: RfLinearVsExponentialOptions = {},
): Figure {
  const deepest = Math.max(0, ...networks.map((n) => n.growth.length));
  const depth = Math.max(options.depth ?? 10, deepest);
  const sizes = options.kernelSizes ?? [3];
  const table: Figure['table'] = {
    columns: ['network', 'series', 'layers L', 'receptive field (samples)'],
    rows: [],
  };
  const data: Trace[] = [];
  const L = Array.from({ length: depth }, (_, i) => i + 1);
  let top = 1;
  sizes.forEach((k, i) => {
    const lin = L.map((l) => 1 + l * (k - 1));
    const exp = L.map((l) => 1 + (k - 1) * (2 ** l - 1));
    top = Math.max(top, ...exp);
    const style = REFERENCE_STYLES[i % REFERENCE_STYLES.length];
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `k = ${k}, rates 1, 2, 4, …: ${k === 2 ? '2<sup>L</sup>' : `1 + ${k - 1}(2<sup>L</sup> − 1)`}`,
      x: L,
      y: exp,
      line: { color: style.color, width: 2, dash: 'solid' },
      hovertemplate: `exponential, k = ${k}, L = %{x}: %{y}<extra></extra>`,
    });
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `k = ${k}, all rates 1: 1 + ${k === 2 ? '' : k - 1}L`,
      x: L,
      y: lin,
      line: { color: style.color, width: 2, dash: 'dash' },
      hovertemplate: `linear, k = ${k}, L = %{x}: %{y}<extra></extra>`,
    });
    pushSeries(table, '', `exponential k=${k}`, L, exp);
    pushSeries(table, '', `linear k=${k}`, L, lin);
  });
  networks.forEach((net, ni) => {
    const x = net.growth.map((_, i) => i + 1);
    top = Math.max(top, ...net.growth);
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: `${net.label.id}: ${net.label.name}`,
      x,
      y: [...net.growth],
      line: { color: networkColor(ni), width: 2 },
      marker: { color: networkColor(ni), size: 8, symbol: ['circle', 'square', 'diamond'][ni % 3] },
      hovertemplate: `${net.label.id}, after layer %{x}: %{y}<extra></extra>`,
    });
    pushSeries(table, net.label.id, 'schedule', x, net.growth);
  });
  const layout = baseLayout('Receptive field: linear against exponential growth', options, {
    width: 560,
    height: 380,
  });
  layout.xaxis = axis('layers L', { range: [0.5, depth + 0.5], dtick: depth > 15 ? 2 : 1 });
  layout.yaxis = axis('receptive field (samples, log scale)', {
    type: 'log',
    range: [0, Math.log10(top) + 0.15],
  });
  return { name: 'rf-linear-vs-exponential', data, layout, table };
}
