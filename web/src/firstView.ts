/**
 * The requests of the page's first view (the state of an empty query), recorded by running
 * the page's own `computeView` with a `fetch` that only writes each request down. The build
 * (scripts/build-web.mjs) bundles this file for Node, calls `firstViewRequests` and writes
 * web/dist/first-view.json; the server answers each request and embeds the answers in
 * index.html (src/server/firstView.ts), under the keys the page remembers them by.
 */
import { requestKey } from './api.ts';
import { computeView, viewSnapshot } from './compute.ts';
import { stateFromQuery } from './state.ts';

/** One request of the first view: what the page sends, and its memory key. */
export interface RecordedRequest {
  key: string;
  method: 'GET' | 'POST';
  /** Path and query, e.g. /api/analyze?kernel=box%3A3&… */
  url: string;
  /** The JSON body of a POST. */
  body?: string;
}

/** The requests the page sends for the view of `search` (default: the first view, ''). */
export async function firstViewRequests(search = ''): Promise<RecordedRequest[]> {
  const recorded: RecordedRequest[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method === 'POST' ? 'POST' : 'GET';
    const body = typeof init?.body === 'string' ? init.body : undefined;
    recorded.push({ key: requestKey(method, url, body), method, url, ...(body ? { body } : {}) });
    return Promise.reject(new Error('recording only'));
  }) as typeof fetch;
  try {
    const { snapshot } = viewSnapshot(stateFromQuery(search));
    await computeView(snapshot, new AbortController().signal);
  } finally {
    globalThis.fetch = original;
  }
  return recorded;
}
