import { placementOf } from '../analysis/index.ts';
import type { NetworkNode } from '../network/types.ts';
import type { ErfMap } from './types.ts';

/**
 * The window index (per axis) of the input sample output 0 sits on, in the causal window of
 * `compositeKernel`: minus the node's placement offset (network/graph.ts), i.e. how far
 * before its own position the first input it reads lies, with every layer's padding placed
 * as PyTorch places it (a `same` layer: ⌊d(k−1)/2⌋ times its input scale; `causal`: d(k−1)).
 */
export function windowOrigin(
  node: NetworkNode,
  dims: 1 | 2,
  scale: readonly number[] = dims === 1 ? [1] : [1, 1],
): number[] {
  return placementOf(node, dims, scale).offset.map((v) => -v);
}

/** A copy of `map` scaled so that its largest value is 1 (an all-zero map stays zero, never NaN). */
export function normaliseToMax(map: ErfMap): ErfMap {
  let max = 0;
  for (const v of map.values) if (v > max) max = v;
  const values = new Float64Array(map.values.length);
  if (max > 0) for (let i = 0; i < values.length; i++) values[i] = map.values[i] / max;
  return { shape: [...map.shape], values, origin: [...map.origin] };
}

/** The JSON rows of a map: number[][] for 2-D, a single row for 1-D. */
export function mapRows(map: ErfMap): number[][] {
  if (map.shape.length === 1) return [Array.from(map.values)];
  const [R, C] = map.shape;
  const rows: number[][] = [];
  for (let r = 0; r < R; r++) rows.push(Array.from(map.values.subarray(r * C, (r + 1) * C)));
  return rows;
}
