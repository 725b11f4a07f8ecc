import { borderValidity } from '../analysis/border.ts';
import { LIMITS } from '../network/limits.ts';
import { FieldError, FieldTypeError, finiteIn, integerIn, show } from '../util/validate.ts';
import { comparisonClause } from './comparison.ts';
import {
  MAX_NULL_ENTRIES,
  MAX_SEARCH_BYTES,
  opt,
  rateList,
  resolveCommon,
  SearchMemoryError,
} from './options.ts';
import { prepareKernel } from './prepareKernel.ts';
import { compareRates, nearlyEqual } from './rank.ts';
import { borderRateCap } from './score.ts';
import { type CutTables, cutTables, gridMeasures, tableBytes } from './tables.ts';
import type {
  BranchBorder,
  ParallelPick,
  ParallelRankKey,
  ParallelReference,
  ParallelScore,
  RankComparison,
  RecommendParallelOptions,
  RecommendParallelResult,
} from './types.ts';

/** The conventions of a parallel recommendation. */
export const RECOMMEND_PARALLEL_FORM =
  'branches aligned at their centres ("same" zero padding); one atrous k×k branch per rate, merged by concatenation (envelope max_b |H_b|); frequencies in rad/sample on [0, π]; grid measures on ω_j = π(j+½)/G; 2-D: on the cuts H(0, ωx) and H(ωy, 0)';

/** The ranking order of parallel sets. */
export const PARALLEL_RANKING: ParallelRankKey[] = [
  'sharedNulls',
  'scaleGap',
  'envelopeDeafFraction',
  'minMeanValidFraction',
  'envelopeMinGainDb',
  'rates',
];

interface ParallelKeys {
  sharedNulls: number;
  /** round(100·scaleGap): scale gaps within 0.005 tie, so the later measures can decide. */
  scaleGapQ: number;
  envelopeDeafCount: number;
  minMeanValidFraction: number;
  envelopeMinGainDb: number;
  rates: number[];
}

function compareParallel(
  a: ParallelKeys,
  b: ParallelKeys,
): { sign: number; key: ParallelRankKey | null } {
  if (a.sharedNulls !== b.sharedNulls)
    return { sign: a.sharedNulls - b.sharedNulls, key: 'sharedNulls' };
  if (a.scaleGapQ !== b.scaleGapQ) return { sign: a.scaleGapQ - b.scaleGapQ, key: 'scaleGap' };
  if (a.envelopeDeafCount !== b.envelopeDeafCount)
    return { sign: a.envelopeDeafCount - b.envelopeDeafCount, key: 'envelopeDeafFraction' };
  if (!nearlyEqual(a.minMeanValidFraction, b.minMeanValidFraction))
    return { sign: b.minMeanValidFraction - a.minMeanValidFraction, key: 'minMeanValidFraction' };
  if (!nearlyEqual(a.envelopeMinGainDb, b.envelopeMinGainDb))
    return { sign: b.envelopeMinGainDb - a.envelopeMinGainDb, key: 'envelopeMinGainDb' };
  const c = compareRates(a.rates, b.rates);
  return { sign: c, key: c === 0 ? null : 'rates' };
}

/**
 * Scale gap of a rate set on an S-map: with the points 0 = ln 1 (the 1×1 branch),
 * ln min(K_b, S) for K_b = (k−1)·r_b + 1, and ln S, sorted, the root-mean-square of the B + 1
 * consecutive differences divided by ln S. It is smallest, 1/(B+1), for a log-even spread of
 * scales from 1 to the map size, and grows with clustered scales or a scale range that stops
 * short of the map.
 */
export function scaleGap(k: number, rates: readonly number[], S: number): number {
  const lnS = Math.log(S);
  if (!(lnS > 0)) return 1;
  const pts = [0, ...rates.map((r) => Math.log(Math.min((k - 1) * r + 1, S))), lnS].sort(
    (a, b) => a - b,
  );
  let sq = 0;
  for (let i = 1; i < pts.length; i++) sq += (pts[i] - pts[i - 1]) ** 2;
  return Math.sqrt(sq / (pts.length - 1)) / lnS;
}

interface ParallelContext {
  k: number;
  shape: readonly number[];
  dims: 1 | 2;
  tables: CutTables[];
  G: number;
  thresholdLog: number;
}

/** Scores one rate set on an S-map (every number of `ParallelScore`). */
function scoreParallel(
  ctx: ParallelContext,
  rates: readonly number[],
  S: number,
  outputStride: number,
): { score: ParallelScore; keys: ParallelKeys } {
  const { G } = ctx;
  let deaf = 0;
  let minGain = Number.POSITIVE_INFINITY;
  const shared: number[] = [];
  for (const t of ctx.tables) {
    const env = new Float64Array(G).fill(Number.NEGATIVE_INFINITY);
    for (const r of rates)
      for (let j = 0; j < G; j++) env[j] = Math.max(env[j], t.logPower[r * G + j]);
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    for (let j = 0; j < G; j++) {
      if (env[j] > max) max = env[j];
      if (env[j] < min) min = env[j];
    }
    for (let j = 0; j < G; j++) if (env[j] - max < ctx.thresholdLog) deaf++;
    minGain = Math.min(minGain, 10 * (min - max));
    const count = new Map<number, number>();
    for (const r of new Set(rates))
      for (const u of t.nullIndex[r]) count.set(u, (count.get(u) ?? 0) + 1);
    const distinct = new Set(rates).size;
    const here: number[] = [];
    for (const [u, c] of count) if (c === distinct) here.push(t.omega[u]);
    shared.push(...here.sort((a, b) => a - b));
  }
  const branches: BranchBorder[] = rates.map((r) => {
    const b = borderValidity(ctx.shape, ctx.dims === 2 ? [r, r] : [r], S);
    return {
      rate: r,
      effectiveSize: (ctx.k - 1) * r + 1,
      allTapsFraction: b.allTapsFraction,
      centerOnlyFraction: b.centerOnlyFraction,
      meanValidFraction: b.meanValidFraction,
    };
  });
  const gap = scaleGap(ctx.k, rates, S);
  const Ks = branches.map((b) => b.effectiveSize);
  const minMean = Math.min(...branches.map((b) => b.meanValidFraction));
  const score: ParallelScore = {
    rates: [...rates],
    mapSize: S,
    outputStride,
    branches,
    sharedNulls: shared,
    scaleGap: gap,
    spreadOctaves: Math.log2(Math.max(...Ks) / Math.min(...Ks)),
    envelopeDeafFraction: deaf / (G * ctx.tables.length),
    envelopeMinGainDb: minGain,
    minMeanValidFraction: minMean,
    minAllTapsFraction: Math.min(...branches.map((b) => b.allTapsFraction)),
  };
  const keys: ParallelKeys = {
    sharedNulls: shared.length,
    scaleGapQ: Math.round(100 * gap),
    envelopeDeafCount: deaf,
    minMeanValidFraction: minMean,
    envelopeMinGainDb: minGain,
    rates: [...rates].sort((a, b) => a - b),
  };
  return { score, keys };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function keyValue(key: ParallelRankKey, s: ParallelScore): string {
  switch (key) {
    case 'sharedNulls':
      return String(s.sharedNulls.length);
    case 'scaleGap':
      return s.scaleGap.toFixed(2);
    case 'envelopeDeafFraction':
      return pct(s.envelopeDeafFraction);
    case 'minMeanValidFraction':
      return pct(s.minMeanValidFraction);
    case 'envelopeMinGainDb':
      return `${s.envelopeMinGainDb.toFixed(1)} dB`;
    case 'rates':
      return s.rates.join(',');
  }
}

const WORDS: Record<ParallelRankKey, string> = {
  sharedNulls: 'fewer shared nulls',
  scaleGap: 'a more even spread of scales',
  envelopeDeafFraction: 'a smaller deaf fraction of the envelope',
  minMeanValidFraction: 'better border validity',
  envelopeMinGainDb: 'a higher envelope minimum',
  rates: 'the rate order (tie)',
};

function describe(s: ParallelScore, thresholdDb: number): string {
  const shared =
    s.sharedNulls.length === 0
      ? 'no shared null'
      : `${s.sharedNulls.length} shared null${s.sharedNulls.length === 1 ? '' : 's'} (at ${s.sharedNulls
          .slice(0, 3)
          .map((w) => w.toFixed(4))
          .join(', ')} rad/sample: nothing passes there)`;
  return `${shared}; scales ${s.branches.map((b) => b.effectiveSize).join(', ')} on a ${s.mapSize}-map, scale gap ${s.scaleGap.toFixed(2)}; envelope below ${thresholdDb} dB on ${pct(s.envelopeDeafFraction)} of [0, π]; worst branch keeps ${pct(s.minMeanValidFraction)} of its taps inside on average, all taps at ${pct(s.minAllTapsFraction)} of positions`;
}

/**
 * Recommends rate sets for parallel atrous branches (ASPP): `branches` distinct rates in
 * [minRate, maxRate], each branch a k×k kernel on an S×S map (S = `mapSize`).
 *
 * Hard constraints: no shared null among the branches (no frequency in [0, π] where every
 * branch is exactly null: the envelope max_b |H_b| never vanishes), and the border limit
 * allTapsFraction(r) > minAllTapsFraction for every branch (DeepLabv3 §3.3; default: some
 * position uses all k² taps, i.e. (k−1)·r < S).
 *
 * Ranking: shared nulls, then the scale gap (see `scaleGap`; hundredths, so near-equal spreads
 * tie), the envelope's deaf fraction on the grid, the worst branch's mean fraction of taps
 * inside the map (higher is better), the envelope's minimum grid gain, then the rates.
 * References: DeepLab v3's (6, 12, 18) at output stride 16 and (12, 24, 36) at output stride 8,
 * each on the map the same image gives at that stride, S' = ⌈(S − 1)·OS/OS'⌉ + 1.
 * Exhaustive over all sets (C(n, B) of them); a budget overrun throws with advice.
 */
export function recommendParallel(options: RecommendParallelOptions): RecommendParallelResult {
  if (typeof options !== 'object' || options === null)
    throw new FieldTypeError('options', `must be an object, got ${show(options)}`);
  const common = resolveCommon(options);
  const pk = prepareKernel(options.kernel ?? 'box:3x3');
  common.signal?.throwIfAborted();
  const k = pk.k;
  if (k % 2 === 0 || k < 3)
    throw new FieldError(
      'kernel',
      `must have an odd size of at least 3 for centred atrous branches, got ${pk.kernel.spec}`,
    );
  const B = integerIn('branches', options.branches, 1, LIMITS.maxBranches);
  const S = integerIn('mapSize', options.mapSize, 2, LIMITS.maxMapSize);
  const OS =
    options.outputStride === undefined
      ? 16
      : integerIn('outputStride', options.outputStride, 1, LIMITS.maxStride);
  const minAll =
    options.minAllTapsFraction === undefined
      ? 0
      : finiteIn('minAllTapsFraction', options.minAllTapsFraction, 0, 0.999999);
  const cap = borderRateCap(k, pk.dims, S, minAll);
  const maxRate =
    options.maxRate === undefined
      ? cap
      : Math.min(cap, integerIn('maxRate', options.maxRate, 1, LIMITS.maxRate));
  const minRate =
    options.minRate === undefined ? 1 : integerIn('minRate', options.minRate, 1, LIMITS.maxRate);
  const n = maxRate - minRate + 1;
  if (n < B) {
    throw new FieldError(
      options.maxRate !== undefined && options.maxRate < cap ? 'maxRate' : 'mapSize',
      `leaves ${Math.max(0, n)} usable rate${n === 1 ? '' : 's'} (${minRate}..${maxRate}; the border limit allows rates up to ${cap} on a ${S}-map with ${k}-tap kernels), fewer than the ${B} branches asked for`,
      {
        hint: [
          'use a larger map (',
          opt('mapSize'),
          '), fewer ',
          opt('branches'),
          ' or a lower ',
          opt('minRate'),
        ],
      },
    );
  }
  const userRefs = (options.references ?? []).map((r, i) => rateList(`references[${i}]`, r, false));
  const refMap = (os: number) => Math.ceil(((S - 1) * OS) / os) + 1;
  const refs = [
    {
      name: 'DeepLab v3 (6, 12, 18) at output stride 16',
      rates: [6, 12, 18],
      S: refMap(16),
      os: 16,
    },
    {
      name: 'DeepLab v3 (12, 24, 36) at output stride 8',
      rates: [12, 24, 36],
      S: refMap(8),
      os: 8,
    },
    ...userRefs.map((r) => ({ name: `rates ${r.join(',')}`, rates: r, S, os: OS })),
  ];
  const tableRate = Math.max(maxRate, ...refs.flatMap((r) => r.rates));
  let entries = 0;
  for (const c of pk.cuts) entries += c.nulls.length * ((tableRate * (tableRate + 1)) / 2);
  if (entries > MAX_NULL_ENTRIES)
    throw new FieldError(
      'maxRate',
      `${tableRate} needs too many exact dilated nulls in the tables (${Math.round(entries)} > ${MAX_NULL_ENTRIES})`,
      { hint: ['lower it'] },
    );
  // Memory before allocating: the per-rate tables of every cut (typed arrays, outside the heap).
  const maxBytes = common.budget?.maxBytes ?? MAX_SEARCH_BYTES;
  const bytes = pk.cuts.length * tableBytes(tableRate, common.grid, entries / pk.cuts.length);
  if (bytes > maxBytes) {
    let g = common.grid;
    while (g > 16 && pk.cuts.length * tableBytes(tableRate, g, entries / pk.cuts.length) > maxBytes)
      g /= 2;
    throw new SearchMemoryError(
      tableRate > maxRate ? 'references' : 'maxRate',
      `${tableRate} on a ${common.grid}-point grid makes the tables need about ${Math.ceil(bytes / 2 ** 20)} MB, above the limit of ${Math.ceil(maxBytes / 2 ** 20)} MB`,
      { hint: ['lower the largest rate or the grid (', opt('grid'), ` ≤ ${g})`] },
    );
  }
  const ctx: ParallelContext = {
    k,
    shape: pk.kernel.shape,
    dims: pk.dims,
    tables: pk.cuts.map((c) => cutTables(c, tableRate, common.grid)),
    G: common.grid,
    thresholdLog: common.thresholdDb / 10,
  };

  // Exhaustive enumeration of B-subsets, envelope rows and null layer counts incremental.
  const A = ctx.tables.length;
  const G = ctx.G;
  const rowLen = A * G;
  const env = Array.from({ length: B + 1 }, () =>
    new Float64Array(rowLen).fill(Number.NEGATIVE_INFINITY),
  );
  const lay = ctx.tables.map((t) => new Int32Array(t.omega.length));
  const shared = new Int32Array(B + 1);
  const chosen = new Int32Array(B);
  const meanValid = new Float64Array(tableRate + 1);
  for (let r = minRate; r <= maxRate; r++)
    meanValid[r] = borderValidity(ctx.shape, pk.dims === 2 ? [r, r] : [r], S).meanValidFraction;
  const logK = new Float64Array(tableRate + 1);
  for (let r = 1; r <= tableRate; r++) logK[r] = Math.log(Math.min((k - 1) * r + 1, S));
  const lnS = Math.log(S);
  // C(n, B) as a float
  let space = 1;
  for (let i = 0; i < B; i++) space = (space * (n - i)) / (i + 1);
  space = Math.round(space);
  let evaluated = 0;
  let feasible = 0;
  let nodes = 0;
  const maxNodes = common.budget?.maxCandidates ?? 20_000_000;
  const now = common.budget?.now;
  const started = now ? now() : 0;
  const best: ParallelKeys[] = [];
  const top = common.top;
  const keep = top + 3; // a few more, for the closest candidates when none is feasible

  const checkpoint = () => {
    common.signal?.throwIfAborted();
    common.onProgress?.(evaluated, space);
    const hint = [
      'narrow it: fewer branches (',
      opt('branches'),
      '), a smaller ',
      opt('maxRate'),
      ' or a larger ',
      opt('minRate'),
    ];
    if (nodes > maxNodes)
      throw new FieldError(
        'budget.maxCandidates',
        `${maxNodes} search nodes were not enough for ${space} rate sets (${((100 * evaluated) / space).toFixed(1)}% done)`,
        { whole: true, hint },
      );
    if (now && common.budget?.maxMs !== undefined && now() - started > common.budget.maxMs)
      throw new FieldError(
        'budget.maxMs',
        `the search did not finish within ${common.budget.maxMs} ms (${((100 * evaluated) / space).toFixed(1)}% of ${space} rate sets done)`,
        { whole: true, hint },
      );
  };

  const measures = new Float64Array(2);
  const leaf = () => {
    evaluated++;
    gridMeasures(env[B], A, G, ctx.thresholdLog, measures);
    const deaf = measures[0];
    const minGain = measures[1];
    let sq = logK[chosen[0]] ** 2;
    let mv = meanValid[chosen[0]];
    for (let i = 1; i < B; i++) {
      sq += (logK[chosen[i]] - logK[chosen[i - 1]]) ** 2;
      mv = Math.min(mv, meanValid[chosen[i]]);
    }
    sq += (lnS - logK[chosen[B - 1]]) ** 2;
    const gap = Math.sqrt(sq / (B + 1)) / lnS;
    if (shared[B] === 0) feasible++;
    const keys: ParallelKeys = {
      sharedNulls: shared[B],
      scaleGapQ: Math.round(100 * gap),
      envelopeDeafCount: deaf,
      minMeanValidFraction: mv,
      envelopeMinGainDb: minGain,
      rates: [],
    };
    if (best.length >= keep) {
      keys.rates = Array.from(chosen);
      if (compareParallel(keys, best[best.length - 1]).sign >= 0) return;
    }
    keys.rates = Array.from(chosen);
    let pos = best.length;
    while (pos > 0 && compareParallel(keys, best[pos - 1]).sign < 0) pos--;
    best.splice(pos, 0, keys);
    if (best.length > keep) best.pop();
  };

  const visit = (l: number, from: number) => {
    if (++nodes % 8192 === 0) checkpoint();
    if (l === B) {
      leaf();
      return;
    }
    for (let r = from; r <= maxRate - (B - l - 1); r++) {
      chosen[l] = r;
      const src = env[l];
      const dst = env[l + 1];
      const base = r * G;
      for (let a = 0; a < A; a++) {
        const row = ctx.tables[a].logPower;
        const off = a * G;
        for (let j = 0; j < G; j++) {
          dst[off + j] = Math.max(row[base + j], src[off + j]);
        }
      }
      let sh = 0;
      for (let a = 0; a < A; a++) {
        const idx = ctx.tables[a].nullIndex[r];
        const y = lay[a];
        for (let i = 0; i < idx.length; i++) if (++y[idx[i]] === l + 1) sh++;
      }
      shared[l + 1] = sh;
      visit(l + 1, r + 1);
      for (let a = 0; a < A; a++) {
        const idx = ctx.tables[a].nullIndex[r];
        const y = lay[a];
        for (let i = 0; i < idx.length; i++) y[idx[i]]--;
      }
    }
  };
  visit(0, minRate);
  common.onProgress?.(space, space);

  const scored = best
    .map((kk) => scoreParallel(ctx, kk.rates, S, OS))
    .sort((a, b) => compareParallel(a.keys, b.keys).sign);
  const ok = scored.filter((s) => s.keys.sharedNulls === 0).slice(0, top);
  const picks: ParallelPick[] = ok.map((s, i) => {
    const next = ok[i + 1];
    const c = next ? compareParallel(s.keys, next.keys) : null;
    const decidedBy = c?.key ?? null;
    const comparison: RankComparison<ParallelRankKey> | null =
      next && decidedBy
        ? {
            side: 'above',
            rank: i + 2,
            key: decidedBy,
            values: [keyValue(decidedBy, s.score), keyValue(decidedBy, next.score)],
          }
        : null;
    return {
      ...s.score,
      rank: i + 1,
      decidedBy,
      comparison,
      reason: `${describe(s.score, common.thresholdDb)}${comparisonClause(comparison, WORDS)}`,
    };
  });
  const references: ParallelReference[] = refs.map((r) => {
    const s = scoreParallel(ctx, r.rates, r.S, r.os);
    const violations: string[] = [];
    if (s.score.sharedNulls.length > 0)
      violations.push(`${s.score.sharedNulls.length} shared null(s)`);
    const rCap = borderRateCap(k, pk.dims, r.S, minAll);
    const bad = r.rates.filter((x) => x > rCap);
    if (bad.length)
      violations.push(
        `rate ${Math.max(...bad)} fails the border limit on its ${r.S}-map (largest usable rate ${rCap})`,
      );
    if (r.rates.length !== B) violations.push(`${r.rates.length} branches, not ${B}`);
    if (r.rates.some((x) => x < minRate)) violations.push(`a rate below minRate ${minRate}`);
    if (options.maxRate !== undefined && r.rates.some((x) => x > options.maxRate!))
      violations.push(`a rate above maxRate ${options.maxRate}`);
    const topPick = ok[0];
    const c = topPick ? compareParallel(s.keys, topPick.keys) : null;
    const versusTop = c?.key ?? null;
    const comparison: RankComparison<ParallelRankKey> | null =
      topPick && versusTop
        ? {
            side: c!.sign > 0 ? 'below' : 'above',
            rank: 1,
            key: versusTop,
            values: [keyValue(versusTop, s.score), keyValue(versusTop, topPick.score)],
          }
        : null;
    return {
      ...s.score,
      name: r.name,
      reference: true as const,
      violations,
      versusTop,
      comparison,
      reason: `${describe(s.score, common.thresholdDb)}${comparisonClause(comparison)}${violations.length ? `; fails: ${violations.join('; ')}` : ''}`,
    };
  });
  const result: RecommendParallelResult = {
    kind: 'parallel',
    kernel: pk.kernel.spec,
    dims: pk.dims,
    form: RECOMMEND_PARALLEL_FORM,
    constraints: {
      branches: B,
      mapSize: S,
      outputStride: OS,
      minRate,
      maxRate,
      borderRateCap: cap,
      minAllTapsFraction: minAll,
      thresholdDb: common.thresholdDb,
    },
    ranking: PARALLEL_RANKING,
    picks,
    references,
    search: {
      strategy: 'exhaustive',
      exhaustive: true,
      method: 'exhaustive depth-first search over all sets of distinct rates',
      space,
      evaluated,
      pruned: {},
      rejected: { sharedNulls: evaluated - feasible },
      feasible,
      nodes,
      grid: G,
    },
  };
  if (picks.length === 0) {
    result.reason = `every one of the ${space} sets of ${B} rates from ${minRate}..${maxRate} has a shared null (a frequency no branch passes); the closest have ${scored[0]?.keys.sharedNulls ?? 0}`;
    result.reasonParts = [result.reason];
    result.closest = scored.slice(0, 3).map((s) => s.score);
  }
  return result;
}
