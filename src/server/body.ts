import express, { type RequestHandler } from 'express';
import { assertTextNesting } from '../network/index.ts';
import { show } from '../util/validate.ts';
import { HttpError } from './errors.ts';

/**
 * The charset of a `Content-Type` header (lower case), or null when it names none.
 * `application/json; charset="UTF-8"` → `utf-8`.
 */
export function contentCharset(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType);
  return m ? m[1].toLowerCase() : null;
}

/**
 * The JSON body reader of /api (docs/http.md, "Limits"): at most `bodyBytes` bytes, sent
 * uncompressed (any Content-Encoding but `identity` is a 415, not inflated), in UTF-8 (any
 * other charset is a 415), and nested at most LIMITS.maxTextNesting deep — checked on the
 * raw text before JSON.parse and before anything walks the parsed value, so a deep body is a
 * 400 on field `body` rather than a stack overflow.
 */
export function jsonBody(bodyBytes: number): RequestHandler[] {
  const charset: RequestHandler = (req, _res, next) => {
    const cs = contentCharset(req.headers['content-type']);
    if (cs !== null && cs !== 'utf-8' && cs !== 'utf8') {
      next(
        new HttpError(
          415,
          `body has an unsupported charset ${show(cs)} (send UTF-8: charset=utf-8 or none)`,
          'body',
        ),
      );
      return;
    }
    const enc = req.headers['content-encoding'];
    if (enc !== undefined && enc.trim().toLowerCase() !== 'identity') {
      next(
        new HttpError(
          415,
          `body has an unsupported Content-Encoding ${show(enc)} (send it uncompressed)`,
          'body',
        ),
      );
      return;
    }
    next();
  };
  const json = express.json({
    limit: bodyBytes,
    strict: true,
    inflate: false,
    type: ['application/json', '+json'],
    verify: (_req, _res, buf) => {
      try {
        assertTextNesting('body', buf.toString('utf8'));
      } catch (e) {
        // An HttpError keeps its status through body-parser (a plain error would be a 403).
        throw new HttpError(400, (e as Error).message, 'body');
      }
    },
  });
  return [charset, json];
}
