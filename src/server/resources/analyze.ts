import type { RequestHandler } from 'express';
import { receptiveFieldOf } from '../../analysis/composite.ts';
import { allLayers, type Network, networkGraph } from '../../network/index.ts';
import { OPTIONS } from '../../options/index.ts';
import { FieldError } from '../../util/validate.ts';
import type { ServerContext } from '../context.ts';
import type { OptionSpec } from '../input.ts';
import { computeHandler } from './compute.ts';

/**
 * Options of /api/analyze, from the one option schema (src/options): mapSize S
 * (1..LIMITS.maxMapSize), object WxH, thresholdDb (dB, below 0), channels (1..MAX_CHANNELS).
 * The bounds are the schema's, so a bad value's message gives the range the user can use.
 */
export const ANALYZE_OPTIONS: readonly OptionSpec[] = [
  OPTIONS.mapSize,
  OPTIONS.object,
  OPTIONS.thresholdDb,
  OPTIONS.channels,
];

/** Points per layer that every analysis pays (tables, deaf bands, border, info). */
export const ANALYZE_LAYER_POINTS = 10_000;

/** Points per (exact dilated null × layer): the nulls and zeros are intersected across layers. */
export const ANALYZE_NULL_POINTS = 30;

/**
 * The largest analysis the server accepts, in points (analyzeCost): 5–10 s on one core of
 * the loaded 2-core reference machine (docs/performance.md), well inside the 30 s job
 * timeout even on a worker at low priority. Larger ones are a 400 on `network` that
 * says so (the CLI and the library have no such limit): the server never accepts a job that
 * would end in its job timeout.
 */
export const MAX_ANALYZE_COST = 30_000_000;

/**
 * The price of an analysis in points (one point ≈ 50–300 ns on the 2-core reference machine), the
 * sum of the terms that dominate `analyze`'s time, per docs/http.md:
 * - path counts on the receptive field: RF cells × Σ_l (0.3 × taps_l, or 0.2 for a layer of
 *   equal weights, which is convolved by running sums);
 * - every layer's kernel on the axis cuts of the receptive field: 0.5 × Σ_l Σ_a k_{l,a}·RF_a;
 * - exact nulls and zeros, intersected across layers: 30 × L × Σ_l Σ_axes (k_a − 1)·d_a
 *   (a k-tap layer at rate d has (k − 1)·d zeros on the unit circle);
 * - roots of a composite that is a sum (a residual or a parallel sum), which does not factor
 *   into the layers' polynomials: Σ_axes RF_a²;
 * - 10 000 per layer for everything of fixed size (tables, deaf bands, border validity).
 * A test checks the ORDER it gives a table of measured networks (test/server/cost.test.ts).
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

/** Refuses an analysis above MAX_ANALYZE_COST with what to lower (a 400 on `network`). */
export function checkAnalyzeCost(network: Network): void {
  const cost = analyzeCost(network);
  if (cost > MAX_ANALYZE_COST)
    throw new FieldError(
      'network',
      `is too costly to analyse on this server: about ${cost.toExponential(2)} points, above the limit of ${MAX_ANALYZE_COST.toExponential(1)} (the receptive field times the taps, and the exact zeros, grow with the rates and kernel sizes); use smaller rates or kernels, fewer layers, or the command line (dilation-lab analyze), which has no such limit`,
    );
}

/**
 * `GET|POST /api/analyze` → exactly what `analyze(network, options)` returns (the JSON of
 * `dilation-lab analyze --json`), priced by `analyzeCost`.
 */
export function analyzeHandler(ctx: ServerContext): RequestHandler {
  return computeHandler(ctx, {
    kind: 'analyze',
    options: ANALYZE_OPTIONS,
    cost: (network) => analyzeCost(network),
    check: (network) => checkAnalyzeCost(network),
  });
}
