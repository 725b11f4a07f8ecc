import { describe, expect, it } from 'vitest';
import {
  checkFftSize,
  fft,
  fft2dReal,
  getPlan,
  ifft,
  rfft,
  rfftHalf,
  twiddles,
} from '../../src/fft/index.ts';

/** Naive DFT X[j] = Σ_t x[t] e^{−2πi·jt/n} with trig evaluated per term. */
function naiveDft(re: ArrayLike<number>, im: ArrayLike<number>, n: number) {
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let t = 0; t < re.length; t++) {
      const a = (-2 * Math.PI * ((j * t) % n)) / n;
      outRe[j] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
      outIm[j] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
    }
  }
  return { re: outRe, im: outIm };
}

function seeded(seed: number, length: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('the real FFT', () => {
  it.each([1, 2, 4, 8, 16, 64, 1024])('matches a naive DFT at n = %i', (n) => {
    const x = seeded(n, Math.max(1, n - 3));
    const got = rfft(x, n);
    const want = naiveDft(x, new Float64Array(x.length), n);
    expect(maxDiff(got.re, want.re)).toBeLessThan(1e-12 * n);
    expect(maxDiff(got.im, want.im)).toBeLessThan(1e-12 * n);
  });

  it('returns bins 0..n/2 as the half spectrum', () => {
    const x = seeded(3, 5);
    const half = rfftHalf(x, 16);
    const full = rfft(x, 16);
    expect(half.re.length).toBe(9);
    expect(maxDiff(half.re, full.re.subarray(0, 9))).toBe(0);
    expect(maxDiff(half.im, full.im.subarray(0, 9))).toBe(0);
  });

  it('folds a signal longer than n, giving the exact DTFT samples at 2πj/n', () => {
    const x = seeded(11, 37);
    const got = rfft(x, 8);
    const want = naiveDft(x, new Float64Array(37), 8);
    expect(maxDiff(got.re, want.re)).toBeLessThan(1e-12);
    expect(maxDiff(got.im, want.im)).toBeLessThan(1e-12);
  });

  it('gives the same answer twice in a row with its reused buffers', () => {
    const a = rfft(seeded(1, 10), 32);
    rfft(seeded(2, 30), 32);
    const b = rfft(seeded(1, 10), 32);
    expect(maxDiff(a.re, b.re)).toBe(0);
    expect(getPlan(32)).toBe(getPlan(32));
  });
});

describe('the complex FFT', () => {
  it.each([1, 2, 8, 128])('matches a naive DFT at n = %i and inverts with ifft', (n) => {
    const x = { re: seeded(n + 1, n), im: seeded(n + 2, n) };
    const got = fft(x);
    const want = naiveDft(x.re, x.im, n);
    expect(maxDiff(got.re, want.re)).toBeLessThan(1e-12 * n);
    expect(maxDiff(got.im, want.im)).toBeLessThan(1e-12 * n);
    const back = ifft(got);
    expect(maxDiff(back.re, x.re)).toBeLessThan(1e-13 * n);
    expect(maxDiff(back.im, x.im)).toBeLessThan(1e-13 * n);
  });

  it('names x when re and im differ in length', () => {
    expect(() => fft({ re: new Float64Array(4), im: new Float64Array(2) })).toThrow(/^x must have/);
  });
});

describe('the 2-D FFT of a real array', () => {
  function naive2d(x: ArrayLike<number>, rows: number, cols: number, n: number) {
    const re = new Float64Array(n * n);
    const im = new Float64Array(n * n);
    for (let ky = 0; ky < n; ky++)
      for (let kx = 0; kx < n; kx++)
        for (let y = 0; y < rows; y++)
          for (let c = 0; c < cols; c++) {
            const a = (-2 * Math.PI * (((ky * y) % n) + ((kx * c) % n))) / n;
            re[ky * n + kx] += x[y * cols + c] * Math.cos(a);
            im[ky * n + kx] += x[y * cols + c] * Math.sin(a);
          }
    return { re, im };
  }

  it.each([
    [1, 3, 2],
    [2, 2, 3],
    [8, 3, 5],
    [16, 7, 4],
    [4, 6, 9],
  ])(
    'matches a naive 2-D DFT at n = %i for a %i×%i array (folded when larger)',
    (n, rows, cols) => {
      const x = seeded(rows * 10 + cols, rows * cols);
      const got = fft2dReal(x, [rows, cols], n);
      const want = naive2d(x, rows, cols, n);
      expect(maxDiff(got.re, want.re)).toBeLessThan(1e-12 * n * n);
      expect(maxDiff(got.im, want.im)).toBeLessThan(1e-12 * n * n);
    },
  );

  it('names the shape when it does not match the values', () => {
    expect(() => fft2dReal([1, 2, 3], [2, 2], 4)).toThrow(/^shape must match the 3 values/);
  });
});

describe('the twiddle table', () => {
  it.each([1, 2, 3, 6, 8, 12, 1000, 4096])('holds e^{−2πi·m/M} for M = %i', (m) => {
    const t = twiddles(m).table;
    let err = 0;
    for (let j = 0; j < m; j++) {
      err = Math.max(
        err,
        Math.abs(t[2 * j] - Math.cos((2 * Math.PI * j) / m)),
        Math.abs(t[2 * j + 1] + Math.sin((2 * Math.PI * j) / m)),
      );
    }
    expect(err).toBeLessThan(1e-15);
    expect(twiddles(m)).toBe(twiddles(m));
  });
});

describe('transform sizes', () => {
  it('rejects an n that is not a power of two, naming n and the value', () => {
    expect(() => rfft([1, 2], 1000)).toThrow(
      'n must be a power of two from 1 to 1048576, got 1000',
    );
    expect(() => checkFftSize(0)).toThrow('n must be a power of two from 1 to 1048576, got 0');
    expect(() => checkFftSize(2.5)).toThrow(/got 2\.5$/);
  });

  it('rejects an n above the limits, naming n and the value', () => {
    expect(() => rfft([1], 2 ** 21)).toThrow(
      'n must be a power of two from 1 to 1048576, got 2097152',
    );
    expect(() => fft2dReal([1], [1, 1], 2048)).toThrow(
      'n must be a power of two from 1 to 1024, got 2048',
    );
  });
});
