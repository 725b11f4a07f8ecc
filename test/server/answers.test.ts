/**
 * How compute answers travel: ETags and 304s, the raw-URL answer cache, `fields=`, the
 * Float32 binary form (checked against the JSON answer and a direct DTFT), and JSON bodies
 * parsed on POST routes only.
 */
import request, { type Response } from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { closeApp, createApp } from '../../src/server/index.ts';
import { BINARY_MEDIA_TYPE, decodeBinary } from '../../src/util/binary.ts';
import { expectError } from './helpers.ts';

const app = createApp();
const uncached = createApp({ cacheEntries: 0 });
afterAll(async () => {
  await closeApp(app);
  await closeApp(uncached);
});

/** The body as the bytes sent (supertest would otherwise try to read them as text). */
function bytes(req: request.Test): request.Test {
  return req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

const ANALYZE = '/api/analyze?kernel=box:3&rates=1,2,5,9';

describe('ETag and 304 revalidation', () => {
  it.each([
    ['cache on', app],
    ['cache off', uncached],
  ])('an unchanged analyze answer revalidates to 304 with no body (%s)', async (_name, a) => {
    const first = await request(a).get(ANALYZE);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    const again = await request(a).get(ANALYZE).set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    const stale = await request(a).get(ANALYZE).set('If-None-Match', '"something-else"');
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual(first.body);
  });

  it('gives different answers different ETags', async () => {
    const a = await request(app).get('/api/analyze?kernel=box:3&rates=1,2,5');
    const b = await request(app).get('/api/analyze?kernel=box:3&rates=2,2,2');
    expect(a.headers.etag).not.toBe(b.headers.etag);
  });

  it('answers a repeated GET from its raw URL with the same bytes and headers', async () => {
    const url = '/api/response?kernel=box:3&rates=1,3&n=64';
    const first = await request(app).get(url);
    const second = await request(app).get(url);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    for (const h of ['etag', 'content-type', 'content-length', 'cache-control', 'x-frame-options'])
      expect(second.headers[h], h).toBe(first.headers[h]);
    const head = await request(app).head(url);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
    expect(head.text ?? '').toBe('');
  });

  it('does not remember failures: a bad request stays a 400', async () => {
    for (let i = 0; i < 2; i++)
      expectError(await request(app).get('/api/analyze?kernel=box:3&rates=0'), 400, 'rates[0]');
  });
});

describe('fields=', () => {
  it.each([
    ['GET', 'w,magnitude'],
    ['GET', 'magnitude, w,w'],
    ['POST', ['magnitude', 'w']],
  ])('%s keeps only the named fields, with the full answer values (%j)', async (method, fields) => {
    const full = (await request(app).get('/api/response?kernel=box:3&rates=1,2&n=32')).body;
    const res =
      method === 'GET'
        ? await request(app).get(
            `/api/response?kernel=box:3&rates=1,2&n=32&fields=${encodeURIComponent(fields as string)}`,
          )
        : await request(app)
            .post('/api/response')
            .send({ kernel: 'box:3', rates: [1, 2], options: { n: 32, fields } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['w', 'magnitude']);
    expect(res.body.w).toEqual(full.w);
    expect(res.body.magnitude).toEqual(full.magnitude);
  });

  it('selects analyze fields too', async () => {
    const res = await request(app).get(`${ANALYZE}&fields=receptiveField,kind`);
    expect(res.status).toBe(200);
    const full = (await request(app).get(ANALYZE)).body;
    expect(res.body).toEqual({ kind: full.kind, receptiveField: full.receptiveField });
  });

  it('a.b keeps field b of each item of a: the members’ |H| without their re and im', async () => {
    const url = '/api/response?kernel=box:3&rates=1,2&n=32';
    const full = (await request(app).get(url)).body;
    expect(Object.keys(full.members[0])).toEqual(expect.arrayContaining(['re', 'im', 'magnitude']));
    const res = await request(app).get(`${url}&fields=w,members.label,members.magnitude`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['w', 'members']);
    expect(res.body.w).toEqual(full.w);
    expect(res.body.members).toEqual(
      full.members.map((m: { label: string; magnitude: number[] }) => ({
        label: m.label,
        magnitude: m.magnitude,
      })),
    );
    // The whole field named too: it is sent whole.
    const both = await request(app).get(`${url}&fields=members,members.magnitude`);
    expect(both.body).toEqual({ members: full.members });
  });

  it.each([
    ['fields=nope', /"nope", not a field of this answer \(it has .*magnitude/],
    [
      'fields=members.nope',
      /"members\.nope", not a field of each item of members \(it has .*re, im/,
    ],
    ['fields=w.x', /cannot select fields: each item of w is not an object/],
    ['fields=', /must be a field name/],
    ['fields=a-b', /must be a field name/],
    ['fields=members.magnitude.x', /must be a field name/],
  ])('%s is a 400 naming fields', async (q, message) => {
    const res = await request(app).get(`/api/response?kernel=box:3&rates=1,2&n=32&${q}`);
    expectError(res, 400, 'fields', message);
  });
});

describe('format=f32, the binary form', () => {
  const url = '/api/response2d?kernel=box:3x3&rates=1,2&n=32&members=false';

  it('decodes to the JSON answer rounded to Float32, -∞ where JSON says null', async () => {
    const json = (await request(app).get(url)).body;
    const res = await bytes(request(app).get(`${url}&format=f32`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(BINARY_MEDIA_TYPE);
    const body = res.body as Buffer;
    expect(body.byteLength).toBeLessThan(Buffer.byteLength(JSON.stringify(json)) / 2);
    const bin = decodeBinary<Record<string, unknown>>(body);
    expect(Object.keys(bin).sort()).toEqual(Object.keys(json).sort());
    expect(bin.n).toBe(32);
    expect(bin.units).toEqual(json.units);
    for (const key of ['wy', 'wx', 'magnitude', 'magnitudeDb']) {
      const got = bin[key] as Float32Array;
      const want = json[key] as (number | null)[];
      expect(got).toBeInstanceOf(Float32Array);
      expect(got.length).toBe(want.length);
      want.forEach((v, i) => {
        if (v === null) expect(got[i]).toBe(Number.NEGATIVE_INFINITY);
        else expect(got[i], `${key}[${i}]`).toBe(Math.fround(v));
      });
    }
  });

  it('holds |H| of a direct 2-D DTFT to Float32 precision', async () => {
    const bin = decodeBinary<{ wy: Float32Array; wx: Float32Array; magnitude: Float32Array }>(
      (await bytes(request(app).get(`${url}&format=f32`))).body,
    );
    /** |H| of box 3×3 at rate 1 then at rate 2, by direct summation over the 3×3 taps. */
    const direct = (wy: number, wx: number) => {
      let re = 1;
      let im = 0;
      for (const d of [1, 2]) {
        let hr = 0;
        let hi = 0;
        for (let a = 0; a < 3; a++)
          for (let b = 0; b < 3; b++) {
            const t = d * (wy * a + wx * b);
            hr += Math.cos(t) / 9;
            hi -= Math.sin(t) / 9;
          }
        [re, im] = [re * hr - im * hi, re * hi + im * hr];
      }
      return Math.hypot(re, im);
    };
    for (const [i, j] of [
      [0, 0],
      [5, 17],
      [16, 16],
      [31, 2],
    ]) {
      const wy = bin.wy[i];
      const wx = bin.wx[j];
      // H of box 3×3 at 1 then at 2, at the exact grid frequencies (±π k/16).
      const fy = -Math.PI + (2 * Math.PI * i) / 32;
      const fx = -Math.PI + (2 * Math.PI * j) / 32;
      expect(wy).toBeCloseTo(fy, 6);
      expect(wx).toBeCloseTo(fx, 6);
      const want = direct(fy, fx);
      expect(Math.abs(bin.magnitude[i * 32 + j] - want)).toBeLessThan(1e-6);
    }
  });

  it('works for a POST and for the 1-D response', async () => {
    const post = await bytes(
      request(app)
        .post('/api/response2d')
        .send({
          kernel: 'box:3x3',
          rates: [1, 2],
          options: { n: 32, members: false, format: 'f32' },
        }),
    );
    expect(post.headers['content-type']).toBe(BINARY_MEDIA_TYPE);
    const get = await bytes(request(app).get(`${url}&format=f32`));
    expect(Buffer.compare(post.body, get.body)).toBe(0);
    const json = (await request(app).get('/api/response?kernel=box:3&rates=1,2&n=64')).body;
    const one = decodeBinary<{ magnitude: Float32Array; phase: Float32Array }>(
      (await bytes(request(app).get('/api/response?kernel=box:3&rates=1,2&n=64&format=f32'))).body,
    );
    expect(Array.from(one.magnitude)).toEqual(json.magnitude.map(Math.fround));
    expect(Array.from(one.phase)).toEqual(json.phase.map(Math.fround));
  });

  it('combines with fields= and revalidates with its own ETag', async () => {
    const res = await bytes(request(app).get(`${url}&format=f32&fields=magnitude`));
    const bin = decodeBinary<Record<string, unknown>>(res.body);
    expect(Object.keys(bin)).toEqual(['magnitude']);
    const json = await request(app).get(`${url}&fields=magnitude`);
    expect(res.headers.etag).not.toBe(json.headers.etag);
    const again = await request(app)
      .get(`${url}&format=f32&fields=magnitude`)
      .set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
  });

  it.each([
    ['/api/response2d?kernel=box:3x3&rates=1&format=png', 'format', /one of json, f32/],
    ['/api/analyze?kernel=box:3&rates=1&format=f32', 'format', /not a known parameter/],
  ])('%s is a 400 naming %s', async (u, field, message) => {
    expectError(await request(app).get(u), 400, field, message);
  });

  it('format=json is the JSON answer', async () => {
    const a: Response = await request(app).get(`${url}&format=json`);
    expect(a.headers['content-type']).toMatch(/^application\/json/);
    expect(a.body).toEqual((await request(app).get(url)).body);
  });
});

describe('JSON bodies are parsed on POST routes only', () => {
  it('a GET with a broken JSON body is answered from its query', async () => {
    const res = await request(app)
      .get('/api/analyze?kernel=box:3&rates=1,2')
      .set('Content-Type', 'application/json')
      .send('{not json');
    expect(res.status).toBe(200);
    expect(res.body.receptiveField).toBe(7);
  });

  it('a POST with a broken JSON body is still a 400 naming the body', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', 'application/json')
      .send('{not json');
    expect(res.status).toBe(400);
  });
});
