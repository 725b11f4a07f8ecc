import {
  convLayers,
  type Member,
  mapShapes,
  type Placement,
  paddingToSpec,
} from '../network/index.ts';
import { layerBlindFraction } from './blindFraction.ts';
import { windowBorderValidity } from './border.ts';
import { graphKernel } from './composite.ts';
import { coverageOf } from './coverage.ts';
import { layerEffectiveSize } from './effectiveSize.ts';
import { objectHitProbability } from './objectHit.ts';
import { perAxisValue } from './receptiveField.ts';
import type { LayerSummary } from './types.ts';

/** Options of `memberSummary` (already validated). */
export interface MemberSummaryOptions {
  /** Object [w, h] for the hit probability (single layers only). */
  object?: readonly [number, number];
  /** Map side S of the network's input for border validity. */
  mapSize?: number;
  /**
   * The shape of the map the member reads (from `mapShapes` of the members before it);
   * default S per axis.
   */
  inputShape?: readonly number[];
}

type PerAxis = number | [number, number];

/**
 * The summary of one member (a layer of a top-level stack or a branch of a top-level
 * parallel set, `networkMembers`), read at the scale of the map it runs on. Every member
 * reports `scale` (the product of the strides before it, per axis) and, per layer,
 * `effectiveDilation` = d·scale (its taps' spacing in input samples) and `padding`.
 * A single layer: its kernel, rate, stride, effective size (k−1)d+1 per axis, weights,
 * parameter efficiency (span area / weights), blind fraction, and with options the object
 * hit probability (at the effective dilation) and border validity on the map it runs on
 * (`border.mapSize`, ⌈S/scale⌉ for `same`). Any other node: its distinct kernels, the
 * largest kernel shape per axis, its layers' rates in a list, its total stride, its
 * receptive field as effective size, its total weights, receptive-field area / weights, the
 * hole fraction of its exact tap set as blind fraction, and with `mapSize` the border
 * validity of every layer inside it (`layerBorders`, nested branches included), each on the
 * map that layer runs on.
 */
export function memberSummary(member: Member, options: MemberSummaryOptions = {}): LayerSummary {
  const { graph, node, index } = member;
  const input: Placement = graph.placements[0];
  const out = graph.placements[graph.output];
  const scale = input.scale;
  const v = (a: readonly number[]): PerAxis => perAxisValue(a);
  const shapes =
    options.mapSize === undefined
      ? undefined
      : mapShapes(graph, options.inputShape ?? scale.map(() => options.mapSize as number));
  if (node.type === 'layer') {
    const eff = layerEffectiveSize(node);
    const parameters = node.kernel.weights.length;
    const effective = node.dilation.map((d, a) => d * scale[a]);
    const summary: LayerSummary = {
      index,
      type: 'layer',
      kernel: node.kernel.spec,
      shape: [...node.kernel.shape],
      dilation: v(node.dilation),
      stride: v(node.stride),
      scale: v(scale),
      effectiveDilation: v(effective),
      padding: paddingToSpec(node.padding ?? 'same'),
      effectiveSize: v(eff),
      parameters,
      parameterEfficiency: eff.reduce((a, b) => a * b, 1) / parameters,
      blindFraction: layerBlindFraction(node),
    };
    if (options.object) {
      summary.objectHitProbability = objectHitProbability(options.object, effective);
    }
    const conv = graph.nodes[graph.output];
    if (shapes && conv.op === 'conv') {
      summary.border = windowBorderValidity(conv, shapes[conv.inputs[0]]);
    }
    return summary;
  }
  if (node.type === 'pool') {
    const pool = graph.nodes[graph.output];
    const summary: LayerSummary = {
      index,
      type: 'pool',
      kernel: `${node.pool}pool:${node.size.join('x')}`,
      shape: [...node.size],
      dilation: v(node.size.map(() => 1)),
      stride: v(node.stride),
      scale: v(scale),
      effectiveDilation: v(scale),
      padding: paddingToSpec(node.padding ?? 'same'),
      effectiveSize: v(node.size),
      parameters: 0,
      parameterEfficiency: 0,
      blindFraction: 0,
    };
    if (shapes && pool.op === 'pool')
      summary.border = windowBorderValidity(pool, shapes[pool.inputs[0]]);
    return summary;
  }
  const convs = convLayers(graph).map((n) => ({
    node: n,
    params: n.op === 'conv' ? n : n.projection,
    inputScale: graph.placements[n.id].inputScale,
  }));
  const pools = graph.nodes.filter((n) => n.op === 'pool');
  const rf = out.receptiveField;
  const parameters = convs.reduce((a, c) => a + c.params.weights.data.length, 0);
  const specs = [
    ...new Set([
      ...convs.map((c) => c.params.kernel?.spec ?? 'weights'),
      ...pools.map((p) => (p.op === 'pool' ? `${p.mode}pool:${p.size.join('x')}` : '')),
    ]),
  ];
  const sizes = [...convs.map((c) => c.params.size), ...pools.map((p) => p.size)];
  const summary: LayerSummary = {
    index,
    type: node.type,
    kernel: specs.join(', '),
    shape: rf.map((_, i) => Math.max(1, ...sizes.map((s) => s[i]))),
    dilation: convs.map((c) => v(c.params.dilation)),
    stride: v(out.scale.map((s, a) => s / scale[a])),
    scale: v(scale),
    effectiveDilation: convs.map((c) => v(c.params.dilation.map((d, a) => d * c.inputScale[a]))),
    padding: convs.map((c) => paddingToSpec(c.params.padding)),
    effectiveSize: v(rf),
    parameters,
    parameterEfficiency: parameters === 0 ? 0 : rf.reduce((a, b) => a * b, 1) / parameters,
    blindFraction: coverageOf(graphKernel(graph, true)).holeFraction,
  };
  if (shapes) {
    summary.layerBorders = convs.map((c) => ({
      path: c.node.path,
      ...windowBorderValidity(c.params, shapes[c.node.inputs[0]]),
    }));
  }
  return summary;
}
