import { FieldError } from '../util/validate.ts';
import type { ApiLimits } from './types.ts';

/** Checks that a path-count grid of `shape` may be sent; throws a FieldError naming `network`. */
export function checkTapsShape(shape: readonly number[], limits: ApiLimits): void {
  if (shape.length === 1) {
    if (shape[0] > limits.maxTaps1d)
      throw new FieldError(
        'network',
        `has a receptive field of ${shape[0]} offsets; /api/taps sends at most ${limits.maxTaps1d} (use /api/analyze for its coverage)`,
      );
    return;
  }
  const [r, c] = shape;
  if (r > limits.maxTapsSide || c > limits.maxTapsSide || r * c > limits.maxTapsCells)
    throw new FieldError(
      'network',
      `has a receptive field of ${r}×${c} offsets; /api/taps sends grids up to ${limits.maxTapsSide}×${limits.maxTapsSide} (${limits.maxTapsCells} offsets; use /api/analyze for its coverage)`,
    );
}
