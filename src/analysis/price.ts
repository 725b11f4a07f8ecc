import {
  allLayers,
  convLayers,
  type Graph,
  type Network,
  networkGraph,
  networkMembers,
} from '../network/index.ts';
import { FieldError } from '../util/validate.ts';
import { receptiveFieldOf } from './composite.ts';
import { MAX_ZERO_DEGREE } from './zeros.ts';

/** Points per layer that every analysis pays (tables, deaf bands, border, info). */
export const ANALYZE_LAYER_POINTS = 10_000;

/**
 * Points per exact dilated zero ((k − 1)·d per layer and axis): nulls, deaf bands and zeros
 * of a layer are listed per zero (about 13–20 µs each on the reference machine, measured).
 */
export const ANALYZE_NULL_POINTS = 400;

/**
 * Points per degree² of a member's zeros searched by the Aberth–Ehrlich iteration (up to
 * 500 sweeps of degree² steps: 8–17 µs per degree² measured).
 */
export const ANALYZE_ROOT_POINTS = 330;

/**
 * The price of `analyze(network)` in points (one point ≈ 50 ns of one core of the 2-core
 * reference machine, docs/performance.md), the sum of the terms that dominate its time
 * (docs/http.md), fitted to measured times (bench/analyze-limits.ts):
 * - path counts and the composite on the receptive field: RF cells × Σ_l (1 for a layer of
 *   equal weights, convolved by window sums, or 0.3 × taps_l);
 * - every layer's kernel on the axis cuts of the receptive field: 0.5 × Σ_l Σ_a k_{l,a}·RF_a;
 * - exact nulls, deaf bands and zeros, listed per zero: 400 × Z, Z = Σ_l Σ_axes (k_a − 1)·d_a·S_a
 *   (a k-tap layer at rate d after total stride S has (k − 1)·d·S zeros on the unit circle), and Z × Σ_l Σ_a k_{l,a}
 *   for the edges of the composite's deaf bands, each refined on the whole response;
 * - roots of a composite that is a sum (a residual or a parallel sum), which does not factor
 *   into the layers' polynomials: 2 × Σ_axes RF_a²; and 330 × degree² for every member (and
 *   the whole) that is a parallel set or a residual block of degree ≤ MAX_ZERO_DEGREE, whose
 *   zeros the Aberth–Ehrlich iteration searches;
 * - 10 000 per layer for everything of fixed size (tables, deaf bands, border validity).
 * Pure: it reads only the network's geometry and weights (no clock), so the web page can
 * price a network before asking the server. test/server/cost.test.ts checks the ORDER it
 * gives a table of measured networks.
 */
export function analyzeCost(network: Network): number {
  const rf = receptiveFieldOf(network.root, network.dims);
  const cells = rf.reduce((a, b) => a * b, 1);
  const layers = allLayers(network);
  let perCell = 0;
  let zeros = 0;
  let cutTaps = 0;
  let taps = 0;
  for (const l of layers) {
    taps += l.kernel.shape.reduce((s, k) => s + k, 0);
    cutTaps += l.kernel.shape.reduce((s, k, a) => s + k * rf[a], 0);
    const w = l.kernel.weights;
    // Equal weights are convolved by running sums (a few operations per cell), others tap by tap.
    perCell += w.every((v) => v === w[0]) ? 1 : 0.3 * w.length;
  }
  // Zeros at the effective rate d·Π(strides before): a layer after stride s has (k − 1)·d·s.
  const graph = networkGraph(network);
  for (const n of convLayers(graph)) {
    const c = n.op === 'conv' ? n : n.projection;
    const scale = graph.placements[n.id].inputScale;
    c.size.forEach((k, a) => {
      zeros += (k - 1) * c.dilation[a] * scale[a];
    });
  }
  // A sum node: a residual block or a sum-merged parallel set.
  const sums = graph.nodes.some((n) => n.op === 'sum');
  const composite = sums ? rf.reduce((s, r) => s + r * r, 0) : 0;
  // Members (and the whole) that are a parallel set or a residual block of degree ≤
  // MAX_ZERO_DEGREE get their zeros by the Aberth–Ehrlich iteration: quadratic in the degree.
  const x = network.dims - 1;
  let aberth = 0;
  // (the degree read at the member's own scale 1: a member after strides is priced as alone)
  const searched = (g: Graph, node: Network['root']) => {
    const degree = receptiveFieldOf(node, network.dims)[x] - 1;
    if (g.nodes.some((n) => n.op === 'sum' || n.op === 'concat') && degree <= MAX_ZERO_DEGREE)
      aberth += degree * degree;
  };
  const parts = networkMembers(network).members;
  for (const m of parts) searched(m.graph, m.node);
  if (network.root.type !== 'stack' && !(parts.length === 1 && parts[0].node === network.root))
    searched(graph, network.root);
  return (
    cells * perCell +
    0.5 * cutTaps +
    ANALYZE_NULL_POINTS * zeros +
    zeros * taps +
    2 * composite +
    ANALYZE_ROOT_POINTS * aberth +
    ANALYZE_LAYER_POINTS * layers.length
  );
}

/**
 * The largest analysis `analyze` accepts, in points of `analyzeCost`: calibrated so that
 * every network at or below it answers in about 2 s or less on the 2-core reference machine
 * (docs/performance.md, `npm run bench -- analyze-limits`). One rule for the library, the
 * CLI, the server and the web page, which judges a network with it before asking.
 */
export const MAX_ANALYZE_COST = 15_000_000;

/**
 * Refuses an analysis priced above MAX_ANALYZE_COST: a FieldError on `network` that gives
 * the price and the limit and says what to reduce. `analyze` calls it first; the server and
 * the page call it before any work.
 */
export function checkAnalyzeCost(network: Network): void {
  const cost = analyzeCost(network);
  if (cost > MAX_ANALYZE_COST)
    throw new FieldError(
      'network',
      `is too costly to analyse in about 2 s: ${Math.round(cost)} points (analyzeCost), above the limit of ${MAX_ANALYZE_COST}; the price grows with the receptive field times the taps per layer, the exact zeros and nulls ((k − 1)·d per layer at its rate times the strides before it), and for a residual or a parallel sum the square of the receptive field: use smaller rates or kernels, or fewer layers or branches`,
    );
}
