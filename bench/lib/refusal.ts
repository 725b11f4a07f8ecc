/**
 * What bench/analyze-limits.ts reads of a refusal: the field and message of the server's
 * error body `{"error": {"message": string, "field": string | null}}` (docs/http.md). The
 * message can be long (the cost limit's advice), so the body is parsed whole, never cut first.
 */
export interface Refusal {
  /** The request field the error is about, `null` when the server names none. */
  field: string | null;
  message: string;
}

/** The refusal in a server error body, or null when the body is not one (not JSON, no `error`). */
export function refusalOf(body: string): Refusal | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const error = (parsed as { error?: unknown } | null)?.error as
    | { message?: unknown; field?: unknown }
    | undefined;
  if (typeof error !== 'object' || error === null || typeof error.message !== 'string') return null;
  return { field: typeof error.field === 'string' ? error.field : null, message: error.message };
}
