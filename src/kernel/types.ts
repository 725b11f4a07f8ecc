/**
 * A convolution kernel: its weights in row-major order and its shape.
 * 1-D kernels have shape [k]; 2-D kernels have shape [rows, cols].
 * Tap n of a 1-D kernel sits at offset n (times the dilation); tap (i, j) of a 2-D
 * kernel at row offset i·dy and column offset j·dx (causal form).
 */
export interface Kernel {
  /** [k] for 1-D, [rows, cols] for 2-D. */
  readonly shape: readonly number[];
  /** Weights, row-major, length = product of shape. */
  readonly weights: Float64Array;
  /** Canonical text form, e.g. `box:3`, `gaussian:7:1.5`, `weights:0.25,0.5,0.25`. */
  readonly spec: string;
}

/** Number of axes of a kernel: 1 or 2. */
export function kernelDims(kernel: Kernel): 1 | 2 {
  return kernel.shape.length === 2 ? 2 : 1;
}

/** Number of weights (parameters) of a kernel. */
export function kernelSize(kernel: Kernel): number {
  return kernel.weights.length;
}
