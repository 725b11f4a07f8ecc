import type { Kernel } from './types.ts';

/**
 * Inserts d−1 zeros between taps: the dense kernel of length (k−1)d + 1 (1-D) or
 * ((r−1)dy + 1) × ((c−1)dx + 1) (2-D). Tap n lands at offset n·d (causal form).
 * Used by naive reference computations; the fast paths never materialise it.
 */
export function dilateKernel(kernel: Kernel, dilation: readonly number[]): Kernel {
  if (kernel.shape.length === 1) {
    const k = kernel.shape[0];
    const d = dilation[0];
    const out = new Float64Array((k - 1) * d + 1);
    for (let n = 0; n < k; n++) out[n * d] = kernel.weights[n];
    return { shape: [out.length], weights: out, spec: `${kernel.spec}@${d}` };
  }
  const [r, c] = kernel.shape;
  const [dy, dx] = dilation;
  const R = (r - 1) * dy + 1;
  const C = (c - 1) * dx + 1;
  const out = new Float64Array(R * C);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) out[i * dy * C + j * dx] = kernel.weights[i * c + j];
  return { shape: [R, C], weights: out, spec: `${kernel.spec}@${dy}x${dx}` };
}

/** Effective size K = (k−1)·d + 1 along one axis. */
export function effectiveSize(k: number, d: number): number {
  return (k - 1) * d + 1;
}
