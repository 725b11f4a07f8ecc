import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isUserError } from '../util/validate.ts';

/**
 * An error with an HTTP status, the field of the request it is about (or null) and a
 * message safe to show. Every error response of the server has the body
 * `{"error": {"message": string, "field": string | null}}`.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly field: string | null;
  /** Extra response headers (e.g. `Allow` for 405, `Retry-After` for 503). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: number,
    message: string,
    field: string | null = null,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.field = field;
    this.headers = headers;
  }
}

/** The JSON body of an error response. */
export interface ErrorBody {
  error: { message: string; field: string | null };
}

function hasField(e: unknown): e is Error & { field: string } {
  return e instanceof Error && typeof (e as { field?: unknown }).field === 'string';
}

/** Messages of the errors body-parser raises, by its `type`, with their status. */
const BODY_ERRORS: Record<string, { status: number; message: (e: Error) => string }> = {
  'entity.parse.failed': {
    status: 400,
    message: (e) => `is not valid JSON: ${e.message.split('\n')[0]}`,
  },
  'entity.too.large': {
    status: 413,
    message: (e) => {
      const limit = (e as { limit?: number }).limit;
      return `is larger than the limit of ${limit ?? 'the server'} bytes`;
    },
  },
  'entity.verify.failed': { status: 400, message: () => 'could not be verified' },
  'request.aborted': { status: 400, message: () => 'was aborted before it was complete' },
  'request.size.invalid': {
    status: 400,
    message: () => 'does not match its Content-Length',
  },
  'encoding.unsupported': {
    status: 415,
    message: () => 'has an unsupported Content-Encoding (send it uncompressed)',
  },
  'charset.unsupported': { status: 415, message: () => 'has an unsupported charset (use utf-8)' },
  'parameters.too.many': { status: 413, message: () => 'has too many parameters' },
};

/**
 * Turns anything thrown while handling a request into an HttpError:
 * - HttpError as is;
 * - the user's error by its structure (`isUserError`: the library's FieldError /
 *   FieldTypeError, or an error carrying a string `field`) → 400 with that field;
 * - body-parser errors (malformed JSON, body too large, bad encoding) → 400/413/415 with
 *   field `body`;
 * - anything else, a plain RangeError or TypeError included, is a bug: 500 with a fixed message and no detail (logged by the handler).
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const type = (err as { type?: unknown } | null)?.type;
  if (err instanceof Error && typeof type === 'string' && type in BODY_ERRORS) {
    const b = BODY_ERRORS[type];
    return new HttpError(b.status, `body ${b.message(err)}`, 'body');
  }
  if (isUserError(err)) return new HttpError(400, err.message, hasField(err) ? err.field : null);
  return new HttpError(500, 'internal error: the server failed on this request', null);
}

/**
 * The answer of a route asked with `check=true`: whether it would serve the request (with
 * what `A` adds), or the user's error it would refuse it with (the 400's message and field).
 */
export type Verdict<A extends object = Record<never, never>> =
  | ({ accepted: true } & A)
  | { accepted: false; error: { message: string; field: string | null } };

/**
 * Runs a route's own reading and checks (`accept`) and makes the user's error it throws the
 * refusal verdict, a 200 either way, so a client that must not log a failed request (the
 * lab page) can ask first. A bug still throws (a 500).
 */
export function verdictOf<A extends object>(accept: () => A): Verdict<A> {
  try {
    return { accepted: true, ...accept() };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { accepted: false, error: { message: e.message, field: hasField(e) ? e.field : null } };
  }
}

/** Sends an HttpError as JSON. */
export function sendError(
  res: Parameters<RequestHandler>[1],
  e: HttpError,
): Parameters<RequestHandler>[1] {
  for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
  const body: ErrorBody = { error: { message: e.message, field: e.field } };
  return res.status(e.status).json(body);
}

/** 404 for any route the app does not know, as JSON. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `no route ${req.method} ${req.path} (see GET /api for the routes)`));
};

/**
 * The error handler, registered last: maps the error with `toHttpError` and answers JSON.
 * Never sends a stack trace; a 500 is reported through `log` with its stack.
 */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = toHttpError(err);
    if (e.status >= 500 && !(err instanceof HttpError)) {
      log(
        `dilation-lab: 500 on ${req.method} ${req.originalUrl}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
    sendError(res, e);
  };
}
