import type { RequestHandler } from 'express';
import { analyzeCost } from '../../analysis/index.ts';
import type { Network } from '../../network/index.ts';
import { OPTIONS } from '../../options/index.ts';
import { FieldError } from '../../util/validate.ts';
import type { ServerContext } from '../context.ts';
import type { OptionSpec } from '../input.ts';
import { computeHandler } from './compute.ts';

export { ANALYZE_LAYER_POINTS, ANALYZE_NULL_POINTS, analyzeCost } from '../../analysis/index.ts';

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

/**
 * The largest analysis the server accepts, in points (analyzeCost): 5–10 s on one core of
 * the loaded 2-core reference machine (docs/performance.md), well inside the 30 s job
 * timeout even on a worker at low priority. Larger ones are a 400 on `network` that
 * says so (the CLI and the library have no such limit): the server never accepts a job that
 * would end in its job timeout.
 */
export const MAX_ANALYZE_COST = 30_000_000;

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
