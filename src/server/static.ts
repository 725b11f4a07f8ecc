import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import express, { type RequestHandler, Router } from 'express';
import { HttpError } from './errors.ts';

/** The project root (two levels above src/server/). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where `npm run build:web` writes the page: index.html, app.js, app.css. */
export const DEFAULT_WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

/** The plotly bundle of the installed plotly.js-dist package (never a CDN). */
export function resolvePlotly(): string {
  return createRequire(import.meta.url).resolve('plotly.js-dist');
}

/**
 * `GET /vendor/plotly.min.js`: the plotly.js-dist bundle, read once on first request and
 * kept in memory with a gzip copy (sent when the client accepts gzip), with an ETag.
 */
export function plotlyHandler(file: string): RequestHandler {
  let cached: { raw: Buffer; gz: Buffer; etag: string } | null = null;
  return (req, res, next) => {
    try {
      if (!cached) {
        const raw = readFileSync(file);
        cached = {
          raw,
          gz: gzipSync(raw, { level: 6 }),
          etag: `"${createHash('sha1').update(raw).digest('base64url')}"`,
        };
      }
    } catch {
      next(
        new HttpError(
          503,
          `the plotly bundle is missing (${file}); run npm ci to install plotly.js-dist`,
        ),
      );
      return;
    }
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.setHeader('ETag', cached.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === cached.etag) {
      res.status(304).end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.send(gzip ? cached.gz : cached.raw);
  };
}

/**
 * The page: static files only from `webDist` (dot files ignored, no directory listing),
 * `/vendor/plotly.min.js`, and a 503 naming `npm run build:web` for `/` when the page has
 * not been built (checked on each request, so building while the server runs works).
 */
export function staticRouter(webDist: string, plotlyFile: string): Router {
  const router = Router();
  router.get('/vendor/plotly.min.js', plotlyHandler(plotlyFile));
  router.use(
    express.static(webDist, {
      index: 'index.html',
      dotfiles: 'ignore',
      redirect: false,
      fallthrough: true,
    }),
  );
  router.get(['/', '/index.html'], (_req, _res, next) => {
    if (existsSync(path.join(webDist, 'index.html'))) return next();
    next(
      new HttpError(
        503,
        `the web page is not built (no ${path.join(webDist, 'index.html')}); run \`npm run build:web\` (\`npm start\` builds it)`,
      ),
    );
  });
  return router;
}
