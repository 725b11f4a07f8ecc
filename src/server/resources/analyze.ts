import type { RequestHandler } from 'express';
import { receptiveFieldOf } from '../../analysis/composite.ts';
import { allLayers, type Network } from '../../network/index.ts';
import type { ServerContext } from '../context.ts';
import type { OptionSpec } from '../input.ts';
import { computeHandler } from './compute.ts';

/**
 * Options of /api/analyze (bounds are checked by `analyze`): mapSize S, object WxH,
 * thresholdDb (dB, below 0), channels.
 */
export const ANALYZE_OPTIONS: readonly OptionSpec[] = [
  { name: 'mapSize', kind: 'integer' },
  { name: 'object', kind: 'size' },
  { name: 'thresholdDb', kind: 'number' },
  { name: 'channels', kind: 'integer' },
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
