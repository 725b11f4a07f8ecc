import { type Complex, rfftHalf, twiddles } from '../fft/index.ts';
import { gcd, isPowerOfTwo } from '../util/validate.ts';

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

/** Grid size from which a 3-tap kernel with a stride steps z by rotation (see directDilated). */
const ROTATE_MIN_GRID = 1 << 16;

/**
 * The dilated kernel's response on the grid by direct evaluation:
 * H[j] = Σ_n w_n z_j^n with z_j = e^{−2πi·(D·j mod M)/M} taken from the cached twiddle
 * table (no trigonometric calls) and the polynomial evaluated by Horner's rule, for
 * j = 0..count−1, written into re/im. Only the points that differ are evaluated: H has
 * period P = M / gcd(D, M) in j and, the weights being real, H[P−j] = conj H[j]; the
 * rest is copied. Rounding error is about k·ε·Σ|w_n| (|z_j| = 1).
 */
export function directDilated(
  weights: ArrayLike<number>,
  dilation: number,
  m: number,
  count: number,
  re: Float64Array,
  im: Float64Array,
): void {
  if (count <= 0) return;
  const dm = dilation % m;
  const period = m / gcd(dm, m);
  // Points evaluated directly: up to the middle of the period (or count, if fewer).
  const direct = Math.min(count, (period >> 1) + 1);
  const k = weights.length;
  if (k === 1 || period === 1) {
    let s = 0;
    for (let n = 0; n < k; n++) s += weights[n];
    re.fill(s, 0, count);
    im.fill(0, 0, count);
    return;
  }
  const tw = twiddles(m).table;
  const top = weights[k - 1];
  let idx = 0;
  if (k === 2) {
    const w0 = weights[0];
    for (let j = 0; j < direct; j++) {
      re[j] = w0 + top * tw[2 * idx];
      im[j] = top * tw[2 * idx + 1];
      idx += dm;
      if (idx >= m) idx -= m;
    }
  } else if (k === 3 && m >= ROTATE_MIN_GRID && dm !== 1) {
    // Large tables with a stride: step z by the rotation e^{−2πi·d/M} and re-read it
    // from the table every 32 points (sequential reads instead of a cache miss per point;
    // the recurrence adds at most ~32 ulp before each re-anchoring).
    const w0 = weights[0];
    const w1 = weights[1];
    const sr = tw[2 * dm];
    const si = tw[2 * dm + 1];
    let zr = 1;
    let zi = 0;
    for (let j = 0; j < direct; j++) {
      if ((j & 31) === 0) {
        zr = tw[2 * idx];
        zi = tw[2 * idx + 1];
      }
      const ar = top * zr + w1;
      const ai = top * zi;
      re[j] = ar * zr - ai * zi + w0;
      im[j] = ar * zi + ai * zr;
      const t = zr * sr - zi * si;
      zi = zr * si + zi * sr;
      zr = t;
      idx += dm;
      if (idx >= m) idx -= m;
    }
  } else if (k === 3) {
    const w0 = weights[0];
    const w1 = weights[1];
    for (let j = 0; j < direct; j++) {
      const zr = tw[2 * idx];
      const zi = tw[2 * idx + 1];
      // (w2 z + w1) z + w0
      const ar = top * zr + w1;
      const ai = top * zi;
      re[j] = ar * zr - ai * zi + w0;
      im[j] = ar * zi + ai * zr;
      idx += dm;
      if (idx >= m) idx -= m;
    }
  } else {
    for (let j = 0; j < direct; j++) {
      const zr = tw[2 * idx];
      const zi = tw[2 * idx + 1];
      let hr = top;
      let hi = 0;
      for (let n = k - 2; n >= 0; n--) {
        const t = hr * zr - hi * zi + weights[n];
        hi = hr * zi + hi * zr;
        hr = t;
      }
      re[j] = hr;
      im[j] = hi;
      idx += dm;
      if (idx >= m) idx -= m;
    }
  }
  // Mirror within the period: H[P − j] = conj H[j].
  const mirrored = Math.min(count, period);
  for (let j = direct; j < mirrored; j++) {
    re[j] = re[period - j];
    im[j] = -im[period - j];
  }
  // Tile the period.
  for (let filled = mirrored; filled < count; ) {
    const len = Math.min(filled, count - filled);
    re.copyWithin(filled, 0, len);
    im.copyWithin(filled, 0, len);
    filled += len;
  }
}

/**
 * Direct sum H[j] = Σ_n w_n e^{−2πi·j·n/M} for j = 0..count−1 over the cached twiddle
 * table with index (j·n) mod M advanced incrementally (no multiplication, modulus or trig
 * call in the loop); re/im are overwritten. Used as an independent check of
 * `directDilated` and for kernels longer than the grid.
 */
export function directSum(
  weights: ArrayLike<number>,
  m: number,
  count: number,
  re: Float64Array,
  im: Float64Array,
): void {
  const tw = twiddles(m).table;
  re.fill(weights[0], 0, count);
  im.fill(0, 0, count);
  for (let n = 1; n < weights.length; n++) {
    const w = weights[n];
    if (w === 0) continue;
    const step = n % m;
    let idx = 0;
    for (let j = 0; j < count; j++) {
      re[j] += w * tw[2 * idx];
      im[j] += w * tw[2 * idx + 1];
      idx += step;
      if (idx >= m) idx -= m;
    }
  }
}

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
  const tw = twiddles(m).table;
  const step = shift % m;
  const re = out.re;
  const im = out.im;
  let idx = 0;
  for (let j = 0; j < count; j++) {
    const c = tw[2 * idx];
    const s = tw[2 * idx + 1];
    const r = re[j];
    const i = im[j];
    re[j] = r * c - i * s;
    im[j] = r * s + i * c;
    idx += step;
    if (idx >= m) idx -= m;
  }
}
