import { type Complex, rfftHalf } from '../fft/index.ts';
import { isPowerOfTwo } from '../util/validate.ts';
import { polyOnGrid, polyTimesOnGrid } from './polynomial.ts';

/**
 * The half spectrum of a real 1-D kernel on the M-point grid ω_j = 2πj/M (rad/sample):
 * B[j] = Σ_n w_n e^{−2πi·jn/M} for j = 0..⌊M/2⌋; the other bins follow from
 * B[M−j] = conj B[j]. Exact for any kernel length (taps beyond M wrap modulo M).
 */
export interface HalfSpectrum {
  /** Grid size M (ω_j = 2πj/M). */
  readonly m: number;
  /** ⌊M/2⌋ + 1 values each. */
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/**
 * Number of taps up to which direct evaluation (Horner's rule over the cached twiddle
 * table, ~k multiply-adds per point) beats the FFT of the zero-padded kernel on an
 * M-point grid. Measured on Node 20 (2-core Xeon): the crossover is near 20 taps up to
 * M = 2^16 and near 32-48 taps at M = 2^17..2^20, where fft.js falls out of cache.
 */
export function directTapLimit(m: number): number {
  return m >= 1 << 17 ? 32 : 20;
}

/**
 * Half spectrum B[j] = Σ_n w_n e^{−2πi·jn/M}, j = 0..⌊M/2⌋, by the fastest exact route:
 * a direct sum over the cached twiddle table (index (j·n) mod M, no trigonometric calls)
 * for few taps or a grid size that is not a power of two; otherwise the FFT of the kernel
 * zero-padded (or folded) to M.
 */
export function halfSpectrum(weights: ArrayLike<number>, m: number): HalfSpectrum {
  const bins = (m >> 1) + 1;
  if (isPowerOfTwo(m) && m >= 2 && weights.length > directTapLimit(m)) {
    const { re, im } = rfftHalf(weights, m, undefined, Number.MAX_SAFE_INTEGER);
    return { m, re, im };
  }
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  directDilated(weights, 1, m, bins, re, im);
  return { m, re, im };
}

/**
 * The dilated kernel's response on the M-point grid, H[j] = Σ_n w_n e^{−2πi·(D·j mod M)·n/M}
 * for j = 0..count−1, written into re/im: `polyOnGrid` (polynomial.ts: Horner's rule on the
 * twiddle table over one half period, mirrored and tiled).
 */
export const directDilated = polyOnGrid;

/**
 * Spectrum remap of a dilated kernel: on the M-point grid, H_d[j] = B[(d·j) mod M]
 * exactly (H_d(ω) = H(dω) and dω_j = ω_{dj}), with B[m] = conj B[M−m] above M/2.
 * `mode` 'set' writes H_d into out, 'mul' multiplies out by H_d (stack composition).
 */
export function remap(
  base: HalfSpectrum,
  dilation: number,
  count: number,
  out: Complex,
  mode: 'set' | 'mul',
): void {
  const { m, re: bre, im: bim } = base;
  const half = m >> 1;
  const dm = dilation % m;
  const ore = out.re;
  const oim = out.im;
  let idx = 0;
  if (mode === 'set') {
    for (let j = 0; j < count; j++) {
      if (idx <= half) {
        ore[j] = bre[idx];
        oim[j] = bim[idx];
      } else {
        ore[j] = bre[m - idx];
        oim[j] = -bim[m - idx];
      }
      idx += dm;
      if (idx >= m) idx -= m;
    }
    return;
  }
  for (let j = 0; j < count; j++) {
    let hr: number;
    let hi: number;
    if (idx <= half) {
      hr = bre[idx];
      hi = bim[idx];
    } else {
      hr = bre[m - idx];
      hi = -bim[m - idx];
    }
    const ar = ore[j];
    const ai = oim[j];
    ore[j] = ar * hr - ai * hi;
    oim[j] = ar * hi + ai * hr;
    idx += dm;
    if (idx >= m) idx -= m;
  }
}

/**
 * Multiplies out[j] by e^{−iω_j·shift} in place (ω_j = 2πj/M): the DTFT of the same
 * kernel moved `shift` taps later (a centre-alignment shift of a parallel branch).
 */
export function shiftInPlace(out: Complex, shift: number, m: number, count: number): void {
  if (shift % m === 0) return;
  polyTimesOnGrid(MONOMIAL, shift, m, count, out.re, out.im);
}

/** The polynomial z (one tap at offset 1): dilated by `shift`, the factor e^{−iω·shift}. */
const MONOMIAL = Float64Array.of(0, 1);
