/**
 * The server's API limits as the page knows them: the numbers the server embedded in its
 * first view (src/server/firstView.ts, `limits` beside the answers), read once at start. The
 * page checks its requests against them with the server's own rules (check.ts, src/limits);
 * without them (a page served without its first view) it leaves the limits to the server.
 */
import { type ApiLimits, readApiLimits } from '../../src/limits/index.ts';

let known: ApiLimits | undefined;

/** Takes the limits of the embedded block (any JSON value; ignored unless well formed). */
export function takeServerLimits(value: unknown): void {
  known = readApiLimits(value) ?? undefined;
}

/** The server's limits, or undefined when the page was not given them. */
export function serverLimits(): ApiLimits | undefined {
  return known;
}
