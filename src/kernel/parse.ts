import { LIMITS } from '../network/limits.ts';
import { FieldError, FieldTypeError, integerIn, parseNumberText, show } from '../util/validate.ts';
import { normals } from './random.ts';
import type { Kernel } from './types.ts';

/** The kernel preset families, for help texts and the web lab. */
export const KERNEL_PRESETS = [
  { form: 'box:K | box:RxC', meaning: 'moving average, all weights 1/size' },
  {
    form: 'binomial:K | binomial:RxC',
    meaning: 'binomial C(K-1, n)/2^(K-1); 2-D as outer product',
  },
  { form: 'gaussian:K:SIGMA | gaussian:RxC:SIGMA', meaning: 'sampled Gaussian, sum 1' },
  { form: 'random:K:SEED | random:RxC:SEED', meaning: 'He-normal N(0, 2/fan_in), seeded' },
  { form: 'weights:w0,w1,...', meaning: 'explicit 1-D weights' },
] as const;

function binomialRow(k: number): Float64Array {
  const row = new Float64Array(k);
  row[0] = 1;
  for (let i = 1; i < k; i++) for (let j = i; j > 0; j--) row[j] += row[j - 1];
  const s = 2 ** (k - 1);
  for (let i = 0; i < k; i++) row[i] /= s;
  return row;
}

/**
 * Smallest sigma of `gaussian:K:SIGMA`, in taps. At 0.05 the nearest off-centre tap of an
 * even kernel weighs exp(−0.5²/(2·0.05²)) = e^−50 of the peak; much narrower Gaussians
 * underflow (every weight exp(−x²/2σ²) = 0, normalised to NaN).
 */
export const MIN_GAUSSIAN_SIGMA = 0.05;

function gaussianRow(k: number, sigma: number): Float64Array {
  const row = new Float64Array(k);
  const c = (k - 1) / 2;
  let s = 0;
  for (let i = 0; i < k; i++) {
    row[i] = Math.exp(-((i - c) ** 2) / (2 * sigma * sigma));
    s += row[i];
  }
  for (let i = 0; i < k; i++) row[i] /= s;
  return row;
}

function outer(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length * b.length);
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) out[i * b.length + j] = a[i] * b[j];
  return out;
}

/** Parses `K` or `RxC` into a shape, validating sizes. */
function parseShape(field: string, text: string): number[] {
  const m = /^(\d+)(?:x(\d+))?$/.exec(text.trim());
  if (!m) throw new FieldError(field, `size must be K or RxC (e.g. 3 or 3x3), got ${show(text)}`);
  const dims = m[2] === undefined ? [Number(m[1])] : [Number(m[1]), Number(m[2])];
  dims.forEach((k) => {
    integerIn(`${field} size`, k, 1, LIMITS.maxKernelSize);
  });
  return dims;
}

/** Checks that weights are finite and not all zero. */
export function checkWeights(field: string, weights: ArrayLike<number>): void {
  if (weights.length === 0) throw new FieldError(field, 'must have at least one weight, got []');
  let nonzero = false;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      throw new FieldError(`${field}[${i}]`, `must be a finite number, got ${show(w)}`);
    }
    if (w !== 0) nonzero = true;
  }
  if (!nonzero)
    throw new FieldError(field, `must not be all zero, got ${show(Array.from(weights))}`);
}

/**
 * Parses a kernel preset string (`box:3`, `box:3x3`, `binomial:5`, `gaussian:7:1.5`,
 * `random:3:42`, `weights:0.2,0.5,0.3`) or explicit weights (a list for 1-D, a list of
 * equal-length rows for 2-D). `field` names the input in error messages.
 */
export function parseKernel(spec: unknown, field = 'kernel'): Kernel {
  if (Array.isArray(spec)) return kernelFromArray(spec, field);
  if (typeof spec !== 'string') {
    throw new FieldTypeError(
      field,
      `must be a preset string such as "box:3" or a list of weights, got ${show(spec)}`,
    );
  }
  const text = spec.trim();
  const [family, ...rest] = text.split(':');
  switch (family) {
    case 'box':
    case 'binomial': {
      if (rest.length !== 1)
        throw new FieldError(
          field,
          `must look like ${family}:K or ${family}:RxC, got ${show(spec)}`,
        );
      const shape = parseShape(field, rest[0]);
      const row = (k: number) =>
        family === 'box' ? new Float64Array(k).fill(1 / k) : binomialRow(k);
      const weights = shape.length === 1 ? row(shape[0]) : outer(row(shape[0]), row(shape[1]));
      return { shape, weights, spec: `${family}:${shape.join('x')}` };
    }
    case 'gaussian': {
      if (rest.length !== 2)
        throw new FieldError(field, `must look like gaussian:K:SIGMA, got ${show(spec)}`);
      const shape = parseShape(field, rest[0]);
      const sigma = parseNumberText(`${field} sigma`, rest[1]);
      if (!(sigma > 0))
        throw new FieldError(`${field} sigma`, `must be positive, got ${show(rest[1])}`);
      if (sigma < MIN_GAUSSIAN_SIGMA)
        throw new FieldError(
          `${field} sigma`,
          `must be at least ${MIN_GAUSSIAN_SIGMA} (a narrower Gaussian's weights underflow to 0), got ${show(rest[1])}`,
        );
      const weights =
        shape.length === 1
          ? gaussianRow(shape[0], sigma)
          : outer(gaussianRow(shape[0], sigma), gaussianRow(shape[1], sigma));
      return { shape, weights, spec: `gaussian:${shape.join('x')}:${sigma}` };
    }
    case 'random': {
      if (rest.length !== 2)
        throw new FieldError(field, `must look like random:K:SEED, got ${show(spec)}`);
      const shape = parseShape(field, rest[0]);
      if (!/^\d+$/.test(rest[1].trim())) {
        throw new FieldError(
          `${field} seed`,
          `must be a non-negative integer, got ${show(rest[1])}`,
        );
      }
      const seed = Number(rest[1]);
      const n = shape.reduce((a, b) => a * b, 1);
      const weights = normals(seed, n);
      const std = Math.sqrt(2 / n); // He-normal: fan_in = number of taps (one channel)
      for (let i = 0; i < n; i++) weights[i] *= std;
      return { shape, weights, spec: `random:${shape.join('x')}:${seed}` };
    }
    case 'weights': {
      const body = rest.join(':');
      if (body.trim() === '')
        throw new FieldError(field, `must list weights after "weights:", got ${show(spec)}`);
      const values = body.split(',').map((t, i) => {
        return parseNumberText(`${field}[${i}]`, t);
      });
      return kernelFromArray(values, field);
    }
    default:
      throw new FieldError(
        field,
        `must be box:K, binomial:K, gaussian:K:SIGMA, random:K:SEED, weights:w0,w1,... or a list of weights, got ${show(spec)}`,
      );
  }
}

function kernelFromArray(spec: unknown[], field: string): Kernel {
  if (spec.length === 0) throw new FieldError(field, 'must have at least one weight, got []');
  if (spec.every((r) => Array.isArray(r))) {
    const rows = spec as unknown[][];
    const cols = rows[0].length;
    rows.forEach((r, i) => {
      if (r.length !== cols) {
        throw new FieldError(
          `${field}[${i}]`,
          `must have ${cols} weights like row 0, got ${r.length}`,
        );
      }
    });
    integerIn(`${field} rows`, rows.length, 1, LIMITS.maxKernelSize);
    integerIn(`${field} columns`, cols, 1, LIMITS.maxKernelSize);
    const flat = rows.flat() as number[];
    checkWeights(field, flat);
    return {
      shape: [rows.length, cols],
      weights: Float64Array.from(flat),
      spec: JSON.stringify(rows),
    };
  }
  if (spec.some((r) => Array.isArray(r))) {
    throw new FieldTypeError(
      field,
      'must be a list of numbers (1-D) or a list of rows (2-D), not a mix',
    );
  }
  integerIn(`${field} length`, spec.length, 1, LIMITS.maxKernelSize);
  checkWeights(field, spec as number[]);
  const weights = Float64Array.from(spec as number[]);
  return { shape: [weights.length], weights, spec: `weights:${Array.from(weights).join(',')}` };
}
