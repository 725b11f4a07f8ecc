import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLimitsOf } from '../../src/limits/index.ts';
import { embedAnswers, FIRST_VIEW_ELEMENT, FIRST_VIEW_FILE } from '../../src/server/firstView.ts';
import {
  closeApp,
  createApp,
  type RunningServer,
  SERVER_LIMITS,
  startServer,
} from '../../src/server/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'dilation-lab-first-view-'));
const web = path.join(dir, 'dist');
mkdirSync(web);
const page = (title: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><p>lab</p></body></html>`;
writeFileSync(path.join(web, 'index.html'), page('one'));

const analyzeUrl = '/api/analyze?kernel=box%3A3&rates=1%2C2%2C5';
const r2Body = JSON.stringify({
  network: { type: 'stack', layers: [{ kernel: 'box:3x3', dilation: 2 }] },
  options: { n: 16, members: false, format: 'f32' },
});
const r2Key = `POST /api/response2d ${r2Body}`;
const badUrl = '/api/analyze?kernel=box%3A3&rates=0';
writeFileSync(
  path.join(web, FIRST_VIEW_FILE),
  JSON.stringify({
    query: '',
    requests: [
      { key: analyzeUrl, method: 'GET', url: analyzeUrl },
      { key: r2Key, method: 'POST', url: '/api/response2d', body: r2Body },
      { key: badUrl, method: 'GET', url: badUrl },
      { key: 'not api', method: 'GET', url: '/index.html' },
    ],
  }),
);

/** The embedded block of a page, parsed, or null when the page has none. */
function embedded(
  html: string,
): { answers: Record<string, { json?: unknown; f32?: string }>; limits?: unknown } | null {
  const m = new RegExp(
    `<script type="application/json" id="${FIRST_VIEW_ELEMENT}">([^<]*)</script>`,
  ).exec(html);
  return m ? JSON.parse(m[1]) : null;
}

let server: RunningServer;
const base = () => server.url.replace(/\/$/, '');
beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', announce: null, webDist: web });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the first view embedded in index.html (src/server/firstView.ts)', () => {
  it('carries the answers the API gives for the recorded requests, under their keys', async () => {
    const res = await request(base()).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const block = embedded(res.text);
    expect(block).not.toBeNull();
    // The failing request and the non-API one are left out: the page asks for those itself.
    expect(Object.keys(block!.answers)).toEqual([analyzeUrl, r2Key]);
    const direct = await request(base()).get(analyzeUrl);
    expect(direct.status).toBe(200);
    expect(block!.answers[analyzeUrl].json).toEqual(direct.body);
    const binary = await request(base())
      .post('/api/response2d')
      .set('Content-Type', 'application/json')
      .send(r2Body)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(binary.status).toBe(200);
    expect(Buffer.from(block!.answers[r2Key].f32 ?? '', 'base64').equals(binary.body)).toBe(true);
    // The rest of the page is the built file, the block at the end of its head.
    expect(res.text.replace(/<script type="application\/json"[\s\S]*?<\/script>\n/, '')).toBe(
      page('one'),
    );
    expect(res.text.indexOf(FIRST_VIEW_ELEMENT)).toBeLessThan(res.text.indexOf('</head>'));
  });

  it('carries the server’s API limits beside the answers, as this server is configured', async () => {
    const res = await request(base()).get('/');
    expect(embedded(res.text)?.limits).toEqual(apiLimitsOf(SERVER_LIMITS));
    const tight = await startServer({
      port: 0,
      host: '127.0.0.1',
      announce: null,
      webDist: web,
      limits: { maxTaps1d: 1000, maxN: 4096 },
    });
    try {
      const limits = embedded((await request(tight.url).get('/')).text)?.limits;
      expect(limits).toMatchObject({ maxTaps1d: 1000, maxN: 4096 });
      // Only the limits a client can judge: none of the server's queue and timeout settings.
      expect(Object.keys(limits as object)).not.toContain('maxQueue');
    } finally {
      await tight.close();
    }
  });

  it('is sent compressed and revalidated with its ETag', async () => {
    const first = await request(base()).get('/').set('Accept-Encoding', 'br');
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const etag = first.headers.etag;
    const again = await request(base()).get('/').set('If-None-Match', etag);
    expect(again.status).toBe(304);
  });

  it('is made again for a rebuilt index.html', async () => {
    writeFileSync(path.join(web, 'index.html'), page('two, a longer title'));
    const res = await request(base()).get('/index.html');
    expect(res.text).toContain('<title>two, a longer title</title>');
    expect(Object.keys(embedded(res.text)?.answers ?? {})).toEqual([analyzeUrl, r2Key]);
  });

  it('is not there when the app does not listen, or when turned off', async () => {
    for (const app of [
      createApp({ webDist: web }),
      createApp({ webDist: web, firstView: false }),
    ]) {
      const res = await request(app).get('/');
      expect(res.status).toBe(200);
      expect(embedded(res.text)).toBeNull();
      await closeApp(app);
    }
  });
});

describe('embedAnswers', () => {
  it('escapes every < so no answer text can close the element', () => {
    const body = Buffer.from(JSON.stringify({ note: '</script><script>alert(1)</script>' }));
    const html = embedAnswers(page('x'), [{ key: '/api/x?a=</script>', binary: false, body }]);
    const start = html.indexOf(`id="${FIRST_VIEW_ELEMENT}">`);
    const end = html.indexOf('</script>', start);
    const text = html.slice(start + `id="${FIRST_VIEW_ELEMENT}">`.length, end);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({
      answers: { '/api/x?a=</script>': { json: { note: '</script><script>alert(1)</script>' } } },
    });
    const limits = apiLimitsOf(SERVER_LIMITS);
    expect(JSON.parse(embedAnswers('', [], limits).replace(/^[^>]*>|<\/script>\n$/g, ''))).toEqual({
      answers: {},
      limits,
    });
  });

  it('puts the element first when the page has no head', () => {
    const html = embedAnswers('<p>x</p>', [{ key: 'k', binary: true, body: Buffer.from([1, 2]) }]);
    expect(html.startsWith(`<script type="application/json" id="${FIRST_VIEW_ELEMENT}">`)).toBe(
      true,
    );
    expect(html.endsWith('<p>x</p>')).toBe(true);
    expect(html).toContain('{"f32":"AQI="}');
  });
});
