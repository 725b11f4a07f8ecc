/**
 * Runs a schedule search (`recommend` or `recommendParallel`) for the command on a worker
 * thread (src/cli/recommend-worker.mjs). The search itself is synchronous; on the main
 * thread it would block the event loop, so neither a progress bar nor Ctrl-C could get
 * through. On the worker it reports progress by message, and the main thread stops it by
 * setting a shared flag that the worker's AbortController follows.
 */
import { Worker } from 'node:worker_threads';
import type {
  RecommendOptions,
  RecommendParallelOptions,
  RecommendParallelResult,
  RecommendResult,
} from '../recommend/index.ts';
import { FieldError, FieldTypeError, type MessagePart } from '../util/validate.ts';

/** What to search: a stack or a parallel set, with plain-JSON options (no signal, no callbacks). */
export type SearchRequest =
  | { kind: 'stack'; options: Omit<RecommendOptions, 'signal' | 'onProgress'> }
  | { kind: 'parallel'; options: Omit<RecommendParallelOptions, 'signal' | 'onProgress'> };

/** How a search ended: its result and its duration, or stopped (by `signal`) after `done` of `total`. */
export type SearchOutcome =
  | { status: 'done'; result: RecommendResult | RecommendParallelResult; ms: number }
  | { status: 'stopped'; done: number; total: number; ms: number };

/** Options of `runSearch`. */
export interface RunSearchOptions {
  /** Time budget in ms (the library's `budget.maxMs`, measured with performance.now on the worker). */
  maxMs?: number;
  /** Aborting it stops the search: the outcome is `stopped`. */
  signal?: AbortSignal;
  /** Called with (done, total) candidates as the search goes, at most every `progressEveryMs`. */
  onProgress?: (done: number, total: number) => void;
  /** Least time between progress reports (default 100 ms). */
  progressEveryMs?: number;
}

/** An error the worker posts: its name, message and field, and a FieldError's structure. */
interface ErrorMessage {
  name: string;
  message: string;
  field: string | null;
  parts?: MessagePart[] | null;
  hint?: MessagePart[] | null;
  whole?: boolean;
  stack?: string;
}

/**
 * An error the library raised on the worker, rebuilt as it was: a FieldError or
 * FieldTypeError with its field, detail in pieces and hint (so the command names the
 * options its own way), else a plain error with its name and message (a bug: exit 1).
 */
function rebuild(m: ErrorMessage): Error {
  if (m.field !== null && m.parts) {
    const hint = m.hint ? { hint: m.hint } : {};
    return m.name === 'TypeError'
      ? new FieldTypeError(m.field, m.parts, hint)
      : new FieldError(m.field, m.parts, { ...hint, whole: m.whole === true });
  }
  const e =
    m.name === 'RangeError'
      ? new RangeError(m.message)
      : m.name === 'TypeError'
        ? new TypeError(m.message)
        : new Error(m.message);
  if (m.field !== null) Object.assign(e, { field: m.field });
  return e;
}

type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: RecommendResult | RecommendParallelResult; ms: number }
  | { type: 'stopped'; done: number; total: number; ms: number }
  | ({ type: 'error' } & ErrorMessage);

/**
 * Runs one search on a fresh worker thread and resolves with its outcome. Library errors
 * (bad options, a budget overrun) reject with a RangeError/TypeError carrying the library's
 * `field`; the worker is always terminated before the promise settles.
 */
export function runSearch(
  request: SearchRequest,
  o: RunSearchOptions = {},
): Promise<SearchOutcome> {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  if (o.signal?.aborted) Atomics.store(flag, 0, 1);
  const worker = new Worker(new URL('./recommend-worker.mjs', import.meta.url), {
    workerData: {
      kind: request.kind,
      options: request.options,
      maxMs: o.maxMs,
      progressEveryMs: o.progressEveryMs ?? 100,
      stop,
    },
  });
  return new Promise<SearchOutcome>((resolve, reject) => {
    let settled = false;
    const onAbort = () => Atomics.store(flag, 0, 1);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      void worker.terminate().then(f, f);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') o.onProgress?.(m.done, m.total);
      else if (m.type === 'done')
        finish(() => resolve({ status: 'done', result: m.result, ms: m.ms }));
      else if (m.type === 'stopped')
        finish(() => resolve({ status: 'stopped', done: m.done, total: m.total, ms: m.ms }));
      else {
        const e = rebuild(m);
        if (m.stack && !(e instanceof RangeError || e instanceof TypeError)) e.stack = m.stack;
        finish(() => reject(e));
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`the search worker stopped unexpectedly (exit code ${code})`))),
    );
  });
}
