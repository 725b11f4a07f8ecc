/**
 * The lab's HTTP client: GET with a query or POST with a JSON body, errors with their field.
 * Answers are pure functions of the request, so each one is kept (the last `MEMO_SIZE`):
 * a change of one network asks the server only for what changed, and the others are
 * answered from memory. The browser revalidates what it fetches with the server's ETags.
 */
import { decodeBinary } from '../../src/util/binary.ts';

/** A 4xx/5xx answer of the API: its message and the input field it names (or null). */
export class ApiError extends Error {
  readonly field: string | null;
  readonly status: number;
  constructor(message: string, field: string | null, status: number) {
    super(message);
    this.field = field;
    this.status = status;
  }
}

/** Query parameters: undefined values are left out. */
export type Params = Record<string, string | number | boolean | undefined>;

function queryOf(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  return q.toString();
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(`the server answered ${res.status} with no JSON`, null, res.status);
  }
  if (!res.ok) {
    const e = (body as { error?: { message?: string; field?: string | null } }).error;
    throw new ApiError(
      e?.message ?? `the server answered ${res.status}`,
      e?.field ?? null,
      res.status,
    );
  }
  return body as T;
}

/** How many answers the page keeps in memory (a few views of three networks). */
export const MEMO_SIZE = 96;

const memo = new Map<string, Promise<unknown>>();
let requests = 0;

/** The number of requests sent to the server so far (not answered from memory). */
export function requestCount(): number {
  return requests;
}

/**
 * The answer for `key`, from memory or from `send` (kept once it succeeds; a failure is
 * forgotten, so the next try asks again). Not tied to an abort signal: a request that a
 * newer edit made stale still fills the memory, and the page ignores its result.
 */
function remembered<T>(key: string, send: () => Promise<T>): Promise<T> {
  const known = memo.get(key);
  if (known) {
    memo.delete(key);
    memo.set(key, known);
    return known as Promise<T>;
  }
  requests++;
  const p = send();
  memo.set(key, p);
  p.catch(() => {
    if (memo.get(key) === p) memo.delete(key);
  });
  while (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return p;
}

/** The decoded binary answer (`format=f32`, src/util/binary.ts), or an ApiError. */
async function binaryAnswer<T>(res: Response): Promise<T> {
  if (!res.ok) return answer<T>(res);
  return decodeBinary<T>(new Uint8Array(await res.arrayBuffer()));
}

/**
 * The key an answer is remembered by: a GET's URL, or `POST URL BODY`. The build records the
 * first view's requests with it and the server embeds their answers under it (`seedAnswers`).
 */
export function requestKey(method: string, url: string, body?: string): string {
  return method === 'POST' ? `POST ${url} ${body ?? ''}` : url;
}

/**
 * One embedded answer of the first view (src/server/firstView.ts): a JSON answer as its
 * value, a binary one (format=f32) as base64 of its bytes.
 */
export type EmbeddedAnswer = { json: unknown } | { f32: string };

/** Bytes of base64 text. */
function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Puts answers the server embedded in the page into memory, so the first view asks for
 * none of them. Returns how many were taken.
 */
export function seedAnswers(answers: Record<string, EmbeddedAnswer>): number {
  let taken = 0;
  for (const [key, a] of Object.entries(answers)) {
    if (memo.has(key)) continue;
    const value = 'f32' in a ? decodeBinary(fromBase64(a.f32)) : a.json;
    memo.set(key, Promise.resolve(value));
    taken++;
  }
  while (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return taken;
}

/** GET /api/PATH?params → the JSON answer (or the decoded binary one for format=f32), or an ApiError. */
export function apiGet<T>(path: string, params: Params, _signal?: AbortSignal): Promise<T> {
  const url = `/api/${path}?${queryOf(params)}`;
  return remembered(requestKey('GET', url), async () => {
    const res = await fetch(url);
    return params.format === 'f32' ? binaryAnswer<T>(res) : answer<T>(res);
  });
}

/** POST /api/PATH with {network, options} → the answer as apiGet, or an ApiError. */
export function apiPost<T>(
  path: string,
  body: { network: unknown; options?: Params },
  _signal?: AbortSignal,
): Promise<T> {
  const text = JSON.stringify(body);
  return remembered(requestKey('POST', `/api/${path}`, text), async () => {
    const res = await fetch(`/api/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: text,
    });
    return body.options?.format === 'f32' ? binaryAnswer<T>(res) : answer<T>(res);
  });
}

/** POST /api/PATH with any JSON body (e.g. the library's options) → the JSON answer, or an ApiError. */
export async function apiPostBody<T>(
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const res = await fetch(`/api/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  return answer<T>(res);
}
