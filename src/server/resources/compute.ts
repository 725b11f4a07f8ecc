import type { RequestHandler } from 'express';
import type { Network } from '../../network/index.ts';
import type { ServerContext } from '../context.ts';
import { networkFromSource, type OptionSpec, type Options, readRequest } from '../input.ts';
import type { JobKind } from '../jobs.ts';

/** How a compute route reads, checks and prices its request. */
export interface ComputeRoute {
  kind: JobKind;
  /** The options the route accepts (query parameters, or `options` of a POST body). */
  options: readonly OptionSpec[];
  /** Estimated work in points (samples, cells, offsets): decides inline vs worker. */
  cost: (network: Network, options: Options) => number;
  /** Checks the server's limits before any work (throws FieldError). */
  check?: (network: Network, options: Options) => void;
}

/**
 * The handler of a GET|POST compute route: reads the network and options (query or JSON
 * body), validates them with the library (FieldError → 400 naming the field), checks the
 * server's limits, and sends the job's JSON from the dispatcher (cache, inline or worker).
 */
export function computeHandler(ctx: ServerContext, route: ComputeRoute): RequestHandler {
  return async (req, res) => {
    const input = readRequest(req, route.options);
    const network = networkFromSource(input.source);
    route.check?.(network, input.options);
    const json = await ctx.dispatcher.run(
      { kind: route.kind, source: input.source, options: input.options, limits: ctx.limits },
      network,
      route.cost(network, input.options),
    );
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(json);
  };
}
