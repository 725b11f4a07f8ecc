import type { Network } from '../network/types.ts';
import { receptiveFieldOf, totalStride } from './composite.ts';

/** A 1-D value as a number, a 2-D one as [rows, cols] (the form of the JSON output). */
export function perAxisValue(values: readonly number[]): number | [number, number] {
  return values.length === 1 ? values[0] : [values[0], values[1]];
}

/**
 * Receptive field of a network, in input samples (1-D) or [rows, cols] pixels (2-D):
 * r = 1 + Σ_l (k_l − 1)·d_l·Π_{i<l} s_i for a stack; the widest branch for a parallel set
 * (centres aligned); the body for a residual block.
 */
export function receptiveField(network: Network): number | [number, number] {
  return perAxisValue(receptiveFieldOf(network.root, network.dims));
}

/**
 * How the receptive field grows member by member: entry i is the receptive field of
 * members 0..i (the layers of a top-level stack composed in order, with the strides of the
 * earlier ones; or the widest of branches 0..i of a top-level parallel set). A network whose
 * root is a single layer or residual block has one entry. Units as `receptiveField`.
 */
export function receptiveFieldGrowth(network: Network): (number | [number, number])[] {
  const { dims, root } = network;
  const one = dims === 1 ? [1] : [1, 1];
  if (root.type === 'stack') {
    const out: (number | [number, number])[] = [];
    let r = [...one];
    let s = [...one];
    for (const l of root.layers) {
      const rl = receptiveFieldOf(l, dims, s);
      r = r.map((v, i) => v + rl[i] - 1);
      const ts = totalStride(l, dims);
      s = s.map((v, i) => v * ts[i]);
      out.push(perAxisValue(r));
    }
    return out;
  }
  if (root.type === 'parallel') {
    let r = [...one];
    return root.branches.map((b) => {
      const rb = receptiveFieldOf(b, dims);
      r = r.map((v, i) => Math.max(v, rb[i]));
      return perAxisValue(r);
    });
  }
  return [perAxisValue(receptiveFieldOf(root, dims))];
}
