import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { presetNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { dtft, dtft2 } from '../../src/response/dtft.ts';
import {
  response,
  response2d,
  response2dToJSON,
  responseToJSON,
} from '../../src/response/index.ts';
import { closeApp, createApp, SERVER_LIMITS } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

const app = createApp();
afterAll(() => closeApp(app));

const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));
const box3 = [1 / 3, 1 / 3, 1 / 3];

/** |Π_l H_box(d_l ω)| by direct summation. */
function stackMagnitude(weights: number[], rates: number[], w: number): number {
  let re = 1;
  let im = 0;
  for (const d of rates) {
    const h = dtft(weights, w, d);
    [re, im] = [re * h.re - im * h.im, re * h.im + im * h.re];
  }
  return Math.hypot(re, im);
}

function expectClose(actual: number[], expected: number[], tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  actual.forEach((a, i) => {
    expect(Math.abs(a - expected[i]), `at ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(
      tol * scale,
    );
  });
}

describe('GET|POST /api/response (1-D)', () => {
  it('matches the direct DTFT of the stack on freqz grid ω_j = πj/n', async () => {
    const res = await request(app)
      .get('/api/response')
      .query({ kernel: 'box:3', rates: '1,2,5', n: '64' });
    expect(res.status).toBe(200);
    expect(res.body.dims).toBe(1);
    const w = Array.from({ length: 64 }, (_, j) => (Math.PI * j) / 64);
    expectClose(res.body.w, w);
    expectClose(
      res.body.magnitude,
      w.map((x) => stackMagnitude(box3, [1, 2, 5], x)),
    );
    expectClose(
      res.body.magnitudeDb,
      res.body.magnitude.map((m: number) => Math.max(-300, 20 * Math.log10(m))),
    );
    // each member is one layer: |H_box(d ω)|
    res.body.members.forEach((m: { magnitude: number[] }, i: number) => {
      expectClose(
        m.magnitude,
        w.map((x) => stackMagnitude(box3, [[1, 2, 5][i]], x)),
      );
    });
  });

  it('returns exactly the library response as JSON', async () => {
    const res = await request(app)
      .post('/api/response')
      .send({ kernel: 'binomial:5', rates: [1, 3, 9], options: { n: 256 } });
    expect(res.status).toBe(200);
    const network = shortFormNetwork({ kernel: 'binomial:5', rates: [1, 3, 9] });
    expect(res.body).toEqual(asJson(responseToJSON(response(network, { n: 256 }))));
  });

  it('sums centre-aligned branches of a parallel set', async () => {
    const res = await request(app)
      .get('/api/response')
      .query({ kernel: 'box:3', rates: '1,3', mode: 'parallel', n: '32' });
    expect(res.status).toBe(200);
    // branch d=1 (span 3) sits at offset ⌊(7 − 3)/2⌋ = 2 inside the span-7 branch d=3
    const composite = [1, 0, 1, 2, 1, 0, 1].map((c) => c / 3);
    const w = Array.from({ length: 32 }, (_, j) => (Math.PI * j) / 32);
    expectClose(
      res.body.magnitude,
      w.map((x) => {
        const h = dtft(composite, x);
        return Math.hypot(h.re, h.im);
      }),
    );
  });

  it('gives w in the units of fs, the whole circle, and the Nyquist point as scipy does', async () => {
    const hz = await request(app)
      .get('/api/response')
      .query({ kernel: 'box:3', rates: '2', n: '8', fs: '1000' });
    expectClose(hz.body.w, [0, 62.5, 125, 187.5, 250, 312.5, 375, 437.5]);
    const whole = await request(app)
      .get('/api/response')
      .query({ kernel: 'box:3', rates: '2', n: '8', whole: 'true' });
    expectClose(
      whole.body.w,
      Array.from({ length: 8 }, (_, j) => (2 * Math.PI * j) / 8),
    );
    const nyq = await request(app)
      .post('/api/response')
      .send({ kernel: 'box:3', rates: '2', options: { n: 8, includeNyquist: true } });
    expectClose(
      nyq.body.w,
      Array.from({ length: 8 }, (_, j) => (Math.PI * j) / 7),
    );
    expectClose(
      nyq.body.magnitude,
      nyq.body.w.map((x: number) => stackMagnitude(box3, [2], x)),
    );
  });

  it('answers a large n from the worker thread with the library numbers', async () => {
    const res = await request(app)
      .get('/api/response')
      .query({ kernel: 'box:3', rates: '1,2,5', n: '65536' });
    expect(res.status).toBe(200);
    const lib = response(shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' }), { n: 65536 });
    expect(res.body.magnitude.length).toBe(65536);
    expect(res.body.magnitude).toEqual(Array.from(lib.magnitude));
    for (const j of [0, 1, 777, 32768, 65535])
      expect(res.body.magnitude[j]).toBeCloseTo(
        stackMagnitude(box3, [1, 2, 5], (Math.PI * j) / 65536),
        12,
      );
  });
});

describe('GET|POST /api/response2d', () => {
  it('matches the direct 2-D DTFT on the centred n×n grid', async () => {
    const res = await request(app)
      .get('/api/response2d')
      .query({ kernel: 'box:3x3', rates: '1,2', n: '16' });
    expect(res.status).toBe(200);
    expect(res.body.dims).toBe(2);
    expect(res.body.n).toBe(16);
    const axis = Array.from({ length: 16 }, (_, i) => (2 * Math.PI * (i - 8)) / 16);
    expectClose(res.body.wy, axis);
    expectClose(res.body.wx, axis);
    const k = new Array(9).fill(1 / 9);
    const expected: number[] = [];
    for (const wy of axis)
      for (const wx of axis) {
        const a = dtft2(k, [3, 3], wy, wx, [1, 1]);
        const b = dtft2(k, [3, 3], wy, wx, [2, 2]);
        expected.push(Math.hypot(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re));
      }
    expectClose(res.body.magnitude, expected);
  });

  it('returns exactly the library 2-D response for a preset', async () => {
    const res = await request(app)
      .post('/api/response2d')
      .send({ preset: 'deeplab-v3-aspp-os16', options: { n: 64 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      asJson(
        response2dToJSON(
          response2d(presetNetwork('deeplab-v3-aspp-os16'), { n: 64, panels: false }),
        ),
      ),
    );
    expect(res.body.envelope).toHaveLength(64 * 64);
  });

  it('sends the 2-D impulse and step responses when asked with panels: true', async () => {
    const res = await request(app)
      .post('/api/response2d')
      .send({ kernel: 'box:3x3', rates: '1,2', options: { n: 8, panels: true } });
    expect(res.status).toBe(200);
    expect(res.body.impulseShape).toEqual([7, 7]);
    // box:3x3 at 1 then 2: 9·9 equal paths of weight 1/81 over the 7×7 support; the last
    // step value is the whole sum, 1.
    expect(res.body.step[48]).toBeCloseTo(1, 12);
    expect(res.body.impulse.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('sends the 1-D phase panels by default and leaves them out with panels: false', async () => {
    const on = await request(app).get('/api/response?kernel=box:3&rates=1,2&n=16');
    expect(on.body.groupDelay).toHaveLength(16);
    expect(on.body.groupDelay[3]).toBeCloseTo(3, 9);
    expect(on.body.step).toHaveLength(7);
    const off = await request(app).get('/api/response?kernel=box:3&rates=1,2&n=16&panels=false');
    expect(off.body.groupDelay).toBeUndefined();
  });

  it('is what /api/response answers for a 2-D network', async () => {
    const q = { kernel: 'box:3x3', rates: '1,2,5', n: '32' };
    const a = await request(app).get('/api/response').query(q);
    const b = await request(app).get('/api/response2d').query(q);
    expect(a.status).toBe(200);
    expect(a.body.dims).toBe(2);
    expect(a.body).toEqual(b.body);
  });

  it('answers 256×256 from the worker with the library numbers', async () => {
    const res = await request(app)
      .get('/api/response2d')
      .query({ kernel: 'box:3x3', rates: '1,2,5', n: '256' });
    expect(res.status).toBe(200);
    const lib = response2d(shortFormNetwork({ kernel: 'box:3x3', rates: '1,2,5' }), { n: 256 });
    expect(res.body.magnitude).toEqual(Array.from(lib.magnitude));
  });
});

describe('members=false', () => {
  it('leaves the members out of a 2-D answer and keeps the composite unchanged', async () => {
    const q = { kernel: 'box:3x3', rates: '1,2,5', n: '64' };
    const full = await request(app).get('/api/response2d').query(q);
    const lean = await request(app)
      .get('/api/response2d')
      .query({ ...q, members: 'false' });
    expect(lean.status).toBe(200);
    expect(full.body.members).toHaveLength(3);
    expect(lean.body.members).toEqual([]);
    expect(lean.body.magnitude).toEqual(full.body.magnitude);
    expect(lean.body.magnitudeDb).toEqual(full.body.magnitudeDb);
  });

  it('keeps the envelope of a concat merge without its branches', async () => {
    const full = await request(app)
      .post('/api/response2d')
      .send({ preset: 'deeplab-v3-aspp-os16', options: { n: 32 } });
    const lean = await request(app)
      .post('/api/response2d')
      .send({ preset: 'deeplab-v3-aspp-os16', options: { n: 32, members: false } });
    expect(lean.status).toBe(200);
    expect(lean.body.members).toEqual([]);
    expect(lean.body.envelope).toEqual(full.body.envelope);
  });

  it('lets a grid that is too large with its members through without them', async () => {
    // deeplab-v2-aspp at 512²: 512² × (2 + 2·4) numbers are over the limit, 512² × 2 are not.
    const res = await request(app)
      .get('/api/response2d')
      .query({ preset: 'deeplab-v2-aspp', n: '512', members: 'false' });
    expect(res.status).toBe(200);
    expect(res.body.magnitude).toHaveLength(512 * 512);
  });

  it('leaves the members out of a 1-D answer', async () => {
    const res = await request(app)
      .get('/api/response')
      .query({ kernel: 'box:3', rates: '1,2,5', n: '64', members: '0' });
    expect(res.status).toBe(200);
    expect(res.body.members).toEqual([]);
    const lib = response(shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' }), { n: 64 });
    expect(res.body.magnitude).toEqual(Array.from(lib.magnitude));
  });

  it('refuses a members value that is not a boolean', async () => {
    const res = await request(app)
      .get('/api/response2d')
      .query({ kernel: 'box:3x3', rates: '1,2', members: 'maybe' });
    expectError(res, 400, 'members', /maybe/);
  });
});

describe('response limits and bad values', () => {
  const q = { kernel: 'box:3', rates: '1,2,5' };

  it('refuses n that is not a power of two', async () => {
    const res = await request(app)
      .get('/api/response')
      .query({ ...q, n: '100' });
    expectError(res, 400, 'n', /power of two.*got 100/);
    const body = await request(app)
      .post('/api/response')
      .send({ ...q, options: { n: 2.5 } });
    expectError(body, 400, 'n', /power of two/);
  });

  it('refuses n above the server limit', async () => {
    const res = await request(app)
      .get('/api/response')
      .query({ ...q, n: String(SERVER_LIMITS.maxN * 2) });
    expectError(res, 400, 'n', new RegExp(`from 1 to ${SERVER_LIMITS.maxN}`));
  });

  it('refuses a 2-D grid above 512×512', async () => {
    const res = await request(app)
      .get('/api/response2d')
      .query({ kernel: 'box:3x3', rates: '1,2', n: '1024' });
    expectError(res, 400, 'n', new RegExp(`from 1 to ${SERVER_LIMITS.maxN2d}`));
    const auto = await request(app)
      .get('/api/response')
      .query({ kernel: 'box:3x3', rates: '1,2', n: '1024' });
    expectError(auto, 400, 'n', /2-D network/);
  });

  it('refuses an answer that would hold too many numbers and says which n fits', async () => {
    // 4 branches: 512² × (2 + 2·4) numbers > 2^21
    const res = await request(app)
      .get('/api/response2d')
      .query({ preset: 'deeplab-v2-aspp', n: '512' });
    expectError(res, 400, 'n', /above the limit 2097152; use n ≤ 256/);
  });

  it('checks whole, fs and includeNyquist', async () => {
    expectError(
      await request(app)
        .get('/api/response')
        .query({ ...q, whole: 'maybe' }),
      400,
      'whole',
      /true or false/,
    );
    expectError(
      await request(app)
        .get('/api/response')
        .query({ ...q, fs: '0' }),
      400,
      'fs',
      /positive/,
    );
    expectError(
      await request(app)
        .get('/api/response')
        .query({ ...q, fs: '-44100' }),
      400,
      'fs',
    );
    expectError(
      await request(app)
        .post('/api/response')
        .send({ ...q, options: { includeNyquist: 'yes' } }),
      400,
      'includeNyquist',
    );
    expectError(
      await request(app)
        .get('/api/response')
        .query({ kernel: 'box:3x3', rates: '1', whole: 'true' }),
      400,
      'whole',
      /1-D networks only/,
    );
  });

  it('refuses a 1-D network on /api/response2d', async () => {
    const res = await request(app).get('/api/response2d').query(q);
    expectError(res, 400, 'network', /is 1-D/);
  });
});
