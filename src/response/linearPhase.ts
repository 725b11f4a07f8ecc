import { twiddles } from '../fft/index.ts';
import { type Graph, walkGraph } from '../network/index.ts';
import { gcd } from '../util/validate.ts';
import { float64Arrays } from './alloc.ts';
import { toDb } from './decibels.ts';
import {
  amplitudeFactorInto,
  amplitudeScratch,
  type LinearPhaseOutputs,
  linearPhaseInto,
  mirrorInto,
} from './derived.ts';
import { gridPeriod } from './polynomial.ts';

/**
 * The linear-phase route of a 1-D response: a network whose composite kernel is a product of
 * odd-length symmetric factors w (w_n = w_{2h−n}, taps `step` apart) has
 *
 *     H(ω) = e^{−iωc}·A(ω),   A(ω) = Π_f A_f(ω),   A_f(ω) = w_h + 2·Σ_{t=1}^{h} w_{h+t}·cos(t·step·ω),
 *
 * with c = Σ_f h_f·step_f the centre of the causal composite kernel (samples) and A real (the
 * zero-phase amplitude). So |H| = |A|, 20·log10|H| = 20·log10|A| (one log a point, no
 * square root), and the phase needs no atan2: on the grid ω_j = 2πj/M with u = c·j mod M
 * (u + M/2 where A < 0), it is −2πu/M wrapped into (−π, π] — the angle of the twiddle
 * e^{−2πiu/M} itself; re + i·im = A·e^{−2πiu/M} with that twiddle stepped by rotation and
 * re-read from the table every 64 points (within ~1e−14 relative), so the phase is
 * atan2(im, re) of the returned values to ~1e−14, its wrap at π included. Where A is exactly
 * 0 the phase is atan2 of the signed zeros, as everywhere else. Against the general route
 * (Horner products, atan2) the values agree to 1e−12 wherever that route is itself good to
 * 1e−12 (|H| ≥ 1e−3·max); closer to a zero its rounding of re and im (~1e−16) moves its dB
 * and phase by more, and this route's phase is the exact one.
 */

/** One factor: an odd-length symmetric kernel (2h + 1 taps) with taps `step` samples apart. */
export interface LinearPhaseFactor {
  readonly weights: Float64Array;
  readonly step: number;
}

/** Largest h (kernels up to 2h + 1 = 15 taps) taken by this route: A_f costs h look-ups a point. */
export const LINEAR_PHASE_MAX_HALF = 7;

/** True when w has an odd number of taps, at most 2·LINEAR_PHASE_MAX_HALF + 1, and w_n = w_{k−1−n} exactly. */
export function isOddSymmetric(w: ArrayLike<number>): boolean {
  const k = w.length;
  if (k % 2 === 0 || k > 2 * LINEAR_PHASE_MAX_HALF + 1) return false;
  for (let n = 0; n < k >> 1; n++) if (w[n] !== w[k - 1 - n]) return false;
  return true;
}

/**
 * The factors of a 1-D graph's response when every one is odd-length symmetric, else null:
 * the same walk as compose.ts `evaluateGraph` (a conv layer is its single-channel kernel with
 * taps d·inputScale apart, an average pool a box of 1/k at inputScale, a max pool nothing),
 * null at any merge (sum), projection shortcut or multi-channel layer.
 */
export function linearPhaseFactors(graph: Graph): LinearPhaseFactor[] | null {
  return walkGraph<LinearPhaseFactor[] | null>(graph, {
    input: () => [],
    conv: (node, x, step) => {
      const [cOut, cIn] = node.weights.shape;
      if (x === null || cOut !== 1 || cIn !== 1 || !isOddSymmetric(node.weights.data)) return null;
      return [
        ...x,
        { weights: node.weights.data, step: node.dilation[0] * step.placement.inputScale[0] },
      ];
    },
    shortcut: (node, x) => (node.projection ? null : x),
    pool: (node, x, step) => {
      if (x === null || node.mode === 'max') return x;
      const k = node.size[0];
      const weights = new Float64Array(k).fill(1 / k);
      if (!isOddSymmetric(weights)) return null;
      return [...x, { weights, step: step.placement.inputScale[0] }];
    },
    sum: () => null,
  });
}

/** The response, |H|, dB and phase of the linear-phase route (see the module comment). */
export interface LinearPhaseResponse {
  re: Float64Array;
  im: Float64Array;
  magnitude: Float64Array;
  magnitudeDb: Float64Array;
  phase: Float64Array;
  /** Period of H in j (a divisor of M). */
  period: number;
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/**
 * a[j] ← a[j]·A_f[j] for j < len, A_f[j] = w_h + Σ_t 2w_{h+t}·Re tw[(t·step·j) mod M]
 * (exact indices into the twiddle table; no trigonometric call).
 */
function multiplyAmplitude(
  f: LinearPhaseFactor,
  tw: Float64Array,
  m: number,
  a: Float64Array,
  len: number,
): void {
  const w = f.weights;
  const h = w.length >> 1;
  const dm = f.step % m;
  const c0 = w[h];
  if (h > 0 && dm !== 0) {
    const c = [c0];
    for (let t = 1; t <= h; t++) c.push(2 * w[h + t]);
    if (amplitudeFactorInto(a, len, c, dm, m)) return;
  }
  if (h === 0 || dm === 0) {
    let s = c0;
    for (let t = 1; t <= h; t++) s += 2 * w[h + t];
    for (let j = 0; j < len; j++) a[j] *= s;
    return;
  }
  if (h === 1) {
    const c1 = 2 * w[2];
    let idx = 0;
    for (let j = 0; j < len; j++) {
      a[j] *= c0 + c1 * tw[2 * idx];
      idx += dm;
      if (idx >= m) idx -= m;
    }
    return;
  }
  let idx = 0;
  for (let j = 0; j < len; j++) {
    let s = c0;
    let it = 0;
    for (let t = 1; t <= h; t++) {
      it += idx;
      if (it >= m) it -= m;
      s += 2 * w[h + t] * tw[2 * it];
    }
    a[j] *= s;
    idx += dm;
    if (idx >= m) idx -= m;
  }
}

/**
 * The real amplitude A = Π_f A_f of linear-phase `factors` on the grid ω_j = 2πj/M,
 * j = 0..count−1 (count ≥ 1), in `amplitudeScratch(count)`, built as compose.ts builds a
 * product: factors in order of increasing period, each multiplied in over the first half of
 * the running period (A is even: A[P − j] = A[j]), then mirrored and tiled (in the
 * WebAssembly kernel's memory when it runs: `amplitudeFactorInto`). Returns A, its period in j
 * and the centre c = Σ_f h_f·step_f reduced mod M (H = A·e^{−2πi·c·j/M}).
 */
function amplitudeProduct(
  factors: readonly LinearPhaseFactor[],
  m: number,
  count: number,
  tw: Float64Array,
): { a: Float64Array; period: number; cm: number } {
  let centre = 0;
  for (const f of factors) centre += (f.weights.length >> 1) * f.step;
  const a = amplitudeScratch(count, tw);
  const sorted = factors
    .map((f) => ({ f, period: gridPeriod(f.step, m) }))
    .sort((x, y) => x.period - y.period);
  a[0] = 1;
  let pa = 1;
  let valid = 1;
  for (const { f, period } of sorted) {
    const pn = lcm(pa, period);
    const len = Math.min(count, (pn >> 1) + 1);
    for (let filled = valid; filled < len; ) {
      const n = Math.min(filled, len - filled);
      a.copyWithin(filled, 0, n);
      filled += n;
    }
    multiplyAmplitude(f, tw, m, a, len);
    const next = Math.min(count, pn);
    mirrorInto(a, len, next, pn);
    pa = pn;
    valid = next;
  }
  for (let filled = valid; filled < count; ) {
    const n = Math.min(filled, count - filled);
    a.copyWithin(filled, 0, n);
    filled += n;
  }
  return { a, period: pa, cm: centre % m };
}

/**
 * H, |H|, 20·log10|H| (floored at −300 dB) and the phase of the product of linear-phase
 * `factors` on the grid ω_j = 2πj/M, j = 0..count−1: A by `amplitudeProduct`, then one pass
 * (`linearPhaseInto`) writes re, im, |A|, dB and the phase from A and u = c·j mod M; into
 * `out`'s arrays (of length count, every value overwritten) when given.
 */
export function linearPhaseResponse(
  factors: readonly LinearPhaseFactor[],
  m: number,
  count: number,
  out?: LinearPhaseOutputs,
): LinearPhaseResponse {
  // One request for the five outputs (alloc.ts: from its slab for small grids).
  const [re, im, magnitude, magnitudeDb, phase] = out
    ? [out.re, out.im, out.magnitude, out.magnitudeDb, out.phase]
    : float64Arrays(count, 5);
  if (count === 0) return { re, im, magnitude, magnitudeDb, phase, period: 1 };
  const tw = twiddles(m).table;
  const { a, period: pa, cm } = amplitudeProduct(factors, m, count, tw);
  // re + i·im = A·e^{−2πiu/M}, |A|, its dB, and the twiddle's angle (+π where A < 0).
  if (m % 2 === 0) linearPhaseInto(a, count, m, cm, tw, { re, im, magnitude, magnitudeDb, phase });
  else {
    // M = 1 (a single point, ω = 0): H = A.
    re[0] = a[0];
    im[0] = 0;
    magnitude[0] = Math.abs(a[0]);
    magnitudeDb[0] = toDb(magnitude[0]);
    phase[0] = a[0] < 0 ? Math.PI : 0;
  }
  const period = lcm(pa, gridPeriod(cm, m));
  return { re, im, magnitude, magnitudeDb, phase, period };
}

/**
 * H alone of the product of linear-phase `factors` (compose.ts's products of two or more
 * such layers): A by `amplitudeProduct` (one real multiply a point and factor, over the
 * factors' periods), then H[j] = A[j]·e^{−2πi·u_j/M}, u_j = c·j mod M, the twiddle stepped by
 * rotation and re-read from the table every 64 points (within ~1e−14 relative), in place of
 * the complex Horner product of every factor. Returns re, im and the period of H.
 */
export function linearPhaseProduct(
  factors: readonly LinearPhaseFactor[],
  m: number,
  count: number,
): { re: Float64Array; im: Float64Array; period: number } {
  const [re, im] = float64Arrays(count, 2);
  if (count === 0) return { re, im, period: 1 };
  const tw = twiddles(m).table;
  const { a, period: pa, cm } = amplitudeProduct(factors, m, count, tw);
  const sr = tw[2 * cm];
  const si = tw[2 * cm + 1];
  let u = 0;
  const stride = (64 * cm) % m;
  let zr = 1;
  let zi = 0;
  for (let j = 0; j < count; j++) {
    if ((j & 63) === 0) {
      zr = tw[2 * u];
      zi = tw[2 * u + 1];
      u += stride;
      if (u >= m) u -= m;
    }
    const aj = a[j];
    re[j] = aj * zr;
    im[j] = aj * zi;
    const t = zr * sr - zi * si;
    zi = zr * si + zi * sr;
    zr = t;
  }
  return { re, im, period: lcm(pa, gridPeriod(cm, m)) };
}
