/**
 * The network graph (design.md, "The network graph"): every network — a spec's
 * stack / parallel / residual tree, or an imported model — is a list of nodes in
 * topological order, each with the ids of its inputs, and each with its placement computed
 * once here. Every computation over a network is one `walkGraph` with a small algebra.
 *
 * Coordinates. Positions are integers on each axis. A node's output position p
 * corresponds to input positions `scale·p + offset + t`, t = 0..receptiveField−1: `scale`
 * is the product of the strides on the node's path, `offset` the input position of the
 * first input that output 0 reads, exactly as PyTorch places it (a layer with stride s,
 * dilation d and `before` zeros of padding reads, for its output p, its input positions
 * s·p − before + n·d, n = 0..k−1). Offsets are negative when padding comes first: a
 * causal stack of receptive field R has offset −(R − 1), a `same` stack of odd kernels
 * −(R − 1)/2. Merges add (or stack) their inputs position by position, as tensors are
 * added in PyTorch; a branch or shortcut therefore lands where its own padding puts it,
 * at `offset_branch − offset_merge` from the merge's first offset (`alignmentShift`).
 */
import type { Kernel } from '../kernel/types.ts';
import type { Padding } from './padding.ts';

/**
 * A weight tensor, row-major: shape [C_out, C_in/groups, ...spatial] as PyTorch and ONNX
 * store convolution weights. The single-channel kernels of a spec are [1, 1, k] (1-D) or
 * [1, 1, rows, cols] (2-D).
 */
export interface WeightTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** What every node has: its id (its index in `Graph.nodes`), its inputs, where it came from. */
export interface GraphNodeBase {
  /** Index of the node in `Graph.nodes` (topological order: inputs come first). */
  readonly id: number;
  /** Ids of the nodes whose outputs this node reads, in order; every id is smaller. */
  readonly inputs: readonly number[];
  /**
   * Where the node came from: the spec's field path (`layers[2].body.layers[0]`, '' for
   * the root), or an imported model's node name. Error messages and labels use it.
   */
  readonly path: string;
}

/** The network's input signal (1-D) or map (2-D): scale 1, offset 0. */
export interface InputNode extends GraphNodeBase {
  readonly op: 'input';
}

/** The parameters of a convolution (shared by conv layers and projection shortcuts). */
export interface ConvParams {
  /** Weights [C_out, C_in/groups, ...spatial]. */
  readonly weights: WeightTensor;
  /** Channel groups (1 for a spec layer; C_in for a depthwise convolution). */
  readonly groups: number;
  /** The spec's single-channel kernel when the layer came from a spec (labels, export, caches). */
  readonly kernel?: Kernel;
  /** Taps per spatial axis: weights.shape.slice(2). */
  readonly size: readonly number[];
  /** Dilation per axis, in samples of the layer's own input. */
  readonly dilation: readonly number[];
  /** Stride per axis. */
  readonly stride: readonly number[];
  /** The padding rule as written (reported in outputs). */
  readonly padding: Padding;
  /** Zeros added [before, after] per axis, in samples of the layer's input (`paddingAmounts`). */
  readonly pad: readonly (readonly [number, number])[];
}

/** A convolution layer: output p reads inputs s·p − before + n·d (per axis). */
export interface ConvNode extends GraphNodeBase, ConvParams {
  readonly op: 'conv';
}

/**
 * A pooling layer over a window of `size` taps at dilation 1: `avg` is linear (PyTorch's
 * AvgPool with count_include_pad, i.e. a box kernel 1/k per tap); `max` is not, so it has
 * geometry (receptive field, taps) but no frequency response.
 */
export interface PoolNode extends GraphNodeBase {
  readonly op: 'pool';
  readonly mode: 'max' | 'avg';
  readonly size: readonly number[];
  readonly dilation: readonly number[];
  readonly stride: readonly number[];
  readonly padding: Padding;
  readonly pad: readonly (readonly [number, number])[];
}

/**
 * The shortcut of a residual block: the identity (its output is its input) or a
 * projection (a convolution, typically 1×1 with the body's stride).
 */
export interface ShortcutNode extends GraphNodeBase {
  readonly op: 'shortcut';
  readonly projection: ConvParams | null;
}

/**
 * A merge of two or more inputs of one scale, position by position: `sum` adds them
 * (a residual's body and shortcut, a sum-merged parallel set); `concat` stacks them as
 * channels (the 1×1 mixing after it is unknown).
 */
export interface MergeNode extends GraphNodeBase {
  readonly op: 'sum' | 'concat';
}

/** A node of the network graph. */
export type GraphNode = InputNode | ConvNode | PoolNode | ShortcutNode | MergeNode;

/** Where a node's output sits on the network's input grid (per axis; see the module doc). */
export interface Placement {
  /** Product of the strides on the node's path: output p+1 is `scale` input samples after p. */
  readonly scale: readonly number[];
  /** Input position of the first input that output 0 reads (negative when padded before). */
  readonly offset: readonly number[];
  /**
   * Receptive field: the span of input positions one output reads, from `offset` to
   * `offset + receptiveField − 1`. For merges the span of the union of the inputs' spans.
   */
  readonly receptiveField: readonly number[];
  /** The scale of the node's first input (1 for the input node): a layer's taps are d·inputScale apart. */
  readonly inputScale: readonly number[];
}

/** A compiled network: nodes in topological order, the output node, and every placement. */
export interface Graph {
  /** 1 for signals, 2 for images. */
  readonly dims: 1 | 2;
  /** Nodes in topological order; `nodes[i].id === i`; `nodes[0]` is the input. */
  readonly nodes: readonly GraphNode[];
  /** Id of the node whose output is the network's output. */
  readonly output: number;
  /** `placements[i]` is the placement of `nodes[i]`, computed once by `placeNodes`. */
  readonly placements: readonly Placement[];
}

/**
 * The placement of a conv or pool node reading an input placed at `u`:
 * scale = u.scale·s, offset = u.offset − u.scale·before, receptiveField =
 * u.receptiveField + (k − 1)·d·u.scale (per axis).
 */
export function placeWindow(
  u: Placement,
  size: readonly number[],
  dilation: readonly number[],
  stride: readonly number[],
  pad: readonly (readonly [number, number])[],
): Placement {
  return {
    scale: u.scale.map((s, a) => s * stride[a]),
    offset: u.offset.map((o, a) => o - u.scale[a] * pad[a][0]),
    receptiveField: u.receptiveField.map((r, a) => r + (size[a] - 1) * dilation[a] * u.scale[a]),
    inputScale: u.scale,
  };
}

/**
 * The placement of one node from its inputs' (`placed[id]` for every id before it): the
 * input node has scale `inputScale` (default 1), offset 0, receptive field 1; conv and pool
 * nodes `placeWindow`; an identity shortcut its input's; a merge the span of the union of
 * its inputs' spans. Throws an Error when a merge's inputs have different scales (compilers
 * check this first and report the user's field).
 */
export function placeNode(
  node: GraphNode,
  placed: readonly Placement[],
  dims: 1 | 2,
  inputScale?: readonly number[],
): Placement {
  const u = placed[node.inputs[0]];
  switch (node.op) {
    case 'input': {
      const scale = inputScale ?? (dims === 1 ? [1] : [1, 1]);
      return {
        scale,
        offset: scale.map(() => 0),
        receptiveField: scale.map(() => 1),
        inputScale: scale,
      };
    }
    case 'conv':
    case 'pool':
      return placeWindow(u, node.size, node.dilation, node.stride, node.pad);
    case 'shortcut': {
      const p = node.projection;
      return p ? placeWindow(u, p.size, p.dilation, p.stride, p.pad) : u;
    }
    case 'sum':
    case 'concat': {
      const ins = node.inputs.map((i) => placed[i]);
      for (const p of ins) {
        if (p.scale.some((s, a) => s !== u.scale[a])) {
          throw new Error(
            `internal: ${node.op} at ${node.path || 'network'} merges inputs of scales ${ins.map((q) => q.scale.join('×')).join(', ')}`,
          );
        }
      }
      const lo = u.offset.map((_, a) => Math.min(...ins.map((p) => p.offset[a])));
      const hi = u.offset.map((_, a) =>
        Math.max(...ins.map((p) => p.offset[a] + p.receptiveField[a])),
      );
      return {
        scale: u.scale,
        offset: lo,
        receptiveField: lo.map((l, a) => hi[a] - l),
        inputScale: u.scale,
      };
    }
  }
}

/** Every node's placement in one pass in topological order (see `placeNode`). */
export function placeNodes(
  dims: 1 | 2,
  nodes: readonly GraphNode[],
  inputScale?: readonly number[],
): Placement[] {
  const out: Placement[] = [];
  for (const node of nodes) out.push(placeNode(node, out, dims, inputScale));
  return out;
}

/**
 * Where an input of a merge lands inside the merge's receptive field, per axis, in input
 * samples: `input.offset − merge.offset` (≥ 0). A branch whose padding reads further back
 * starts earlier; a `same` identity of a residual lands at the body's `before` padding.
 */
export function alignmentShift(input: Placement, merge: Placement): number[] {
  return merge.offset.map((o, a) => input.offset[a] - o);
}

/** What a walk hands each step besides the values of the node's inputs. */
export interface WalkStep {
  readonly graph: Graph;
  /** The placement of the node being evaluated. */
  readonly placement: Placement;
  /** The placements of its inputs, in `node.inputs` order. */
  readonly inputPlacements: readonly Placement[];
}

/**
 * What a computation does at each kind of node: the small algebra `walkGraph` evaluates.
 * Each function receives the values of the node's inputs (in order) and the placements;
 * `shortcut` defaults to passing its input on when the shortcut is the identity, and must
 * be given for graphs with projections; `concat` defaults to `sum`.
 */
export interface GraphAlgebra<T> {
  input(node: InputNode, step: WalkStep): T;
  conv(node: ConvNode, x: T, step: WalkStep): T;
  pool(node: PoolNode, x: T, step: WalkStep): T;
  shortcut?(node: ShortcutNode, x: T, step: WalkStep): T;
  sum(node: MergeNode, xs: readonly T[], step: WalkStep): T;
  concat?(node: MergeNode, xs: readonly T[], step: WalkStep): T;
}

/**
 * THE walk: evaluates `algebra` at every node in topological order, each node once, and
 * returns every node's value (`values[id]`).
 */
export function walkGraphAll<T>(graph: Graph, algebra: GraphAlgebra<T>): T[] {
  const values: T[] = [];
  for (const node of graph.nodes) {
    const step: WalkStep = {
      graph,
      placement: graph.placements[node.id],
      inputPlacements: node.inputs.map((i) => graph.placements[i]),
    };
    const xs = node.inputs.map((i) => values[i]);
    switch (node.op) {
      case 'input':
        values.push(algebra.input(node, step));
        break;
      case 'conv':
        values.push(algebra.conv(node, xs[0], step));
        break;
      case 'pool':
        values.push(algebra.pool(node, xs[0], step));
        break;
      case 'shortcut':
        if (algebra.shortcut) values.push(algebra.shortcut(node, xs[0], step));
        else if (node.projection === null) values.push(xs[0]);
        else throw new Error('internal: this computation does not handle projection shortcuts');
        break;
      case 'sum':
        values.push(algebra.sum(node, xs, step));
        break;
      case 'concat':
        values.push((algebra.concat ?? algebra.sum)(node, xs, step));
        break;
    }
  }
  return values;
}

/** `walkGraphAll` and the output node's value: the value of the whole network. */
export function walkGraph<T>(graph: Graph, algebra: GraphAlgebra<T>): T {
  return walkGraphAll(graph, algebra)[graph.output];
}

/** The conv layers and projection shortcuts' parameters of a graph, in topological order. */
export function convLayers(
  graph: Graph,
): (ConvNode | (ShortcutNode & { projection: ConvParams }))[] {
  return graph.nodes.filter(
    (n): n is ConvNode | (ShortcutNode & { projection: ConvParams }) =>
      n.op === 'conv' || (n.op === 'shortcut' && n.projection !== null),
  );
}

/** The spatial weights of a single-channel conv ([1, 1, ...spatial]); throws for multi-channel. */
export function singleChannelWeights(conv: ConvParams): Float64Array {
  const [cOut, cIn] = conv.weights.shape;
  if (cOut !== 1 || cIn !== 1) {
    throw new Error(
      `internal: a ${cOut}×${cIn}-channel layer has no single-channel kernel (use its channel matrix)`,
    );
  }
  return conv.weights.data;
}

/**
 * The number of outputs per axis of a window (conv or pool) on a map of `inputShape`, as
 * PyTorch computes it: ⌊(L + before + after − d(k−1) − 1)/s⌋ + 1, or 0 when the window does
 * not fit (`same` with stride s gives ⌈L/s⌉).
 */
export function windowOutputs(
  inputShape: readonly number[],
  w: {
    readonly size: readonly number[];
    readonly dilation: readonly number[];
    readonly stride: readonly number[];
    readonly pad: readonly (readonly [number, number])[];
  },
): number[] {
  return inputShape.map((L, a) => {
    const room = L + w.pad[a][0] + w.pad[a][1] - w.dilation[a] * (w.size[a] - 1) - 1;
    return room < 0 ? 0 : Math.floor(room / w.stride[a]) + 1;
  });
}

/**
 * The shape of the map each node outputs for an input of `inputShape` (samples per axis),
 * as PyTorch computes it: a conv or pool of k taps at dilation d, stride s and padding
 * [before, after] gives ⌊(L + before + after − d(k−1) − 1)/s⌋ + 1 (so `same` gives ⌈L/s⌉);
 * an identity shortcut keeps L; a merge takes its first input's (PyTorch requires the
 * inputs to agree). A node whose window does not fit gives 0. One walk.
 */
export function mapShapes(graph: Graph, inputShape: readonly number[]): number[][] {
  const windowed = (
    x: readonly number[],
    size: readonly number[],
    dilation: readonly number[],
    stride: readonly number[],
    pad: readonly (readonly [number, number])[],
  ) => windowOutputs(x, { size, dilation, stride, pad });
  return walkGraphAll<number[]>(graph, {
    input: () => [...inputShape],
    conv: (n, x) => windowed(x, n.size, n.dilation, n.stride, n.pad),
    pool: (n, x) => windowed(x, n.size, n.dilation, n.stride, n.pad),
    shortcut: (n, x) => {
      const p = n.projection;
      return p ? windowed(x, p.size, p.dilation, p.stride, p.pad) : x;
    },
    sum: (_n, xs) => xs[0],
  });
}
