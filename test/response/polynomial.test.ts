import { describe, expect, it } from 'vitest';
import {
  gridPeriod,
  poly2At,
  polyAt,
  polyDerivativeAt,
  polyMagnitudeAt,
  polyMagnitudePeriod,
  polyOnGrid,
  polyTimesOnGrid,
} from '../../src/response/index.ts';
import { seeded } from './helpers.ts';

/**
 * The reference, written here independently of the library: the plain sum
 * H(ω) = Σ_n c_n e^{−iω·step·n} with one cos/sin per tap, the m-th derivative
 * Σ (−i·step·n)^m c_n e^{−iω·step·n}, and the 2-D double sum.
 */
function direct(coef: ArrayLike<number>, w: number, step = 1, order = 0) {
  let re = 0;
  let im = 0;
  for (let n = 0; n < coef.length; n++) {
    const t = step * n;
    const a = w * t;
    // (−i t)^m e^{−ia} = t^m e^{−i(a + mπ/2)}
    const b = a + (order * Math.PI) / 2;
    const s = coef[n] * t ** order;
    re += s * Math.cos(b);
    im -= s * Math.sin(b);
  }
  return { re, im };
}

function direct2(
  weights: ArrayLike<number>,
  [rows, cols]: readonly number[],
  wy: number,
  wx: number,
  [dy, dx]: readonly number[],
) {
  let re = 0;
  let im = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const a = wy * dy * r + wx * dx * c;
      re += weights[r * cols + c] * Math.cos(a);
      im -= weights[r * cols + c] * Math.sin(a);
    }
  return { re, im };
}

function l1(c: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) s += Math.abs(c[i]);
  return s;
}

describe('the polynomial module evaluates H(ω) = Σ c_n e^{−iω·step·n}', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [7, 5],
    [64, 260],
  ])('at points: %i taps, step %i, against the direct sum to 1e-12', (k, step) => {
    const c = seeded(k * 7 + step, k);
    for (const w of [0, 0.1, 1, 2.5, Math.PI, 4, -1.3]) {
      const v = polyAt(c, w, step);
      const d = direct(c, w, step);
      expect(Math.hypot(v.re - d.re, v.im - d.im)).toBeLessThan(1e-12 * Math.max(1, l1(c)));
      expect(Math.abs(polyMagnitudeAt(c, w, step) - Math.hypot(d.re, d.im))).toBeLessThan(
        1e-12 * Math.max(1, l1(c)),
      );
    }
  });

  it.each([1, 2, 3, 5])('derivative of order %i, against the direct sum', (order) => {
    const c = seeded(order, 9);
    for (const [w, step] of [
      [0.3, 1],
      [2, 3],
      [Math.PI, 2],
    ]) {
      const v = polyDerivativeAt(c, w, step, order);
      const d = direct(c, w, step, order);
      const scale = l1(c) * (8 * step) ** order;
      expect(Math.hypot(v.re - d.re, v.im - d.im)).toBeLessThan(1e-12 * scale);
    }
  });

  it.each([
    [
      [3, 3],
      [1, 1],
    ],
    [
      [2, 5],
      [3, 2],
    ],
    [
      [4, 1],
      [2, 7],
    ],
  ])('in 2-D: shape %j dilated %j, against the double sum', (shape, dil) => {
    const w = seeded(shape[0] * 10 + shape[1], shape[0] * shape[1]);
    for (const [wy, wx] of [
      [0, 0],
      [0.4, -1.1],
      [Math.PI, 2],
    ]) {
      const v = poly2At(w, shape, wy, wx, dil);
      const d = direct2(w, shape, wy, wx, dil);
      expect(Math.hypot(v.re - d.re, v.im - d.im)).toBeLessThan(1e-12 * l1(w));
    }
  });

  it('gives 0 for an empty kernel and Σc for one tap or a step that is a multiple of M', () => {
    expect(polyAt([], 1)).toEqual({ re: 0, im: 0 });
    const re = new Float64Array(6);
    const im = new Float64Array(6).fill(9);
    polyOnGrid([0.5, 0.25], 12, 12, 6, re, im);
    expect([...re]).toEqual([0.75, 0.75, 0.75, 0.75, 0.75, 0.75]);
    expect([...im]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('on the M-point grid ω_j = 2πj/M, with mirroring and tiling', () => {
  it.each([
    [1, 64, 64],
    [2, 30, 30],
    [3, 126, 64],
    [3, 1 << 16, 1 << 15],
    [5, 96, 200],
    [12, 64, 64],
  ])('%i taps on M = %i, %i points, every dilation', (k, m, count) => {
    const c = seeded(k + m, k);
    for (const d of [1, 2, 3, 5, 8, 64, 65, 97]) {
      const re = new Float64Array(count);
      const im = new Float64Array(count);
      polyOnGrid(c, d, m, count, re, im);
      const tr = new Float64Array(count).fill(2);
      const ti = new Float64Array(count).fill(-1);
      polyTimesOnGrid(c, d, m, count, tr, ti);
      const stride = count > 4096 ? 37 : 1;
      for (let j = 0; j < count; j += stride) {
        // the exact angle, reduced modulo M first
        const a = (2 * Math.PI * ((d * j) % m)) / m;
        const v = direct(c, a, 1);
        expect(Math.hypot(v.re - re[j], v.im - im[j])).toBeLessThan(1e-12 * l1(c));
        // (2 − i)·H
        expect(Math.hypot(2 * v.re + v.im - tr[j], 2 * v.im - v.re - ti[j])).toBeLessThan(
          1e-12 * l1(c),
        );
      }
    }
  });

  it.each([
    [3, 7, 1024],
    [64, 260, 2 * 8 * 64 * 63 * 260],
    [5, 1, 1 << 18],
    [4, 6, 1 << 18],
  ])('|H| over one period: %i taps, step %i, M = %i', (k, step, m) => {
    const c = seeded(k * step, k);
    const { period, values } = polyMagnitudePeriod(c, step, m);
    expect(period).toBe(gridPeriod(step, m));
    expect(values.length).toBe((period >> 1) + 1);
    const stride = Math.max(1, Math.floor(values.length / 3000));
    for (let j = 0; j < values.length; j += stride) {
      const a = (2 * Math.PI * ((step * j) % m)) / m;
      const v = direct(c, a, 1);
      expect(Math.abs(Math.hypot(v.re, v.im) - values[j])).toBeLessThan(1e-12 * l1(c));
    }
  });

  it('has the period M / gcd(d, M)', () => {
    expect(gridPeriod(6, 16)).toBe(8);
    expect(gridPeriod(5, 16)).toBe(16);
    expect(gridPeriod(32, 16)).toBe(1);
    expect(gridPeriod(260, 2 * 8 * 64 * 63 * 260)).toBe(2 * 8 * 64 * 63);
  });
});
