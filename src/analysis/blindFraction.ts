import type { Layer } from '../network/types.ts';

/**
 * Blind fraction of one dilated axis: the share of the span K = (k−1)·d + 1 that no tap
 * reads, (K − k)/K = (k−1)(d−1) / (d(k−1) + 1). Zero for d = 1 or k = 1; tends to
 * 1 − 1/d for large k.
 */
export function blindFraction(k: number, d: number): number {
  return ((k - 1) * (d - 1)) / (d * (k - 1) + 1);
}

/**
 * Blind fraction of a 2-D layer with kernel shape [k_y, k_x] and rates [d_y, d_x]: the
 * share of its K_y×K_x window no tap reads, 1 − (1 − bf_y)(1 − bf_x). A 1-D shape gives
 * the 1-D formula.
 */
export function blindFraction2d(shape: readonly number[], dilation: readonly number[]): number {
  if (shape.length === 1) return blindFraction(shape[0], dilation[0]);
  const seen = shape.reduce((acc, k, i) => acc * (1 - blindFraction(k, dilation[i])), 1);
  return 1 - seen;
}

/** Blind fraction of a layer (1-D or 2-D), see `blindFraction2d`. */
export function layerBlindFraction(layer: Layer): number {
  return blindFraction2d(layer.kernel.shape, layer.dilation);
}
