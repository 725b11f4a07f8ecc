import { borderValidity } from '../analysis/border.ts';
import type { PreparedKernel } from './prepareKernel.ts';
import type { StackKeys } from './rank.ts';
import type { CutTables } from './tables.ts';
import type { ScheduleCoverage, StackScore } from './types.ts';

/** Everything the scorers share for one request. */
export interface StackContext {
  pk: PreparedKernel;
  tables: CutTables[];
  /** Grid points G on [0, π]. */
  G: number;
  /** thresholdDb / 10: the deaf threshold on log10 power relative to the peak. */
  thresholdLog: number;
  /** Is minGainDb a ranking key (the kernel has no exact null)? */
  useMinGain: boolean;
  mapSize: number | null;
  /** Largest rate the tables cover. */
  tableRate: number;
}

/**
 * Exact tap-set coverage of one axis of a stack with k-tap layers at `rates`: the sumset of
 * {0, d, ..., (k−1)d} over the layers, on 0..RF−1 with RF = 1 + (k−1)Σd. A 2-D k×k stack
 * with equal rates has the product of two such sets, so it has holes exactly when this has.
 */
export function stackCoverage(k: number, rates: readonly number[]): ScheduleCoverage {
  const size = 1 + (k - 1) * rates.reduce((s, d) => s + d, 0);
  let set = new Uint8Array(size);
  set[0] = 1;
  let span = 1;
  for (const d of rates) {
    const next = new Uint8Array(size);
    for (let x = 0; x < span; x++) if (set[x]) for (let n = 0; n < k; n++) next[x + n * d] = 1;
    set = next;
    span += (k - 1) * d;
  }
  let covered = 0;
  for (let x = 0; x < size; x++) covered += set[x];
  return { size, covered, holes: size - covered, holeFraction: (size - covered) / size };
}

/** Grid and null measures of a stack from the per-rate tables (rates must be ≤ ctx.tableRate). */
export function spectralMeasures(ctx: StackContext, rates: readonly number[]) {
  const { G } = ctx;
  let deafCount = 0;
  let minGainDb = Number.POSITIVE_INFINITY;
  let flatness = 0;
  let maxNullMultiplicity = 0;
  let compositeNulls = 0;
  const shared: number[] = [];
  const s = new Float64Array(G);
  for (const t of ctx.tables) {
    s.fill(0);
    for (const d of rates) {
      const row = t.rowOffset?.get(d) ?? d * G;
      for (let j = 0; j < G; j++) s[j] += t.logPower[row + j];
    }
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    let sum = 0;
    for (let j = 0; j < G; j++) {
      if (s[j] > max) max = s[j];
      if (s[j] < min) min = s[j];
      sum += s[j];
    }
    let lin = 0;
    for (let j = 0; j < G; j++) {
      if (s[j] - max < ctx.thresholdLog) deafCount++;
      lin += 10 ** (s[j] - max);
    }
    flatness += 10 ** (sum / G - max) / (lin / G);
    minGainDb = Math.min(minGainDb, 10 * (min - max));
    // Exact nulls: multiplicity and number of layers null at each frequency index.
    const mult = new Map<number, number>();
    const layersNull = new Map<number, number>();
    for (const d of rates) {
      const idx = t.nullIndex[d];
      const m = t.nullMult[d];
      for (let i = 0; i < idx.length; i++) {
        mult.set(idx[i], (mult.get(idx[i]) ?? 0) + m[i]);
        layersNull.set(idx[i], (layersNull.get(idx[i]) ?? 0) + 1);
      }
    }
    compositeNulls += mult.size;
    for (const v of mult.values()) if (v > maxNullMultiplicity) maxNullMultiplicity = v;
    const here: number[] = [];
    for (const [u, c] of layersNull) if (c === rates.length) here.push(t.omega[u]);
    shared.push(...here.sort((a, b) => a - b));
  }
  return {
    deafCount,
    deafFraction: deafCount / (G * ctx.tables.length),
    minGainDb,
    flatness: flatness / ctx.tables.length,
    maxNullMultiplicity,
    compositeNulls,
    sharedNulls: shared,
  };
}

/** Largest rate with allTapsFraction > threshold on an S-map: (k−1)·d < S·(1 − t^(1/dims)). */
export function borderRateCap(k: number, dims: 1 | 2, S: number, threshold: number): number {
  if (k === 1) return Number.POSITIVE_INFINITY;
  let d = 0;
  while (((S - (k - 1) * (d + 1)) / S) ** dims > threshold && S - (k - 1) * (d + 1) > 0) d++;
  return d;
}

/**
 * Scores one stack schedule (prefix included) with every reported number and its ranking
 * keys. Same function for picks, references and closest candidates, so their numbers are
 * directly comparable.
 */
export function scoreStack(
  ctx: StackContext,
  rates: readonly number[],
  rfGoal: { min: number; max: number } | null = null,
): { score: StackScore; keys: StackKeys } {
  const { pk } = ctx;
  const k = pk.k;
  const L = rates.length;
  const coverage = stackCoverage(k, rates);
  const rf = coverage.size;
  const m = spectralMeasures(ctx, rates);
  const sorted = [...rates].sort((a, b) => a - b);
  const parameters = L * pk.parametersPerLayer;
  const rfPerParameter = (pk.dims === 2 ? rf * rf : rf) / parameters;
  const distinctRates = new Set(rates).size;
  const maxRate = sorted[sorted.length - 1];
  const score: StackScore = {
    rates: [...rates],
    layers: L,
    receptiveField: pk.dims === 2 ? [rf, rf] : rf,
    parameters,
    rfPerParameter,
    coverage,
    griddingFree: coverage.holes === 0,
    sharedNulls: m.sharedNulls,
    maxNullMultiplicity: m.maxNullMultiplicity,
    compositeNulls: m.compositeNulls,
    deafFraction: m.deafFraction,
    minGainDb: m.minGainDb,
    flatness: m.flatness,
    distinctRates,
    maxRate,
  };
  if (ctx.mapSize !== null) {
    let minAll = 1;
    let maxCentre = 0;
    let minMean = 1;
    for (const d of new Set(rates)) {
      const b = borderValidity(pk.kernel.shape, pk.dims === 2 ? [d, d] : [d], ctx.mapSize);
      minAll = Math.min(minAll, b.allTapsFraction);
      maxCentre = Math.max(maxCentre, b.centerOnlyFraction);
      minMean = Math.min(minMean, b.meanValidFraction);
    }
    score.border = {
      mapSize: ctx.mapSize,
      minAllTapsFraction: minAll,
      maxCenterOnlyFraction: maxCentre,
      minMeanValidFraction: minMean,
    };
  }
  const rfDistance = rfGoal ? Math.max(0, rfGoal.min - rf, rf - rfGoal.max) : 0;
  const keys: StackKeys = {
    rfDistance,
    sharedNulls: m.sharedNulls.length,
    maxNullMultiplicity: m.maxNullMultiplicity,
    deafCount: m.deafCount,
    minGainDb: m.minGainDb,
    flatness: m.flatness,
    rfPerParameter,
    distinctRates,
    maxRate,
    sorted,
  };
  return { score, keys };
}
