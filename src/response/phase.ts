/**
 * The phase panels of a 1-D response, computed from the dense composite kernel h (causal
 * form, taps at offsets 0..D): unwrapped phase, group delay, phase delay, zero-phase
 * amplitude, and the impulse and step responses. Inputs are the kernel, its response on the
 * grid and its exact unit-circle nulls, so any walk that yields those can use it.
 */
import type { Null } from '../analysis/types.ts';
import { freqz } from './freqz.ts';
import type { FrequencyGrid } from './grid.ts';

/**
 * |H(ω)| ≤ NEAR_ZERO·Σ|h_n| with a known null θ within 1/D rad: the group delay there is
 * evaluated from the Taylor series of H about θ with the zero divided out (see `groupDelay`).
 */
export const NEAR_ZERO = 1e-3;

/** Relative tolerance of the symmetry test |h_n ∓ h_{D−n}| ≤ SYMMETRY_TOLERANCE·max|h|. */
export const SYMMETRY_TOLERANCE = 1e-12;

/** Taylor terms used near a zero: the truncation error is below (Dδ)^TERMS/TERMS! for Dδ ≤ 1. */
const TAYLOR_TERMS = 18;

/** Symmetry of a kernel about its middle D/2: h_n = h_{D−n}, h_n = −h_{D−n}, or neither. */
export type KernelSymmetry = 'symmetric' | 'antisymmetric' | 'none';

/**
 * Whether h_n = h_{D−n} for all n (symmetric), h_n = −h_{D−n} (antisymmetric), or neither,
 * to within SYMMETRY_TOLERANCE·max|h|. A kernel of one nonzero tap at the middle is symmetric.
 * For 2-D kernels pass the row-major weights: the test is then centro-symmetry
 * h[i, j] = ±h[R−1−i, C−1−j].
 */
export function kernelSymmetry(h: ArrayLike<number>): KernelSymmetry {
  const D = h.length - 1;
  let max = 0;
  for (let n = 0; n <= D; n++) max = Math.max(max, Math.abs(h[n]));
  const tol = SYMMETRY_TOLERANCE * max;
  let sym = true;
  let anti = max > 0;
  for (let n = 0; n <= D; n++) {
    if (Math.abs(h[n] - h[D - n]) > tol) sym = false;
    if (Math.abs(h[n] + h[D - n]) > tol) anti = false;
  }
  return sym ? 'symmetric' : anti ? 'antisymmetric' : 'none';
}

/** The phase panels of a 1-D response on its grid (see `phasePanels`). */
export interface PhasePanels {
  /**
   * The continuous phase φ(ω) in radians: `phase` with 2π steps removed, guided by the group
   * delay (each step is the 2π-alias closest to −∫τ dω over the step, so it stays right when
   * the phase turns by more than π between samples). Across a zero of odd multiplicity it
   * jumps by +π (the sign of H flips), as numpy.unwrap does. NaN (null in JSON) at a
   * frequency where H is exactly zero.
   */
  phaseUnwrapped: Float64Array;
  /**
   * Group delay τ(ω) = −dφ/dω = Re(Σ n h_n e^{−iωn} / Σ h_n e^{−iωn}), in samples. At and
   * near a unit-circle zero θ of multiplicity m the zero's factor is divided out:
   * H(θ + δ) = δ^m g(δ) with g(δ) = Σ_{j≥m} H^{(j)}(θ) δ^{j−m}/j!, and τ = Re(i g′(δ)/g(δ)).
   * The value is therefore continuous through the zero (its limit; scipy.signal.group_delay
   * writes 0 there instead). A symmetric kernel of length D + 1 has τ = D/2 everywhere.
   */
  groupDelay: Float64Array;
  /**
   * Phase delay τ_p(ω) = −φ(ω)/ω in samples (φ the unwrapped phase); at ω = 0 its limit,
   * the group delay τ(0), when H(0) > 0. NaN (null in JSON) where it is undefined: at an
   * exact zero of H, and at ω = 0 when H(0) ≤ 0 (φ(0) = π or no phase).
   */
  phaseDelay: Float64Array;
  /**
   * Zero-phase amplitude A(ω), real and signed, with H(ω) = A(ω)·e^{−iωD/2} for a symmetric
   * kernel (A = Σ h_n cos(ω(n − D/2)), types I and II) and H(ω) = i·A(ω)·e^{−iωD/2} for an
   * antisymmetric one (types III and IV, MATLAB's zerophase convention); null otherwise.
   */
  zeroPhase: Float64Array | null;
  /** The symmetry of the composite kernel behind `zeroPhase`. */
  symmetry: KernelSymmetry;
}

function sumAbs(h: ArrayLike<number>): number {
  let s = 0;
  for (let n = 0; n < h.length; n++) s += Math.abs(h[n]);
  return s;
}

/** The null of `nulls` (ascending, in [0, π]) nearest to w ∈ [0, π]. */
function nearestNull(nulls: readonly Null[], w: number): Null | undefined {
  let lo = 0;
  let hi = nulls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nulls[mid].w < w) lo = mid + 1;
    else hi = mid;
  }
  const a = nulls[lo - 1];
  const b = nulls[lo];
  if (!a) return b;
  if (!b) return a;
  return w - a.w <= b.w - w ? a : b;
}

/**
 * τ at θ + δ from the Taylor coefficients of H about its zero θ of multiplicity m:
 * g(δ) = Σ_{j=m}^{m+T} a_j δ^{j−m}, a_j = H^{(j)}(θ)/j! = Σ_n h_n e^{−iθn}(−in)^j/j!,
 * τ = Re(i·g′/g) = −Im(g′/g). One pass over the taps for all T + 1 coefficients.
 */
function delayNearZero(h: ArrayLike<number>, theta: number, m: number, delta: number): number {
  const terms = m + TAYLOR_TERMS + 1;
  const ar = new Float64Array(terms);
  const ai = new Float64Array(terms);
  for (let n = 0; n < h.length; n++) {
    const c = h[n];
    if (c === 0) continue;
    // t_j = h_n e^{−iθn} (−in)^j / j!
    let tr = c * Math.cos(theta * n);
    let ti = -c * Math.sin(theta * n);
    for (let j = 0; j < terms; j++) {
      if (j >= m) {
        ar[j] += tr;
        ai[j] += ti;
      }
      // × (−in)/(j+1)
      const f = n / (j + 1);
      [tr, ti] = [ti * f, -tr * f];
    }
  }
  let gr = 0;
  let gi = 0;
  let dr = 0;
  let di = 0;
  let pow = 1; // δ^{j−m}
  let powPrev = 0; // δ^{j−m−1}
  for (let j = m; j < terms; j++) {
    const k = j - m;
    gr += ar[j] * pow;
    gi += ai[j] * pow;
    if (k > 0) {
      dr += k * ar[j] * powPrev;
      di += k * ai[j] * powPrev;
    }
    powPrev = pow;
    pow *= delta;
  }
  const den = gr * gr + gi * gi;
  return -(di * gr - dr * gi) / den;
}

/**
 * A factor of a product response: the kernel c read with its taps `step` apart, so that it
 * contributes H_c(step·ω) and, its phase adding, step·τ_c(step·ω) to the group delay.
 * `nulls` are the exact nulls of H_c on [0, π] (rad/sample) with multiplicity.
 */
export interface DelayFactor {
  kernel: Float64Array;
  step: number;
  nulls: readonly Null[];
}

/**
 * τ_c(ω_j) of one kernel on the whole M-point grid ω_j = 2πj/M, j = 0..M−1, in samples:
 * Re(Σ n c_n e^{−iωn} / Σ c_n e^{−iωn}) from two exact grid transforms, except where
 * |H_c| ≤ NEAR_ZERO·Σ|c| within 1/D rad of a null θ of multiplicity m, where the zero is
 * divided out of the Taylor series about θ (`delayNearZero`).
 */
export function kernelGroupDelay(c: Float64Array, m: number, nulls: readonly Null[]): Float64Array {
  const D = c.length - 1;
  const tau = new Float64Array(m);
  if (D === 0) return tau;
  const nc = new Float64Array(c.length);
  for (let n = 0; n <= D; n++) nc[n] = n * c[n];
  const H = freqz(c, { worN: m, whole: true });
  const N = freqz(nc, { worN: m, whole: true });
  const scale = sumAbs(c);
  for (let j = 0; j < m; j++) {
    const hr = H.re[j];
    const hi = H.im[j];
    if (Math.hypot(hr, hi) <= NEAR_ZERO * scale && nulls.length > 0) {
      // Fold ω into [0, π]: τ is even in ω for a real kernel.
      let w = (2 * Math.PI * j) / m;
      if (w > Math.PI) w = 2 * Math.PI - w;
      const z = nearestNull(nulls, w);
      if (z && D * Math.abs(w - z.w) <= 1) {
        tau[j] = delayNearZero(c, z.w, z.multiplicity, w - z.w);
        continue;
      }
    }
    tau[j] = (N.re[j] * hr + N.im[j] * hi) / (hr * hr + hi * hi);
  }
  return tau;
}

/**
 * The group delay on `grid` of the product of `factors` (see PhasePanels.groupDelay), in
 * samples: phases add, so τ(ω_j) = Σ_f step_f·τ_f[(step_f·j) mod M], each kernel's τ computed
 * once on the whole M-point grid (`kernelGroupDelay`) and remapped for every step, as
 * responses are (H_d[j] = H[(d·j) mod M]).
 */
export function groupDelay(factors: readonly DelayFactor[], grid: FrequencyGrid): Float64Array {
  const { m, count } = grid;
  const tau = new Float64Array(count);
  const cache = new Map<string, Float64Array>();
  for (const f of factors) {
    const key = Array.from(f.kernel).join(',');
    let base = cache.get(key);
    if (!base) {
      base = kernelGroupDelay(f.kernel, m, f.nulls);
      cache.set(key, base);
    }
    const t = f.step % m;
    for (let j = 0, idx = 0; j < count; j++) {
      tau[j] += f.step * base[idx];
      idx += t;
      if (idx >= m) idx -= m;
    }
  }
  return tau;
}

/** x wrapped into (−π, π]. */
function wrap(x: number): number {
  let y = x - 2 * Math.PI * Math.round(x / (2 * Math.PI));
  if (y <= -Math.PI) y += 2 * Math.PI;
  return y;
}

/**
 * The unwrapped phase (see PhasePanels.phaseUnwrapped) from the wrapped phase, the group
 * delay and the grid: each step takes the 2π-alias of the wrapped difference closest to the
 * trapezoid estimate −(τ_a + τ_b)/2·Δω; a residual of ±π (a sign flip at a zero) is taken as +π.
 */
export function unwrapPhase(
  phase: Float64Array,
  tau: Float64Array,
  grid: FrequencyGrid,
  exactZero: (j: number) => boolean,
): Float64Array {
  const out = new Float64Array(phase.length);
  const dw = (2 * Math.PI) / grid.m;
  let last = -1;
  for (let j = 0; j < phase.length; j++) {
    if (exactZero(j)) {
      out[j] = Number.NaN;
      continue;
    }
    if (last < 0) {
      out[j] = phase[j];
      last = j;
      continue;
    }
    let predicted = 0;
    for (let t = last; t < j; t++) predicted -= ((tau[t] + tau[t + 1]) / 2) * dw;
    let residual = wrap(phase[j] - phase[last] - predicted);
    if (Math.abs(residual) > Math.PI - 1e-6) residual = Math.PI;
    out[j] = out[last] + predicted + residual;
    last = j;
  }
  return out;
}

/**
 * The phase panels of the 1-D kernel h (causal form) on `grid`, given H = re + i·im on the
 * grid, its wrapped phase, and its exact nulls on [0, π] (rad/sample, with multiplicity):
 * see PhasePanels for each definition. A point is an exact zero when |H| ≤ 1e-13·(D+1)·Σ|h|
 * within 1e-9 rad of a listed null. `factors`, when h is a product (a stack), gives its
 * factors so the group delay is summed from small kernels; by default h is one factor.
 */
export function phasePanels(
  h: Float64Array,
  grid: FrequencyGrid,
  re: Float64Array,
  im: Float64Array,
  phase: Float64Array,
  nulls: readonly Null[],
  factors: readonly DelayFactor[] = [{ kernel: h, step: 1, nulls }],
): PhasePanels {
  const { m, count } = grid;
  const D = h.length - 1;
  const scale = sumAbs(h);
  const omega = (j: number) => (2 * Math.PI * j) / m;
  const exactZero = (j: number) => {
    if (Math.hypot(re[j], im[j]) > 1e-13 * (D + 1) * scale) return false;
    let w = omega(j);
    if (w > Math.PI) w = 2 * Math.PI - w;
    const z = nearestNull(nulls, w);
    return z !== undefined && Math.abs(z.w - w) <= 1e-9;
  };
  const tau = groupDelay(factors, grid);
  const phaseUnwrapped = unwrapPhase(phase, tau, grid, exactZero);
  const phaseDelay = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    if (j === 0) phaseDelay[0] = re[0] > 0 && !exactZero(0) ? tau[0] : Number.NaN;
    else phaseDelay[j] = -phaseUnwrapped[j] / omega(j);
  }
  const symmetry = kernelSymmetry(h);
  let zeroPhase: Float64Array | null = null;
  if (symmetry !== 'none') {
    zeroPhase = new Float64Array(count);
    for (let j = 0; j < count; j++) {
      // H·e^{iωD/2}: real (symmetric) or i·A (antisymmetric).
      const a = (omega(j) * D) / 2;
      const c = Math.cos(a);
      const s = Math.sin(a);
      const rr = re[j] * c - im[j] * s;
      const ri = re[j] * s + im[j] * c;
      zeroPhase[j] = symmetry === 'symmetric' ? rr : ri;
    }
  }
  return { phaseUnwrapped, groupDelay: tau, phaseDelay, zeroPhase, symmetry };
}

/** The step response of a 1-D kernel: s_n = Σ_{t≤n} h_t (the running sum), same length. */
export function stepResponse(h: ArrayLike<number>): Float64Array {
  const s = new Float64Array(h.length);
  let acc = 0;
  for (let n = 0; n < h.length; n++) {
    acc += h[n];
    s[n] = acc;
  }
  return s;
}

/**
 * The step response of a 2-D kernel (rows×cols, row-major) to the unit step u[y]·u[x]:
 * s[i, j] = Σ_{a≤i, b≤j} h[a, b] (the summed-area table), same shape.
 */
export function stepResponse2d(h: ArrayLike<number>, shape: readonly number[]): Float64Array {
  const [R, C] = shape;
  const s = new Float64Array(R * C);
  for (let i = 0; i < R; i++) {
    let row = 0;
    for (let j = 0; j < C; j++) {
      row += h[i * C + j];
      s[i * C + j] = row + (i > 0 ? s[(i - 1) * C + j] : 0);
    }
  }
  return s;
}
