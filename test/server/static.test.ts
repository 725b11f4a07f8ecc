import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, closeApp, createApp } from '../../src/server/index.ts';
import { chooseCoding, etagMatches, resolvePlotly } from '../../src/server/static.ts';
import { expectError } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'dilation-lab-web-'));
const built = path.join(dir, 'dist');
mkdirSync(built);
writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>lab</title>');
const appJs = `console.log(${JSON.stringify('x'.repeat(4000))});`;
writeFileSync(path.join(built, 'app.js'), appJs);
// What the build writes beside app.js: a brotli copy, sent as it is.
writeFileSync(path.join(built, 'app.js.br'), brotliCompressSync(appJs));
writeFileSync(path.join(built, 'tiny.css'), 'a{}');
writeFileSync(path.join(built, '.secret'), 'no');
// A development build (`build-web.mjs --sourcemap`) writes a source map; it is never served.
writeFileSync(path.join(built, 'app.js.map'), '{"version":3,"sources":["main.ts"]}');
const plotlyFile = path.join(dir, 'plotly.js');
writeFileSync(plotlyFile, `/* plotly */ var Plotly = {};${' '.repeat(2000)}`);

const app = createApp({ webDist: built, plotlyFile });
const unbuilt = createApp({ webDist: path.join(dir, 'missing') });

/** GET on a listening copy of `app`, the body as the bytes sent. */
async function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: url, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        })
        .on('error', reject);
    });
  } finally {
    server.close();
  }
}
afterAll(async () => {
  await closeApp(app);
  await closeApp(unbuilt);
  rmSync(dir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('sets them on API answers, errors and static files, without X-Powered-By', async () => {
    for (const res of [
      await request(app).get('/api/health'),
      await request(app).get('/api/nope'),
      await request(app).get('/'),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('allows scripts from this origin only, inline styles for plotly, and no eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self' 'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('marks API answers as not cacheable', async () => {
    const res = await request(app).get('/api/health');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('the page and the plotly bundle', () => {
  it('serves the built page at / and its assets', async () => {
    const index = await request(app).get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.text).toContain('<title>lab</title>');
    const js = await request(app).get('/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  it('does not serve dot files or paths outside the build', async () => {
    expectError(await request(app).get('/.secret'), 404, null);
    expectError(await request(app).get('/app.js.map'), 404, null);
    expectError(await request(app).get('/../package.json'), 404, null);
    expectError(await request(app).get('/%2e%2e/package.json'), 404, null);
  });

  it('serves the plotly bundle at /vendor/plotly.min.js, compressed when accepted', async () => {
    const plain = await request(app)
      .get('/vendor/plotly.min.js')
      .set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^text\/javascript/);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.text).toBe(readFileSync(plotlyFile, 'utf8'));
    // supertest inflates the gzip body, so the text must equal the file again
    const gz = await request(app).get('/vendor/plotly.min.js').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe(readFileSync(plotlyFile, 'utf8'));
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
    const again = await request(app)
      .get('/vendor/plotly.min.js')
      .set('If-None-Match', plain.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('serves the cartesian plotly bundle (scatter, bar, heatmap) by default', async () => {
    const res = await request(unbuilt).get('/vendor/plotly.min.js').set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.text).toBe(readFileSync(resolvePlotly(), 'utf8'));
    expect(res.text.length).toBeLessThan(3_000_000);
    for (const trace of ['scatter', 'bar', 'heatmap']) expect(res.text).toContain(`"${trace}"`);
  });
  it('answers 503 naming npm run build:web when the page is not built', async () => {
    const res = await request(unbuilt).get('/');
    expectError(res, 503, null, /npm run build:web/);
  });
});

describe('compression and revalidation of the page files', () => {
  it.each([
    ['br, gzip', 'br'],
    ['gzip, deflate', 'gzip'],
    ['gzip;q=0, br;q=0.5', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', 'identity'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    [undefined, 'identity'],
  ])('Accept-Encoding %s chooses %s', (header, coding) => {
    expect(chooseCoding(header)).toBe(coding);
  });

  it("sends the build's brotli copy of app.js with Content-Encoding br and Vary", async () => {
    // Read the bytes as sent (supertest would inflate them).
    const res = await rawGet('/app.js', { 'Accept-Encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    const body = res.body;
    expect(Number(res.headers['content-length'])).toBe(body.byteLength);
    expect(body.byteLength).toBeLessThan(appJs.length / 4);
    expect(brotliDecompressSync(body).toString('utf8')).toBe(appJs);
  });

  it('revalidates with the ETag of any coding: 304 and no body', async () => {
    const first = await request(app).get('/app.js').set('Accept-Encoding', 'gzip');
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+-gzip"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    for (const enc of ['gzip', 'br', 'identity']) {
      const again = await request(app)
        .get('/app.js')
        .set('Accept-Encoding', enc)
        .set('If-None-Match', first.headers.etag);
      expect(again.status).toBe(304);
    }
    const changed = await request(app).get('/app.js').set('If-None-Match', '"other"');
    expect(changed.status).toBe(200);
    expect(changed.text).toBe(appJs);
  });

  it('lets a versioned URL (?v=) be kept a year', async () => {
    const res = await request(app).get('/app.js?v=abc');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('does not compress tiny files', async () => {
    const res = await request(app).get('/tiny.css').set('Accept-Encoding', 'br, gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.text).toBe('a{}');
  });

  it.each([
    ['"abc"', '"abc"', true],
    ['W/"abc"', '"abc"', true],
    ['"x", "abc-br"', '"abc"', true],
    ['*', '"abc"', true],
    ['"abd"', '"abc"', false],
    [undefined, '"abc"', false],
  ])('If-None-Match %s against %s matches: %s', (header, etag, want) => {
    expect(etagMatches(header, etag)).toBe(want);
  });
});
