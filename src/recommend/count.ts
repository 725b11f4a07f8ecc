/**
 * How many stack schedules are feasible, counted exactly before any search, so `recommend`
 * can say at once how large the search is and choose exhaustive search or beam search from
 * it (docs/recommend.md).
 *
 * A schedule is the prefix and then a multiset of L ∈ [minLayers, maxLayers] rates from
 * [minRate, maxRate], taken in non-decreasing order d_1 ≤ … ≤ d_L. It is feasible when its
 * tap set has no holes (gridding-free) and its receptive field RF = 1 + (k−1)·Σd lies in
 * [rfMin, rfMax]. Coverage rule (exact; the pruning rule of searchStack): while the tap set
 * is the interval [0, R) with R = RF, the next rate keeps it an interval when d ≤ R, and
 * leaves a hole at R for good when d > R (all later taps are 0 or ≥ d > R). So the count is
 * a dynamic programme over (depth, last rate, running RF):
 *
 *   f_0[r_min][R_0] = 1,  f_{i+1}[d][R + (k−1)·d] += Σ_{r ≤ d} f_i[r][R]   for d ≤ R,
 *
 * with the prefix sum over r done once per (i, R): O(L · n · R_top) for n rates. Once
 * R ≥ max(maxRate, rfMin) and there is no upper bound on RF, every continuation is feasible,
 * so such states are kept per last rate only (their RF no longer matters).
 */

/** The space to count (the same limits as the search's, after validation). */
export interface CountSpace {
  /** Taps per layer along the searched axis. */
  k: number;
  /** Fixed leading rates. */
  prefix: readonly number[];
  minLayers: number;
  maxLayers: number;
  minRate: number;
  maxRate: number;
  rfMin: number;
  /** May be Infinity. */
  rfMax: number;
}

/** The counts. */
export interface FeasibleCount {
  /** Complete feasible schedules (gridding-free, RF inside the window). */
  feasible: number;
  /**
   * Gridding-free partial schedules of 1..maxLayers chosen rates whose RF does not exceed
   * rfMax: the most search nodes an exhaustive search visits.
   */
  partial: number;
  /** False when a count passed 2^53 and is rounded. */
  exact: boolean;
}

/** Most DP cells (last rate × running RF) a count may use (2 arrays of doubles, 32 MiB). */
export const MAX_COUNT_CELLS = 2_000_000;

/** C(n + j − 1, j): multisets of size j from n values. */
function multisets(n: number, j: number): number {
  let c = 1;
  for (let i = 1; i <= j; i++) c = (c * (n + i - 1)) / i;
  return Math.round(c);
}

/** True when the prefix's tap set (k taps at each prefix rate) is an interval [0, R). */
function prefixIsInterval(k: number, prefix: readonly number[]): boolean {
  const span = 1 + (k - 1) * prefix.reduce((s, d) => s + d, 0);
  let set = new Uint8Array(span);
  set[0] = 1;
  let top = 1;
  for (const d of prefix) {
    const next = new Uint8Array(span);
    for (let o = 0; o < top; o++) if (set[o]) for (let t = 0; t < k; t++) next[o + t * d] = 1;
    top += (k - 1) * d;
    set = next;
  }
  return set.every((v) => v === 1);
}

/**
 * The exact number of feasible schedules and of gridding-free partial schedules (see the
 * module comment), or null when it cannot be counted this way: a prefix whose tap set has
 * holes (coverage is then not an interval), or more than MAX_COUNT_CELLS DP cells.
 */
export function countFeasibleStacks(s: CountSpace): FeasibleCount | null {
  const { k, minLayers: Lmin, maxLayers: Lmax, minRate, maxRate, rfMin, rfMax } = s;
  const n = maxRate - minRate + 1;
  const prefixSum = s.prefix.reduce((a, d) => a + d, 0);
  const R0 = 1 + (k - 1) * prefixSum;
  if (k === 1) {
    // One tap per layer: the tap set is {0} at every rate, RF = 1.
    let feasible = 0;
    let partial = 0;
    for (let L = 1; L <= Lmax; L++) {
      const c = multisets(n, L);
      if (L >= Lmin && rfMin <= 1 && 1 <= rfMax) feasible += c;
      partial += c;
    }
    if (Lmin === 0 && rfMin <= 1) feasible += 1;
    return { feasible, partial, exact: feasible <= Number.MAX_SAFE_INTEGER };
  }
  if (!prefixIsInterval(k, s.prefix)) return null;
  // States with R ≥ T are absorbed when RF has no upper bound; otherwise R runs up to rfMax.
  const unbounded = !Number.isFinite(rfMax);
  const T = unbounded ? Math.max(maxRate, rfMin, R0) : Math.floor(rfMax) + 1;
  const W = Math.max(0, T - R0);
  if (n * W > MAX_COUNT_CELLS) return null;
  let cur = new Float64Array(n * W);
  let next = new Float64Array(n * W);
  let absorbed = new Float64Array(n);
  let absorbedNext = new Float64Array(n);
  let feasible = 0;
  let partial = 0;
  if (R0 < T) cur[0 * W + 0] = 1;
  else if (unbounded) absorbed[0] = 1;
  if (Lmin === 0 && R0 >= rfMin && R0 <= rfMax) feasible += 1;
  const step = k - 1;
  for (let depth = 1; depth <= Lmax; depth++) {
    next.fill(0);
    absorbedNext.fill(0);
    for (let c = 0; c < W; c++) {
      const R = R0 + c;
      let run = 0;
      for (let d = 0; d < n; d++) {
        run += cur[d * W + c];
        const rate = minRate + d;
        if (rate > R) break;
        if (run === 0) continue;
        const R2 = R + step * rate;
        if (R2 < T) next[d * W + (R2 - R0)] += run;
        else if (unbounded) absorbedNext[d] += run;
      }
    }
    // Absorbed states: coverage and RF no longer constrain the next rate (d ≥ last).
    let run = 0;
    for (let d = 0; d < n; d++) {
      run += absorbed[d];
      absorbedNext[d] += run;
    }
    let level = 0;
    let good = 0;
    for (let c = 0; c < W; c++) {
      const R = R0 + c;
      let col = 0;
      for (let d = 0; d < n; d++) col += next[d * W + c];
      level += col;
      if (R >= rfMin && R <= rfMax) good += col;
    }
    for (let d = 0; d < n; d++) level += absorbedNext[d];
    for (let d = 0; d < n; d++) good += absorbedNext[d];
    partial += level;
    if (depth >= Lmin) feasible += good;
    [cur, next] = [next, cur];
    [absorbed, absorbedNext] = [absorbedNext, absorbed];
  }
  return {
    feasible,
    partial,
    exact: partial <= Number.MAX_SAFE_INTEGER && feasible <= Number.MAX_SAFE_INTEGER,
  };
}
