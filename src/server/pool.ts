import { Worker } from 'node:worker_threads';
import { HttpError } from './errors.ts';
import type { Job, JobReply } from './jobs.ts';

interface Pending {
  job: Job;
  heavy: boolean;
  resolve: (json: Buffer) => void;
  reject: (e: unknown) => void;
}

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
  /** Most jobs waiting; beyond it `run` rejects with a 503 (default 64). */
  maxQueue?: number;
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
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly log: (line: string) => void;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(options: JobPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 2);
    this.maxQueue = options.maxQueue ?? 64;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxHeapMb = options.maxHeapMb ?? 512;
    this.log = options.log ?? (() => {});
  }

  /**
   * Runs a job on a worker; resolves with its JSON (UTF-8 bytes), rejects with its
   * HttpError. `heavy` jobs never take the last free worker.
   */
  run(job: Job, heavy = false): Promise<Buffer> {
    if (this.closed) return Promise.reject(new HttpError(503, 'the server is shutting down'));
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(
        new HttpError(
          503,
          `the server is busy (${this.queue.length} heavy requests waiting); retry shortly`,
          null,
          { 'Retry-After': '1' },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, heavy, resolve, reject });
      this.pump();
    });
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
    for (const p of this.queue.splice(0))
      p.reject(new HttpError(503, 'the server is shutting down'));
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
      this.start(slot, p);
    }
  }

  private start(s: Slot, p: Pending): void {
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
