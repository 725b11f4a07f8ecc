import type { RequestHandler } from 'express';
import { analyzeCost } from '../../analysis/index.ts';
import { checkAnalyzeCost } from '../../limits/index.ts';
import { OPTIONS } from '../../options/index.ts';
import type { ServerContext } from '../context.ts';
import type { OptionSpec } from '../input.ts';
import { computeHandler } from './compute.ts';

export { ANALYZE_LAYER_POINTS, ANALYZE_NULL_POINTS, analyzeCost } from '../../analysis/index.ts';
// The limit and its check are the core's (src/limits), so the page judges them too.
export { checkAnalyzeCost, MAX_ANALYZE_COST } from '../../limits/index.ts';

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
