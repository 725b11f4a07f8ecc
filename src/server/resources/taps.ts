import type { RequestHandler } from 'express';
import { receptiveFieldOf } from '../../analysis/composite.ts';
import type { ServerContext } from '../context.ts';
import { checkTapsShape, tapsCost } from '../tapCounts.ts';
import { computeHandler } from './compute.ts';

/**
 * `GET|POST /api/taps` → the path counts of the network's composite kernel over its
 * receptive field (and of each member when cheap), for the coverage plot. Grids larger
 * than the server's limits (ServerLimits.maxTaps1d, maxTapsSide, maxTapsCells) are a 400
 * naming `network`.
 */
export function tapsHandler(ctx: ServerContext): RequestHandler {
  return computeHandler(ctx, {
    kind: 'taps',
    options: [],
    check: (network) => checkTapsShape(receptiveFieldOf(network.root, network.dims), ctx.limits),
    cost: (network) => tapsCost(network),
  });
}
