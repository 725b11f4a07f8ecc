// The worker thread of `dilation-lab recommend` (src/cli/search.ts): runs one search off the
// main thread, so the main thread stays free to draw the progress bar and to hear Ctrl-C.
// The main thread asks it to stop by setting stop[0] = 1 in a SharedArrayBuffer; the
// search's progress callback sees it and aborts its AbortController, and the library throws
// at its next checkpoint (every 8192 search nodes). It loads the TypeScript sources through
// tsx when the thread was not started with a TypeScript loader already.
import { parentPort, workerData } from 'node:worker_threads';

let lib;
try {
  lib = await import('../recommend/index.ts');
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  // A failed import stays failed for its URL: load it again under a fresh one.
  lib = await import('../recommend/index.ts?tsx');
}

const { kind, options, maxMs, progressEveryMs } = workerData;
const stop = new Int32Array(workerData.stop);
const controller = new AbortController();
let done = 0;
let total = 0;
let lastPost = -Infinity;

const onProgress = (d, t) => {
  done = d;
  total = t;
  if (Atomics.load(stop, 0) === 1 && !controller.signal.aborted) controller.abort();
  const now = performance.now();
  if (now - lastPost >= progressEveryMs || d === t) {
    lastPost = now;
    parentPort.postMessage({ type: 'progress', done: d, total: t });
  }
};

const started = performance.now();
try {
  if (Atomics.load(stop, 0) === 1) controller.abort();
  const run = kind === 'parallel' ? lib.recommendParallel : lib.recommend;
  const result = run({
    ...options,
    signal: controller.signal,
    onProgress,
    ...(maxMs === undefined
      ? {}
      : { budget: { ...options.budget, maxMs, now: () => performance.now() } }),
  });
  parentPort.postMessage({ type: 'done', result, ms: performance.now() - started });
} catch (e) {
  if (controller.signal.aborted) {
    parentPort.postMessage({ type: 'stopped', done, total, ms: performance.now() - started });
  } else {
    parentPort.postMessage({
      type: 'error',
      name: e?.name ?? 'Error',
      message: e instanceof Error ? e.message : String(e),
      field: typeof e?.field === 'string' ? e.field : null,
      // The structure of a FieldError: its detail in pieces, its hint, whether it is whole.
      parts: Array.isArray(e?.parts) ? e.parts : null,
      hint: Array.isArray(e?.hint) ? e.hint : null,
      whole: e?.whole === true,
      stack: e instanceof Error ? e.stack : undefined,
    });
  }
}
