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
