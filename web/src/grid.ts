/**
 * The page's 1-D frequency grid: the N chosen in the menu, raised when a layer is too fast
 * for it. The grid is ω_k = πk/N, k = 0…N (includeNyquist), a step of π/N; a layer of
 * effective rate D (d·Π earlier strides) repeats its response every 2π/D, so it gets
 * 2N/D points per period (at N = 1024 a rate-512 layer gets 4 and is drawn wrong).
 */
import { effectiveRates } from '../../src/analysis/aliasing.ts';
import { type ApiLimits, responseValues } from '../../src/limits/index.ts';
import { type Network, parseNetwork } from '../../src/network/index.ts';
import { axisCutSpec } from './transform.ts';

/** Points per period the fastest layer gets at least, when the limits allow. */
export const MIN_POINTS_PER_PERIOD = 16;
/** The largest N the page raises to by itself: the largest of its N menu. */
export const AUTO_N_MAX = 16384;

/** The largest effective rate d·Π s of any layer of the network, over both axes (1 for none). */
export function fastestRate(network: Network): number {
  let max = 1;
  for (const axis of effectiveRates(network)) for (const d of axis) max = Math.max(max, d);
  return max;
}

/** Points per period 2π/D on the grid of N points over [0, π]: 2N/D. */
export function pointsPerPeriod(n: number, rate: number): number {
  return (2 * n) / rate;
}

/** The grid the page asks for, and why. */
export interface ResponseGrid {
  /** N sent to the server. */
  n: number;
  /** N of the menu. */
  chosen: number;
  /** The fastest effective rate of the networks shown. */
  rate: number;
  /** 2N/rate: the fastest layer's points per period on this grid. */
  perPeriod: number;
  /** Whether N was raised above the menu's. */
  raised: boolean;
  /** Whether the limits stopped N below MIN_POINTS_PER_PERIOD points per period. */
  capped: boolean;
}

/**
 * The largest power of two N ≤ AUTO_N_MAX (and ≤ the server's `maxN`) at which the 1-D
 * response the page asks for every network (its own, or a 2-D network's x cut; with members
 * and panels) stays within the server's `maxResponseValues`, counted by the server's own
 * rule (src/limits `responseValues`). Without the server's limits, AUTO_N_MAX (the server
 * then judges).
 */
export function largestAutoN(networks: readonly Network[], limits?: ApiLimits): number {
  if (!limits) return AUTO_N_MAX;
  let n = 1;
  while (n * 2 <= Math.min(AUTO_N_MAX, limits.maxN)) n *= 2;
  const asked = networks.map((net) => (net.dims === 1 ? net : parseNetwork(axisCutSpec(net))));
  while (
    n > 1 &&
    asked.some((net) => responseValues(net, n, true, true) > limits.maxResponseValues)
  )
    n /= 2;
  return n;
}

/**
 * N for the networks shown: the menu's `chosen`, raised to the smallest power of two that
 * gives the fastest layer of any network MIN_POINTS_PER_PERIOD points per period
 * (2N/D ≥ 16, i.e. N ≥ 8·D), capped at `largestAutoN` (the server's limits, when known).
 * A menu choice above that is kept (the server judges it). Networks that do not parse are
 * left out (their error shows at their field).
 */
export function responseGrid(
  chosen: number,
  networks: readonly Network[],
  limits?: ApiLimits,
): ResponseGrid {
  let rate = 1;
  for (const net of networks) rate = Math.max(rate, fastestRate(net));
  if (!Number.isInteger(chosen) || chosen < 1)
    return { n: chosen, chosen, rate, perPeriod: Number.NaN, raised: false, capped: false };
  const want = (MIN_POINTS_PER_PERIOD * rate) / 2;
  let n = chosen;
  const cap = largestAutoN(networks, limits);
  while (n < want && n < cap) n *= 2;
  return {
    n,
    chosen,
    rate,
    perPeriod: pointsPerPeriod(n, rate),
    raised: n > chosen,
    capped: n < want,
  };
}

/** The page's line about a raised or capped grid ('' when the menu's N is enough). */
export function gridNote(g: ResponseGrid): string {
  const per = Number.isFinite(g.perPeriod) ? Math.floor(g.perPeriod) : 0;
  if (g.raised && !g.capped)
    return `N raised to ${g.n}: the fastest layer (rate ${g.rate}) gets ${per} points per period.`;
  if (g.capped)
    return `The fastest layer (rate ${g.rate}) gets only ${per} points per period at N = ${g.n}${g.raised ? ' (raised as far as the limits allow)' : ''}: its curve is drawn coarsely.`;
  return '';
}
