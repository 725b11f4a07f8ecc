import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeApp,
  createApp,
  type RunningServer,
  SECURITY_HEADERS,
  startServer,
} from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

// Issue 8 items 6, 7, 8: wrong statuses and misleading errors of the HTTP API.
const app = createApp({ workers: 0 });
afterAll(() => closeApp(app));

const bomb = [
  'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

describe('a YAML alias bomb is a 400 naming the field (item 6)', () => {
  it.each(['/api/analyze', '/api/response', '/api/taps'])('GET %s', async (route) => {
    expectError(await request(app).get(route).query({ network: bomb }), 400, 'network', /aliases/);
  });
  it('POST /api/analyze with the bomb as network text', async () => {
    expectError(
      await request(app).post('/api/analyze').send({ network: bomb }),
      400,
      'network',
      /aliases/,
    );
  });
});

describe('compressed and non-UTF-8 bodies are 415s (item 7)', () => {
  const json = JSON.stringify({ kernel: 'box:3', rates: [1, 2] });
  it.each([
    ['deflate', deflateSync(json)],
    ['gzip', gzipSync(json)],
    ['br', brotliCompressSync(json)],
    ['deflate', Buffer.from('not deflate at all')],
  ])('Content-Encoding: %s', async (encoding, bytes) => {
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .send(bytes);
    expectError(res, 415, 'body', /Content-Encoding/);
  });

  it.each(['utf-16', 'utf-16le', 'latin1', 'ISO-8859-1'])('charset=%s', async (charset) => {
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', `application/json; charset=${charset}`)
      .send(json);
    expectError(res, 415, 'body', /charset/);
  });

  it('charset=utf-8 and identity encoding are accepted', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', 'application/json; charset=UTF-8')
      .set('Content-Encoding', 'identity')
      .send(json);
    expect(res.status).toBe(200);
    expect(res.body.receptiveField).toBe(7);
  });
});

describe('misleading errors (item 8)', () => {
  it('a JSON body nested 10,000 deep is a 400 on body, not a stack overflow', async () => {
    const deep = `{"network":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', 'application/json')
      .send(deep);
    expectError(res, 400, 'body', /nests deeper than 64/);
    expect(res.body.error.message).not.toMatch(/call stack/);
  });

  it('gaussian:7:1e-320 is a 400 on the sigma, not NaN weights', async () => {
    const res = await request(app)
      .get('/api/analyze')
      .query({ kernel: 'gaussian:7:1e-320', rates: '1' });
    expectError(res, 400, 'kernel sigma', /at least 0\.05.*1e-320/);
  });

  it.each([
    ['/api/health', 'GET'],
    ['/api/presets', 'GET'],
    ['/api', 'GET'],
  ])('a POST with a malformed JSON body to GET-only %s is a 405', async (route, allowed) => {
    const res = await request(app).post(route).set('Content-Type', 'application/json').send('{x');
    expectError(res, 405, null, new RegExp(`use ${allowed}`));
    expect(res.headers.allow).toContain('GET');
  });

  it('a POST with a malformed body to an unknown path is a 404', async () => {
    const res = await request(app)
      .post('/api/nope')
      .set('Content-Type', 'application/json')
      .send('{x');
    expectError(res, 404, null);
  });

  it.each([
    ['/api/response', { kernel: 'box:3', rates: '1,2', fs: '0x10' }, 'fs'],
    ['/api/response', { kernel: 'box:3', rates: '1,2', n: '0x10' }, 'n'],
    ['/api/analyze', { kernel: 'weights:0x10,1', rates: '1' }, 'kernel[0]'],
    ['/api/analyze', { kernel: 'gaussian:5:0x2', rates: '1' }, 'kernel sigma'],
    ['/api/analyze', { kernel: 'box:3', rates: '1', thresholdDb: '-0x10' }, 'thresholdDb'],
  ])('one number grammar (decimal): %s %j is a 400 on %s', async (route, query, field) => {
    expectError(await request(app).get(route).query(query), 400, field);
  });
});

describe('answers of the HTTP parser carry the JSON error and security headers (item 8)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      announce: null,
      workers: 0,
      limits: { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000 },
    });
  });
  afterAll(() => server?.close());

  /** Sends raw bytes and collects the whole answer until the server closes. */
  function raw(bytes: string, keepOpenMs = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      const s = connect(server.port, '127.0.0.1');
      let out = '';
      s.on('data', (d) => {
        out += d;
      });
      s.on('error', reject);
      s.on('close', () => resolve(out));
      s.write(bytes);
      if (keepOpenMs === 0) return;
      setTimeout(() => s.destroy(), keepOpenMs);
    });
  }

  function parse(answer: string) {
    const [head, body] = answer.split('\r\n\r\n');
    const [status, ...lines] = head.split('\r\n');
    const headers = Object.fromEntries(
      lines.map((l) => [
        l.slice(0, l.indexOf(':')).toLowerCase(),
        l.slice(l.indexOf(':') + 1).trim(),
      ]),
    );
    return { status, headers, body: JSON.parse(body) };
  }

  it('a URL over 16 kB is a 431 with a JSON error naming the url', async () => {
    const answer = await raw(
      `GET /api/analyze?x=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    const r = parse(answer);
    expect(r.status).toMatch(/^HTTP\/1\.1 431 /);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    for (const [k, v] of Object.entries(SECURITY_HEADERS))
      expect(r.headers[k.toLowerCase()]).toBe(v);
    expect(r.body.error.field).toBe('url');
    expect(r.body.error.message).toMatch(/16384 bytes/);
  });

  it('a body that never completes is a 408 with a JSON error', async () => {
    const answer = await raw(
      'POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
      8_000,
    );
    const r = parse(answer);
    expect(r.status).toMatch(/^HTTP\/1\.1 408 /);
    for (const [k, v] of Object.entries(SECURITY_HEADERS))
      expect(r.headers[k.toLowerCase()]).toBe(v);
    expect(r.body.error.message).toMatch(/within 1 s/);
  }, 15_000);

  it('malformed HTTP is a 400 with a JSON error', async () => {
    const r = parse(await raw('GARBAGE\r\n\r\n'));
    expect(r.status).toMatch(/^HTTP\/1\.1 400 /);
    expect(r.body.error.message).toMatch(/not valid HTTP/);
  });
});
