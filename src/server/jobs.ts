import { analyze } from '../analysis/analyze.ts';
import type { Network } from '../network/index.ts';
import { response, response2d, response2dToJSON, responseToJSON } from '../response/index.ts';
import { FieldError } from '../util/validate.ts';
import { toHttpError } from './errors.ts';
import { type NetworkSource, networkFromSource, type Options } from './input.ts';
import type { ServerLimits } from './limits.ts';
import { tapCounts } from './tapCounts.ts';

/** The computations the API runs, one per compute route. */
export type JobKind = 'analyze' | 'response' | 'response2d' | 'taps';

/** A unit of work: plain JSON, so it can key the cache and be posted to a worker thread. */
export interface Job {
  kind: JobKind;
  source: NetworkSource;
  options: Options;
  limits: ServerLimits;
}

/**
 * What a worker posts back: the JSON as UTF-8 bytes (transferred, not copied, so the event
 * loop never converts a large answer), or an error already mapped to HTTP.
 */
export type JobReply =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; status: number; message: string; field: string | null; detail?: string };

function response2dText(network: Network, o: Options): string {
  return JSON.stringify(response2dToJSON(response2d(network, { n: o.n as number | undefined })));
}

/**
 * Runs a job and returns its answer as JSON text. `network` may be passed when the caller
 * has already parsed the source (the same source always parses to the same network).
 */
export function runJob(job: Job, network: Network = networkFromSource(job.source)): string {
  const o = job.options;
  switch (job.kind) {
    case 'analyze':
      return JSON.stringify(
        analyze(network, {
          mapSize: o.mapSize as number | undefined,
          object: o.object as [number, number] | undefined,
          thresholdDb: o.thresholdDb as number | undefined,
          channels: o.channels as number | undefined,
        }),
      );
    case 'response':
      if (network.dims === 2) return response2dText(network, o);
      return JSON.stringify(
        responseToJSON(
          response(network, {
            n: o.n as number | undefined,
            whole: o.whole as boolean | undefined,
            fs: o.fs as number | undefined,
            includeNyquist: o.includeNyquist as boolean | undefined,
          }),
        ),
      );
    case 'response2d':
      if (network.dims !== 2)
        throw new FieldError(
          'network',
          'is 1-D; /api/response2d needs a 2-D network (use /api/response)',
        );
      return response2dText(network, o);
    case 'taps':
      return JSON.stringify(tapCounts(network, job.limits));
  }
}

const encoder = new TextEncoder();

/** Runs a job for a worker thread: never throws; errors come back mapped to HTTP. */
export function runJobReply(job: Job): JobReply {
  try {
    return { ok: true, bytes: encoder.encode(runJob(job)) };
  } catch (err) {
    const e = toHttpError(err);
    const detail = e.status >= 500 && err instanceof Error ? (err.stack ?? err.message) : undefined;
    return { ok: false, status: e.status, message: e.message, field: e.field, detail };
  }
}
