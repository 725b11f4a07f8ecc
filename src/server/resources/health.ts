import type { RequestHandler } from 'express';
import type { ServerContext } from '../context.ts';

/** `GET /api/health` → `{ok: true, version}`. */
export function healthHandler(ctx: ServerContext): RequestHandler {
  const body = JSON.stringify({ ok: true, version: ctx.version });
  return (_req, res) => {
    res.type('application/json').send(body);
  };
}
