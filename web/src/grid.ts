/**
 * The page's 1-D frequency grid: the N chosen in the menu, raised when a layer is too fast
 * for it. The grid is ω_k = πk/N, k = 0…N (includeNyquist), a step of π/N; a layer of
 * effective rate D (d·Π earlier strides) repeats its response every 2π/D, so it gets
 * 2N/D points per period (at N = 1024 a rate-512 layer gets 4 and is drawn wrong).
 */
import { effectiveRates } from '../../src/analysis/aliasing.ts';
import { members, type Network } from '../../src/network/types.ts';
import { SERVER_LIMITS } from '../../src/server/limits.ts';

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
 * The largest power of two N ≤ AUTO_N_MAX whose answer stays within the server's
 * `maxResponseValues` for a network of `memberCount` layers: about N·(11 + 4·members) numbers
 * (w, |H|, dB, phase, the four phase panels, re, im, the envelope, and four arrays a member;
 * src/server/resources/response.ts counts them exactly and names the n that fits).
 */
export function largestAutoN(memberCount: number): number {
  let n = AUTO_N_MAX;
  while (n > 1 && n * (11 + 4 * memberCount) > SERVER_LIMITS.maxResponseValues) n /= 2;
  return n;
}

/**
 * N for the networks shown: the menu's `chosen`, raised to the smallest power of two that
 * gives the fastest layer of any network MIN_POINTS_PER_PERIOD points per period
 * (2N/D ≥ 16, i.e. N ≥ 8·D), capped at `largestAutoN` of the network with the most members.
 * A menu choice above that is kept (the server judges it). Networks that do not parse are
 * left out (their error shows at their field).
 */
export function responseGrid(chosen: number, networks: readonly Network[]): ResponseGrid {
  let rate = 1;
  let most = 0;
  for (const net of networks) {
    rate = Math.max(rate, fastestRate(net));
    most = Math.max(most, members(net).nodes.length);
  }
  if (!Number.isInteger(chosen) || chosen < 1)
    return { n: chosen, chosen, rate, perPeriod: Number.NaN, raised: false, capped: false };
  const want = (MIN_POINTS_PER_PERIOD * rate) / 2;
  let n = chosen;
  const cap = largestAutoN(most);
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
