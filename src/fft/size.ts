import { LIMITS } from '../network/limits.ts';
import { FieldError, isPowerOfTwo, show } from '../util/validate.ts';

/**
 * Validates a transform size: an integer power of two from 1 to `max` (default
 * `LIMITS.maxN` = 2^20 for 1-D; pass `LIMITS.maxN2d` for the side of a 2-D grid).
 * Throws a FieldError naming `field` (default `n`) and the value, e.g.
 * `n must be a power of two from 1 to 1048576, got 1000`. Returns n.
 */
export function checkFftSize(n: unknown, max: number = LIMITS.maxN, field = 'n'): number {
  if (typeof n !== 'number' || !isPowerOfTwo(n) || n > max) {
    throw new FieldError(field, `must be a power of two from 1 to ${max}, got ${show(n)}`);
  }
  return n;
}
