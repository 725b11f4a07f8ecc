import { getPlan } from './plan.ts';
import { checkFftSize } from './size.ts';
import type { Complex } from './types.ts';

/**
 * Copies `x` into the plan's real buffer of length n: zero-padded when shorter, folded
 * (x[t] added at t mod n) when longer, so the n-point DFT of the buffer equals the DTFT
 * of x at ω_j = 2πj/n exactly, whatever its length.
 */
function loadFolded(x: ArrayLike<number>, buf: Float64Array): void {
  const n = buf.length;
  if (x.length <= n) {
    for (let t = 0; t < x.length; t++) buf[t] = x[t];
    buf.fill(0, x.length);
    return;
  }
  buf.fill(0);
  for (let t = 0; t < x.length; t++) buf[t % n] += x[t];
}

/**
 * Half spectrum of a real signal: X[j] = Σ_t x[t] e^{−2πi·jt/n} for j = 0..n/2 (n/2 + 1
 * bins; the rest follow from X[n−j] = conj X[j]). n is a power of two ≤ `max`; `x` is
 * zero-padded, or folded modulo n when longer (exact DTFT samples at ω_j = 2πj/n rad/sample).
 * Writes into `out` when given (length ≥ n/2 + 1).
 */
export function rfftHalf(x: ArrayLike<number>, n: number, out?: Complex, max?: number): Complex {
  checkFftSize(n, max);
  const bins = (n >> 1) + 1;
  const re = out?.re ?? new Float64Array(bins);
  const im = out?.im ?? new Float64Array(bins);
  if (n === 1) {
    let s = 0;
    for (let t = 0; t < x.length; t++) s += x[t];
    re[0] = s;
    im[0] = 0;
    return { re, im };
  }
  const plan = getPlan(n);
  loadFolded(x, plan.realIn);
  plan.fft.realTransform(plan.out, plan.realIn);
  const o = plan.out;
  for (let j = 0; j < bins; j++) {
    re[j] = o[2 * j];
    im[j] = o[2 * j + 1];
  }
  return { re, im };
}

/**
 * Full spectrum of a real signal: X[j] = Σ_t x[t] e^{−2πi·jt/n}, j = 0..n−1, as {re, im}.
 * n is a power of two ≤ `max` (default LIMITS.maxN); x is zero-padded or folded modulo n.
 */
export function rfft(x: ArrayLike<number>, n: number, max?: number): Complex {
  const half = rfftHalf(x, n, undefined, max);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  re.set(half.re);
  im.set(half.im);
  for (let j = (n >> 1) + 1; j < n; j++) {
    re[j] = half.re[n - j];
    im[j] = -half.im[n - j];
  }
  return { re, im };
}
