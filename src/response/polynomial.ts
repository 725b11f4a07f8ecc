import { twiddles } from '../fft/index.ts';
import { gcd } from '../util/validate.ts';

/**
 * THE evaluator of kernel polynomials (issue 9): every frequency response of the lab is
 *
 *     H(ω) = Σ_{n=0}^{k−1} c_n e^{−iω·step·n}        (ω in rad/sample, taps `step` apart),
 *
 * the polynomial Σ c_n z^n at z = e^{−iω·step}, evaluated by Horner's rule. This module
 * evaluates it at points (`polyAt`, `polyMagnitudeAt`, derivatives, 2-D), on the M-point
 * DFT grid ω_j = 2πj/M from the cached twiddle table (`polyOnGrid`, `polyTimesOnGrid`:
 * no trigonometric call, only the distinct points of one period evaluated, the rest
 * mirrored, H[P − j] = conj H[j], and tiled, H[j + P] = H[j]), and as a magnitude over one
 * period (`polyMagnitudePeriod`). Response, analysis and recommend all evaluate through it.
 * Rounding error of Horner's rule is about k·ε·Σ|c_n| (|z| = 1).
 */

/** A complex number. */
export interface ComplexValue {
  re: number;
  im: number;
}

/** Horner's rule for Σ_{n<k} c_{start+n} z^n at z = zr + i·zi: writes the real part to out[0], the imaginary to out[1]. */
function horner(
  coef: ArrayLike<number>,
  zr: number,
  zi: number,
  out: Float64Array,
  start = 0,
  k = coef.length,
): void {
  if (k === 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  let hr = coef[start + k - 1];
  let hi = 0;
  for (let n = k - 2; n >= 0; n--) {
    const t = hr * zr - hi * zi + coef[start + n];
    hi = hr * zi + hi * zr;
    hr = t;
  }
  out[0] = hr;
  out[1] = hi;
}

const scratch = new Float64Array(2);

/**
 * H(ω) = Σ_n c_n e^{−iω·step·n} at one frequency ω (rad/sample), by Horner's rule in
 * z = e^{−iω·step}. An empty kernel gives 0.
 */
export function polyAt(coef: ArrayLike<number>, w: number, step = 1): ComplexValue {
  const x = w * step;
  horner(coef, Math.cos(x), -Math.sin(x), scratch);
  return { re: scratch[0], im: scratch[1] };
}

/** |H(ω)| = |Σ_n c_n e^{−iω·step·n}| at one frequency ω (rad/sample), by Horner's rule. */
export function polyMagnitudeAt(coef: ArrayLike<number>, w: number, step = 1): number {
  const x = w * step;
  horner(coef, Math.cos(x), -Math.sin(x), scratch);
  return Math.sqrt(scratch[0] * scratch[0] + scratch[1] * scratch[1]);
}

/**
 * The m-th derivative d^m/dω^m H(ω) = Σ_n (−i·step·n)^m c_n e^{−iω·step·n} (rad/sample;
 * m = 0 is H itself): Horner's rule on the coefficients c_n·n^m, times (−i·step)^m.
 */
export function polyDerivativeAt(
  coef: ArrayLike<number>,
  w: number,
  step = 1,
  order = 0,
): ComplexValue {
  if (order === 0) return polyAt(coef, w, step);
  const c = new Float64Array(coef.length);
  for (let n = 0; n < coef.length; n++) c[n] = coef[n] * n ** order;
  const v = polyAt(c, w, step);
  // (−i·step)^m = step^m·(−i)^m, (−i)^m cycles 1, −i, −1, i.
  const s = step ** order;
  switch (order % 4) {
    case 1:
      return { re: s * v.im, im: -s * v.re };
    case 2:
      return { re: -s * v.re, im: -s * v.im };
    case 3:
      return { re: -s * v.im, im: s * v.re };
    default:
      return { re: s * v.re, im: s * v.im };
  }
}

/**
 * H(ωy, ωx) = Σ_{r,c} w_{r,c} e^{−i(ωy·dy·r + ωx·dx·c)} of a 2-D kernel (rows × cols,
 * row-major) dilated by [dy, dx] (rad/sample): Horner in e^{−iωx·dx} along each row, then in
 * e^{−iωy·dy} over the rows.
 */
export function poly2At(
  weights: ArrayLike<number>,
  shape: readonly number[],
  wy: number,
  wx: number,
  dilation: readonly number[] = [1, 1],
): ComplexValue {
  const [rows, cols] = shape;
  const xr = Math.cos(wx * dilation[1]);
  const xi = -Math.sin(wx * dilation[1]);
  const yr = Math.cos(wy * dilation[0]);
  const yi = -Math.sin(wy * dilation[0]);
  let hr = 0;
  let hi = 0;
  const row = new Float64Array(2);
  for (let r = rows - 1; r >= 0; r--) {
    horner(weights, xr, xi, row, r * cols, cols);
    const t = hr * yr - hi * yi + row[0];
    hi = hr * yi + hi * yr + row[1];
    hr = t;
  }
  return { re: hr, im: hi };
}

/** (re + i·im)[j] ← h (`mul` false) or ← (re + i·im)[j]·h (`mul` true), h = hr + i·hi. */
function put(
  re: Float64Array,
  im: Float64Array,
  j: number,
  hr: number,
  hi: number,
  mul: boolean,
): void {
  if (mul) {
    const ar = re[j];
    const ai = im[j];
    re[j] = ar * hr - ai * hi;
    im[j] = ar * hi + ai * hr;
  } else {
    re[j] = hr;
    im[j] = hi;
  }
}

/** Grid size from which a 3-tap kernel with a stride steps z by rotation (see gridPoints). */
const ROTATE_MIN_GRID = 1 << 16;

/**
 * H_D[j] = Σ_n c_n z_j^n, z_j = e^{−2πi·(D·j mod M)/M} from the twiddle table, for
 * j = 0..len−1: written into re/im (`mul` false) or multiplied into them (`mul` true).
 * dm = D mod M.
 */
function gridPoints(
  coef: ArrayLike<number>,
  dm: number,
  m: number,
  len: number,
  re: Float64Array,
  im: Float64Array,
  mul: boolean,
): void {
  const k = coef.length;
  if (k === 1 || dm === 0) {
    let s = 0;
    for (let n = 0; n < k; n++) s += coef[n];
    if (mul) {
      for (let j = 0; j < len; j++) {
        re[j] *= s;
        im[j] *= s;
      }
    } else {
      re.fill(s, 0, len);
      im.fill(0, 0, len);
    }
    return;
  }
  const tw = twiddles(m).table;
  const top = coef[k - 1];
  let idx = 0;
  if (k <= 3) {
    // H = (w2·z + w1)·z + w0, w2 = 0 for two taps.
    const w0 = coef[0];
    const w1 = k === 3 ? coef[1] : top;
    const w2 = k === 3 ? top : 0;
    // Large tables with a stride: step z by the rotation e^{−2πi·D/M} and re-read it from
    // the table every 32 points (sequential reads instead of a cache miss per point; the
    // recurrence adds at most ~32 ulp before each re-anchoring).
    const rotate = m >= ROTATE_MIN_GRID && dm !== 1;
    const sr = tw[2 * dm];
    const si = tw[2 * dm + 1];
    let zr = 1;
    let zi = 0;
    for (let j = 0; j < len; j++) {
      if (!rotate || (j & 31) === 0) {
        zr = tw[2 * idx];
        zi = tw[2 * idx + 1];
      }
      const br = w2 * zr + w1;
      const bi = w2 * zi;
      const hr = br * zr - bi * zi + w0;
      const hi = br * zi + bi * zr;
      put(re, im, j, hr, hi, mul);
      if (rotate) {
        const t = zr * sr - zi * si;
        zi = zr * si + zi * sr;
        zr = t;
      }
      idx += dm;
      if (idx >= m) idx -= m;
    }
    return;
  }
  for (let j = 0; j < len; j++) {
    const zr = tw[2 * idx];
    const zi = tw[2 * idx + 1];
    let hr = top;
    let hi = 0;
    for (let n = k - 2; n >= 0; n--) {
      const t = hr * zr - hi * zi + coef[n];
      hi = hr * zi + hi * zr;
      hr = t;
    }
    put(re, im, j, hr, hi, mul);
    idx += dm;
    if (idx >= m) idx -= m;
  }
}

/**
 * The period in j of a kernel dilated by D on the M-point grid: P = M / gcd(D mod M, M)
 * (H_D[j + P] = H_D[j]; 1 when D is a multiple of M).
 */
export function gridPeriod(dilation: number, m: number): number {
  return m / gcd(dilation % m, m);
}

/**
 * The dilated kernel's response on the M-point grid ω_j = 2πj/M (rad/sample):
 * H[j] = Σ_n c_n e^{−2πi·(D·j mod M)·n/M} for j = 0..count−1, written into re/im. Only the
 * points that differ are evaluated (Horner's rule on the cached twiddle table): H has period
 * P = M / gcd(D, M) in j and, the coefficients being real, H[P − j] = conj H[j]; the rest is
 * mirrored and tiled. Any M ≥ 1 (not only powers of two).
 */
export function polyOnGrid(
  coef: ArrayLike<number>,
  dilation: number,
  m: number,
  count: number,
  re: Float64Array,
  im: Float64Array,
): void {
  if (count <= 0) return;
  const dm = dilation % m;
  const period = m / gcd(dm, m);
  const direct = Math.min(count, (period >> 1) + 1);
  gridPoints(coef, dm, m, direct, re, im, false);
  mirrorAndTile(re, im, direct, period, count);
}

/**
 * Completes a Hermitian periodic response whose first `valid` points are known:
 * H[j] = conj H[P − j] up to min(count, P), then H[j + P] = H[j] up to `count`.
 */
export function mirrorAndTile(
  re: Float64Array,
  im: Float64Array,
  valid: number,
  period: number,
  count: number,
): void {
  const mirrored = Math.min(count, period);
  for (let j = valid; j < mirrored; j++) {
    re[j] = re[period - j];
    im[j] = -im[period - j];
  }
  tile(re, im, Math.max(mirrored, valid), count);
}

/** Repeats re/im[0..from) (a whole period) up to `to`. */
export function tile(re: Float64Array, im: Float64Array, from: number, to: number): void {
  for (let filled = from; filled < to; ) {
    const len = Math.min(filled, to - filled);
    re.copyWithin(filled, 0, len);
    im.copyWithin(filled, 0, len);
    filled += len;
  }
}

/**
 * Multiplies re/im by the dilated kernel's response on the M-point grid, point by point:
 * (re + i·im)[j] ← (re + i·im)[j] · Σ_n c_n e^{−2πi·(D·j mod M)·n/M}, j = 0..len−1 (a layer
 * of a stack; the caller uses the periods).
 */
export function polyTimesOnGrid(
  coef: ArrayLike<number>,
  dilation: number,
  m: number,
  len: number,
  re: Float64Array,
  im: Float64Array,
): void {
  if (len <= 0) return;
  gridPoints(coef, dilation % m, m, len, re, im, true);
}

/** Largest period evaluated from a twiddle table; longer periods step z by rotation. */
const TABLE_MAX_PERIOD = 1 << 16;

/**
 * |H| over one period on the M-point grid: H[j] = Σ_n c_n e^{−2πi·j·step·n/M}, which has
 * period P = M / gcd(step mod M, M) in j and |H[P − j]| = |H[j]|. Returns P and
 * |H[j]| for j = 0..⌊P/2⌋ (the rest of the grid follows by mirroring and tiling). Only
 * the reduced index (step/g)·j mod P is used, so the phases are exact whatever M; a period
 * up to 2^16 is read from the twiddle table, a longer one steps z by rotation, re-anchored
 * with cos/sin of the exact angle every 32 points (about 1e-14 relative).
 */
export function polyMagnitudePeriod(
  coef: ArrayLike<number>,
  step: number,
  m: number,
): { period: number; values: Float64Array } {
  const sm = step % m;
  const g = gcd(sm, m);
  const period = m / g;
  const half = (period >> 1) + 1;
  const values = new Float64Array(half);
  if (coef.length === 0) return { period: 1, values: new Float64Array(1) };
  const s = sm / g; // coprime to the period
  if (period <= TABLE_MAX_PERIOD) {
    const re = new Float64Array(half);
    const im = new Float64Array(half);
    gridPoints(coef, s % period, period, half, re, im, false);
    for (let j = 0; j < half; j++) values[j] = Math.sqrt(re[j] * re[j] + im[j] * im[j]);
    return { period, values };
  }
  const a = coef;
  const k = a.length;
  const x = (2 * Math.PI * s) / period;
  const cr = Math.cos(x);
  const ci = -Math.sin(x);
  let zr = 1;
  let zi = 0;
  let idx = 0;
  for (let j = 0; j < half; j++) {
    if ((j & 31) === 0) {
      const t = (2 * Math.PI * idx) / period;
      zr = Math.cos(t);
      zi = -Math.sin(t);
    }
    let re = a[k - 1];
    let im = 0;
    for (let n = k - 2; n >= 0; n--) {
      const t = re * zr - im * zi + a[n];
      im = re * zi + im * zr;
      re = t;
    }
    values[j] = Math.sqrt(re * re + im * im);
    const t = zr * cr - zi * ci;
    zi = zr * ci + zi * cr;
    zr = t;
    idx += s;
    if (idx >= period) idx -= period;
  }
  return { period, values };
}
