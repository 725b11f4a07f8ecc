import { checkWeights } from '../kernel/parse.ts';
import { LIMITS } from '../network/limits.ts';
import { FieldError, integerIn } from '../util/validate.ts';
import { float64Arrays } from './alloc.ts';
import { composeContext, evaluateNode, REMAP_MIN_TAPS, weightsKey } from './compose.ts';
import type { FreqzResult } from './freqz.ts';
import { booleanOption, frequencyGrid, fsOption, gridFrequencies } from './grid.ts';
import { polyOnGrid } from './polynomial.ts';

/** Options of `dilatedResponse`: freqz's grid options (integer worN only). */
export interface DilatedResponseOptions {
  /** Number of points, an integer from 0 to LIMITS.maxN. Default 512. */
  worN?: number;
  whole?: boolean;
  fs?: number;
  includeNyquist?: boolean;
}

/**
 * H_d(ω) = H(dω) = Σ_n w_n e^{−iωnd} of a 1-D kernel dilated by d (taps at offsets n·d,
 * causal form), on freqz's grid — the same as `freqz` of the zero-stuffed kernel of length
 * (k−1)d + 1, without building it. On the M-point grid H_d[j] = H[(d·j) mod M] exactly;
 * few taps are summed directly from the twiddle table, more taps remap one base spectrum.
 */
export function dilatedResponse(
  weights: ArrayLike<number>,
  dilation: number,
  options: DilatedResponseOptions = {},
): FreqzResult {
  checkWeights('weights', weights);
  const d = integerIn('dilation', dilation, 1, Number.MAX_SAFE_INTEGER);
  if ((weights.length - 1) * d > Number.MAX_SAFE_INTEGER) {
    throw new FieldError('dilation', `is too large for exact offsets, got ${d}`);
  }
  const o = options ?? {};
  const count = integerIn('worN', o.worN ?? 512, 0, LIMITS.maxN);
  const whole = booleanOption('whole', o.whole, false);
  const includeNyquist = booleanOption('includeNyquist', o.includeNyquist, false);
  const fs = fsOption(o.fs);
  const grid = frequencyGrid(count, whole, includeNyquist);
  const [w, re, im] = float64Arrays(count, 3);
  gridFrequencies(grid, fs, w);
  if (weights.length < REMAP_MIN_TAPS) {
    polyOnGrid(weights, d, grid.m, count, re, im);
    return { w, re, im };
  }
  const ctx = composeContext(grid);
  const kernel = Float64Array.from(weights);
  const r = evaluateNode(ctx, {
    type: 'layer',
    kernel: { shape: [kernel.length], weights: kernel, spec: weightsKey(kernel) },
    dilation: [d],
    stride: [1],
  });
  re.set(r.re);
  im.set(r.im);
  return { w, re, im };
}
