/**
 * The page's own checks of a view before it asks the server: every network resolves (the
 * library's resolver, as the server's), every analysis option reads by its schema
 * (src/options), and every request of the view is within the server's cost and size limits
 * (src/limits: the rule functions the server runs, with the numbers it embedded in the
 * page). A bad value typed in a field is then shown at its field at once, and no request
 * goes out, so the browser logs no failed request (a 400) in its console. The server's 400
 * stays the safety net (a page without the embedded limits leaves the limits to it).
 */
import { receptiveFieldOf } from '../../src/analysis/index.ts';
import {
  type ApiLimits,
  checkAnalyzeCost,
  checkResponseSize,
  checkTapsShape,
} from '../../src/limits/index.ts';
import { type Network, parseNetwork } from '../../src/network/index.ts';
import { OPTIONS, readOption } from '../../src/options/index.ts';
import { parseHere } from './source.ts';
import type { State } from './state.ts';
import { axisCutSpec } from './transform.ts';

/**
 * A bad value: the field it names (the library's name), its network (or null), the
 * message, and the route whose limit it breaks (`response2d` puts an `n` at the 2-D grid).
 */
export interface Problem {
  field: string | null;
  net: number | null;
  message: string;
  route?: string;
}

/** The message and field of an error thrown by a check. */
function problemOf(e: unknown, net: number | null, route?: string): Problem {
  const field = (e as { field?: unknown }).field;
  return {
    field: typeof field === 'string' ? field : null,
    net,
    message: e instanceof Error ? e.message : String(e),
    ...(route ? { route } : {}),
  };
}

/**
 * Checks the requests the page sends for `network` (compute.ts `computeNet`) against the
 * server's limits, with the server's own rules: its path-count grid (`checkTapsShape`), the
 * price of its analysis (`checkAnalyzeCost`, the library's own limit), and its responses
 * (`checkResponseSize`: the 1-D response with members and panels at n; a 2-D network's x
 * cut at n and its 2-D grid, without members, at n2d). Throws the first FieldError, which
 * carries `route` when it is a response size.
 */
export function checkRequests(network: Network, s: State, limits: ApiLimits): void {
  checkTapsShape(receptiveFieldOf(network.root, network.dims), limits);
  checkAnalyzeCost(network);
  const at = (route: string, check: () => void) => {
    try {
      check();
    } catch (e) {
      throw Object.assign(e as Error, { route });
    }
  };
  if (network.dims === 1) {
    at('response', () => checkResponseSize(network, s.n, limits, true, true));
    return;
  }
  const cut = parseNetwork(axisCutSpec(network));
  at('response', () => checkResponseSize(cut, s.n, limits, true, true));
  at('response2d', () => checkResponseSize(network, s.n2d, limits, false, false));
}

/**
 * The note the page shows instead of asking for a figure the server's limits refuse (`check`
 * throws its FieldError), or null when the request may go out (always, without limits).
 */
export function limitNote(limits: ApiLimits | undefined, check: () => void): string | null {
  if (!limits) return null;
  try {
    check();
    return null;
  } catch (e) {
    return pageNote(e instanceof Error ? e.message : String(e));
  }
}

/** The text of the option fields, as typed (the state holds them as numbers). */
export interface OptionTexts {
  mapSize: string;
  thresholdDb: string;
  object: string;
}

/**
 * The problems of a view, none when the server may be asked. With `limits` (the server's,
 * embedded in the page) each network's requests are checked against them too
 * (`checkRequests`).
 */
export function checkView(s: State, texts: OptionTexts, limits?: ApiLimits): Problem[] {
  const out: Problem[] = [];
  s.nets.forEach((n, i) => {
    let network: Network;
    try {
      network = parseHere(n, s.dims);
    } catch (e) {
      out.push(problemOf(e, i));
      return;
    }
    if (!limits) return;
    try {
      checkRequests(network, s, limits);
    } catch (e) {
      out.push(problemOf(e, i, (e as { route?: string }).route));
    }
  });
  const options = [
    [OPTIONS.mapSize, texts.mapSize],
    [OPTIONS.thresholdDb, texts.thresholdDb],
    [OPTIONS.object, texts.object],
  ] as const;
  for (const [spec, text] of options) {
    try {
      readOption(spec, text.trim(), true);
    } catch (e) {
      out.push({ ...problemOf(e, null), field: spec.name });
    }
  }
  return out;
}

/**
 * A server message as the page shows it: the page's words instead of the API's routes
 * (`/api/taps sends at most 65536` → `the page draws at most 65536`), so no note or error
 * under a field names an internal route.
 */
export function pageNote(message: string): string {
  return message
    .replace(/\(use \/api\/analyze for its coverage\)/g, '(the summary gives its coverage)')
    .replace(/\/api\/taps sends/g, 'the page draws')
    .replace(/\/api\/response2d/g, 'the 2-D response')
    .replace(/\/api\/response/g, 'the 1-D response')
    .replace(/\/api\/[a-z0-9-]+/gi, 'the server');
}
