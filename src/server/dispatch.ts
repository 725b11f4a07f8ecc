import type { Network } from '../network/index.ts';
import type { JsonCache } from './cache.ts';
import { isModelJob, isSearchJob, type Job, runJob } from './jobs.ts';
import type { JobPool } from './pool.ts';

/**
 * Work estimated at or below this many points (numbers sent, grid cells or offsets; see
 * each route's `cost`) runs on the event loop; above it, on a worker thread. At this size
 * a job takes about a millisecond or less, little more than posting it to a worker and back.
 */
export const DEFAULT_INLINE_COST = 1 << 14;

/** Work estimated above this many points is heavy: it may not take the last free worker. */
export const DEFAULT_HEAVY_COST = 1 << 18;

/** A job running or queued on the pool, shared by the clients that asked for it. */
interface Inflight {
  promise: Promise<Buffer>;
  /** Clients waiting for it. */
  waiting: number;
  controller: AbortController;
}

/**
 * A signal that aborts when the client of `res` goes away before its answer is sent (the
 * connection closed), so its queued or running job can be cancelled.
 */
export function clientGone(res: {
  writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
}): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Options of a Dispatcher. */
export interface DispatcherOptions {
  cache: JsonCache | null;
  /** The worker pool for heavy jobs; null runs every job on the event loop. */
  pool: JobPool | null;
  /** Estimated cost at or below which a job runs inline (default DEFAULT_INLINE_COST). */
  inlineCost?: number;
  /** Estimated cost above which a job is heavy (default DEFAULT_HEAVY_COST). */
  heavyCost?: number;
}

/**
 * Decides where a job runs and remembers answers: a cached answer is sent as is; the same
 * job already running is shared (so a burst of identical heavy requests costs one run);
 * a cheap job runs inline; a costlier one goes to the worker pool (heavy ones leave a
 * worker free for the others).
 */
export class Dispatcher {
  private readonly cache: JsonCache | null;
  private readonly pool: JobPool | null;
  private readonly inlineCost: number;
  private readonly heavyCost: number;
  private readonly inflight = new Map<string, Inflight>();

  constructor(options: DispatcherOptions) {
    this.cache = options.cache;
    this.pool = options.pool;
    this.inlineCost = options.inlineCost ?? DEFAULT_INLINE_COST;
    this.heavyCost = options.heavyCost ?? DEFAULT_HEAVY_COST;
  }

  /**
   * The JSON answer (UTF-8 bytes) of a job with its estimated cost; a network job's network
   * is already parsed (null for a schedule search, which has none).
   */
  async run(
    job: Job,
    network: Network | null,
    cost: number,
    signal?: AbortSignal,
  ): Promise<Buffer> {
    const key = JSON.stringify(
      isSearchJob(job)
        ? [job.kind, job.request, job.maxMs]
        : isModelJob(job)
          ? [job.kind, job.digest, job.options]
          : [job.kind, job.source, job.options],
    );
    const hit = this.cache?.get(key);
    if (hit !== undefined) return hit;
    if (!this.pool || cost <= this.inlineCost) {
      const json = Buffer.from(runJob(job, network));
      this.cache?.set(key, json);
      return json;
    }
    let entry = this.inflight.get(key);
    if (!entry) {
      const controller = new AbortController();
      const promise = this.pool.run(job, cost > this.heavyCost, controller.signal).then(
        (json) => {
          this.inflight.delete(key);
          this.cache?.set(key, json);
          return json;
        },
        (e) => {
          this.inflight.delete(key);
          throw e;
        },
      );
      entry = { promise, waiting: 0, controller };
      this.inflight.set(key, entry);
    }
    return this.wait(key, entry, signal);
  }

  /**
   * Waits for a shared job on behalf of one client: when every client waiting for it has
   * gone (their signals aborted), the job is cancelled (taken off the queue, or its worker
   * stopped) rather than computed for nobody.
   */
  private wait(key: string, entry: Inflight, signal?: AbortSignal): Promise<Buffer> {
    entry.waiting++;
    if (!signal) return entry.promise;
    const leave = () => {
      if (--entry.waiting === 0 && this.inflight.get(key) === entry) {
        this.inflight.delete(key);
        entry.controller.abort();
      }
    };
    if (signal.aborted) {
      leave();
      return entry.promise;
    }
    signal.addEventListener('abort', leave, { once: true });
    return entry.promise.finally(() => signal.removeEventListener('abort', leave));
  }

  /** Stops the worker pool. */
  async close(): Promise<void> {
    await this.pool?.close();
  }
}
