import { analyze } from '../analysis/analyze.ts';
import { checkModelPrice } from '../limits/index.ts';
import { analysisCost, analyzeModel, decodeOnnx, importOnnx } from '../model/index.ts';
import type { Network } from '../network/index.ts';
import {
  type RecommendOptions,
  type RecommendParallelOptions,
  recommend,
  recommendParallel,
} from '../recommend/index.ts';
import {
  downsampleResponse2d,
  type Pool2d,
  response,
  response2d,
  response2dToJSON,
  responseToJSON,
} from '../response/index.ts';
import { detailIn, FieldError } from '../util/validate.ts';
import { HttpError, toHttpError, type Verdict, verdictOf } from './errors.ts';
import { type NetworkSource, networkFromSource, type Options } from './input.ts';
import type { ServerLimits } from './limits.ts';
import { queryNames } from './searchNames.ts';
import { serialiseAnswer } from './serialise.ts';
import { tapCounts } from './tapCounts.ts';

/** The computations on one network the API runs, one per compute route. */
export type JobKind = 'analyze' | 'response' | 'response2d' | 'taps';

/** The schedule searches the API runs: `recommend` (stacks) and `recommendParallel` (ASPP). */
export type SearchJobKind = 'recommend' | 'recommendParallel';

/** A computation on one network: plain JSON, so it can key the cache and be posted to a worker thread. */
export interface NetworkJob {
  kind: JobKind;
  source: NetworkSource;
  options: Options;
  limits: ServerLimits;
}

/**
 * A schedule search: the library's options as plain JSON (no signal, no callbacks) and the
 * time budget in ms, measured on the thread that runs it with performance.now.
 */
export interface SearchJob {
  kind: SearchJobKind;
  request: Record<string, unknown>;
  maxMs: number;
  limits: ServerLimits;
}

/**
 * The analysis of an ONNX model sent as bytes (`POST /api/analyze` with an
 * application/octet-stream body): `digest` names the bytes in the cache (or is unique when
 * they were not hashed).
 */
export interface ModelJob {
  kind: 'model';
  bytes: Uint8Array;
  digest: string;
  /** `check`: answer only whether the analysis would be accepted (`modelVerdict`). */
  options: { output?: string; inputSize?: number[]; thresholdDb?: number; check?: boolean };
  limits: ServerLimits;
}

/** A unit of work of the dispatcher: plain data, so it can key the cache and be posted to a worker. */
export type Job = NetworkJob | SearchJob | ModelJob;

/** True for the analysis of an ONNX model. */
export function isModelJob(job: Job): job is ModelJob {
  return job.kind === 'model';
}

/**
 * Decodes and imports the model, prices the analysis (its bytes plus `analysisCost`) and
 * runs it when the price is within `limits.maxModelCost` (`checkModelPrice`); a dearer model
 * is a 400 on `model` that gives both numbers, before the analysis runs. With
 * `options.check` it stops there and answers the verdict instead (`modelVerdict`).
 */
export function runModelJob(job: ModelJob): string {
  if (job.options.check) return JSON.stringify(modelVerdict(job));
  const model = importOnnx(decodeOnnx(job.bytes, { maxBytes: job.limits.modelBytes }), {
    output: job.options.output,
    inputSize: job.options.inputSize,
  });
  checkModelPrice(job.bytes.length, analysisCost(model), job.limits);
  return JSON.stringify(analyzeModel(model, { thresholdDb: job.options.thresholdDb }));
}

/** The answer of `POST /api/analyze?check=true`: whether the model would be analysed, and why not. */
export type ModelVerdict = Verdict<{ price: number }>;

/**
 * Whether the analysis of the model would be accepted, by the same steps as `runModelJob`
 * (decode, import, price against `maxModelCost`) without analysing it: a user error (a bad
 * or unsupported file, a model too dear) is the verdict's `error` (`verdictOf`).
 */
export function modelVerdict(job: ModelJob): ModelVerdict {
  return verdictOf(() => {
    const model = importOnnx(decodeOnnx(job.bytes, { maxBytes: job.limits.modelBytes }), {
      output: job.options.output,
      inputSize: job.options.inputSize,
    });
    const points = analysisCost(model);
    checkModelPrice(job.bytes.length, points, job.limits);
    return { price: job.bytes.length + points };
  });
}

/** True for a schedule search. */
export function isSearchJob(job: Job): job is SearchJob {
  return job.kind === 'recommend' || job.kind === 'recommendParallel';
}

/**
 * Runs a schedule search within its time budget (`budget.maxMs` with performance.now as the
 * clock). A search that overruns its budget is the client's space being too large for this
 * server: a 422 with field `search` and the library's advice on how to narrow it.
 */
export function runSearchJob(job: SearchJob): string {
  const budget = { maxMs: job.maxMs, now: () => performance.now() };
  try {
    const result =
      job.kind === 'recommend'
        ? recommend({ ...(job.request as unknown as RecommendOptions), budget })
        : recommendParallel({ ...(job.request as unknown as RecommendParallelOptions), budget });
    return JSON.stringify(result);
  } catch (e) {
    const field = e instanceof FieldError ? e.field : '';
    if (e instanceof FieldError && field.startsWith('budget.')) {
      const detail = detailIn(e, queryNames(job.request).ref);
      throw new HttpError(
        422,
        `search space too large for this server's budget of ${job.maxMs} ms per request: ${detail}`,
        'search',
      );
    }
    throw e;
  }
}

/**
 * What a worker posts back: the JSON as UTF-8 bytes (transferred, not copied, so the event
 * loop never converts a large answer), or an error already mapped to HTTP.
 */
export type JobReply =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; status: number; message: string; field: string | null; detail?: string };

/**
 * The 2-D answer: `response2d` on the n×n grid, then, with `size` below n, pooled to
 * size×size (`downsampleResponse2d`, `pool` max or min) with `pooled: {n, pool}` saying
 * from what.
 */
function response2dValue(network: Network, o: Options): unknown {
  const r = response2d(network, {
    n: o.n as number | undefined,
    members: o.members as boolean | undefined,
    panels: (o.panels as boolean | undefined) ?? false,
  });
  const size = o.size as number | undefined;
  if (size === undefined || r.n <= size) return response2dToJSON(r);
  const pool = (o.pool as Pool2d | undefined) ?? 'max';
  return { ...response2dToJSON(downsampleResponse2d(r, size, pool)), pooled: { n: r.n, pool } };
}

/**
 * Runs a job and returns its answer: JSON text, or the bytes of the binary form when the
 * options ask for `format: 'f32'` (serialise.ts; `fields` keeps only the named top-level
 * fields). `network` may be passed when the caller has already parsed the source (the same
 * source always parses to the same network).
 */
export function runJob(job: Job, given?: Network | null): string | Uint8Array {
  if (isSearchJob(job)) return runSearchJob(job);
  if (isModelJob(job)) return runModelJob(job);
  return serialiseAnswer(jobValue(job, given), job.options);
}

/** The answer of a network job as a JSON-ready value (before `fields` and `format`). */
export function jobValue(job: NetworkJob, given?: Network | null): unknown {
  const network = given ?? networkFromSource(job.source);
  const o = job.options;
  switch (job.kind) {
    case 'analyze':
      return analyze(network, {
        mapSize: o.mapSize as number | undefined,
        object: o.object as [number, number] | undefined,
        thresholdDb: o.thresholdDb as number | undefined,
        channels: o.channels as number | undefined,
      });
    case 'response':
      if (network.dims === 2) return response2dValue(network, o);
      return responseToJSON(
        response(network, {
          n: o.n as number | undefined,
          whole: o.whole as boolean | undefined,
          fs: o.fs as number | undefined,
          includeNyquist: o.includeNyquist as boolean | undefined,
          members: o.members as boolean | undefined,
          panels: o.panels as boolean | undefined,
        }),
      );
    case 'response2d':
      if (network.dims !== 2)
        throw new FieldError(
          'network',
          'is 1-D; /api/response2d needs a 2-D network (use /api/response)',
        );
      return response2dValue(network, o);
    case 'taps':
      return tapCounts(network, job.limits);
  }
}

const encoder = new TextEncoder();

/** Runs a job for a worker thread: never throws; errors come back mapped to HTTP. */
export function runJobReply(job: Job): JobReply {
  try {
    const answer = runJob(job);
    return { ok: true, bytes: typeof answer === 'string' ? encoder.encode(answer) : answer };
  } catch (err) {
    const e = toHttpError(err);
    const detail = e.status >= 500 && err instanceof Error ? (err.stack ?? err.message) : undefined;
    return { ok: false, status: e.status, message: e.message, field: e.field, detail };
  }
}
