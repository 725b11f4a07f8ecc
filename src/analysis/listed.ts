import type { PerList } from './types.ts';

/**
 * Most items `analyze` lists in each list of its `nulls` and `deafBands` (the lowest
 * frequencies first); `counts` (and `measure` for bands) still give each full list, and
 * `truncated` says a list was cut. box:64 at rate 478 has 15,057 nulls in [0, π] (1.5 MB of
 * JSON in each of byLayer and composite); box:3 at 2048 has 2048 nulls and 2048 deaf bands.
 */
export const MAX_LISTED_FREQUENCIES = 1024;

/** One number per list (`counts`, `measure`) from the lists' values. */
export function perList<T, S>(
  lists: { byLayer: T[][]; shared: S[]; composite: T[] },
  of: (l: (T | S)[]) => number,
): PerList {
  return {
    byLayer: lists.byLayer.map(of),
    shared: of(lists.shared),
    composite: of(lists.composite),
  };
}

/** The lists of a nulls or deaf-bands report. */
interface Lists<T, S> {
  byLayer: T[][];
  shared: S[];
  composite: T[];
  truncated: boolean;
}

/**
 * The report with each list cut to its first `max` items (a list no longer is kept as it is),
 * `truncated` set when one was cut; its other keys (counts, measure, thresholdDb) unchanged.
 */
export function listedReport<T, S, R extends Lists<T, S>>(r: R, max = MAX_LISTED_FREQUENCIES): R {
  const first = <U>(l: U[]) => (l.length > max ? l.slice(0, max) : l);
  const cut = (l: unknown[]) => l.length > max;
  return {
    ...r,
    byLayer: r.byLayer.map(first),
    shared: first(r.shared),
    composite: first(r.composite),
    truncated: r.truncated || r.byLayer.some(cut) || cut(r.shared) || cut(r.composite),
  };
}
