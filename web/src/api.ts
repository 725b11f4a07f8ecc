/** The lab's HTTP client: GET with a query or POST with a JSON body, errors with their field. */

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

/** GET /api/PATH?params → the JSON answer, or an ApiError. */
export async function apiGet<T>(path: string, params: Params, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`/api/${path}?${queryOf(params)}`, { signal });
  return answer<T>(res);
}

/** POST /api/PATH with {network, options} → the JSON answer, or an ApiError. */
export async function apiPost<T>(
  path: string,
  body: { network: unknown; options?: Params },
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
