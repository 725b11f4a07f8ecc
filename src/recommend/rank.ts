import type { StackRankKey } from './types.ts';

/**
 * The ranking keys of a stack schedule, compared lexicographically in this order:
 *  1. sharedNulls          — count of frequencies where every layer is null (fewer is better)
 *  2. maxNullMultiplicity  — deepest composite null (lower is better)
 *  3. deafCount            — grid points below the deaf threshold, summed over cuts (fewer is better)
 *  4. minGainDb            — smallest grid gain (higher is better); only when the kernel has no exact null
 *  5. flatness             — spectral flatness of |H|² on the grid (higher is better)
 *  6. rfPerParameter       — receptive field (area in 2-D) per weight (higher is better)
 *  7. distinctRates        — fewer distinct rates is simpler
 *  8. maxRate              — a smaller largest rate is simpler
 *  9. rates                — the sorted rate multiset, lexicographically (a deterministic tie-break)
 * `rfDistance` (distance of the receptive field to the goal) precedes all of them only when
 * looking for the closest candidates of an infeasible search; it is 0 otherwise.
 */
export interface StackKeys {
  rfDistance: number;
  sharedNulls: number;
  maxNullMultiplicity: number;
  deafCount: number;
  minGainDb: number;
  flatness: number;
  rfPerParameter: number;
  distinctRates: number;
  maxRate: number;
  /** The whole multiset (prefix and chosen rates) ascending. */
  sorted: number[];
}

/** Floats closer than 1e-9 relative (or 1e-9 absolute near zero) are a tie. */
export function nearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Lexicographic order of two ascending rate lists (shorter first when one is a prefix of the other). */
export function compareRates(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Result of a comparison: sign < 0 when `a` ranks above `b`, and the key that decided. */
export interface Comparison<K extends string> {
  sign: number;
  key: K | null;
}

/**
 * Compares two schedules' keys. Returns sign < 0 when a ranks above b, > 0 below, 0 for the
 * same multiset; `key` names the measure that decided (null when equal).
 */
export function compareStackKeys(
  a: StackKeys,
  b: StackKeys,
  useMinGain: boolean,
): Comparison<StackRankKey | 'rfDistance'> {
  const e = compareEarly(a, b, useMinGain);
  return e.key !== null ? e : compareLate(a, b);
}

/** The cheap keys (rfDistance, nulls, deaf count, minimum gain): key null when they all tie. */
export function compareEarly(
  a: StackKeys,
  b: StackKeys,
  useMinGain: boolean,
): Comparison<StackRankKey | 'rfDistance'> {
  if (!nearlyEqual(a.rfDistance, b.rfDistance))
    return { sign: a.rfDistance - b.rfDistance, key: 'rfDistance' };
  if (a.sharedNulls !== b.sharedNulls)
    return { sign: a.sharedNulls - b.sharedNulls, key: 'sharedNulls' };
  if (a.maxNullMultiplicity !== b.maxNullMultiplicity)
    return { sign: a.maxNullMultiplicity - b.maxNullMultiplicity, key: 'maxNullMultiplicity' };
  if (a.deafCount !== b.deafCount) return { sign: a.deafCount - b.deafCount, key: 'deafFraction' };
  if (useMinGain && !nearlyEqual(a.minGainDb, b.minGainDb))
    return { sign: b.minGainDb - a.minGainDb, key: 'minGainDb' };
  return { sign: 0, key: null };
}

/** The keys after the cheap ones (flatness onwards). */
export function compareLate(a: StackKeys, b: StackKeys): Comparison<StackRankKey> {
  if (!nearlyEqual(a.flatness, b.flatness))
    return { sign: b.flatness - a.flatness, key: 'flatness' };
  if (!nearlyEqual(a.rfPerParameter, b.rfPerParameter))
    return { sign: b.rfPerParameter - a.rfPerParameter, key: 'rfPerParameter' };
  if (a.distinctRates !== b.distinctRates)
    return { sign: a.distinctRates - b.distinctRates, key: 'distinctRates' };
  if (a.maxRate !== b.maxRate) return { sign: a.maxRate - b.maxRate, key: 'maxRate' };
  const c = compareRates(a.sorted, b.sorted);
  return { sign: c, key: c === 0 ? null : 'rates' };
}

/** The comparison order of the stack keys, as reported in results. */
export function stackRanking(useMinGain: boolean): StackRankKey[] {
  return [
    'sharedNulls',
    'maxNullMultiplicity',
    'deafFraction',
    ...(useMinGain ? (['minGainDb'] as const) : []),
    'flatness',
    'rfPerParameter',
    'distinctRates',
    'maxRate',
    'rates',
  ];
}
