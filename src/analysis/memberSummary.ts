import { allLayers, type NetworkNode } from '../network/types.ts';
import { layerBlindFraction } from './blindFraction.ts';
import { layerBorderValidity } from './border.ts';
import { receptiveFieldOf, totalStride } from './composite.ts';
import { coverageOf } from './coverage.ts';
import { layerEffectiveSize } from './effectiveSize.ts';
import { objectHitProbability } from './objectHit.ts';
import { perAxisValue } from './receptiveField.ts';
import { pathCountsOf } from './tapSet.ts';
import type { LayerSummary } from './types.ts';

/** Options of `memberSummary` (already validated). */
export interface MemberSummaryOptions {
  /** Object [w, h] for the hit probability (single layers only). */
  object?: readonly [number, number];
  /** Map side S for border validity (single layers only). */
  mapSize?: number;
}

/**
 * The summary of one member (a layer of a top-level stack or a branch of a top-level
 * parallel set). A single layer: its kernel, rate, stride, effective size (k−1)d+1 per axis,
 * weights, parameter efficiency (span area / weights), blind fraction, and with options the
 * object hit probability and border validity. Any other node: its distinct kernels, the
 * largest kernel shape per axis, its layers' rates in a list, its total stride, its
 * receptive field as effective size, its total weights, receptive-field area / weights, and
 * the hole fraction of its exact tap set as blind fraction.
 */
export function memberSummary(
  node: NetworkNode,
  index: number,
  dims: 1 | 2,
  options: MemberSummaryOptions = {},
): LayerSummary {
  if (node.type === 'layer') {
    const eff = layerEffectiveSize(node);
    const parameters = node.kernel.weights.length;
    const summary: LayerSummary = {
      index,
      type: 'layer',
      kernel: node.kernel.spec,
      shape: [...node.kernel.shape],
      dilation: dims === 1 ? node.dilation[0] : [node.dilation[0], node.dilation[1]],
      stride: perAxisValue(node.stride),
      effectiveSize: perAxisValue(eff),
      parameters,
      parameterEfficiency: eff.reduce((a, b) => a * b, 1) / parameters,
      blindFraction: layerBlindFraction(node),
    };
    if (options.object) {
      summary.objectHitProbability = objectHitProbability(options.object, node.dilation);
    }
    if (options.mapSize !== undefined) {
      summary.border = layerBorderValidity(node, options.mapSize);
    }
    return summary;
  }
  const layers = allLayers(node);
  const rf = receptiveFieldOf(node, dims);
  const parameters = layers.reduce((a, l) => a + l.kernel.weights.length, 0);
  const specs = [...new Set(layers.map((l) => l.kernel.spec))];
  return {
    index,
    type: node.type,
    kernel: specs.join(', '),
    shape: rf.map((_, i) => Math.max(...layers.map((l) => l.kernel.shape[i]))),
    dilation: layers.map((l) =>
      dims === 1 ? l.dilation[0] : ([l.dilation[0], l.dilation[1]] as [number, number]),
    ),
    stride: perAxisValue(totalStride(node, dims)),
    effectiveSize: perAxisValue(rf),
    parameters,
    parameterEfficiency: rf.reduce((a, b) => a * b, 1) / parameters,
    blindFraction: coverageOf(pathCountsOf(node, dims)).holeFraction,
  };
}
