/**
 * Ctrl-C for a long command (a schedule search, an ERF): an AbortController that aborts on
 * `io.signal` when the caller gives one (tests, embedding), else on SIGINT. `release()`
 * removes the listener; call it when the work is done.
 */
import type { CliIO } from './io.ts';

/** Stops a long command on Ctrl-C: its controller, and `release` to stop listening. */
export function onInterrupt(io: CliIO): { controller: AbortController; release: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const external = io.signal;
  if (external) {
    if (external.aborted) controller.abort();
    else external.addEventListener('abort', abort, { once: true });
  } else process.on('SIGINT', abort);
  const release = () => {
    if (external) external.removeEventListener('abort', abort);
    else process.off('SIGINT', abort);
  };
  return { controller, release };
}
