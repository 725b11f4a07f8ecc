import { FieldError } from '../util/validate.ts';
import { NARROW_STACK } from './options.ts';
import { compareEarly, compareLate, compareStackKeys, type StackKeys } from './rank.ts';
import type { StackContext } from './score.ts';
import { gridMeasures } from './tables.ts';
import type { SearchBudget, SearchReport } from './types.ts';

/** The space and the limits of one stack search (all validated by the caller). */
export interface StackSpace {
  ctx: StackContext;
  /** Layers to choose after the prefix: an inclusive range, 1 ≤ min ≤ max. */
  minLayers: number;
  maxLayers: number;
  minRate: number;
  maxRate: number;
  prefix: readonly number[];
  /** Receptive-field window [rfMin, rfMax] along one axis (rfMax may be Infinity). */
  rfMin: number;
  rfMax: number;
  top: number;
  pruning: boolean;
  /** Rank by distance to [rfMin, rfMax] first and do not reject on it (closest candidates). */
  closest: boolean;
  budget?: SearchBudget;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** A candidate kept in the top list: the chosen rates (ascending) and its keys. */
export interface StackCandidate {
  chosen: number[];
  keys: StackKeys;
}

/** What a search returns: the best candidates, best first, and its report. */
export interface StackSearchResult {
  best: StackCandidate[];
  report: SearchReport;
}

const CHECK_EVERY = 8192;

/**
 * Leaf counts of the multiset space, for counting pruned subtrees without visiting them.
 * sub[l][n]: leaves (complete schedules with minLayers..maxLayers rates) in the subtree of a
 * node at depth l whose own rate is the smallest of n values allowed below it;
 * rest[l][n] = Σ_{n'=1..n} sub[l][n'] (a run of siblings with n, n−1, ..., 1 values left).
 */
function spaceTables(minL: number, maxL: number, nMax: number) {
  // mc[j][n] = multisets of size j from n values = C(n + j − 1, j)
  const mc: Float64Array[] = [];
  for (let j = 0; j <= maxL; j++) {
    const row = new Float64Array(nMax + 1);
    for (let n = 0; n <= nMax; n++) {
      if (j === 0) row[n] = 1;
      else row[n] = (n > 0 ? row[n - 1] : 0) + (n > 0 ? mc[j - 1][n] : 0);
    }
    mc.push(row);
  }
  const sub: Float64Array[] = [new Float64Array(nMax + 1)];
  const rest: Float64Array[] = [new Float64Array(nMax + 1)];
  for (let l = 1; l <= maxL; l++) {
    const s = new Float64Array(nMax + 1);
    const r = new Float64Array(nMax + 1);
    for (let n = 1; n <= nMax; n++) {
      let v = l >= minL ? 1 : 0;
      for (let j = 1; j <= maxL - l; j++) if (l + j >= minL) v += mc[j][n];
      s[n] = v;
      r[n] = r[n - 1] + v;
    }
    sub.push(s);
    rest.push(r);
  }
  return { sub, rest };
}

/** Number of multisets of n values with minLayers..maxLayers elements: Σ_L C(n + L − 1, L). */
export function stackSpaceSize(minLayers: number, maxLayers: number, n: number): number {
  return spaceTables(minLayers, maxLayers, n).rest[1][n];
}

/** Index of the lowest zero bit of `bits` (offsets 0..), or `limit` when all below it are set. */
function firstZero(bits: Uint32Array, limit: number): number {
  const words = Math.min(bits.length, (limit + 31) >>> 5);
  for (let i = 0; i < words; i++) {
    const inv = ~bits[i];
    if (inv !== 0) {
      const low = inv & -inv;
      const pos = (i << 5) + (31 - Math.clz32(low));
      return Math.min(pos, limit);
    }
  }
  return limit;
}

/**
 * child = parent | parent<<d | ... | parent<<(k−1)d over the first `words` words; parent words
 * from `parentWords` on are read as zero (they may hold stale bits of another branch).
 */
function shiftOr(
  parent: Uint32Array,
  parentWords: number,
  child: Uint32Array,
  k: number,
  d: number,
  words: number,
) {
  for (let i = 0; i < words; i++) child[i] = i < parentWords ? parent[i] : 0;
  for (let n = 1; n < k; n++) {
    const s = n * d;
    const ws = s >>> 5;
    const bs = s & 31;
    for (let i = words - 1; i >= ws; i--) {
      const src = i - ws;
      const lo = src < parentWords ? parent[src] : 0;
      let v = bs === 0 ? lo : lo << bs;
      if (bs !== 0 && src >= 1 && src - 1 < parentWords) v |= parent[src - 1] >>> (32 - bs);
      child[i] |= v;
    }
  }
}

/**
 * Exhaustive search over multisets of rates (non-decreasing sequences d_1 ≤ ... ≤ d_L), by
 * depth-first enumeration with every per-prefix quantity updated incrementally:
 *
 * - coverage: the tap sumset as a bitset (Uint32Array words), or just its length while it is
 *   an interval [0, R). Exact pruning rule (proof in docs/recommend.md): all later rates are
 *   ≥ the next one d, and their taps are 0 or ≥ d, so an offset below d missing from the
 *   current sumset stays missing; hence the next rate must not exceed the first hole g of
 *   the current sumset. When the sumset is an interval [0, R) and d ≤ R it stays an interval,
 *   so without a prefix with holes the bitsets are never needed.
 * - receptive field RF = 1 + (k−1)Σd: subtrees that cannot reach the window are skipped.
 * - log-power rows: the composite row is the parent's plus the rate's table row.
 * - exact nulls: per-frequency multiplicity and layer counts, updated over the rate's nulls only.
 * - flatness (an exp per grid point) only for candidates that can enter the top list.
 *
 * Pruned subtrees are counted exactly with closed-form multiset counts, so
 * evaluated + pruned = space.
 */
export function searchStack(sp: StackSpace): StackSearchResult {
  const { ctx, minLayers: Lmin, maxLayers: Lmax, minRate: rMin, maxRate: rMax } = sp;
  const k = ctx.pk.k;
  const G = ctx.G;
  const A = ctx.tables.length;
  const rowLen = A * G;
  const thr = ctx.thresholdLog;
  const prefix = sp.prefix;
  const p = prefix.length;
  const prefixSorted = [...prefix].sort((a, b) => a - b);
  const prefixSum = prefix.reduce((s, d) => s + d, 0);
  const prefixMax = p > 0 ? prefixSorted[p - 1] : 0;
  const km1 = k - 1;
  const params = ctx.pk.parametersPerLayer;
  const dims = ctx.pk.dims;
  const rfLo = sp.closest ? 1 : sp.rfMin;
  const rfHi = sp.closest ? Number.POSITIVE_INFINITY : sp.rfMax;
  const prune = sp.pruning;

  // Flattened tables: table[d·rowLen + a·G + j].
  const table = new Float64Array((rMax + 1) * rowLen);
  for (let d = 1; d <= rMax; d++)
    for (let a = 0; a < A; a++)
      table.set(ctx.tables[a].logPower.subarray(d * G, d * G + G), d * rowLen + a * G);

  // Depth state, index = number of chosen rates.
  const rows = Array.from({ length: Lmax + 1 }, () => new Float64Array(rowLen));
  const sum = new Float64Array(Lmax + 1);
  const interval = new Uint8Array(Lmax + 1);
  const maxMult = new Int32Array(Lmax + 1);
  const shared = new Int32Array(Lmax + 1);
  const distinct = new Int32Array(Lmax + 1);
  const chosen = new Int32Array(Lmax);
  const rfCap = 1 + km1 * (prefixSum + Lmax * rMax);
  const W = (rfCap + 31) >>> 5;
  const bits = Array.from({ length: Lmax + 1 }, () => new Uint32Array(W));
  const cnt = ctx.tables.map((t) => new Int32Array(t.omega.length));
  const lay = ctx.tables.map((t) => new Int32Array(t.omega.length));
  const rateCount = new Int32Array(Math.max(rMax, prefixMax) + 1);

  // Root state: the prefix.
  bits[0][0] = 1;
  let rf0 = 1;
  for (const d of prefix) {
    const tmp = new Uint32Array(W);
    shiftOr(bits[0], W, tmp, k, d, W);
    bits[0].set(tmp);
    rf0 += km1 * d;
  }
  sum[0] = prefixSum;
  interval[0] = prune && firstZero(bits[0], rf0) === rf0 ? 1 : 0;
  let mm0 = 0;
  let sh0 = 0;
  for (const d of prefix) {
    for (let a = 0; a < A; a++) {
      const t = ctx.tables[a];
      const idx = t.nullIndex[d];
      const m = t.nullMult[d];
      for (let i = 0; i < idx.length; i++) {
        cnt[a][idx[i]] += m[i];
        lay[a][idx[i]]++;
      }
    }
    const base = d * rowLen;
    for (let i = 0; i < rowLen; i++) rows[0][i] += table[base + i];
    if (rateCount[d]++ === 0) distinct[0]++;
  }
  for (let a = 0; a < A; a++)
    for (let u = 0; u < cnt[a].length; u++) {
      if (cnt[a][u] > mm0) mm0 = cnt[a][u];
      if (p > 0 && lay[a][u] === p) sh0++;
    }
  maxMult[0] = mm0;
  shared[0] = sh0;

  const { sub, rest } = spaceTables(Lmin, Lmax, rMax);
  const space = rest[1][rMax - rMin + 1];
  let evaluated = 0;
  let feasible = 0;
  let nodes = 0;
  let prunedCoverage = 0;
  let prunedRf = 0;
  let rejectedCoverage = 0;
  let rejectedRf = 0;
  const maxNodes = sp.budget?.maxCandidates ?? 20_000_000;
  const now = sp.budget?.now;
  const maxMs = sp.budget?.maxMs;
  const started = now ? now() : 0;

  const best: StackCandidate[] = [];
  const scratch: StackKeys = {
    rfDistance: 0,
    sharedNulls: 0,
    maxNullMultiplicity: 0,
    deafCount: 0,
    minGainDb: 0,
    flatness: 0,
    rfPerParameter: 0,
    distinctRates: 0,
    maxRate: 0,
    sorted: [],
  };

  const checkpoint = () => {
    sp.signal?.throwIfAborted();
    const done = evaluated + prunedCoverage + prunedRf;
    sp.onProgress?.(done, space);
    if (nodes > maxNodes) {
      throw new FieldError(
        'budget.maxCandidates',
        `${maxNodes} search nodes were not enough for a space of ${space.toExponential(2)} schedules ` +
          `(${((100 * done) / space).toFixed(1)}% done)`,
        { whole: true, hint: NARROW_STACK },
      );
    }
    if (now && maxMs !== undefined && now() - started > maxMs) {
      throw new FieldError(
        'budget.maxMs',
        `the search did not finish within ${maxMs} ms (${((100 * done) / space).toFixed(1)}% of ` +
          `${space.toExponential(2)} schedules done)`,
        { whole: true, hint: NARROW_STACK },
      );
    }
  };

  const flatnessOf = (row: Float64Array): number => {
    let f = 0;
    for (let a = 0; a < A; a++) {
      const off = a * G;
      let max = Number.NEGATIVE_INFINITY;
      let s = 0;
      for (let j = 0; j < G; j++) {
        const v = row[off + j];
        if (v > max) max = v;
        s += v;
      }
      let lin = 0;
      for (let j = 0; j < G; j++) lin += 10 ** (row[off + j] - max);
      f += 10 ** (s / G - max) / (lin / G);
    }
    return f / A;
  };

  const sortedOf = (l: number): number[] => {
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < p || j < l) {
      if (j >= l || (i < p && prefixSorted[i] <= chosen[j])) out.push(prefixSorted[i++]);
      else out.push(chosen[j++]);
    }
    return out;
  };

  /** Scores the complete candidate at depth l (row = rows[l]) and offers it to the top list. */
  const measures = new Float64Array(2);
  const offer = (l: number, rf: number) => {
    const row = rows[l];
    gridMeasures(row, A, G, thr, measures);
    const deaf = measures[0];
    const minGain = measures[1];
    const total = p + l;
    const sk = scratch;
    sk.rfDistance = sp.closest ? Math.max(0, sp.rfMin - rf, rf - sp.rfMax) : 0;
    sk.sharedNulls = shared[l];
    sk.maxNullMultiplicity = maxMult[l];
    sk.deafCount = deaf;
    sk.minGainDb = minGain;
    sk.rfPerParameter = (dims === 2 ? rf * rf : rf) / (total * params);
    sk.distinctRates = distinct[l];
    sk.maxRate = l > 0 ? Math.max(prefixMax, chosen[l - 1]) : prefixMax;
    if (best.length >= sp.top) {
      const worst = best[best.length - 1].keys;
      // Cheap keys first; flatness and the rest only when they tie.
      sk.flatness = Number.NaN;
      sk.sorted = worst.sorted;
      const early = Math.sign(compareEarly(sk, worst, ctx.useMinGain).sign);
      if (early > 0) return;
      sk.flatness = flatnessOf(row);
      if (early === 0) {
        sk.sorted = sortedOf(l);
        if (compareLate(sk, worst).sign >= 0) return;
      }
    } else sk.flatness = flatnessOf(row);
    const keys: StackKeys = { ...sk, sorted: sortedOf(l) };
    const cand: StackCandidate = { chosen: Array.from(chosen.subarray(0, l)), keys };
    let pos = best.length;
    while (pos > 0 && compareStackKeys(keys, best[pos - 1].keys, ctx.useMinGain).sign < 0) pos--;
    best.splice(pos, 0, cand);
    if (best.length > sp.top) best.pop();
  };

  /** Applies rate d at depth l → l+1 for nulls and rates; returns nothing (state arrays). */
  const pushNulls = (l: number, d: number) => {
    const total = p + l + 1;
    let mm = maxMult[l];
    let sh = 0;
    for (let a = 0; a < A; a++) {
      const t = ctx.tables[a];
      const idx = t.nullIndex[d];
      const m = t.nullMult[d];
      const c = cnt[a];
      const y = lay[a];
      for (let i = 0; i < idx.length; i++) {
        const u = idx[i];
        c[u] += m[i];
        const v = c[u];
        if (v > mm) mm = v;
        if (++y[u] === total) sh++;
      }
    }
    maxMult[l + 1] = mm;
    shared[l + 1] = sh;
    distinct[l + 1] = distinct[l] + (rateCount[d]++ === 0 ? 1 : 0);
  };
  const popNulls = (d: number) => {
    for (let a = 0; a < A; a++) {
      const t = ctx.tables[a];
      const idx = t.nullIndex[d];
      const m = t.nullMult[d];
      const c = cnt[a];
      const y = lay[a];
      for (let i = 0; i < idx.length; i++) {
        c[idx[i]] -= m[i];
        y[idx[i]]--;
      }
    }
    rateCount[d]--;
  };

  const visit = (l: number) => {
    if (++nodes % CHECK_EVERY === 0) checkpoint();
    const rf = 1 + km1 * sum[l];
    if (l >= Lmin) {
      // A complete candidate (the root, l = 0, never is: Lmin ≥ 1).
      evaluated++;
      let ok = true;
      if (rf < rfLo || rf > rfHi) {
        rejectedRf++;
        ok = false;
      } else if (!interval[l] && k > 1 && firstZero(bits[l], rf) < rf) {
        rejectedCoverage++;
        ok = false;
      }
      if (ok) {
        feasible++;
        offer(l, rf);
      }
    }
    if (l === Lmax) return;
    const lo = l === 0 ? rMin : chosen[l - 1];
    let hi = rMax;
    if (prune && k > 1) {
      const g = interval[l] ? rf : firstZero(bits[l], rf);
      if (g < hi) {
        // Rates g+1..rMax would leave offset g uncovered for ever.
        if (g + 1 > lo) prunedCoverage += rest[l + 1][rMax - g];
        else prunedCoverage += rest[l + 1][rMax - lo + 1];
        hi = Math.max(g, lo - 1);
      }
    }
    const below = Lmax - l - 1;
    const needBelow = Math.max(0, Lmin - l - 1);
    const rowIn = rows[l];
    const rowOut = rows[l + 1];
    for (let d = lo; d <= hi; d++) {
      const rfChild = rf + km1 * d;
      if (prune) {
        if (rfChild + km1 * needBelow * d > rfHi) {
          prunedRf += rest[l + 1][rMax - d + 1] - rest[l + 1][rMax - hi];
          break;
        }
        if (rfChild + km1 * below * rMax < rfLo) {
          prunedRf += sub[l + 1][rMax - d + 1];
          continue;
        }
      }
      chosen[l] = d;
      sum[l + 1] = sum[l] + d;
      // Coverage of the child.
      if (interval[l] && d <= rf) interval[l + 1] = 1;
      else {
        interval[l + 1] = 0;
        if (interval[l]) {
          // Materialise the interval [0, rf) as bits.
          const b = bits[l];
          b.fill(0);
          const full = rf >>> 5;
          for (let i = 0; i < full; i++) b[i] = 0xffffffff;
          if (rf & 31) b[full] = (1 << (rf & 31)) - 1;
        }
        shiftOr(bits[l], (rf + 31) >>> 5, bits[l + 1], k, d, (rfChild + 31) >>> 5);
      }
      // A leaf that fails a hard constraint needs no spectrum.
      if (l + 1 === Lmax) {
        const bad =
          rfChild < rfLo ||
          rfChild > rfHi ||
          (!interval[l + 1] && k > 1 && firstZero(bits[l + 1], rfChild) < rfChild);
        if (bad) {
          if (++nodes % CHECK_EVERY === 0) checkpoint();
          evaluated++;
          if (rfChild < rfLo || rfChild > rfHi) rejectedRf++;
          else rejectedCoverage++;
          continue;
        }
      }
      const base = d * rowLen;
      for (let i = 0; i < rowLen; i++) rowOut[i] = rowIn[i] + table[base + i];
      pushNulls(l, d);
      visit(l + 1);
      popNulls(d);
    }
  };

  visit(0);
  sp.onProgress?.(space, space);
  return {
    best,
    report: {
      strategy: 'exhaustive',
      exhaustive: true,
      method: prune
        ? 'exhaustive depth-first search over rate multisets with exact coverage and receptive-field pruning'
        : 'exhaustive depth-first search over rate multisets, every candidate scored (no pruning)',
      space,
      evaluated,
      pruned: { coverage: prunedCoverage, receptiveField: prunedRf },
      rejected: { coverage: rejectedCoverage, receptiveField: rejectedRf },
      feasible,
      nodes,
      grid: G,
    },
  };
}
