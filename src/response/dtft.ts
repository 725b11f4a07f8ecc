import { poly2At, polyDerivativeAt, polyMagnitudeAt } from './polynomial.ts';

/**
 * Direct evaluation of the DTFT H(ω) = Σ_n w_n e^{−iωn} of a 1-D kernel at an arbitrary
 * frequency ω (rad/sample), with taps at offsets `n·step` (step = dilation): O(k) per
 * frequency, no grid (Horner's rule, polynomial.ts `polyDerivativeAt`). Derivatives:
 * `dtft(w, ω, step, m)` = d^m/dω^m H = Σ (−i·step·n)^m w_n e^{−iω·step·n}.
 */
export const dtft = polyDerivativeAt;

/** |H(ω)| of a 1-D kernel with taps `step` apart (rad/sample), by direct evaluation (`polyMagnitudeAt`). */
export const dtftMagnitude = polyMagnitudeAt;

/**
 * H(ωy, ωx) of a 2-D kernel (rows×cols, row-major) dilated by [dy, dx] (rad/sample), by
 * direct evaluation (`poly2At`).
 */
export const dtft2 = poly2At;
