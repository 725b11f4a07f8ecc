import { allLayers, type Network, networkGraph } from '../network/index.ts';
import { receptiveFieldOf } from './composite.ts';

/** Points per layer that every analysis pays (tables, deaf bands, border, info). */
export const ANALYZE_LAYER_POINTS = 10_000;

/** Points per (exact dilated null × layer): the nulls and zeros are intersected across layers. */
export const ANALYZE_NULL_POINTS = 30;

/**
 * The price of `analyze(network)` in points (one point ≈ 50–300 ns on the 2-core reference
 * machine, docs/performance.md), the sum of the terms that dominate its time (docs/http.md):
 * - path counts on the receptive field: RF cells × Σ_l (0.3 × taps_l, or 0.2 for a layer of
 *   equal weights, which is convolved by running sums);
 * - every layer's kernel on the axis cuts of the receptive field: 0.5 × Σ_l Σ_a k_{l,a}·RF_a;
 * - exact nulls and zeros, intersected across layers: 30 × L × Σ_l Σ_axes (k_a − 1)·d_a
 *   (a k-tap layer at rate d has (k − 1)·d zeros on the unit circle);
 * - roots of a composite that is a sum (a residual or a parallel sum), which does not factor
 *   into the layers' polynomials: Σ_axes RF_a²;
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
  for (const l of layers) {
    cutTaps += l.kernel.shape.reduce((s, k, a) => s + k * rf[a], 0);
    const w = l.kernel.weights;
    // Equal weights are convolved by running sums (a few operations per cell), others tap by tap.
    perCell += w.every((v) => v === w[0]) ? 0.2 : 0.3 * w.length;
    l.kernel.shape.forEach((k, a) => {
      zeros += (k - 1) * (l.dilation[a] ?? l.dilation[0]);
    });
  }
  // A sum node: a residual block or a sum-merged parallel set.
  const sums = networkGraph(network).nodes.some((n) => n.op === 'sum');
  const composite = sums ? rf.reduce((s, r) => s + r * r, 0) : 0;
  return (
    cells * perCell +
    0.5 * cutTaps +
    ANALYZE_NULL_POINTS * layers.length * zeros +
    composite +
    ANALYZE_LAYER_POINTS * layers.length
  );
}
