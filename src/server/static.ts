import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { HttpError } from './errors.ts';
import type { FirstView } from './firstView.ts';

/** The project root (two levels above src/server/). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where `npm run build:web` writes the page: index.html, app.js, app.css, the plotly bundle
 * under vendor/, and a `.gz` and a `.br` copy of each text file.
 */
export const DEFAULT_WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

/** The package of the Plotly bundle the page and the reports load (cartesian traces only). */
export const PLOTLY_PACKAGE = 'plotly.js-cartesian-dist-min';

/**
 * The Plotly bundle of the installed plotly.js-cartesian-dist-min package (never a CDN):
 * 1.5 MB minified against plotly.js-dist's 10 MB, with every trace type the lab draws
 * (scatter, bar, heatmap).
 */
export function resolvePlotly(): string {
  return createRequire(import.meta.url).resolve(PLOTLY_PACKAGE);
}

/** Content types of the files the page is made of. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** Types worth compressing (text); images are sent as they are. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.map', '.json', '.svg', '.txt']);

/** A content coding the server can send. */
export type Coding = 'br' | 'gzip' | 'identity';

/**
 * The best coding a client accepts, from its `Accept-Encoding`: br, then gzip, then none.
 * A coding with `q=0` is refused; `*` stands for any coding not named.
 */
export function chooseCoding(acceptEncoding: string | undefined): Coding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name, weight);
  }
  const weight = (c: string) => q.get(c) ?? q.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** One file of the page in memory: its bytes, its compressed copies and their validators. */
interface Asset {
  raw: Buffer;
  type: string;
  etag: string;
  compressible: boolean;
  gzip?: Buffer;
  br?: Buffer;
  /** mtime and size of the file when read: a rebuilt file is read again. */
  mtimeMs: number;
  size: number;
}

/** The precompressed sibling `file.ext` when the build wrote it after the file, else null. */
function sibling(file: string, ext: string, mtimeMs: number): Buffer | null {
  try {
    const st = statSync(`${file}${ext}`);
    return st.mtimeMs >= mtimeMs ? readFileSync(`${file}${ext}`) : null;
  } catch {
    return null;
  }
}

/** The strong ETag of some bytes: a quoted base64url SHA-1. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha1').update(bytes).digest('base64url')}"`;
}

/** True when `If-None-Match` lists `etag` (or `*`), ignoring weak prefixes and coding suffixes. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '').replace(/"/g, '');
  for (const tag of ifNoneMatch.split(',')) {
    const t = tag.trim().replace(/^W\//, '').replace(/"/g, '');
    if (t === '*' || t === bare || t.replace(/-(br|gzip)$/, '') === bare) return true;
  }
  return false;
}

/**
 * Files served from memory: read on first request (and again when the file changes), with a
 * gzip and a brotli copy — the build's precompressed `.gz`/`.br` siblings when present,
 * else compressed once here — and an ETag per coding.
 */
export class AssetStore {
  private readonly assets = new Map<string, Asset>();
  private readonly made = new WeakMap<Buffer, Asset>();

  /** The asset of `file`, or null when it is not a regular file. */
  get(file: string): Asset | null {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(file);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const old = this.assets.get(file);
    if (old && old.mtimeMs === st.mtimeMs && old.size === st.size) return old;
    const raw = readFileSync(file);
    const ext = path.extname(file).toLowerCase();
    const asset: Asset = {
      raw,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: etagOf(raw),
      compressible: COMPRESSIBLE.has(ext) && raw.byteLength > 256,
      mtimeMs: st.mtimeMs,
      size: st.size,
    };
    if (asset.compressible) {
      asset.gzip = sibling(file, '.gz', st.mtimeMs) ?? undefined;
      asset.br = sibling(file, '.br', st.mtimeMs) ?? undefined;
    }
    this.assets.set(file, asset);
    return asset;
  }

  /** The asset of bytes made in memory (the first view's page), made once per `raw`. */
  ofBytes(raw: Buffer, ext: string, compressed: { br?: Buffer; gzip?: Buffer } = {}): Asset {
    const known = this.made.get(raw);
    if (known) return known;
    const asset: Asset = {
      raw,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: etagOf(raw),
      compressible: COMPRESSIBLE.has(ext) && raw.byteLength > 256,
      mtimeMs: 0,
      size: raw.byteLength,
      br: compressed.br,
      gzip: compressed.gzip,
    };
    this.made.set(raw, asset);
    return asset;
  }

  /** The body for a coding (compressing now, once, when the build did not). */
  body(asset: Asset, coding: Coding): Buffer {
    if (!asset.compressible || coding === 'identity') return asset.raw;
    if (coding === 'gzip') {
      asset.gzip ??= gzipSync(asset.raw, { level: 6 });
      return asset.gzip;
    }
    asset.br ??= brotliCompressSync(asset.raw, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: asset.raw.byteLength,
      },
    });
    return asset.br;
  }
}

/**
 * Sends an asset: `Content-Encoding` br or gzip when the client accepts it (`Vary:
 * Accept-Encoding` always), an ETag per coding (`"<sha1>-br"`), 304 when `If-None-Match`
 * matches. A request naming a version (`?v=…`, as the built index.html does) may be kept a
 * year; an unversioned one is revalidated each time (`no-cache`).
 */
export function sendAsset(store: AssetStore, asset: Asset, req: Request, res: Response): void {
  const coding = asset.compressible ? chooseCoding(req.headers['accept-encoding']) : 'identity';
  const etag = coding === 'identity' ? asset.etag : `${asset.etag.slice(0, -1)}-${coding}"`;
  res.setHeader('Content-Type', asset.type);
  if (asset.compressible) res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', etag);
  const versioned = typeof req.query === 'object' && req.query !== null && 'v' in req.query;
  res.setHeader(
    'Cache-Control',
    versioned ? 'public, max-age=31536000, immutable' : 'public, no-cache',
  );
  if (etagMatches(req.headers['if-none-match'], asset.etag)) {
    res.status(304).end();
    return;
  }
  const body = store.body(asset, coding);
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
  res.setHeader('Content-Length', String(body.byteLength));
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

/**
 * `GET /vendor/plotly.min.js`: the Plotly bundle — `file` when given, else the build's copy
 * web/dist/vendor/plotly.min.js (with its precompressed siblings), else the installed
 * package's — from memory, compressed, with an ETag.
 */
export function plotlyHandler(store: AssetStore, webDist: string, file?: string): RequestHandler {
  return (req, res, next) => {
    const built = path.join(webDist, 'vendor', 'plotly.min.js');
    let chosen = file;
    if (!chosen) {
      try {
        chosen = existsSync(built) ? built : resolvePlotly();
      } catch {
        chosen = built;
      }
    }
    const asset = store.get(chosen);
    if (!asset) {
      next(
        new HttpError(
          503,
          `the plotly bundle is missing (${chosen}); run npm ci to install ${PLOTLY_PACKAGE}`,
        ),
      );
      return;
    }
    sendAsset(store, asset, req, res);
  };
}

/** The file under `root` a URL path names, or null (dot files, `..`, encoded separators). */
export function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p.startsWith('.'))) return null;
  const file = path.join(root, ...(parts.length === 0 ? ['index.html'] : parts));
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

/**
 * The page: files only from `webDist` (dot files and `.map` source maps never served, no
 * directory listing, from memory
 * with br/gzip and ETags, see `sendAsset`), `/vendor/plotly.min.js`, and a 503 naming
 * `npm run build:web` for `/` when the page has not been built (checked on each request, so
 * building while the server runs works). With `firstView`, `/` is index.html with the
 * answers of the page's first view embedded once they are made (firstView.ts).
 */
export function staticRouter(
  webDist: string,
  plotlyFile?: string,
  firstView?: FirstView | null,
): Router {
  const router = Router();
  const store = new AssetStore();
  router.get('/vendor/plotly.min.js', plotlyHandler(store, webDist, plotlyFile));
  router.get(['/', '/index.html'], (req, res, next) => {
    if (!existsSync(path.join(webDist, 'index.html')))
      return next(
        new HttpError(
          503,
          `the web page is not built (no ${path.join(webDist, 'index.html')}); run \`npm run build:web\` (\`npm start\` builds it)`,
        ),
      );
    if (!firstView) return next();
    // The page with its first view's answers embedded (firstView.ts), when there is one.
    firstView.page().then((page) => {
      if (!page) return next();
      sendAsset(store, store.ofBytes(page.html, '.html', page), req, res);
    }, next);
  });
  router.get(/.*/, (req, res, next) => {
    if (req.path.startsWith('/api/') || req.path === '/api') return next();
    // Source maps stay private: a development build may write them, the server never sends them.
    const file = req.path.endsWith('.map') ? null : fileUnder(webDist, req.path);
    const asset = file ? store.get(file) : null;
    if (!asset) return next();
    sendAsset(store, asset, req, res);
  });
  return router;
}
