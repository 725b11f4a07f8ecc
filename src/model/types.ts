/**
 * An ONNX model read into layers: the spatial part of the graph as nodes in topological
 * order, each a conv, pool, crop, scale, merge or global node, with learned weights
 * [C_out, C_in/groups, ...spatial] (batch norm folded in). Pointwise ops are not nodes:
 * they pass geometry through and are listed in `passThrough`.
 */

/** Per-axis amounts: one entry per spatial axis ([L] in 1-D, [H, W] in 2-D). */
export type Axes = readonly number[];

interface NodeBase {
  /** Index in `ImportedModel.nodes`. */
  readonly id: number;
  /** The ONNX node name (or `#index op` when the node has none). */
  readonly name: string;
  /** The ONNX op type. */
  readonly op: string;
  /** Output channels. */
  readonly channels: number;
  /** Output spatial size, when the input size is known. */
  readonly size: Axes | null;
}

/** The model input. */
export interface InputNode extends NodeBase {
  readonly kind: 'input';
}

/**
 * A convolution: output p reads its input at s·p − padBefore + n·d, n = 0..k−1 per axis.
 * `weights` are [C_out, C_in/groups, ...kernel] row-major as decoded; the layer's weights
 * are weights[co][…]·outputScale[co], where `outputScale` is γ/√(σ²+ε) of a following
 * BatchNormalization folded into it (null: none); `bias` is (b − μ)·γ/√(σ²+ε) + β, or the
 * Conv's own bias, or null. (Folded lazily so a ResNet-50's weights are not copied.)
 */
export interface ConvNode extends NodeBase {
  readonly kind: 'conv';
  readonly input: number;
  readonly kernel: Axes;
  readonly dilation: Axes;
  readonly stride: Axes;
  readonly padBefore: Axes;
  readonly padAfter: Axes;
  readonly groups: number;
  readonly channelsIn: number;
  readonly weights: Float32Array | Float64Array;
  readonly outputScale: Float64Array | null;
  readonly bias: Float64Array | null;
  /** Parameters of the ONNX Conv itself (weight and bias elements, before folding). */
  readonly parameters: number;
  /** Names of the ONNX nodes folded into this one (BatchNormalization, Pad, a Slice chomp). */
  readonly folded: readonly string[];
  /**
   * The output size the ONNX Conv computes when a chomp (Slice) folded into it cuts its
   * end off (`size` is then the size after the chomp); absent otherwise.
   */
  readonly computedSize?: Axes | null;
}

/** MaxPool or AveragePool: the same placement as a conv of ones, per channel. */
export interface PoolNode extends NodeBase {
  readonly kind: 'pool';
  readonly input: number;
  readonly kernel: Axes;
  readonly dilation: Axes;
  readonly stride: Axes;
  readonly padBefore: Axes;
  readonly padAfter: Axes;
  readonly ceilMode: boolean;
  /** AveragePool: divide by the taps inside the map (false) or by all taps (true). */
  readonly countIncludePad: boolean;
  readonly folded: readonly string[];
}

/**
 * A shift of the spatial grid: output p is input p + start (Slice on a spatial axis, the
 * causal chomp of TCNs, or a Pad that no conv absorbs, with negative start).
 */
export interface CropNode extends NodeBase {
  readonly kind: 'crop';
  readonly input: number;
  readonly start: Axes;
}

/** A per-channel scale (a BatchNormalization that follows no conv): y_c = a_c·x_c + b_c. */
export interface ScaleNode extends NodeBase {
  readonly kind: 'scale';
  readonly input: number;
  readonly scale: Float64Array;
}

/**
 * A merge of activations with the same placement: `sum` (Add, Sum), `concat` (channel
 * Concat, in input order) or `gate` (Mul of two different activations, as in WaveNet:
 * its geometry is the union of the inputs' supports; it has no linear response).
 */
export interface MergeNode extends NodeBase {
  readonly kind: 'sum' | 'concat' | 'gate';
  readonly inputs: readonly number[];
}

/**
 * A global branch (GlobalAveragePool, GlobalMaxPool, a ReduceMean/ReduceMax over the
 * spatial axes, and a Resize that broadcasts its 1×1 output back): every output sees the
 * whole input.
 */
export interface GlobalNode extends NodeBase {
  readonly kind: 'global';
  readonly input: number;
}

/** A node of an imported model. */
export type ModelNode =
  | InputNode
  | ConvNode
  | PoolNode
  | CropNode
  | ScaleNode
  | MergeNode
  | GlobalNode;

/** The ids of the nodes a node reads: none for the input, every input of a merge, else its one input. */
export function inputsOf(node: ModelNode): readonly number[] {
  switch (node.kind) {
    case 'input':
      return [];
    case 'sum':
    case 'concat':
    case 'gate':
      return node.inputs;
    default:
      return [node.input];
  }
}

/** Pointwise ops passed through (geometry unchanged, identity in linearised responses). */
export interface PassThrough {
  readonly op: string;
  readonly count: number;
}

/** Where the analysis stopped before the model's own output, and why. */
export interface AnalysisEnd {
  /** The ONNX node that ends the spatial part (Flatten, Gemm, Softmax, an upsampling Resize...). */
  readonly node: string;
  readonly op: string;
  /** Its position in the graph (0-based). */
  readonly index: number;
  readonly reason: string;
}

/** The result of `importOnnx`. */
export interface ImportedModel {
  /** Spatial axes. */
  readonly dims: 1 | 2;
  /** Graph name and producer (e.g. "pytorch 1.13.0"). */
  readonly graphName: string;
  readonly producer: string;
  readonly opset: number;
  readonly input: { readonly name: string; readonly shape: readonly (number | string | null)[] };
  /** The tensor analysed (`--output NAME`, or the model's first spatial output). */
  readonly output: string;
  /** The node producing `output`. */
  readonly outputNode: number;
  /** Nodes in topological order; nodes[0] is the input. Only nodes `output` depends on. */
  readonly nodes: readonly ModelNode[];
  readonly passThrough: readonly PassThrough[];
  /** Set when the analysis stopped before the model's own output. */
  readonly end: AnalysisEnd | null;
  /** Tensors one may pass as `output` (spatial activations), in graph order. */
  readonly spatialTensors: readonly string[];
}
