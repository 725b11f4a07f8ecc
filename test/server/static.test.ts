import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, closeApp, createApp } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'dilation-lab-web-'));
const built = path.join(dir, 'dist');
mkdirSync(built);
writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>lab</title>');
writeFileSync(path.join(built, 'app.js'), 'console.log(1);');
writeFileSync(path.join(built, '.secret'), 'no');
const plotlyFile = path.join(dir, 'plotly.js');
writeFileSync(plotlyFile, `/* plotly */ var Plotly = {};${' '.repeat(2000)}`);

const app = createApp({ webDist: built, plotlyFile });
const unbuilt = createApp({ webDist: path.join(dir, 'missing') });
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
    expectError(await request(app).get('/../package.json'), 404, null);
    expectError(await request(app).get('/%2e%2e/package.json'), 404, null);
  });

  it('serves the plotly bundle at /vendor/plotly.min.js, gzipped when accepted', async () => {
    const plain = await request(app)
      .get('/vendor/plotly.min.js')
      .set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^text\/javascript/);
    expect(plain.text).toBe(readFileSync(plotlyFile, 'utf8'));
    // supertest inflates the gzip body, so the text must equal the file again
    const gz = await request(app).get('/vendor/plotly.min.js').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe(readFileSync(plotlyFile, 'utf8'));
    const again = await request(app)
      .get('/vendor/plotly.min.js')
      .set('If-None-Match', plain.headers.etag);
    expect(again.status).toBe(304);
  });

  it('serves the real plotly.js-dist bundle by default', async () => {
    const res = await request(unbuilt).get('/vendor/plotly.min.js').set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.text).toMatch(/plotly/i);
  });

  it('answers 503 naming npm run build:web when the page is not built', async () => {
    const res = await request(unbuilt).get('/');
    expectError(res, 503, null, /npm run build:web/);
  });
});
