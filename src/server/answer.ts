import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request as XRequest, Response as XResponse } from 'express';
import { BINARY_MEDIA_TYPE } from '../util/binary.ts';
import { JsonCache } from './cache.ts';
import { SECURITY_HEADERS } from './security.ts';
import { etagMatches, etagOf } from './static.ts';

/** The content type of a JSON answer. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * What a compute route sends: the bytes, their content type and their ETag. Answers are
 * pure functions of the request, so one Answer serves every identical request.
 */
export interface Answer {
  body: Buffer;
  type: string;
  /** Strong ETag: a quoted base64url SHA-1 of the body. */
  etag: string;
  /** The body's length (JsonCache bounds its total). */
  byteLength: number;
  /** The whole header block of a 200 (flat name, value list), made once. */
  head: string[];
}

/** How a compute answer may be cached: stored, but revalidated (ETag) before each use. */
export const ANSWER_CACHE_CONTROL = 'no-cache';

const answers = new WeakMap<Buffer, Answer>();

/**
 * The Answer of some bytes (made once per Buffer: the dispatcher's cached Buffers keep
 * theirs, so a hit never hashes or serialises again).
 */
export function answerOf(body: Buffer, format: 'json' | 'f32' = 'json'): Answer {
  const known = answers.get(body);
  if (known) return known;
  const type = format === 'f32' ? BINARY_MEDIA_TYPE : JSON_TYPE;
  const etag = etagOf(body);
  const head: string[] = [];
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) head.push(k, v);
  head.push(
    'Cache-Control',
    ANSWER_CACHE_CONTROL,
    'Content-Type',
    type,
    'ETag',
    etag,
    'Content-Length',
    String(body.byteLength),
  );
  const a: Answer = { body, type, etag, byteLength: body.byteLength, head };
  answers.set(body, a);
  return a;
}

/**
 * Sends an answer on a plain node:http response: 304 (no body) when `If-None-Match` names
 * its ETag, else 200 with the body (none for HEAD); the headers in one writeHead.
 */
export function writeAnswer(
  method: string | undefined,
  ifNoneMatch: string | undefined,
  res: ServerResponse,
  a: Answer,
): void {
  if (etagMatches(ifNoneMatch, a.etag)) {
    const head: string[] = [];
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) head.push(k, v);
    head.push('Cache-Control', ANSWER_CACHE_CONTROL, 'ETag', a.etag);
    res.writeHead(304, head);
    res.end();
    return;
  }
  res.writeHead(200, a.head);
  res.end(method === 'HEAD' ? undefined : a.body);
}

/** Sends an answer from an Express handler (see writeAnswer). */
export function sendAnswer(req: XRequest, res: XResponse, a: Answer): void {
  writeAnswer(req.method, req.headers['if-none-match'], res, a);
}

/**
 * Answers of GET requests keyed by their raw URL (path and query as sent), so a repeated
 * request is answered before its query or its network is parsed.
 */
export class RawAnswerCache {
  private readonly cache: JsonCache<Answer>;

  constructor(maxEntries = 256, maxBytes = 64 * 1024 * 1024) {
    this.cache = new JsonCache<Answer>(maxEntries, maxBytes);
  }

  /** Remembers the answer of a GET (or HEAD) request for its raw URL. */
  remember(req: XRequest, a: Answer): void {
    if (req.method === 'GET' || req.method === 'HEAD') this.cache.set(req.originalUrl, a);
  }

  /**
   * Answers a GET or HEAD under /api/ whose raw URL was answered before (200 or 304) on the
   * plain node:http request, with no parsing, routing or serialising; false when it was not.
   * createApp calls it before Express sees the request.
   */
  tryAnswer(req: IncomingMessage, res: ServerResponse): boolean {
    const m = req.method;
    if (m !== 'GET' && m !== 'HEAD') return false;
    const url = req.url;
    if (url === undefined || !url.startsWith('/api/')) return false;
    const a = this.cache.get(url);
    if (a === undefined) return false;
    writeAnswer(m, req.headers['if-none-match'], res, a);
    return true;
  }

  /** Number of remembered URLs. */
  get size(): number {
    return this.cache.size;
  }
}
