import { convLayers, networkGraph } from '../network/index.ts';
import type { Network } from '../network/types.ts';
import type { CostReport } from './types.ts';

interface LayerCost {
  weights: number;
  /** Product of strides up to and including this layer, per axis. */
  cumulativeStride: number[];
  shape: readonly number[];
}

function layerCosts(network: Network): LayerCost[] {
  const graph = networkGraph(network);
  return convLayers(graph).map((node) => {
    const c = node.op === 'conv' ? node : node.projection;
    return {
      weights: c.weights.data.length,
      cumulativeStride: [...graph.placements[node.id].scale],
      shape: c.size,
    };
  });
}

/**
 * Layers of a k-tap kernel (per axis) needed to reach a receptive field r: undilated, each
 * adds k−1, so n = ⌈(r−1)/(k−1)⌉; with stride 2 each, layer l adds (k−1)·2^l, so n is the
 * smallest with 1 + (k−1)(2^n − 1) ≥ r. At least one layer.
 */
export function layersToReach(r: readonly number[], k: readonly number[], stride: 1 | 2): number {
  let n = 1;
  r.forEach((ra, i) => {
    if (ra <= 1 || k[i] <= 1) return;
    let na: number;
    if (stride === 1) na = Math.ceil((ra - 1) / (k[i] - 1));
    else {
      na = 0;
      while (1 + (k[i] - 1) * (2 ** na - 1) < ra) na++;
    }
    n = Math.max(n, na);
  });
  return n;
}

/** Options of `cost`. */
export interface CostOptions {
  /** Side S of the feature map (S samples for 1-D, S×S for 2-D) for `macsForMap`. */
  mapSize?: number;
  /** Channels c in and out of every layer (default 1). */
  channels?: number;
}

/**
 * Cost of a network (design.md item 10), every layer mapping c channels to c channels.
 * - parameters = c²·Σ_l (weights of layer l).
 * - macsPerOutput (per channel pair) = Σ_l weights_l·Π_a (T_a / s_{l,a}), where s_{l,a} is the
 *   product of strides up to and including layer l and T_a the network's total stride: the
 *   multiply-adds behind one final output (= the weight count without strides).
 * - macsForMap = c²·Σ_l weights_l·Π_a ⌈S / s_{l,a}⌉ for an S-long signal or S×S map with
 *   "same" padding (= S^dims·macsPerOutput·c² without strides).
 * - dense: a dense kernel with the same receptive field, c²·Π_a r_a parameters, and the ratio
 *   to this network's parameters.
 * - undilated: n = ⌈(r−1)/(k−1)⌉ stride-1 layers of the network's kernel (the largest k per
 *   axis over its layers; the most layers over axes), c²·n·Π k_a parameters.
 * - pooling: n stride-2 layers of that kernel (the smallest n with 1 + (k−1)(2^n−1) ≥ r per
 *   axis), c²·n·Π k_a parameters, and the output stride 2^n it costs in resolution.
 */
export function cost(network: Network, options: CostOptions = {}): CostReport {
  const c = options.channels ?? 1;
  const c2 = c * c;
  const layers = layerCosts(network);
  const out = networkGraph(network);
  const T = out.placements[out.output].scale;
  const weights = layers.reduce((a, l) => a + l.weights, 0);
  const macsPerOutput = layers.reduce(
    (acc, l) => acc + l.weights * l.cumulativeStride.reduce((p, s, i) => (p * T[i]) / s, 1),
    0,
  );
  const r = out.placements[out.output].receptiveField;
  const k = r.map((_, i) => Math.max(...layers.map((l) => l.shape[i])));
  const perLayer = k.reduce((a, b) => a * b, 1);
  const dense = r.reduce((a, b) => a * b, 1);
  const undilated = layersToReach(r, k, 1);
  const pooled = layersToReach(r, k, 2);
  const S = options.mapSize;
  const macsForMap =
    S === undefined
      ? undefined
      : c2 *
        layers.reduce(
          (acc, l) =>
            acc + l.weights * l.cumulativeStride.reduce((p, s) => p * Math.ceil(S / s), 1),
          0,
        );
  return {
    parameters: c2 * weights,
    macsPerOutput,
    channels: c,
    ...(macsForMap === undefined ? {} : { macsForMap }),
    dense: { parameters: c2 * dense, ratio: dense / weights },
    undilated: { layers: undilated, parameters: c2 * undilated * perLayer },
    pooling: { layers: pooled, parameters: c2 * pooled * perLayer, outputStride: 2 ** pooled },
  };
}
