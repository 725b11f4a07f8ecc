import { analyzeCost } from '../analysis/index.ts';
import type { Network } from '../network/index.ts';
import { FieldError } from '../util/validate.ts';

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
