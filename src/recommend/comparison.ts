import type { ParallelRankKey, RankComparison, StackRankKey } from './types.ts';

/** Short names of the stack ranking measures, for table headers and "decided by" columns. */
export const STACK_KEY_NAMES: Record<StackRankKey, string> = {
  sharedNulls: 'shared nulls',
  maxNullMultiplicity: 'deepest null',
  deafFraction: 'deaf fraction',
  minGainDb: 'minimum gain',
  flatness: 'flatness',
  rfPerParameter: 'RF per weight',
  distinctRates: 'distinct rates',
  maxRate: 'largest rate',
  rates: 'tie (rate order)',
};

/** Short names of the parallel (ASPP) ranking measures. */
export const PARALLEL_KEY_NAMES: Record<ParallelRankKey, string> = {
  sharedNulls: 'shared nulls',
  scaleGap: 'scale gap',
  envelopeDeafFraction: 'envelope deaf fraction',
  minMeanValidFraction: 'border validity',
  envelopeMinGainDb: 'envelope minimum',
  rates: 'tie (rate order)',
};

/**
 * The comparison clause of a reason: "; above #2 by a shallower deepest null (×1 vs ×2)"
 * for a pick against the next one (`phrase` words the measure), "; below #1 on sharedNulls
 * (1 vs 0)" for a reference against the top pick. Empty without a comparison.
 */
export function comparisonClause<K extends string>(
  c: RankComparison<K> | null,
  phrase?: Record<K, string>,
): string {
  if (c === null) return '';
  const how = phrase ? `by ${phrase[c.key]}` : `on ${c.key}`;
  return `; ${c.side} #${c.rank} ${how} (${c.values[0]} vs ${c.values[1]})`;
}
