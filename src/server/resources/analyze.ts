import type { RequestHandler } from 'express';
import { MAX_CHANNELS } from '../../analysis/analyze.ts';
import { receptiveFieldOf } from '../../analysis/composite.ts';
import { allLayers, LIMITS, type Network } from '../../network/index.ts';
import type { ServerContext } from '../context.ts';
import type { OptionSpec } from '../input.ts';
import { computeHandler } from './compute.ts';

/**
 * Options of /api/analyze: mapSize S (1..LIMITS.maxMapSize), object WxH, thresholdDb (dB,
 * below 0, checked by `analyze`), channels (1..MAX_CHANNELS). The integer bounds are stated
 * here so that a bad value's message gives the range the user can use.
 */
export const ANALYZE_OPTIONS: readonly OptionSpec[] = [
  { name: 'mapSize', kind: 'integer', min: 1, max: LIMITS.maxMapSize },
  { name: 'object', kind: 'size', max: LIMITS.maxMapSize },
  { name: 'thresholdDb', kind: 'number' },
  { name: 'channels', kind: 'integer', min: 1, max: MAX_CHANNELS },
];

/**
 * The price of an analysis in points: receptive-field offsets × layers × 8, times 16 for a
 * 2-D network (two axis cuts, 2-D path counts and border validity). Measured on Node 20:
 * box:3 at rates 1,2,5,9 (1 120 points) takes about half a millisecond and runs inline;
 * the WaveNet block (81 920) and any 2-D network of three 3×3 layers go to a worker.
 */
export function analyzeCost(network: Network): number {
  const cells = receptiveFieldOf(network.root, network.dims).reduce((a, b) => a * b, 1);
  return cells * allLayers(network.root).length * 8 * (network.dims === 2 ? 16 : 1);
}

/**
 * `GET|POST /api/analyze` → exactly what `analyze(network, options)` returns (the JSON of
 * `dilation-lab analyze --json`), priced by `analyzeCost`.
 */
export function analyzeHandler(ctx: ServerContext): RequestHandler {
  return computeHandler(ctx, {
    kind: 'analyze',
    options: ANALYZE_OPTIONS,
    cost: (network) => 8 * receptiveFieldOf(network.root, network.dims).reduce((a, b) => a * b, 1),
  });
}
