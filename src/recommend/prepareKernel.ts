import { kernelNulls } from '../analysis/nulls.ts';
import type { Null } from '../analysis/types.ts';
import { parseKernel } from '../kernel/parse.ts';
import type { Kernel } from '../kernel/types.ts';
import { LIMITS } from '../network/limits.ts';
import { FieldError, FieldTypeError, integerIn, show } from '../util/validate.ts';
import type { KernelInput } from './types.ts';

/** One 1-D cut of the kernel whose response the measures are taken on. */
export interface KernelCut {
  /** 'x' (H(0, ωx), column sums), 'y' (H(ωy, 0), row sums), 'x=y' (both the same) or '1-D'. */
  name: string;
  weights: Float64Array;
  /** Exact nulls of the cut in [0, π] with multiplicity (rad/sample). */
  nulls: Null[];
}

/** A kernel ready for the search: taps per axis, cuts, nulls. */
export interface PreparedKernel {
  kernel: Kernel;
  dims: 1 | 2;
  /** Taps per axis (k for 1-D, k for a k×k kernel). */
  k: number;
  /** Weights per layer: k or k². */
  parametersPerLayer: number;
  /** One cut (1-D, or a 2-D kernel whose two cuts are equal) or two (x then y). */
  cuts: KernelCut[];
  /** True when some cut has an exact null on [0, π]. */
  hasNulls: boolean;
}

/**
 * Parses the kernel option: a number K means `box:K`; otherwise `parseKernel`. A 2-D kernel
 * must be square (k×k): with equal rates on both axes its tap set is the product of two equal
 * 1-D tap sets, so coverage is decided per axis. The cuts are the 1-D kernels of the column
 * sums (H(0, ωx)) and row sums (H(ωy, 0)), exact for the axis responses.
 */
export function prepareKernel(input: KernelInput | undefined, field = 'kernel'): PreparedKernel {
  if (input === undefined)
    throw new FieldError(field, 'is required (a spec such as "box:3", or a size)');
  let kernel: Kernel;
  if (typeof input === 'number') {
    const k = integerIn(field, input, 1, LIMITS.maxKernelSize);
    kernel = parseKernel(`box:${k}`, field);
  } else if (typeof input === 'string' || Array.isArray(input)) {
    kernel = parseKernel(input, field);
  } else {
    throw new FieldTypeError(
      field,
      `must be a kernel spec, a size or a list of weights, got ${show(input)}`,
    );
  }
  const dims: 1 | 2 = kernel.shape.length === 2 ? 2 : 1;
  if (dims === 2 && kernel.shape[0] !== kernel.shape[1]) {
    throw new FieldError(
      field,
      `must be square (k×k) for a schedule search with equal rates on both axes, got ${kernel.shape.join('×')}`,
    );
  }
  const k = kernel.shape[0];
  const cuts: KernelCut[] = [];
  if (dims === 1) {
    cuts.push({ name: '1-D', weights: kernel.weights, nulls: kernelNulls(kernel.weights) });
  } else {
    const x = new Float64Array(k);
    const y = new Float64Array(k);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        x[j] += kernel.weights[i * k + j];
        y[i] += kernel.weights[i * k + j];
      }
    const same = x.every((v, i) => v === y[i]);
    cuts.push({ name: same ? 'x=y' : 'x', weights: x, nulls: kernelNulls(x) });
    if (!same) cuts.push({ name: 'y', weights: y, nulls: kernelNulls(y) });
  }
  return {
    kernel,
    dims,
    k,
    parametersPerLayer: dims === 1 ? k : k * k,
    cuts,
    hasNulls: cuts.some((c) => c.nulls.length > 0),
  };
}
