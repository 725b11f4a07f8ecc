import { Worker } from 'node:worker_threads';
import { HttpError } from './errors.ts';
import type { Job, JobReply } from './jobs.ts';

interface Pending {
  job: Job;
  heavy: boolean;
  resolve: (json: Buffer) => void;
  reject: (e: unknown) => void;
  /** Rejects it with a 503 if it is still waiting after maxWaitMs. */
  waitTimer: NodeJS.Timeout | null;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** The answer to a job whose every client has gone (nobody reads it). */
export const CANCELLED = new HttpError(
  499,
  'the client closed the connection; the job was cancelled',
);

interface Slot {
  worker: Worker;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
}

/** Options of a JobPool. */
export interface JobPoolOptions {
  /**
   * Number of worker threads (default 2). Heavy jobs may occupy at most size − 1 of them,
   * so a medium job (a few milliseconds) never waits behind a queue of heavy ones.
   */
  size?: number;
  /** Most medium jobs waiting; beyond it `run` rejects with a 503 at once (default 64). */
  maxQueue?: number;
  /** Most heavy jobs waiting, a lane of their own (default 8). */
  maxQueueHeavy?: number;
  /** Longest a job may wait for a worker; then a 503 with Retry-After (default 10 s). */
  maxWaitMs?: number;
  /**
   * Resident memory of the process in MB above which running jobs are stopped with a 503
   * (default 2048), checked every 200 ms while a job runs: it covers typed arrays, which
   * `maxHeapMb` does not.
   */
  maxRssMb?: number;
  /** A job running longer is stopped (its worker terminated) and rejected with a 503 (default 30 s). */
  timeoutMs?: number;
  /** Heap limit of each worker in MB (default 512): a runaway job kills its worker, not the server. */
  maxHeapMb?: number;
  /** Where internal failures are reported. */
  log?: (line: string) => void;
}

/**
 * Worker threads that run the expensive jobs (large responses, 2-D grids, big tap-count
 * grids, analyses of long or 2-D networks) off the event loop, so light requests keep
 * being answered while they run. Workers start on first use, are unref'd (they never keep
 * the process alive) and are replaced when one fails or times out. Jobs start first in,
 * first out, except that heavy jobs leave one worker free for the others (when size ≥ 2).
 */
export class JobPool {
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly maxQueueHeavy: number;
  private readonly maxWaitMs: number;
  private readonly maxRssMb: number;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly log: (line: string) => void;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(options: JobPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 2);
    this.maxQueue = options.maxQueue ?? 64;
    this.maxQueueHeavy = options.maxQueueHeavy ?? 8;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.maxRssMb = options.maxRssMb ?? 2048;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxHeapMb = options.maxHeapMb ?? 512;
    this.log = options.log ?? (() => {});
  }

  /**
   * Runs a job on a worker; resolves with its JSON (UTF-8 bytes), rejects with its
   * HttpError. `heavy` jobs never take the last free worker.
   */
  run(job: Job, heavy = false, signal?: AbortSignal): Promise<Buffer> {
    if (this.closed) return Promise.reject(new HttpError(503, 'the server is shutting down'));
    if (signal?.aborted) return Promise.reject(CANCELLED);
    // Each lane has its own bound, so a burst of searches never turns medium jobs away.
    const waiting = this.queue.filter((p) => p.heavy === heavy).length;
    const bound = heavy ? this.maxQueueHeavy : this.maxQueue;
    if (waiting >= bound) {
      return Promise.reject(
        new HttpError(
          503,
          `the server is busy (${waiting} ${heavy ? 'heavy' : 'medium'} requests waiting, the most it queues); retry shortly`,
          null,
          { 'Retry-After': heavy ? '2' : '1' },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const p: Pending = { job, heavy, resolve, reject, waitTimer: null, signal };
      p.waitTimer = setTimeout(() => {
        const i = this.queue.indexOf(p);
        if (i < 0) return;
        this.queue.splice(i, 1);
        this.release(p);
        reject(
          new HttpError(
            503,
            `the server is busy: no worker was free within ${this.maxWaitMs / 1000} s; retry shortly`,
            null,
            { 'Retry-After': '2' },
          ),
        );
      }, this.maxWaitMs);
      p.waitTimer.unref();
      if (signal) {
        p.onAbort = () => this.cancel(p);
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.queue.push(p);
      this.pump();
    });
  }

  /** A job whose clients have gone: off the queue, or its worker stopped (and replaced later). */
  private cancel(p: Pending): void {
    const i = this.queue.indexOf(p);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.release(p);
      p.reject(CANCELLED);
      return;
    }
    const slot = this.slots.find((s) => s.current === p);
    if (slot) this.fail(slot, CANCELLED);
  }

  /** Clears a job's wait timer and abort listener. */
  private release(p: Pending): void {
    if (p.waitTimer) clearTimeout(p.waitTimer);
    p.waitTimer = null;
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
  }

  /** Jobs waiting and running, and how many of the running ones are heavy. */
  get load(): { queued: number; running: number; runningHeavy: number } {
    return {
      queued: this.queue.length,
      running: this.slots.filter((s) => s.current).length,
      runningHeavy: this.slots.filter((s) => s.current?.heavy).length,
    };
  }

  /** Rejects waiting jobs and terminates the workers. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    for (const p of this.queue.splice(0)) {
      this.release(p);
      p.reject(new HttpError(503, 'the server is shutting down'));
    }
    await Promise.all(this.slots.splice(0).map((s) => this.stop(s)));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
    });
    worker.unref();
    const slot: Slot = { worker, current: null, timer: null };
    worker.on('message', (reply: JobReply) => {
      const p = this.finish(slot);
      if (!p) return;
      if (reply.ok)
        p.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
      else {
        if (reply.detail) this.log(`dilation-lab: worker job failed: ${reply.detail}`);
        p.reject(new HttpError(reply.status, reply.message, reply.field));
      }
      this.pump();
    });
    worker.on('error', (err: NodeJS.ErrnoException) => {
      this.log(`dilation-lab: worker error: ${err.stack ?? err.message}`);
      this.fail(
        slot,
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new HttpError(503, 'the computation ran out of memory; try a smaller request')
          : new HttpError(500, 'internal error: the server failed on this request'),
      );
    });
    worker.on('exit', () => {
      this.fail(slot, new HttpError(503, 'the computation stopped unexpectedly; retry'));
    });
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot): Pending | null {
    const p = slot.current;
    if (p) this.release(p);
    slot.current = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    return p;
  }

  private fail(slot: Slot, e: HttpError): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    const p = this.finish(slot);
    p?.reject(e);
    void slot.worker.terminate();
    this.pump();
  }

  private async stop(slot: Slot): Promise<void> {
    const p = this.finish(slot);
    p?.reject(new HttpError(503, 'the server is shutting down'));
    slot.worker.removeAllListeners();
    await slot.worker.terminate();
  }

  private pump(): void {
    let i = 0;
    while (i < this.queue.length && !this.closed) {
      const p = this.queue[i];
      if (p.heavy && this.size > 1) {
        const heavyRunning = this.slots.filter((s) => s.current?.heavy).length;
        if (heavyRunning >= this.size - 1) {
          i++;
          continue;
        }
      }
      let slot = this.slots.find((s) => s.current === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      this.queue.splice(i, 1);
      if (p.waitTimer) clearTimeout(p.waitTimer);
      p.waitTimer = null;
      this.start(slot, p);
    }
  }

  /** While jobs run: stops them all when the process's resident memory passes maxRssMb. */
  private watchMemory(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => {
      const busy = this.slots.filter((s) => s.current);
      if (busy.length === 0) {
        if (this.watchdog) clearInterval(this.watchdog);
        this.watchdog = null;
        return;
      }
      const rssMb = process.memoryUsage.rss() / 2 ** 20;
      if (rssMb <= this.maxRssMb) return;
      this.log(
        `dilation-lab: ${Math.round(rssMb)} MB resident, above ${this.maxRssMb} MB: stopping ${busy.length} job(s)`,
      );
      for (const s of busy)
        this.fail(
          s,
          new HttpError(
            503,
            `the computation was stopped: the server's memory limit (${this.maxRssMb} MB) was reached; try a smaller request`,
            null,
            { 'Retry-After': '2' },
          ),
        );
    }, 200);
    this.watchdog.unref();
  }

  private start(s: Slot, p: Pending): void {
    this.watchMemory();
    s.current = p;
    s.timer = setTimeout(() => {
      this.fail(
        s,
        new HttpError(
          503,
          `the computation took longer than ${this.timeoutMs / 1000} s and was stopped`,
        ),
      );
    }, this.timeoutMs);
    s.timer.unref();
    s.worker.postMessage(p.job);
  }
}
