import { centreShift, receptiveFieldOf, totalStride } from '../analysis/index.ts';
import type { NetworkNode } from '../network/types.ts';
import type { ErfMap } from './types.ts';

/**
 * The window index (per axis) of the input sample an output is centred on, in the causal
 * window of `compositeKernel`: a layer with "same" padding reads from
 * before = ⌊d(k−1)/2⌋ samples before its centre (times the input scale Π s_i); a stack adds
 * its layers' amounts; a parallel branch sits at its centring shift; a residual is its body.
 */
export function windowOrigin(
  node: NetworkNode,
  dims: 1 | 2,
  scale: readonly number[] = dims === 1 ? [1] : [1, 1],
): number[] {
  switch (node.type) {
    case 'layer':
      return node.kernel.shape.map(
        (k, i) => Math.floor((node.dilation[i] * (k - 1)) / 2) * scale[i],
      );
    case 'stack': {
      let o = scale.map(() => 0);
      let s = [...scale];
      for (const l of node.layers) {
        const ol = windowOrigin(l, dims, s);
        o = o.map((v, i) => v + ol[i]);
        const ts = totalStride(l, dims);
        s = s.map((v, i) => v * ts[i]);
      }
      return o;
    }
    case 'parallel': {
      const span = receptiveFieldOf(node, dims, scale);
      const b = node.branches[0];
      const sb = receptiveFieldOf(b, dims, scale);
      const ob = windowOrigin(b, dims, scale);
      return ob.map((v, i) => v + centreShift(span[i], sb[i]));
    }
    case 'residual':
      return windowOrigin(node.body, dims, scale);
  }
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
