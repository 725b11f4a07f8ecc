import { FieldError } from '../util/validate.ts';
import { getPlan } from './plan.ts';
import { checkFftSize } from './size.ts';
import type { Complex } from './types.ts';

function transformComplex(x: Complex, n: number, inverse: boolean, max?: number): Complex {
  checkFftSize(n, max);
  if (x.im.length !== n) {
    throw new FieldError(
      'x',
      `must have as many values in im as in re (${n}), got ${x.im.length} and ${x.re.length}`,
    );
  }
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  if (n === 1) {
    re[0] = x.re[0];
    im[0] = x.im[0];
    return { re, im };
  }
  const plan = getPlan(n);
  const data = plan.complexIn;
  for (let j = 0; j < n; j++) {
    data[2 * j] = x.re[j];
    data[2 * j + 1] = x.im[j];
  }
  if (inverse) plan.fft.inverseTransform(plan.out, data);
  else plan.fft.transform(plan.out, data);
  const o = plan.out;
  for (let j = 0; j < n; j++) {
    re[j] = o[2 * j];
    im[j] = o[2 * j + 1];
  }
  return { re, im };
}

/**
 * Forward complex DFT: X[j] = Σ_t x[t] e^{−2πi·jt/n}, j = 0..n−1. n = x.re.length must be
 * a power of two ≤ `max` (default LIMITS.maxN).
 */
export function fft(x: Complex, max?: number): Complex {
  return transformComplex(x, x.re.length, false, max);
}

/**
 * Inverse complex DFT: x[t] = (1/n) Σ_j X[j] e^{+2πi·jt/n}, t = 0..n−1 (fft.js scales by
 * 1/n). n = X.re.length must be a power of two ≤ `max`.
 */
export function ifft(x: Complex, max?: number): Complex {
  return transformComplex(x, x.re.length, true, max);
}
