import { compositeKernel, totalStride } from '../analysis/composite.ts';
import { kernelNulls } from '../analysis/nulls.ts';
import type { NetworkNode } from '../network/types.ts';
import type { DelayFactor } from './phase.ts';

/**
 * The factors of a 1-D network's response for the group delay (`groupDelay`) when its root
 * is a stack or a layer, else null (the composite kernel is then the one factor).
 */
export function delayFactors(root: NetworkNode): DelayFactor[] | null {
  return root.type === 'stack' || root.type === 'layer' ? factorsOf(root, 1) : null;
}

/**
 * A layer is its base kernel with taps d·scale apart; a stack the factors of its children
 * (each read after the strides before it); any other node (parallel, residual, pool) one
 * factor, its composite kernel at scale 1 with taps `scale` apart. Nulls are the exact
 * nulls of each factor's kernel.
 */
function factorsOf(node: NetworkNode, scale: number): DelayFactor[] {
  switch (node.type) {
    case 'layer': {
      const kernel = node.kernel.weights;
      return [{ kernel, step: node.dilation[0] * scale, nulls: kernelNulls(kernel) }];
    }
    case 'stack': {
      const out: DelayFactor[] = [];
      let s = scale;
      for (const l of node.layers) {
        out.push(...factorsOf(l, s));
        s *= totalStride(l, 1)[0];
      }
      return out;
    }
    default: {
      const kernel = compositeKernel(node, 1).weights;
      return [{ kernel, step: scale, nulls: kernelNulls(kernel) }];
    }
  }
}
