import { type ComplexValue, poly2At, polyDerivativeAt, polyMagnitudeAt } from './polynomial.ts';

/**
 * Direct evaluation of the DTFT H(ω) = Σ_n w_n e^{−iωn} of a 1-D kernel at an arbitrary
 * frequency ω (rad/sample), with taps at offsets `n·step` (step = dilation): O(k) per
 * frequency, no grid (Horner's rule, polynomial.ts). Derivatives:
 * d^m/dω^m H = Σ (−i·step·n)^m w_n e^{−iω·step·n}.
 */
export function dtft(
  weights: ArrayLike<number>,
  w: number,
  step = 1,
  derivative = 0,
): ComplexValue {
  return polyDerivativeAt(weights, w, step, derivative);
}

/** |H(ω)| of a 1-D kernel with taps `step` apart (rad/sample), by direct evaluation. */
export function dtftMagnitude(weights: ArrayLike<number>, w: number, step = 1): number {
  return polyMagnitudeAt(weights, w, step);
}

/** H(ωy, ωx) of a 2-D kernel (rows×cols, row-major) dilated by [dy, dx] (rad/sample), by direct evaluation. */
export function dtft2(
  weights: ArrayLike<number>,
  shape: readonly number[],
  wy: number,
  wx: number,
  dilation: readonly number[] = [1, 1],
): ComplexValue {
  return poly2At(weights, shape, wy, wx, dilation);
}
