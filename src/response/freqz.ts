import { rfftHalf } from '../fft/index.ts';
import { LIMITS } from '../network/limits.ts';
import { FieldError, FieldTypeError, integerIn, show } from '../util/validate.ts';
import { float64Arrays } from './alloc.ts';
import { booleanOption, frequencyGrid, fsOption, gridFrequencies } from './grid.ts';
import { polyAt, polyOnGrid } from './polynomial.ts';
import { directTapLimit } from './spectrum.ts';

/** Options of `freqz`, with scipy.signal.freqz's meaning and defaults. */
export interface FreqzOptions {
  /**
   * An integer: the number of points (default 512) on [0, π) — or [0, 2π) with `whole`,
   * or [0, π] with `includeNyquist`. A list: the frequencies themselves, in the units of
   * `fs`. At most LIMITS.maxN (2^20) points either way.
   */
  worN?: number | ArrayLike<number>;
  /** Compute the full circle [0, 2π) instead of [0, π). Default false. */
  whole?: boolean;
  /** Sampling frequency; w is returned in its units (w = ω·fs/2π). Default 2π (rad/sample). */
  fs?: number;
  /** With an integer worN and whole false, include π (linspace(0, π, worN)). Default false. */
  includeNyquist?: boolean;
}

/** The result of `freqz`: frequencies in the units of fs and H(ω) = re + i·im. */
export interface FreqzResult {
  w: Float64Array;
  re: Float64Array;
  im: Float64Array;
}

/** Largest number of weights `freqz` accepts. */
export const FREQZ_MAX_TAPS = 1 << 20;

function checkWeights(weights: unknown): ArrayLike<number> {
  if (
    weights === null ||
    typeof weights !== 'object' ||
    typeof (weights as ArrayLike<number>).length !== 'number'
  ) {
    throw new FieldTypeError('weights', `must be a list of numbers, got ${show(weights)}`);
  }
  const w = weights as ArrayLike<number>;
  if (w.length === 0) throw new FieldError('weights', 'must have at least one weight, got []');
  if (w.length > FREQZ_MAX_TAPS) {
    throw new FieldError('weights', `must have at most ${FREQZ_MAX_TAPS} weights, got ${w.length}`);
  }
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new FieldError(`weights[${i}]`, `must be a finite number, got ${show(v)}`);
    }
  }
  return w;
}

/**
 * The frequency response of an FIR filter b (a = 1), compatible with
 * `scipy.signal.freqz(b, worN, whole, fs=fs, include_nyquist=includeNyquist)`:
 *
 *     H(e^{jω}) = Σ_{n=0}^{k−1} b[n] e^{−jωn},   ω in rad/sample, w = ω·fs/(2π).
 *
 * With an integer worN the points lie on an M-point DFT grid (M = 2·worN, or worN with
 * `whole`, or 2·(worN−1) with `includeNyquist`), where the response is exact by any
 * route: a direct Horner sum over the cached twiddle table for few taps (using the
 * period and Hermitian symmetry of the samples), the FFT of b zero-padded — or folded
 * modulo M when longer, which scipy does not need to do because it falls back — when
 * M is a power of two, and the direct sum otherwise. With a list worN the response is
 * evaluated directly at each frequency (Horner in e^{−iω}), as scipy does.
 */
export function freqz(weights: ArrayLike<number>, options: FreqzOptions = {}): FreqzResult {
  const b = checkWeights(weights);
  const o = (options ?? {}) as FreqzOptions;
  const fs = fsOption(o.fs);
  const whole = booleanOption('whole', o.whole, false);
  const includeNyquist = booleanOption('includeNyquist', o.includeNyquist, false);
  const worN = o.worN ?? 512;

  if (typeof worN === 'number') {
    const count = integerIn('worN', worN, 0, LIMITS.maxN);
    const grid = frequencyGrid(count, whole, includeNyquist);
    const [w, re, im] = float64Arrays(count, 3);
    gridFrequencies(grid, fs, w);
    const m = grid.m;
    const pow2 = m >= 2 && (m & (m - 1)) === 0;
    if (pow2 && b.length > directTapLimit(m)) {
      const half = rfftHalf(b, m, undefined, Number.MAX_SAFE_INTEGER);
      const h = m >> 1;
      for (let j = 0; j < count; j++) {
        if (j <= h) {
          re[j] = half.re[j];
          im[j] = half.im[j];
        } else {
          re[j] = half.re[m - j];
          im[j] = -half.im[m - j];
        }
      }
    } else {
      // Taps t and t + M coincide on the grid: fold b modulo M first (exact).
      let taps: ArrayLike<number> = b;
      if (b.length > m) {
        const folded = new Float64Array(m);
        for (let t = 0; t < b.length; t++) folded[t % m] += b[t];
        taps = folded;
      }
      polyOnGrid(taps, 1, m, count, re, im);
    }
    return { w, re, im };
  }

  if (typeof worN !== 'object' || worN === null || typeof worN.length !== 'number') {
    throw new FieldTypeError(
      'worN',
      `must be a number of points or a list of frequencies, got ${show(worN)}`,
    );
  }
  if (worN.length > LIMITS.maxN) {
    throw new FieldError(
      'worN',
      `must list at most ${LIMITS.maxN} frequencies, got ${worN.length}`,
    );
  }
  const count = worN.length;
  const [w, re, im] = float64Arrays(count, 3);
  for (let j = 0; j < count; j++) {
    const f = worN[j];
    if (typeof f !== 'number' || !Number.isFinite(f)) {
      throw new FieldError(`worN[${j}]`, `must be a finite number, got ${show(f)}`);
    }
    w[j] = f;
    const h = polyAt(b, (2 * Math.PI * f) / fs);
    re[j] = h.re;
    im[j] = h.im;
  }
  return { w, re, im };
}
