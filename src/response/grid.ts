import { FieldError, FieldTypeError, show } from '../util/validate.ts';
import { float64Arrays } from './alloc.ts';

/**
 * The frequency grid of an integer `worN` (scipy.signal.freqz's meaning): `count` points
 * ω_j = 2πj/M rad/sample, j = 0..count−1, where
 * - `whole` false (default): M = 2·count, the half circle [0, π) without π;
 * - `whole` false and `includeNyquist`: M = 2·(count−1), the points linspace(0, π, count)
 *   with π included (M = 1 when count = 1: the single point ω = 0);
 * - `whole` true: M = count, the full circle [0, 2π) (`includeNyquist` is ignored).
 * Every point is a bin of the M-point DFT, so a kernel's response on the grid is exact.
 */
export interface FrequencyGrid {
  /** Grid size M: ω_j = 2πj/M. */
  readonly m: number;
  /** Number of points. */
  readonly count: number;
}

/** Builds the grid of `count` points for the given `whole` / `includeNyquist` flags. */
export function frequencyGrid(
  count: number,
  whole: boolean,
  includeNyquist: boolean,
): FrequencyGrid {
  if (whole) return { m: Math.max(1, count), count };
  if (includeNyquist) return { m: count <= 1 ? 1 : 2 * (count - 1), count };
  return { m: Math.max(1, 2 * count), count };
}

/**
 * The grid's frequencies in the units of `fs`: w_j = j·(fs/M) (fs = 2π gives rad/sample,
 * fs in Hz gives Hz, fs = 1 gives cycles/sample), as scipy returns them; written into `out` when given.
 */
export function gridFrequencies(grid: FrequencyGrid, fs: number, out?: Float64Array): Float64Array {
  const w = out ?? float64Arrays(grid.count, 1)[0];
  const step = fs / grid.m;
  for (let j = 0; j < grid.count; j++) w[j] = j * step;
  return w;
}

/** Reads an optional boolean option; throws a FieldTypeError naming it otherwise. */
export function booleanOption(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new FieldTypeError(field, `must be true or false, got ${show(value)}`);
  return value;
}

/** Reads the optional sampling frequency `fs` (a finite number > 0; default 2π). */
export function fsOption(value: unknown): number {
  if (value === undefined) return 2 * Math.PI;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new FieldError('fs', `must be a finite number > 0, got ${show(value)}`);
  }
  return value;
}
