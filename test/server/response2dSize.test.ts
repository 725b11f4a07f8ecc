import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { dtft2 } from '../../src/response/dtft.ts';
import { closeApp, createApp } from '../../src/server/index.ts';
import { decodeBinary } from '../../src/util/binary.ts';
import { expectError } from './helpers.ts';

const app = createApp();
afterAll(() => closeApp(app));

const N = 32;
const axis = Array.from({ length: N }, (_, i) => (2 * Math.PI * (i - N / 2)) / N);

/** |H| of box:3x3 at rates 1 then 2 on the centred N×N grid, by the direct 2-D DTFT. */
function directMagnitude(): number[][] {
  const k = new Array(9).fill(1 / 9);
  return axis.map((wy) =>
    axis.map((wx) => {
      const a = dtft2(k, [3, 3], wy, wx, [1, 1]);
      const b = dtft2(k, [3, 3], wy, wx, [2, 2]);
      return Math.hypot(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
    }),
  );
}

/** The f×f blocks of an N×N grid pooled by `pick`, row-major, by plain loops. */
function blocks(grid: number[][], s: number, pick: (xs: number[]) => number): number[] {
  const f = N / s;
  const out: number[] = [];
  for (let by = 0; by < s; by++)
    for (let bx = 0; bx < s; bx++) {
      const cells: number[] = [];
      for (let i = 0; i < f; i++)
        for (let j = 0; j < f; j++) cells.push(grid[by * f + i][bx * f + j]);
      out.push(pick(cells));
    }
  return out;
}

const dB = (m: number) => Math.max(-300, 20 * Math.log10(m));

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(
      Math.abs(actual[i] - expected[i]),
      `at ${i}: ${actual[i]} vs ${expected[i]}`,
    ).toBeLessThanOrEqual(tol);
}

describe('/api/response2d size= (the grid pooled to the figure’s size)', () => {
  const q = { kernel: 'box:3x3', rates: '1,2', n: String(N), members: 'false' };

  it.each([
    ['max', 8, (xs: number[]) => Math.max(...xs)],
    ['min', 8, (xs: number[]) => Math.min(...xs)],
    ['max', 4, (xs: number[]) => Math.max(...xs)],
    ['min', 16, (xs: number[]) => Math.min(...xs)],
  ] as const)(
    'pool=%s, size=%i: each cell is its block of the direct DTFT',
    async (pool, s, pick) => {
      const res = await request(app)
        .get('/api/response2d')
        .query({ ...q, size: String(s), pool });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.n).toBe(s);
      expect(res.body.pooled).toEqual({ n: N, pool });
      const mag = blocks(directMagnitude(), s, pick);
      expectClose(res.body.magnitude, mag, 1e-9);
      // dB is increasing in |H|: the pooled dB is the dB of the pooled |H|.
      expectClose(res.body.magnitudeDb, mag.map(dB), 1e-6);
      // Each axis value is the centre of its block of N/s frequencies.
      const f = N / s;
      const centres = Array.from(
        { length: s },
        (_, b) => (2 * Math.PI * (b * f + (f - 1) / 2 - N / 2)) / N,
      );
      expectClose(res.body.wy, centres, 1e-12);
      expectClose(res.body.wx, centres, 1e-12);
    },
  );

  it('defaults to max, and pools the members alike', async () => {
    const res = await request(app)
      .get('/api/response2d')
      .query({ kernel: 'box:3x3', rates: '1,2', n: String(N), size: '8' });
    expect(res.status).toBe(200);
    expect(res.body.pooled).toEqual({ n: N, pool: 'max' });
    const k = new Array(9).fill(1 / 9);
    const layer2 = axis.map((wy) =>
      axis.map((wx) => {
        const h = dtft2(k, [3, 3], wy, wx, [2, 2]);
        return Math.hypot(h.re, h.im);
      }),
    );
    expect(res.body.members).toHaveLength(2);
    expectClose(
      res.body.members[1].magnitude,
      blocks(layer2, 8, (xs) => Math.max(...xs)),
      1e-9,
    );
  });

  it('sends the grid as computed when it is no larger than size', async () => {
    const plain = await request(app).get('/api/response2d').query(q);
    const same = await request(app)
      .get('/api/response2d')
      .query({ ...q, size: String(N) });
    expect(same.body).toEqual(plain.body);
    expect(same.body.pooled).toBeUndefined();
  });

  it('is what the binary form carries, to Float32', async () => {
    const res = await request(app)
      .get('/api/response2d')
      .query({ ...q, size: '8', format: 'f32' })
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const v = decodeBinary<{ n: number; magnitude: Float32Array }>(new Uint8Array(res.body));
    expect(v.n).toBe(8);
    const mag = blocks(directMagnitude(), 8, (xs) => Math.max(...xs));
    expectClose(v.magnitude, mag, 1e-6);
  });

  it.each([
    [{ size: '3' }, 'size'],
    [{ size: '0' }, 'size'],
    [{ size: '1024' }, 'size'],
    [{ size: '8', pool: 'mean' }, 'pool'],
    [{ pool: 'max' }, 'pool'],
  ])('refuses %j with a 400 naming %s', async (extra, field) => {
    const res = await request(app)
      .get('/api/response2d')
      .query({ ...q, ...extra });
    expectError(res, 400, field);
  });
});
