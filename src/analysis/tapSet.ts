import type { Network, NetworkNode } from '../network/types.ts';
import { compositeKernel, type DenseKernel } from './composite.ts';

/**
 * Path counts of a node: for every input offset of its receptive field (causal form, offset
 * 0 = the first input it reads; row-major [rows, cols] for 2-D), the number of tap
 * combinations that reach it — the composite kernel with every weight set to 1. Stack:
 * the Minkowski sum of the layers' tap sets with multiplicities (full convolution);
 * parallel: the union of branches aligned at their centres; residual: the body plus one
 * path at its centre.
 */
export function pathCountsOf(node: NetworkNode, dims: 1 | 2): DenseKernel {
  return compositeKernel(node, dims, true);
}

/** Path counts of a whole network (see `pathCountsOf`). */
export function pathCounts(network: Network): DenseKernel {
  return pathCountsOf(network.root, network.dims);
}

/**
 * The tap set (support) from path counts: the offsets with at least one path, in
 * increasing (row-major) order; numbers for 1-D, [row, col] for 2-D.
 */
export function tapSetOf(counts: DenseKernel): number[] | [number, number][] {
  const w = counts.weights;
  if (counts.shape.length === 1) {
    const out: number[] = [];
    for (let i = 0; i < w.length; i++) if (w[i] > 0) out.push(i);
    return out;
  }
  const C = counts.shape[1];
  const out: [number, number][] = [];
  for (let i = 0; i < w.length; i++) if (w[i] > 0) out.push([Math.floor(i / C), i % C]);
  return out;
}

/** The tap set (support) of a network, causal offsets (see `tapSetOf`). */
export function tapSet(network: Network): number[] | [number, number][] {
  return tapSetOf(pathCounts(network));
}
