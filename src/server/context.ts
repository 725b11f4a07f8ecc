import type { Dispatcher } from './dispatch.ts';
import type { ServerLimits } from './limits.ts';

/** What every route handler may use: built once by createApp. */
export interface ServerContext {
  /** The package version (package.json). */
  version: string;
  limits: ServerLimits;
  dispatcher: Dispatcher;
  /** Where internal failures are reported (stderr by default). */
  log: (line: string) => void;
}
