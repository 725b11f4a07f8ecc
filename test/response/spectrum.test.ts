import { describe, expect, it } from 'vitest';
import { directDilated, dtft, halfSpectrum, remap } from '../../src/response/index.ts';
import { seeded } from './helpers.ts';

/**
 * Direct sum H[j] = Σ_n w_n e^{−2πi·j·n/M} for j = 0..count−1, written here independently
 * of the library (plain cos/sin of the exact angle 2π·(j·n mod M)/M).
 */
function directSum(
  weights: ArrayLike<number>,
  m: number,
  count: number,
  re: Float64Array,
  im: Float64Array,
): void {
  for (let j = 0; j < count; j++) {
    let sr = 0;
    let si = 0;
    for (let n = 0; n < weights.length; n++) {
      const a = (2 * Math.PI * ((j * n) % m)) / m;
      sr += weights[n] * Math.cos(a);
      si -= weights[n] * Math.sin(a);
    }
    re[j] = sr;
    im[j] = si;
  }
}

describe('the base spectrum', () => {
  it.each([
    [3, 16],
    [7, 64],
    [40, 64],
    [40, 1024],
    [200, 128],
    [5, 12],
    [9, 1],
  ])('of %i taps on an M = %i grid equals the direct DTFT at 2πj/M (either route)', (k, m) => {
    const w = seeded(k * 31 + m, k);
    const b = halfSpectrum(w, m);
    expect(b.re.length).toBe((m >> 1) + 1);
    for (let j = 0; j < b.re.length; j++) {
      const v = dtft(w, (2 * Math.PI * j) / m);
      expect(Math.abs(v.re - b.re[j])).toBeLessThan(1e-12 * k);
      expect(Math.abs(v.im - b.im[j])).toBeLessThan(1e-12 * k);
    }
  });
});

describe('the spectrum remap', () => {
  it('gives H_d[j] = H[(d·j) mod M] equal to the dilated kernel’s DTFT', () => {
    const w = seeded(5, 6);
    for (const m of [64, 96]) {
      const base = halfSpectrum(w, m);
      for (const d of [1, 2, 3, 5, 64, 97, 1000]) {
        const out = { re: new Float64Array(m), im: new Float64Array(m) };
        remap(base, d, m, out, 'set');
        for (let j = 0; j < m; j++) {
          const v = dtft(w, (2 * Math.PI * j) / m, d);
          // The reference itself loses ~ε·ω·n·d to the rounding of its angle.
          expect(Math.hypot(v.re - out.re[j], v.im - out.im[j])).toBeLessThan(1e-15 * 8 * m * d);
        }
      }
    }
  });

  it('multiplies into a running product in mul mode', () => {
    const w = seeded(8, 4);
    const base = halfSpectrum(w, 32);
    const out = { re: new Float64Array(32).fill(2), im: new Float64Array(32).fill(1) };
    remap(base, 3, 32, out, 'mul');
    for (let j = 0; j < 32; j++) {
      const v = dtft(w, (2 * Math.PI * j) / 32, 3);
      expect(out.re[j]).toBeCloseTo(2 * v.re - v.im, 12);
      expect(out.im[j]).toBeCloseTo(2 * v.im + v.re, 12);
    }
  });
});

describe('the direct evaluation of a dilated kernel', () => {
  it('matches the plain twiddle sum and the DTFT, periods and mirrors included', () => {
    for (const k of [1, 2, 3, 4, 8]) {
      const w = seeded(k, k);
      for (const [m, count] of [
        [64, 32],
        [64, 64],
        [30, 30],
        [126, 64],
        [8, 8],
      ]) {
        for (const d of [1, 2, 3, 4, 8, 16, 64, 65]) {
          const re = new Float64Array(count);
          const im = new Float64Array(count);
          directDilated(w, d, m, count, re, im);
          // The plain sum over the zero-stuffed kernel.
          const stuffed = new Float64Array((k - 1) * d + 1);
          w.forEach((v, n) => {
            stuffed[n * d] = v;
          });
          const sr = new Float64Array(count);
          const si = new Float64Array(count);
          directSum(stuffed, m, count, sr, si);
          for (let j = 0; j < count; j++) {
            const v = dtft(w, (2 * Math.PI * j) / m, d);
            expect(Math.hypot(v.re - re[j], v.im - im[j])).toBeLessThan(1e-12);
            expect(Math.hypot(sr[j] - re[j], si[j] - im[j])).toBeLessThan(1e-12);
          }
        }
      }
    }
  });
});

describe('the direct evaluation on a large grid', () => {
  it('stays within 1e-13 of the DTFT when it steps z by rotation', () => {
    const w = [0.3, -0.5, 0.9];
    const m = 1 << 17;
    const count = m >> 1;
    for (const d of [3, 5, 129]) {
      const re = new Float64Array(count);
      const im = new Float64Array(count);
      directDilated(w, d, m, count, re, im);
      for (let j = 0; j < count; j += 37) {
        // Exact angle of tap n: 2π·((j·n·d) mod M)/M, so the reference keeps full accuracy.
        let hr = 0;
        let hi = 0;
        w.forEach((c, n) => {
          const a = (2 * Math.PI * ((j * n * d) % m)) / m;
          hr += c * Math.cos(a);
          hi -= c * Math.sin(a);
        });
        expect(Math.hypot(hr - re[j], hi - im[j])).toBeLessThan(1e-13);
      }
    }
  });
});
