import { LIMITS } from '../network/limits.ts';
import { FieldError, show } from '../util/validate.ts';
import { getPlan } from './plan.ts';
import { checkFftSize } from './size.ts';
import type { Complex } from './types.ts';

/**
 * 2-D DFT of a real rows×cols array (row-major) on an n×n grid:
 * X[ky, kx] = Σ_{y,x} x[y, x] e^{−2πi(ky·y + kx·x)/n}, returned row-major (n×n, rows = ky).
 * The input is zero-padded, or folded modulo n along an axis longer than n, so X holds the
 * exact DTFT at (ωy, ωx) = (2πky/n, 2πkx/n) rad/sample. Rows first (real transforms, half
 * spectra), then the columns 0..n/2 (complex transforms); the other half of the columns
 * follows from X[ky, kx] = conj X[(n−ky) mod n, (n−kx) mod n].
 * n is a power of two ≤ `max` (default LIMITS.maxN2d = 1024).
 */
export function fft2dReal(
  x: ArrayLike<number>,
  shape: readonly [number, number] | readonly number[],
  n: number,
  max: number = LIMITS.maxN2d,
): Complex {
  checkFftSize(n, max);
  const [rows, cols] = shape;
  if (rows * cols !== x.length) {
    throw new FieldError('shape', `must match the ${x.length} values, got ${show(shape)}`);
  }
  const size = n * n;
  // Fold the input onto the n×n torus.
  const a = new Float64Array(size);
  for (let y = 0; y < rows; y++) {
    const row = (y % n) * n;
    for (let c = 0; c < cols; c++) a[row + (c % n)] += x[y * cols + c];
  }
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  if (n === 1) {
    re[0] = a[0];
    return { re, im };
  }
  const plan = getPlan(n);
  const half = n >> 1;
  // Rows: real transforms, bins 0..n/2 of each row.
  const buf = plan.realIn;
  const o = plan.out;
  for (let y = 0; y < n; y++) {
    const row = y * n;
    for (let c = 0; c < n; c++) buf[c] = a[row + c];
    plan.fft.realTransform(o, buf);
    for (let k = 0; k <= half; k++) {
      re[row + k] = o[2 * k];
      im[row + k] = o[2 * k + 1];
    }
  }
  // Columns 0..n/2: complex transforms.
  const col = plan.complexIn;
  for (let k = 0; k <= half; k++) {
    for (let y = 0; y < n; y++) {
      col[2 * y] = re[y * n + k];
      col[2 * y + 1] = im[y * n + k];
    }
    plan.fft.transform(o, col);
    for (let y = 0; y < n; y++) {
      re[y * n + k] = o[2 * y];
      im[y * n + k] = o[2 * y + 1];
    }
  }
  // Columns n/2+1..n−1 by Hermitian symmetry.
  for (let ky = 0; ky < n; ky++) {
    const src = ((n - ky) % n) * n;
    const dst = ky * n;
    for (let kx = half + 1; kx < n; kx++) {
      re[dst + kx] = re[src + n - kx];
      im[dst + kx] = -im[src + n - kx];
    }
  }
  return { re, im };
}
