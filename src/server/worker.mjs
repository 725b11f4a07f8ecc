// The worker thread of JobPool (src/server/pool.ts): runs one job at a time and posts its
// JSON answer (or its error) back. It loads the TypeScript sources through tsx when the
// thread was not started with a TypeScript loader already (e.g. under vitest).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

// Lower this thread's priority (Linux: nice 10 for this thread only, found through
// /proc/thread-self), so on a busy machine the event loop answering light requests wins
// the CPU over a long computation. Elsewhere this silently does nothing.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {
  // not Linux, or not allowed: run at normal priority
}

let jobs;
try {
  jobs = await import('./jobs.ts');
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  // A failed import stays failed for its URL: load it again under a fresh one.
  jobs = await import('./jobs.ts?tsx');
}

parentPort.on('message', (job) => {
  const reply = jobs.runJobReply(job);
  parentPort.postMessage(reply, reply.ok ? [reply.bytes.buffer] : []);
});
