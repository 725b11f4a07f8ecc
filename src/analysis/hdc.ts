import type { Layer, Network } from '../network/types.ts';
import { gcdAll } from '../util/validate.ts';
import type { HdcReport } from './types.ts';

/**
 * The "maximum distance between two nonzero values" of the HDC rule (Wang et al. 2018,
 * "Understanding Convolution for Semantic Segmentation", §3.2), exactly as the paper states
 * it: M_n = r_n and M_i = max[M_{i+1} − 2r_i, M_{i+1} − 2(M_{i+1} − r_i), r_i] for
 * i = n−1 .. 1. Returns [M_1, ..., M_n] (rates in samples/pixels).
 */
export function hdcDistances(rates: readonly number[]): number[] {
  const n = rates.length;
  const M = new Array<number>(n).fill(0);
  if (n === 0) return M;
  M[n - 1] = rates[n - 1];
  for (let i = n - 2; i >= 0; i--) {
    const next = M[i + 1];
    M[i] = Math.max(next - 2 * rates[i], next - 2 * (next - rates[i]), rates[i]);
  }
  return M;
}

/** The HDC rule as stated: M_2 ≤ K (satisfied when there are fewer than two layers). */
export function hdcSatisfied(rates: readonly number[], K: number): boolean {
  if (rates.length < 2) return true;
  return hdcDistances(rates)[1] <= K;
}

/**
 * The rates and kernel size K the HDC rule applies to, or null when the network is not a
 * plain stack of stride-1 layers of one kernel size (a single layer counts as a stack of
 * one). 2-D: every kernel K×K and every layer with d_y = d_x.
 */
export function hdcInput(network: Network): { rates: number[]; K: number } | null {
  const root = network.root;
  const nodes = root.type === 'stack' ? root.layers : [root];
  if (!nodes.every((n) => n.type === 'layer')) return null;
  const layers = nodes as readonly Layer[];
  const K = layers[0].kernel.shape[0];
  const rates: number[] = [];
  for (const l of layers) {
    if (l.kernel.shape.some((k) => k !== K)) return null;
    if (l.stride.some((s) => s !== 1)) return null;
    if (l.dilation.some((d) => d !== l.dilation[0])) return null;
    rates.push(l.dilation[0]);
  }
  return { rates, K };
}

/**
 * The HDC report of a network: M_1..M_n, K, whether M_2 ≤ K (`satisfied`, the rule as the
 * paper states it), whether the rates share no factor above 1 (`coprime`, the paper's other
 * condition), and whether the M_2 ≤ K verdict
 * agrees with the exact coverage (`griddingFree`, decided from the tap set). Null when the
 * rule does not apply (see `hdcInput`). The rule and exact coverage can disagree: rates
 * [2, 2, 2] (K = 3) satisfy M_2 ≤ K but leave every odd offset a hole; exact coverage decides.
 */
export function hdcReport(network: Network, griddingFree: boolean): HdcReport | null {
  const input = hdcInput(network);
  if (!input) return null;
  const satisfied = hdcSatisfied(input.rates, input.K);
  return {
    M: hdcDistances(input.rates),
    K: input.K,
    satisfied,
    coprime: gcdAll(input.rates) === 1,
    agreesWithCoverage: satisfied === griddingFree,
  };
}
