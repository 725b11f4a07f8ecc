/**
 * The info panel of a network (MATLAB Filter Analyzer's "filter information" for an FIR
 * filter): linear-phase type, minimum phase, gains at DC and at π, and the norms of the
 * composite kernel.
 */
import { kernelSymmetry } from '../response/phase.ts';
import type { DenseKernel } from './composite.ts';
import type { Zero } from './zeros.ts';

/** A zero with |z| within UNIT_CIRCLE_TOLERANCE of 1 lies on the unit circle. */
export const UNIT_CIRCLE_TOLERANCE = 1e-9;

/** The `info` key of `analyze`. */
export interface NetworkInfo {
  /** Taps of the composite kernel per axis (its receptive field). */
  length: number | [number, number];
  /**
   * Symmetry of the composite kernel about its middle (2-D: centro-symmetry
   * h[i, j] = ±h[R−1−i, C−1−j]): 'symmetric', 'antisymmetric' or 'none'.
   */
  symmetry: 'symmetric' | 'antisymmetric' | 'none';
  /**
   * Linear-phase FIR type (1-D): I symmetric odd length, II symmetric even, III
   * antisymmetric odd, IV antisymmetric even; null when not linear phase, or for 2-D.
   */
  linearPhaseType: 1 | 2 | 3 | 4 | null;
  /**
   * Minimum phase: every zero strictly inside the unit circle (|z| < 1 − 1e-9); zeros on
   * the circle make it false. null for 2-D or when the zeros were not computed.
   */
  minimumPhase: boolean | null;
  /** Counts of zeros inside, on and outside the unit circle (with multiplicity); null as above. */
  zeroCounts: { inside: number; on: number; outside: number } | null;
  /** H at DC: Σ h (2-D: H(0, 0)). */
  dcGain: number;
  /** H at π, real for a real kernel: Σ (−1)^n h_n (2-D: H(π, π) = Σ (−1)^{i+j} h[i, j]). */
  gainAtPi: number;
  /** L1 norm Σ|h| (the largest gain max|H| is at most this). */
  l1: number;
  /** L2 norm √Σ h² (√ of the mean of |H|² over the circle, Parseval). */
  l2: number;
}

/**
 * The info of a composite kernel h (causal form) and, for 1-D, its zeros
 * (`polynomialZeros`/`zerosReport(...).composite`).
 */
export function networkInfo(kernel: DenseKernel, zeros: readonly Zero[] | null): NetworkInfo {
  const { shape, weights: h } = kernel;
  const dims = shape.length;
  const C = dims === 2 ? shape[1] : 1;
  let dc = 0;
  let pi = 0;
  let l1 = 0;
  let l2 = 0;
  for (let t = 0; t < h.length; t++) {
    const v = h[t];
    dc += v;
    const parity = dims === 2 ? Math.floor(t / C) + (t % C) : t;
    pi += parity % 2 === 0 ? v : -v;
    l1 += Math.abs(v);
    l2 += v * v;
  }
  const symmetry = kernelSymmetry(h);
  const odd = h.length % 2 === 1;
  const linearPhaseType =
    dims !== 1 || symmetry === 'none'
      ? null
      : symmetry === 'symmetric'
        ? odd
          ? 1
          : 2
        : odd
          ? 3
          : 4;
  let zeroCounts: NetworkInfo['zeroCounts'] = null;
  let minimumPhase: boolean | null = null;
  if (dims === 1 && zeros !== null) {
    zeroCounts = { inside: 0, on: 0, outside: 0 };
    for (const z of zeros) {
      const r = Math.hypot(z.re, z.im);
      const where = Math.abs(r - 1) <= UNIT_CIRCLE_TOLERANCE ? 'on' : r < 1 ? 'inside' : 'outside';
      zeroCounts[where] += z.multiplicity;
    }
    minimumPhase = zeroCounts.on === 0 && zeroCounts.outside === 0;
  }
  return {
    length: dims === 1 ? shape[0] : [shape[0], shape[1]],
    symmetry,
    linearPhaseType,
    minimumPhase,
    zeroCounts,
    dcGain: dc,
    gainAtPi: pi,
    l1,
    l2: Math.sqrt(l2),
  };
}
