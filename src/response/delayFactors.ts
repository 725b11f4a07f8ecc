import { graphKernel } from '../analysis/composite.ts';
import { kernelNulls } from '../analysis/nulls.ts';
import {
  elementGraph,
  foldSpec,
  type Network,
  networkGraph,
  type SpecStep,
} from '../network/index.ts';
import type { DelayFactor } from './phase.ts';

/**
 * The factors of a 1-D network's response for the group delay (`groupDelay`) when its root
 * is a stack or a layer, else null (the composite kernel is then the one factor).
 *
 * `foldSpec` over its graph: a layer is its base kernel with taps d·scale apart (scale: the
 * product of the strides before it); a stack the factors of its children; any other element
 * (parallel, residual, pool) one factor, its composite kernel read at scale 1 with taps
 * `scale` apart. Nulls are the exact nulls of each factor's kernel. Factors are made only
 * for the elements a stack is made of (values are thunks).
 */
export function delayFactors(network: Network): DelayFactor[] | null {
  const { root } = network;
  if (root.type !== 'stack' && root.type !== 'layer') return null;
  const graph = networkGraph(network);
  const whole = (step: SpecStep) => (): DelayFactor[] => {
    const kernel = graphKernel(elementGraph(graph, step, [1])).weights;
    return [{ kernel, step: step.inputScale[0], nulls: kernelNulls(kernel) }];
  };
  return foldSpec<() => DelayFactor[]>(graph, {
    layer: (n, step) => () => {
      const kernel = n.weights.data;
      return [{ kernel, step: n.dilation[0] * step.inputScale[0], nulls: kernelNulls(kernel) }];
    },
    stack: (items) => () => items.flatMap((f) => f()),
    pool: (_n, step) => whole(step),
    parallel: (_m, _b, step) => whole(step),
    residual: (_b, _s, step) => whole(step),
  })();
}
