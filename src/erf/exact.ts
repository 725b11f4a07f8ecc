import { compositeKernel } from '../analysis/index.ts';
import type { Network, NetworkNode } from '../network/types.ts';
import { finiteIn } from '../util/validate.ts';
import type { ErfMap } from './types.ts';
import { windowOrigin } from './window.ts';

function withWeights(node: NetworkNode, fill: (w: Float64Array) => Float64Array): NetworkNode {
  switch (node.type) {
    case 'layer':
      return { ...node, kernel: { ...node.kernel, weights: fill(node.kernel.weights) } };
    case 'pool':
      return node;
    case 'stack':
      return { ...node, layers: node.layers.map((l) => withWeights(l, fill)) };
    case 'parallel':
      return { ...node, branches: node.branches.map((b) => withWeights(b, fill)) };
    case 'residual':
      return { ...node, body: withWeights(node.body, fill) };
  }
}

function asMap(network: Network, root: NetworkNode, square: boolean): ErfMap {
  const k = compositeKernel(root, network.dims);
  const values = square ? k.weights.map((w) => w * w) : Float64Array.from(k.weights);
  return { shape: k.shape, values, origin: windowOrigin(network.root, network.dims) };
}

/**
 * The exact ERF of a single-channel linear network whose weights are zero-mean, i.i.d.,
 * of variance σ² (`variance`, default 1): E[(∂y₀/∂x_u)²] for every input offset u of the
 * receptive-field window (docs/theory.md, "Effective receptive field").
 *
 * ∂y₀/∂x_u = Σ_{paths p → u} Π_{weights w on p} w. The cross terms of two different paths
 * vanish in expectation (they differ in at least one independent zero-mean weight), so
 * E[(∂y₀/∂x_u)²] = Σ_{p → u} σ^{2·L(p)}, L(p) the number of weights on path p (a residual
 * identity contributes a factor 1). For a stack of L layers that is σ^{2L}·paths(u); in
 * general it is the composite kernel with every weight replaced by σ². Units: squared
 * output per squared input.
 */
export function exactRandomErf(network: Network, variance = 1): ErfMap {
  finiteIn('variance', variance, Number.MIN_VALUE);
  return asMap(
    network,
    withWeights(network.root, (w) => new Float64Array(w.length).fill(variance)),
    false,
  );
}

/**
 * The exact ERF of a single-channel linear network with its given weights: (∂y₀/∂x_u)² is
 * the square of the composite kernel at u (it does not depend on the input).
 */
export function exactGivenErf(network: Network): ErfMap {
  return asMap(network, network.root, true);
}
