import FFT from 'fft.js';

/**
 * A cached fft.js plan for one power-of-two size n ≥ 2, with reusable buffers:
 * `input` (n reals, or 2n interleaved complex values) and `output` (2n interleaved).
 * Building a plan costs about two transforms, so plans are kept per size.
 */
export interface Plan {
  readonly n: number;
  readonly fft: FFT;
  /** Reusable real input buffer, length n. */
  readonly realIn: Float64Array;
  /** Reusable interleaved complex input buffer, length 2n. */
  readonly complexIn: Float64Array;
  /** Reusable interleaved complex output buffer, length 2n. */
  readonly out: Float64Array;
}

const MAX_PLANS = 24;
const MAX_POINTS = 1 << 22;
const plans = new Map<number, Plan>();

/**
 * The cached plan for size n (a power of two ≥ 2; the caller validates). Least recently
 * used plans beyond 24 sizes or 2^22 points in all are dropped. Its buffers are shared: copy results out before
 * the next transform of the same size.
 */
export function getPlan(n: number): Plan {
  let plan = plans.get(n);
  if (plan) {
    // Refresh the LRU order.
    plans.delete(n);
    plans.set(n, plan);
    return plan;
  }
  plan = {
    n,
    fft: new FFT(n),
    realIn: new Float64Array(n),
    complexIn: new Float64Array(2 * n),
    out: new Float64Array(2 * n),
  };
  plans.set(n, plan);
  let total = 0;
  for (const k of plans.keys()) total += k;
  // Evict the least recently used plans beyond 24 sizes or 2^22 points in all.
  while (plans.size > 1 && (plans.size > MAX_PLANS || total > MAX_POINTS)) {
    const oldest = plans.keys().next().value as number;
    plans.delete(oldest);
    total -= oldest;
  }
  return plan;
}
