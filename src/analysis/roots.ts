import { polyAt } from '../response/index.ts';
import type { Null } from './types.ts';

/**
 * Exact zeros on [0, π] of the frequency response H(ω) = Σ_{n=0}^{D} c_n e^{−iωn} of a real
 * kernel, i.e. the roots ζ = e^{−iω} of the kernel polynomial P(ζ) = Σ c_n ζ^n with |ζ| = 1,
 * with their multiplicities.
 *
 * Method (no FFT grid is ever trusted for a null):
 * 1. |H| is sampled on M = 8D + 64 points of [0, π]. By Bernstein's inequality
 *    (|H'| ≤ D·max|H|), every null has a grid local minimum within one spacing whose value is
 *    at most π/16 of max|H|; those local minima are the candidates.
 * 2. Each candidate is refined by Newton's method on H as a complex function of the real ω,
 *    δ = −Re(1/L) with L = H'/H − Σ_r m_r·(−iζ)/(ζ − ζ_r): the nulls already found (and their
 *    mirrors −θ_r) are divided out implicitly, so a second null closer than the grid spacing is
 *    still found from the same candidate.
 * 3. A point is a null when |H(θ)| ≤ κ·Σ|c_n| (κ = 1e-13 + 4D·2^−52, `nullTolerance`). Its
 *    multiplicity m is decided by which derivatives vanish: Newton is run on H^{(j)} (a simple
 *    root when j = m − 1) for j = 1, 2, ... while the result still has
 *    |H^{(i)}| ≤ κ·Σ|c_n|·n^i for every i ≤ j. Two nulls are one when |H| stays below the
 *    tolerance between them (a cluster that close is one multiple null). The reported θ is the simple root of H^{(m−1)}, so it is accurate to about 1e-15 rad even
 *    for a multiple null (binomial:K has one null at π of multiplicity K − 1).
 *
 * Derivatives are evaluated with scaled coefficients c_n (n/D)^j by Horner's rule in ζ.
 * Cost: O(M·D) for the grid plus O(D) per Newton step.
 */

/** The smallest relative tolerance κ (see `nullTolerance`). */
export const NULL_TOLERANCE = 1e-13;

/**
 * Relative tolerance κ for a kernel of degree D: |H(θ)| ≤ κ·Σ|c_n| accepts θ as a null, with
 * κ = 1e-13 + 4·D·2^−52 (a few times the rounding error of evaluating H by Horner's rule).
 * Two roots whose |H| never rises above κ·Σ|c_n| between them are one multiple null.
 */
export function nullTolerance(D: number): number {
  return NULL_TOLERANCE + 4 * D * Number.EPSILON;
}

/** Two nulls closer than this (rad/sample) are the same null. */
export const NULL_MERGE = 1e-9;

interface Found {
  w: number;
  m: number;
  /** Radius around w inside which |H| stays below the tolerance because of this null. */
  rho: number;
}

/** The kernel polynomial with lazily scaled derivative coefficients. */
class KernelPolynomial {
  readonly D: number;
  private readonly coefs: Float64Array[] = [];
  private readonly scales: number[] = [];
  readonly out = new Float64Array(2);

  constructor(c: Float64Array) {
    this.D = c.length - 1;
    this.coefs.push(c);
    this.scales.push(c.reduce((s, v) => s + Math.abs(v), 0));
  }

  /** Coefficients of Q_j(ζ) = Σ c_n (n/D)^j ζ^n, so that H^{(j)}(ω) = (−iD)^j Q_j(e^{−iω}). */
  coef(j: number): Float64Array {
    while (this.coefs.length <= j) {
      const prev = this.coefs[this.coefs.length - 1];
      const next = new Float64Array(prev.length);
      let s = 0;
      for (let n = 0; n < prev.length; n++) {
        next[n] = (prev[n] * n) / this.D;
        s += Math.abs(next[n]);
      }
      this.coefs.push(next);
      this.scales.push(s);
    }
    return this.coefs[j];
  }

  /** Σ |c_n| (n/D)^j: the size against which |Q_j| is judged to vanish. */
  scale(j: number): number {
    this.coef(j);
    return this.scales[j];
  }

  /** Q_j(e^{−iω}) into this.out as [re, im]. */
  evaluate(j: number, w: number): Float64Array {
    const h = polyAt(this.coef(j), w);
    this.out[0] = h.re;
    this.out[1] = h.im;
    return this.out;
  }

  /** |Q_j(e^{−iω})|. */
  magnitude(j: number, w: number): number {
    const o = this.evaluate(j, w);
    return Math.sqrt(o[0] * o[0] + o[1] * o[1]);
  }
}

/** Folds an angle into [0, π] using |H(−ω)| = |H(ω)| of a real kernel. */
function fold(w: number): number {
  let x = w % (2 * Math.PI);
  if (x < 0) x += 2 * Math.PI;
  return x > Math.PI ? 2 * Math.PI - x : x;
}

/** log|H(ω)/Π_r (ζ − ζ_r)^{m_r}|: the magnitude with the nulls found so far divided out. */
function deflatedLog(mag: number, w: number, found: readonly Found[]): number {
  let s = Math.log(mag);
  for (const f of found) {
    // |e^{−iω} − e^{∓iθ}| = 2|sin((ω ∓ θ)/2)|
    s -= f.m * Math.log(2 * Math.abs(Math.sin((w - f.w) / 2)));
    if (f.w !== 0 && f.w !== Math.PI) s -= f.m * Math.log(2 * Math.abs(Math.sin((w + f.w) / 2)));
  }
  return s;
}

/**
 * Newton on Q_j from w0 (j = 0 with implicit deflation of `found`). Returns the point with
 * the smallest |Q_j| met, after convergence or stagnation.
 */
function newton(
  p: KernelPolynomial,
  j: number,
  w0: number,
  found: readonly Found[],
  maxStep: number,
): number {
  const D = p.D;
  let w = w0;
  let best = w0;
  let bestMag = Number.POSITIVE_INFINITY; // best objective (log magnitude)
  let stall = 0;
  let start = 0;
  const iterations = j === 0 ? 120 : 50;
  for (let it = 0; it < iterations; it++) {
    const q = p.evaluate(j, w);
    const qr = q[0];
    const qi = q[1];
    const mag = Math.sqrt(qr * qr + qi * qi);
    const objective = j === 0 && found.length > 0 ? deflatedLog(mag, w, found) : Math.log(mag);
    if (it === 0) start = objective;
    if (objective < bestMag) {
      bestMag = objective;
      best = w;
      stall = 0;
    } else if (++stall >= 4) break;
    if (mag === 0) break;
    // Towards a root of any multiplicity m, |H| ∝ δ^m shrinks by ((m−1)/m)^m ≥ 1/e per step
    // or faster; a run that has not gained e^4 in 6 steps (e^9 in 15) is heading for a
    // non-zero minimum of |H|: give it up.
    if ((it === 6 && bestMag > start - 4) || (it === 15 && bestMag > start - 9)) break;
    const d = p.evaluate(j + 1, w);
    // H^{(j+1)}/H^{(j)} = −iD·Q_{j+1}/Q_j
    const den = qr * qr + qi * qi;
    const rr = (d[0] * qr + d[1] * qi) / den;
    const ri = (d[1] * qr - d[0] * qi) / den;
    let lr = D * ri;
    let li = -D * rr;
    if (j === 0 && found.length > 0) {
      const zr = Math.cos(w);
      const zi = -Math.sin(w);
      for (const f of found) {
        // subtract m·(−iζ)/(ζ − ζ_r) for ζ_r = e^{∓iθ_r}
        const mirrors = f.w === 0 || f.w === Math.PI ? 1 : 2;
        for (let s = 0; s < mirrors; s++) {
          const er = Math.cos(f.w);
          const ei = s === 0 ? -Math.sin(f.w) : Math.sin(f.w);
          const dr = zr - er;
          const di = zi - ei;
          const dd = dr * dr + di * di;
          if (dd === 0) continue;
          // −iζ = (zi, −zr)
          const nr = zi;
          const ni = -zr;
          lr -= (f.m * (nr * dr + ni * di)) / dd;
          li -= (f.m * (ni * dr - nr * di)) / dd;
        }
      }
    }
    const ll = lr * lr + li * li;
    if (!(ll > 0) || !Number.isFinite(ll)) break;
    let step = -lr / ll; // −Re(1/L)
    if (!Number.isFinite(step)) break;
    if (step > maxStep) step = maxStep;
    else if (step < -maxStep) step = -maxStep;
    w = fold(w + step);
    if (Math.abs(step) < 1e-16) {
      const m2 = p.magnitude(j, w);
      const o2 = j === 0 && found.length > 0 ? deflatedLog(m2, w, found) : Math.log(m2);
      if (o2 < bestMag) best = w;
      break;
    }
  }
  return best;
}

function factorial(m: number): number {
  let f = 1;
  for (let i = 2; i <= m; i++) f *= i;
  return f;
}

/** The grid of |H| samples kept for the separation test. */
interface Grid {
  mags: Float64Array;
  h: number;
}

/**
 * Two nulls a and b are distinct when |H| rises above the tolerance between them: at a grid
 * sample strictly between them or, for nulls less than four spacings apart, at 0.3, 0.5 or
 * 0.7 of the way. Otherwise they are one (multiple) null.
 */
function separable(p: KernelPolynomial, grid: Grid, a: number, b: number): boolean {
  const tol = nullTolerance(p.D) * p.scale(0);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const first = Math.floor(lo / grid.h) + 1;
  const last = Math.ceil(hi / grid.h) - 1;
  for (let j = first; j <= last; j++) if (grid.mags[j] > tol) return true;
  if (hi - lo >= 4 * grid.h) return false;
  for (const t of [0.3, 0.5, 0.7]) if (p.magnitude(0, lo + (hi - lo) * t) > tol) return true;
  return false;
}

/** Refines a candidate into a null with multiplicity, or returns null when it is not one. */
function refine(
  p: KernelPolynomial,
  w0: number,
  found: readonly Found[],
  maxStep: number,
  remaining: number,
  grid: Grid,
): Found | null {
  const D = p.D;
  const tol = (j: number) => nullTolerance(D) * p.scale(j);
  let w = newton(p, 0, w0, found, maxStep);
  if (!(p.magnitude(0, w) <= tol(0))) return null;
  let m = 1;
  while (m < D) {
    const w2 = newton(p, m, w, [], maxStep);
    let ok = true;
    for (let i = 0; i <= m && ok; i++) ok = p.magnitude(i, w2) <= tol(i);
    // the derivative's root must belong to the same cluster, not to another multiple null
    if (!ok || separable(p, grid, w, w2)) break;
    w = w2;
    m++;
  }
  const duplicate = (x: number) =>
    found.some((f) => Math.abs(f.w - x) <= NULL_MERGE || !separable(p, grid, f.w, x));
  if (duplicate(w)) return null;
  // A real kernel's null at θ has its mirror at −θ: when the two cannot be told apart, the
  // null sits at 0 or π.
  if (w <= 1e-11 || !separable(p, grid, w, 0)) w = 0;
  else if (Math.PI - w <= 1e-11 || !separable(p, grid, w, Math.PI)) w = Math.PI;
  if (m > remaining || duplicate(w)) return null;
  const qm = p.magnitude(m, w);
  const r = qm > 0 ? (2 * tol(0) * factorial(m)) / qm : Number.POSITIVE_INFINITY;
  return { w, m, rho: Math.max(NULL_MERGE, r ** (1 / m) / D) };
}

/**
 * The nulls on [0, π] of the kernel c_0..c_D (real, c_0 ≠ 0 and c_D ≠ 0 expected; zeros at
 * either end only add roots at ζ = 0 or ∞ and are harmless). Returns them ascending, each
 * `{w, multiplicity}` with w in rad/sample; a null in (0, π) stands for the pair ±w.
 */
export function unitCircleNulls(c: Float64Array): Null[] {
  const D = c.length - 1;
  if (D < 1) return [];
  const p = new KernelPolynomial(c);
  const M = 8 * D + 64;
  const h = Math.PI / M;
  const mags = new Float64Array(M + 1);
  let gridMax = 0;
  for (let j = 0; j <= M; j++) {
    mags[j] = p.magnitude(0, j * h);
    if (mags[j] > gridMax) gridMax = mags[j];
  }
  const grid: Grid = { mags, h };
  const candidates: number[] = [];
  for (let j = 0; j <= M; j++) {
    const v = mags[j];
    if (v > 0.5 * gridMax) continue;
    if ((j === 0 || v <= mags[j - 1]) && (j === M || v <= mags[j + 1])) candidates.push(j);
  }
  candidates.sort((a, b) => mags[a] - mags[b]);
  const found: Found[] = [];
  let total = 0;
  const maxStep = 4 * h;
  for (const j of candidates) {
    if (total >= D) break;
    const w0 = j * h;
    if (found.some((f) => Math.abs(f.w - w0) <= f.rho && !separable(p, grid, f.w, w0))) continue;
    // After a success, start again (the found nulls are divided out) to catch a neighbour;
    // in a flat neighbourhood (a cluster of nulls) also from three spacings either side.
    const starts = mags[j] < 1e-3 * gridMax ? [w0, w0 - 3 * h, w0 + 3 * h] : [w0];
    let progress = true;
    for (let round = 0; round < 8 && progress && total < D; round++) {
      progress = false;
      for (const start of starts) {
        if (total >= D) break;
        const r = refine(p, fold(start), found, maxStep, D - total, grid);
        if (!r) continue;
        found.push(r);
        total += r.w === 0 || r.w === Math.PI ? r.m : 2 * r.m;
        progress = true;
      }
    }
  }
  return found.sort((a, b) => a.w - b.w).map((f) => ({ w: f.w, multiplicity: f.m }));
}
