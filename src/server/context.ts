import type { RawAnswerCache } from './answer.ts';
import type { Dispatcher } from './dispatch.ts';
import type { FirstView } from './firstView.ts';
import type { ServerLimits } from './limits.ts';

/** What every route handler may use: built once by createApp. */
export interface ServerContext {
  /** The package version (package.json). */
  version: string;
  limits: ServerLimits;
  dispatcher: Dispatcher;
  /** Answers of GET requests by raw URL (answer.ts); null when the cache is off. */
  answers: RawAnswerCache | null;
  /** Where internal failures are reported (stderr by default). */
  log: (line: string) => void;
  /** The page with its first view's answers (firstView.ts); null when turned off. */
  firstView?: FirstView | null;
}
