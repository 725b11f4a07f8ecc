import type { Kernel } from '../kernel/types.ts';
import { networkGraph } from './compile.ts';
import type { ConvNode } from './graph.ts';
import type { Padding } from './padding.ts';
import { specLayer } from './structure.ts';

/**
 * One convolution layer. `dilation` and `stride` have one entry per axis:
 * [d] and [s] for 1-D, [dy, dx] and [sy, sx] for 2-D.
 */
export interface Layer {
  readonly type: 'layer';
  readonly kernel: Kernel;
  readonly dilation: readonly number[];
  readonly stride: readonly number[];
  /** How the layer pads its input (`same` when absent); see `paddingAmounts`. */
  readonly padding?: Padding;
  /**
   * Set on the smoothing filter a `smooth` layer expands into (Wang & Ji 2018; docs/theory.md
   * §14): `ssc`, the (2d−1)-tap box pre-filter before the dilated layer; `gi`, the d-tap
   * box group-interaction filter after it. Absent on every other layer.
   */
  readonly smoothing?: Smoothing;
}

/** The two smoothed dilations: separable shared pre-filter, or group interaction. */
export type Smoothing = 'ssc' | 'gi';

/**
 * A pooling layer (`{"pool": "max" | "avg", "size": k, "stride": s}` in a spec): a window
 * of `size` taps per axis at dilation 1. `avg` is linear (a box of 1/k, zero padding
 * counted, as PyTorch's AvgPool with count_include_pad); `max` has geometry but no
 * frequency response.
 */
export interface Pool {
  readonly type: 'pool';
  readonly pool: 'max' | 'avg';
  readonly size: readonly number[];
  readonly stride: readonly number[];
  readonly padding?: Padding;
}

/** Layers applied one after another (composition: tap sets add, responses multiply). */
export interface Stack {
  readonly type: 'stack';
  readonly layers: readonly NetworkNode[];
}

/**
 * Branches applied to the same input, merged position by position where their paddings
 * place them (network/graph.ts).
 * `sum` adds the outputs (responses add); `concat` stacks them as channels (the 1×1
 * mixing weights are unknown, so responses are reported per branch with their envelope).
 */
export interface Parallel {
  readonly type: 'parallel';
  readonly merge: 'sum' | 'concat';
  readonly branches: readonly NetworkNode[];
}

/**
 * A residual block: output = shortcut(input) + body(input), added position by position
 * (the identity lands where the body's padding puts output 0). Without a `shortcut` the
 * body must keep its input's scale.
 */
export interface Residual {
  readonly type: 'residual';
  readonly body: NetworkNode;
  /** A projection shortcut (e.g. a 1×1 convolution with the body's stride); identity when absent. */
  readonly shortcut?: Layer;
}

export type NetworkNode = Layer | Pool | Stack | Parallel | Residual;

/** A validated network: its root node and its number of axes. */
export interface Network {
  readonly dims: 1 | 2;
  readonly root: NetworkNode;
  /** Preset name, when the network came from a preset. */
  readonly name?: string;
}

/**
 * All conv layers of a network in topological order (stack order, branch order; a
 * residual's projection shortcut is not counted), read from its graph (`networkGraph`):
 * each conv node as the spec layer it compiled from (kernel, dilation, stride, padding).
 */
export function allLayers(network: Network): Layer[] {
  return networkGraph(network)
    .nodes.filter((n): n is ConvNode => n.op === 'conv')
    .map(specLayer);
}

/**
 * The members whose nulls and deaf bands are compared: the layers of a top-level stack,
 * or the branches of a top-level parallel node; a single layer is its own member. `paths`
 * are their field paths (`layers[i]`, `branches[i]`, '' for a root that is its own member),
 * the elements `foldSpec` starts from.
 */
export function members(network: Network): {
  kind: 'stack' | 'parallel';
  nodes: readonly NetworkNode[];
  paths: readonly string[];
} {
  const root = network.root;
  if (root.type === 'stack')
    return { kind: 'stack', nodes: root.layers, paths: root.layers.map((_, i) => `layers[${i}]`) };
  if (root.type === 'parallel')
    return {
      kind: 'parallel',
      nodes: root.branches,
      paths: root.branches.map((_, i) => `branches[${i}]`),
    };
  return { kind: 'stack', nodes: [root], paths: [''] };
}
