import type { RequestHandler } from 'express';

/**
 * The Content-Security-Policy of every response. Scripts only from this origin (the page's
 * bundle and /vendor/plotly.min.js); no 'unsafe-eval': the SVG traces the lab draws
 * (scatter, bar, heatmap) do not need it — only plotly's WebGL traces (regl) and maps do.
 * Styles need 'unsafe-inline' because plotly sets style attributes and inserts a <style>
 * element at load time (plotly.js#2355). Images allow data: and blob: for heatmaps and the
 * PNG/SVG export. Nothing may frame the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The security headers set on every response (no helmet: plain `setHeader`). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Middleware setting SECURITY_HEADERS (X-Powered-By is disabled in createApp). */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  next();
};

/** Host names a loopback-bound server answers to (DNS rebinding protection). */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** True for an address that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The host name of a Host header without its port: `localhost:8080` → `localhost`, `[::1]:80` → `[::1]`. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

/** Routes that only read static data: cross-site requests to them start no computation. */
const READ_ONLY = new Set(['/api', '/api/health', '/api/presets']);

/**
 * Why a request is refused before routing (403), or null:
 * - `allowedHosts` (set when the server is bound to loopback): the Host header must name one
 *   of them, so a page on a rebound DNS name cannot reach the lab;
 * - a computing API route (anything under /api but the route list, health and presets)
 *   refuses a browser request from another site: `Sec-Fetch-Site: cross-site`, or an
 *   `Origin` whose host is not the request's Host.
 */
export function exposureRefusal(
  req: { headers: Record<string, string | string[] | undefined>; url?: string },
  allowedHosts: readonly string[] | null,
): string | null {
  const host = typeof req.headers.host === 'string' ? req.headers.host : '';
  if (allowedHosts && !allowedHosts.includes(hostName(host)))
    return `Host ${JSON.stringify(host)} is not allowed: this server is bound to loopback and answers only to ${allowedHosts.join(', ')}`;
  const path = (req.url ?? '/').split('?')[0];
  if (!path.startsWith('/api') || READ_ONLY.has(path.replace(/\/$/, ''))) return null;
  if (req.headers['sec-fetch-site'] === 'cross-site')
    return 'cross-site requests may not start computations (Sec-Fetch-Site: cross-site)';
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let originHost = '';
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      originHost = '';
    }
    if (originHost !== host.trim().toLowerCase())
      return `requests from another origin (${origin}) may not start computations`;
  } else if (origin === 'null') return 'requests from an opaque origin may not start computations';
  return null;
}

/** Answers a refused request with a 403 JSON error and the security headers, without Express. */
export function sendRefusal(
  res: {
    writeHead(status: number, headers: Record<string, string>): unknown;
    end(body: string): unknown;
  },
  message: string,
): void {
  const body = JSON.stringify({ error: { message, field: null } });
  res.writeHead(403, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
