import type { RequestHandler } from 'express';
import type { Network } from '../../network/index.ts';
import { answerOf, sendAnswer } from '../answer.ts';
import type { ServerContext } from '../context.ts';
import { clientGone } from '../dispatch.ts';
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
  /** Whether the route offers `format=f32`, the binary form (src/util/binary.ts). */
  binary?: boolean;
}

/** `fields=a,b`: only these top-level fields of the answer (every compute route). */
export const FIELDS_OPTION: OptionSpec = { name: 'fields', kind: 'fields' };

/** `format=json|f32`: JSON text (default) or the Float32 binary form. */
export const FORMAT_OPTION: OptionSpec = {
  name: 'format',
  kind: 'choice',
  values: ['json', 'f32'],
};

/**
 * The handler of a GET|POST compute route: reads the network and options (query or JSON
 * body; `fields` on every route, `format` where `binary`), validates them with the library
 * (FieldError → 400 naming the field), checks the server's limits, and sends the job's
 * answer from the dispatcher (cache, inline or worker) with an ETag (304 when the client
 * has it). A GET's answer is remembered by its raw URL (answer.ts).
 */
export function computeHandler(ctx: ServerContext, route: ComputeRoute): RequestHandler {
  const specs = [...route.options, FIELDS_OPTION, ...(route.binary ? [FORMAT_OPTION] : [])];
  return async (req, res) => {
    const input = readRequest(req, specs);
    const options = { ...input.options };
    if (options.format === 'json') delete options.format;
    const network = networkFromSource(input.source);
    route.check?.(network, options);
    const bytes = await ctx.dispatcher.run(
      { kind: route.kind, source: input.source, options, limits: ctx.limits },
      network,
      route.cost(network, options),
      clientGone(res),
    );
    const answer = answerOf(bytes, options.format === 'f32' ? 'f32' : 'json');
    ctx.answers?.remember(req, answer);
    sendAnswer(req, res, answer);
  };
}
