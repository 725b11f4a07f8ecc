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
  /** A smoothing filter of smoothed dilation (the spec layer's `smoothing`); absent otherwise. */
  readonly smoothing?: 'ssc' | 'gi';
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
  /**
   * ONNX/PyTorch `ceil_mode`: the output count rounds up, ⌈room/s⌉ + 1, without a last
   * window that starts in the padding after (`windowOutputs`). Placement is unchanged.
   * Absent: false.
   */
  readonly ceilMode?: boolean;
  /**
   * `avg` only: divide by every tap, padding included (true, PyTorch's default
   * count_include_pad), or by the taps inside the map (false; differs at borders only).
   * Absent: true.
   */
  readonly countIncludePad?: boolean;
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
 * channels (the 1×1 mixing after it is unknown); `gate` multiplies them (WaveNet's
 * tanh(a)·σ(b), an attention gate): its geometry is the union of its inputs' supports,
 * and it is not linear.
 */
export interface MergeNode extends GraphNodeBase {
  readonly op: 'sum' | 'concat' | 'gate';
}

/**
 * A global branch (GlobalAveragePool, a ReduceMean over the spatial axes, the broadcast of
 * its 1×1 map back to a full map): every output depends on the whole input. Its placement
 * has `local: false`; merges ignore it for scale and span and mark their output `global`.
 */
export interface GlobalNode extends GraphNodeBase {
  readonly op: 'global';
}

/**
 * A shift of the grid: output p is input p + start (per axis, in samples of the node's
 * input). A Slice on a spatial axis (start ≥ 0) or a zero Pad that no conv absorbs
 * (start = −before). `end` is the number of input samples dropped after the last one kept
 * (negative: zeros appended); NaN where it depends on a map size that is not known.
 * Placement: offset + inputScale·start, receptive field unchanged.
 */
export interface CropNode extends GraphNodeBase {
  readonly op: 'crop';
  readonly start: readonly number[];
  readonly end: readonly number[];
}

/**
 * An integer downsampling (Resize or Upsample with scale 1/factor per axis): output p
 * reads inputs factor·p + start + t, t = 0..size−1, with weights `weights[axis][t]`
 * (nearest: one tap of 1; linear with half-pixel centres and an even factor: two taps of
 * ½). Placement: a window of `size` taps at stride `factor`, starting `start` samples in.
 */
export interface ResizeNode extends GraphNodeBase {
  readonly op: 'resize';
  readonly mode: 'nearest' | 'linear';
  readonly factor: readonly number[];
  readonly start: readonly number[];
  readonly size: readonly number[];
  readonly weights: readonly (readonly number[])[];
}

/**
 * A channel selection (Slice or Split on the channel axis): output channel c is input
 * channel `start + c`, c < `count`. Geometry: the identity.
 */
export interface SelectNode extends GraphNodeBase {
  readonly op: 'select';
  readonly start: number;
  readonly count: number;
}

/** A constant operand of a pointwise op (a PRelu slope, the constant of a Mul or Add). */
export interface PointwiseConstant {
  /** Position among the op's inputs (0-based). */
  readonly index: number;
  /** Its shape, broadcast against the activation as ONNX does. */
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array;
}

/**
 * A pointwise op (Relu, LeakyRelu, PRelu, Sigmoid, Tanh, Clip, HardSwish, Gelu, Mul or
 * Add by a constant, Dropout, Identity, a BatchNormalization not folded into a conv...):
 * pass-through for geometry (placement of its first input), identity in linearised responses —
 * except that a per-channel affine op (a batch norm with no conv before it) multiplies
 * channel c by `gain[c]`. `fn`, `attributes` and `constants` say what it computes, for a
 * runtime that runs the nonlinear network.
 */
export interface PointwiseNode extends GraphNodeBase {
  readonly op: 'pointwise';
  /** The function, as an ONNX op type (`Relu`, `Sigmoid`, `Mul`, `BatchNormalization`...). */
  readonly fn: string;
  /** Its numeric and string attributes (`alpha`, `min`, `max`, `epsilon`...). */
  readonly attributes: Readonly<Record<string, number | string | readonly number[]>>;
  /**
   * Its constant operands, each with its position among the op's ONNX inputs. The other
   * positions are the node's `inputs`, in order: usually one activation; an op combining
   * pointwise functions of one activation (torch's Gelu, x·½(1 + erf(x/√2))) reads several,
   * the first being the activation the others are functions of (pass-through: its value).
   */
  readonly constants: readonly PointwiseConstant[];
  /** Per-channel gain in linearised responses (y_c = gain_c·x_c + bias_c); null: the identity. */
  readonly gain: Float64Array | null;
  /** Per-channel bias of a per-channel affine op (dropped by linearised responses); null: none. */
  readonly bias: Float64Array | null;
}

/** A node of the network graph. */
export type GraphNode =
  | InputNode
  | ConvNode
  | PoolNode
  | ShortcutNode
  | MergeNode
  | GlobalNode
  | CropNode
  | ResizeNode
  | SelectNode
  | PointwiseNode;

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
  /**
   * True when a global branch reaches the node: besides its local span, each output also
   * depends on the whole input. Absent: false.
   */
  readonly global?: boolean;
  /**
   * False when only global branches reach the node (no local path from the input): its
   * scale, offset and receptive field are then its input's and say nothing. Absent: true.
   */
  readonly local?: boolean;
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
    ...reach(u),
  };
}

/** The `global` and `local` flags a node inherits from its input. */
function reach(u: Placement): { global?: boolean; local?: boolean } {
  return {
    ...(u.global ? { global: true } : {}),
    ...(u.local === false ? { local: false } : {}),
  };
}

/**
 * The placement of one node from its inputs' (`placed[id]` for every id before it): the
 * input node has scale `inputScale` (default 1), offset 0, receptive field 1; conv and pool
 * nodes `placeWindow`; a resize `placeWindow` with stride `factor` and −start padding; an
 * identity shortcut, a pointwise op and a channel selection their input's; a crop its
 * input's shifted by inputScale·start; a global node its input's with `local: false`; a
 * merge the span of the union of its local inputs' spans (global inputs only set
 * `global`). Throws an Error when a merge's local inputs have different scales (compilers
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
    case 'resize':
      return placeWindow(
        u,
        node.size,
        node.size.map(() => 1),
        node.factor,
        node.start.map((s) => [-s, 0] as const),
      );
    case 'shortcut': {
      const p = node.projection;
      return p ? placeWindow(u, p.size, p.dilation, p.stride, p.pad) : u;
    }
    case 'pointwise':
    case 'select':
      return u;
    case 'crop':
      return {
        ...u,
        offset: u.offset.map((o, a) => o + u.scale[a] * node.start[a]),
        inputScale: u.scale,
      };
    case 'global':
      return { ...u, inputScale: u.scale, global: true, local: false };
    case 'sum':
    case 'concat':
    case 'gate': {
      const all = node.inputs.map((i) => placed[i]);
      const ins = all.filter((p) => p.local !== false);
      const global = all.some((p) => p.global) ? { global: true } : {};
      if (ins.length === 0) return { ...u, inputScale: u.scale, global: true, local: false };
      for (const p of ins) {
        if (p.scale.some((s, a) => s !== ins[0].scale[a])) {
          throw new Error(
            `internal: ${node.op} at ${node.path || 'network'} merges inputs of scales ${ins.map((q) => q.scale.join('×')).join(', ')}`,
          );
        }
      }
      const first = ins[0];
      const lo = first.offset.map((_, a) => Math.min(...ins.map((p) => p.offset[a])));
      const hi = first.offset.map((_, a) =>
        Math.max(...ins.map((p) => p.offset[a] + p.receptiveField[a])),
      );
      return {
        scale: first.scale,
        offset: lo,
        receptiveField: lo.map((l, a) => hi[a] - l),
        inputScale: first.scale,
        ...global,
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
 * be given for graphs with projections; `concat` defaults to `sum`; `pointwise` defaults to
 * passing its input on (pass-through: the identity of linearised responses).
 *
 * The node kinds only imported models have (`gate`, `global`, `crop`, `resize`, `select`)
 * have no default: a computation that meets one without a handler throws an Error naming
 * the op and the node, rather than computing something wrong. A spec never compiles to them.
 */
export interface GraphAlgebra<T> {
  input(node: InputNode, step: WalkStep): T;
  conv(node: ConvNode, x: T, step: WalkStep): T;
  pool(node: PoolNode, x: T, step: WalkStep): T;
  shortcut?(node: ShortcutNode, x: T, step: WalkStep): T;
  sum(node: MergeNode, xs: readonly T[], step: WalkStep): T;
  concat?(node: MergeNode, xs: readonly T[], step: WalkStep): T;
  gate?(node: MergeNode, xs: readonly T[], step: WalkStep): T;
  global?(node: GlobalNode, x: T, step: WalkStep): T;
  crop?(node: CropNode, x: T, step: WalkStep): T;
  resize?(node: ResizeNode, x: T, step: WalkStep): T;
  select?(node: SelectNode, x: T, step: WalkStep): T;
  pointwise?(node: PointwiseNode, x: T, step: WalkStep): T;
}

function unhandled(node: GraphNode): never {
  throw new Error(
    `internal: this computation does not handle ${node.op} nodes (at ${node.path || 'network'})`,
  );
}

/**
 * THE walk: evaluates `algebra` at every node in topological order, each node once, and
 * returns every node's value (`values[id]`).
 */
export function walkGraphAll<T>(graph: Graph, algebra: GraphAlgebra<T>): T[] {
  return walk(graph, algebra, false);
}

/**
 * The walk itself. With `release`, a node's value is dropped once the last node that reads
 * it has run (except the output's), so a large graph holds only the values still needed.
 */
function walk<T>(graph: Graph, algebra: GraphAlgebra<T>, release: boolean): T[] {
  const values: T[] = [];
  let lastUse: Int32Array | null = null;
  if (release) {
    lastUse = new Int32Array(graph.nodes.length).fill(-1);
    for (const n of graph.nodes) for (const i of n.inputs) lastUse[i] = n.id;
    lastUse[graph.output] = graph.nodes.length;
  }
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
      case 'gate':
        values.push(algebra.gate ? algebra.gate(node, xs, step) : unhandled(node));
        break;
      case 'global':
        values.push(algebra.global ? algebra.global(node, xs[0], step) : unhandled(node));
        break;
      case 'crop':
        values.push(algebra.crop ? algebra.crop(node, xs[0], step) : unhandled(node));
        break;
      case 'resize':
        values.push(algebra.resize ? algebra.resize(node, xs[0], step) : unhandled(node));
        break;
      case 'select':
        values.push(algebra.select ? algebra.select(node, xs[0], step) : unhandled(node));
        break;
      case 'pointwise':
        values.push(algebra.pointwise ? algebra.pointwise(node, xs[0], step) : xs[0]);
        break;
    }
    if (lastUse)
      for (const i of node.inputs) if (lastUse[i] === node.id) values[i] = undefined as T;
  }
  return values;
}

/**
 * The output node's value (the value of the whole network): `walkGraphAll`, dropping each
 * value once no node still to run reads it, so memory holds only the live values.
 */
export function walkGraph<T>(graph: Graph, algebra: GraphAlgebra<T>): T {
  return walk(graph, algebra, true)[graph.output];
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
 * not fit (`same` with stride s gives ⌈L/s⌉). With `ceilMode` (pools): ⌈room/s⌉ + 1, less
 * one when that last window would start in the padding after, (n − 1)·s ≥ L + before
 * (PyTorch's and ONNX Runtime's rule).
 */
export function windowOutputs(
  inputShape: readonly number[],
  w: {
    readonly size: readonly number[];
    readonly dilation: readonly number[];
    readonly stride: readonly number[];
    readonly pad: readonly (readonly [number, number])[];
    readonly ceilMode?: boolean;
  },
): number[] {
  return inputShape.map((L, a) => {
    const room = L + w.pad[a][0] + w.pad[a][1] - w.dilation[a] * (w.size[a] - 1) - 1;
    if (room < 0) return 0;
    if (!w.ceilMode) return Math.floor(room / w.stride[a]) + 1;
    const n = Math.ceil(room / w.stride[a]) + 1;
    return (n - 1) * w.stride[a] >= L + w.pad[a][0] ? n - 1 : n;
  });
}

/**
 * The shape of the map each node outputs for an input of `inputShape` (samples per axis),
 * as PyTorch computes it: a conv or pool of k taps at dilation d, stride s and padding
 * [before, after] gives ⌊(L + before + after − d(k−1) − 1)/s⌋ + 1 (so `same` gives ⌈L/s⌉;
 * `windowOutputs`, with ceil_mode for pools); an identity shortcut, a pointwise op and a
 * channel selection keep L; a crop gives L − start − end; a resize by 1/f gives ⌊L/f⌋; a
 * global pool 1 (its broadcast back is the merge's business); a merge takes its first local
 * input's (PyTorch requires the inputs to agree). A node whose window does not fit gives 0.
 * One walk.
 */
export function mapShapes(graph: Graph, inputShape: readonly number[]): number[][] {
  const windowed = (
    x: readonly number[],
    size: readonly number[],
    dilation: readonly number[],
    stride: readonly number[],
    pad: readonly (readonly [number, number])[],
    ceilMode?: boolean,
  ) => windowOutputs(x, { size, dilation, stride, pad, ceilMode });
  const merged = (n: MergeNode, xs: readonly number[][]) => {
    const i = n.inputs.findIndex((j) => graph.placements[j].local !== false);
    return xs[Math.max(0, i)];
  };
  return walkGraphAll<number[]>(graph, {
    input: () => [...inputShape],
    conv: (n, x) => windowed(x, n.size, n.dilation, n.stride, n.pad),
    pool: (n, x) => windowed(x, n.size, n.dilation, n.stride, n.pad, n.ceilMode),
    shortcut: (n, x) => {
      const p = n.projection;
      return p ? windowed(x, p.size, p.dilation, p.stride, p.pad) : x;
    },
    sum: merged,
    gate: merged,
    global: (_n, x) => x.map(() => 1),
    crop: (n, x) => x.map((L, a) => Math.max(0, L - n.start[a] - n.end[a])),
    resize: (n, x) => x.map((L, a) => Math.floor(L / n.factor[a])),
    select: (_n, x) => x,
  });
}
