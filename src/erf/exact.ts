import { graphKernel, pathCounts } from '../analysis/index.ts';
import {
  type ConvParams,
  type Graph,
  type GraphNode,
  type Network,
  networkGraph,
} from '../network/index.ts';
import { FieldError, finiteIn } from '../util/validate.ts';
import { griddingIndex } from './measures.ts';
import type { ErfMap } from './types.ts';
import { windowOrigin } from './window.ts';

/** A conv's parameters with its weights replaced by `fill` of them (geometry unchanged). */
function filled(c: ConvParams, fill: (w: Float64Array) => Float64Array): ConvParams {
  const { kernel: _spec, ...rest } = c;
  return { ...rest, weights: { shape: c.weights.shape, data: fill(c.weights.data) } };
}

/** The graph with every conv's and projection shortcut's weights replaced by `fill` of them. */
function withWeights(graph: Graph, fill: (w: Float64Array) => Float64Array): Graph {
  const nodes = graph.nodes.map((n): GraphNode => {
    if (n.op === 'conv') return { ...n, ...filled(n, fill) };
    if (n.op === 'shortcut' && n.projection)
      return { ...n, projection: filled(n.projection, fill) };
    return n;
  });
  return { ...graph, nodes };
}

/** Whether the network has a max pool (not linear: no exact ERF applies). */
export function hasMaxPool(network: Network): boolean {
  return networkGraph(network).nodes.some((n) => n.op === 'pool' && n.mode === 'max');
}

/** The graph with its max pools read as avg pools (same window, stride and padding). */
function maxAsAvg(graph: Graph): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((n): GraphNode => (n.op === 'pool' ? { ...n, mode: 'avg' } : n)),
  };
}

function asMap(network: Network, graph: Graph, square: boolean): ErfMap {
  const k = graphKernel(graph);
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
 * identity contributes a factor 1, a projection shortcut one weight). For a stack of L layers that is σ^{2L}·paths(u); in
 * general it is the composite kernel with every weight replaced by σ². Units: squared
 * output per squared input. An avg pool of k taps (fixed weights 1/k) scales the map by a
 * constant; a max pool, which is not linear, is read as an avg pool: the map is then not an
 * expectation but keeps its support, the exact tap set (what `tapSetGriddingIndex` reads).
 */
export function exactRandomErf(network: Network, variance = 1): ErfMap {
  finiteIn('variance', variance, Number.MIN_VALUE);
  return asMap(
    network,
    withWeights(maxAsAvg(networkGraph(network)), (w) => new Float64Array(w.length).fill(variance)),
    false,
  );
}

/**
 * The exact ERF of a single-channel linear network with its given weights: (∂y₀/∂x_u)² is
 * the square of the composite kernel at u (it does not depend on the input). An avg pool
 * is linear (a box of 1/k per tap, PyTorch's count_include_pad) and counts; a max pool is
 * not, and is refused (a FieldError on `network`: `erf` measures such a network).
 */
export function exactGivenErf(network: Network): ErfMap {
  if (hasMaxPool(network))
    throw new FieldError(
      'network',
      'has a max pool, which is not linear: no exact ERF applies (dilation-lab erf measures it by back-propagation)',
    );
  return asMap(network, networkGraph(network), true);
}

/** The exact ERF of a linear spec network as the ERF figures read it (src/figures/erf.ts). */
export interface ExactErfView {
  /** The exact ERF rows, normalised to a maximum of 1 (one row in 1-D). */
  erf: number[][];
  /** Window index of the output ([row, col]; [col] in 1-D). */
  origin: number[];
  /** null: `erf` is itself the exact form (nothing measured beside it). */
  exact: null;
  /** Path counts on the window (the exact tap set). */
  pathCounts: number[][];
  /** The gridding index of `erf` (docs/theory.md §13; 1 when an offset of the window gets 0). */
  griddingIndex: number;
}

/**
 * The exact ERF of a (linear, single-channel) spec network with its given weights — the
 * squared composite kernel, what the measured ERF equals for such a network — normalised to
 * a maximum of 1, with the path counts (the exact tap set) on the same window: the input of
 * the web lab's ERF card and the report's `erf` figure. No runtime involved (pure, sync).
 */
export function exactErfView(network: Network): ExactErfView {
  const given = exactGivenErf(network);
  const counts = pathCounts(network);
  const rows = (values: Float64Array, scale: number): number[][] => {
    const [R, C] = given.shape.length === 2 ? given.shape : [1, given.shape[0]];
    return Array.from({ length: R }, (_, r) =>
      Array.from(values.subarray(r * C, (r + 1) * C), (v) => v * scale),
    );
  };
  let max = 0;
  for (const v of given.values) if (v > max) max = v;
  return {
    erf: rows(given.values, max > 0 ? 1 / max : 0),
    origin: [...given.origin],
    exact: null,
    pathCounts: rows(counts.weights, 1),
    griddingIndex: griddingIndex(given),
  };
}
