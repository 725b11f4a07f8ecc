import { effectiveSize } from '../kernel/dilate.ts';
import type { Layer } from '../network/types.ts';

/**
 * Parameter efficiency of one dilated axis: the span K = (k−1)·d + 1 (samples) of a k-tap
 * kernel at rate d, divided by its k weights — how many times fewer weights it has than a
 * dense kernel of the same span (a 5-tap kernel at d = 3 spans 13: 13/5 = 2.6).
 */
export function parameterEfficiency(k: number, d: number): number {
  return effectiveSize(k, d) / k;
}

/**
 * Effective size of a layer per axis, K_a = (k_a − 1)·d_a + 1 (samples/pixels of its own
 * input grid): [K] for 1-D, [K_y, K_x] for 2-D.
 */
export function layerEffectiveSize(layer: Layer): number[] {
  return layer.kernel.shape.map((k, i) => effectiveSize(k, layer.dilation[i]));
}

/**
 * Parameter efficiency of a layer: its span (area K_y·K_x for 2-D) divided by its number of
 * weights (k or k_y·k_x).
 */
export function layerParameterEfficiency(layer: Layer): number {
  const span = layerEffectiveSize(layer).reduce((a, b) => a * b, 1);
  return span / layer.kernel.weights.length;
}
