/**
 * An ONNX model read into the network graph (design.md, "The network graph"): the spatial
 * part of the ONNX graph as graph nodes in topological order, with learned weights
 * [C_out, C_in/groups, ...spatial] (batch norm folded in), placed once by the graph's
 * `placeNodes`. Pointwise ops are pass-through nodes (geometry unchanged, identity in the
 * linearised responses), kept so a runtime can run the nonlinear model, and counted in
 * `passThrough`.
 */

import type {
  ConvNode,
  CropNode,
  GlobalNode,
  Graph,
  InputNode,
  MergeNode,
  Placement,
  PointwiseNode,
  PoolNode,
  ResizeNode,
  SelectNode,
} from '../network/index.ts';

/** Per-axis amounts: one entry per spatial axis ([L] in 1-D, [H, W] in 2-D). */
export type Axes = readonly number[];

/**
 * What an imported model adds to every node of the network graph (src/network/graph.ts):
 * the ONNX node it came from, its channels and its output size.
 */
export interface ModelInfo {
  /** The ONNX node name (or `#index op` when the node has none); also the graph node's `path`. */
  readonly name: string;
  /** The ONNX op type (`Conv`, `MaxPool`, `Relu`, `Slice`...; `input` for the input). */
  readonly onnxOp: string;
  /** Output channels. */
  readonly channels: number;
  /** Output spatial size per axis, when the input size is known. */
  readonly outputSize: Axes | null;
  /** Names of the ONNX nodes folded into this one (BatchNormalization, Pad, a Slice chomp). */
  readonly folded: readonly string[];
}

/**
 * A convolution of an imported model: the graph's conv node (output p reads its input at
 * s·p − before + n·d per axis; `weights.data` the effective weights, computed on first
 * read) with the weights as decoded. The layer's weights are raw[co][…]·outputScale[co],
 * where `outputScale` is γ/√(σ²+ε) of a following BatchNormalization folded into it
 * (null: none); `bias` is (b − μ)·γ/√(σ²+ε) + β, or the Conv's own bias, or null. (Folded
 * lazily so a ResNet-50's weights are not copied.)
 */
export interface ModelConvNode extends ConvNode, ModelInfo {
  /** Input channels. */
  readonly channelsIn: number;
  /** The weights as decoded, [C_out, C_in/groups, ...kernel], before the batch-norm scale. */
  readonly raw: Float32Array | Float64Array;
  readonly outputScale: Float64Array | null;
  readonly bias: Float64Array | null;
  /** Parameters of the ONNX Conv itself (weight and bias elements, before folding). */
  readonly parameters: number;
  /**
   * The output size the ONNX Conv computes when a chomp (Slice) folded into it cuts its
   * end off (`outputSize` is then the size after the chomp); absent otherwise.
   */
  readonly computedSize?: Axes | null;
  /** Set for a ConvTranspose of stride 1, imported as the conv it equals (flipped kernel, dilation d, before = d(k−1) − pad). */
  readonly transposed?: boolean;
}

/**
 * A node of an imported model: a node of the network graph with its ONNX origin
 * (`ModelInfo`). `op` is the graph kind: `input`, `conv`, `pool` (MaxPool, AveragePool,
 * with ceil_mode), `crop` (a spatial Slice or an unabsorbed Pad), `resize` (an integer
 * downsampling Resize), `select` (a channel Slice or Split), `pointwise` (Relu, Sigmoid,
 * Mul by a constant, a batch norm after no conv...: pass-through), `sum` (Add, Sum, Sub,
 * Mean of activations), `concat` (channel Concat), `gate` (Mul of two activations) or
 * `global` (GlobalAveragePool, a spatial ReduceMean, the broadcast of a 1×1 map).
 */
export type ModelNode =
  | (InputNode & ModelInfo)
  | ModelConvNode
  | (PoolNode & ModelInfo)
  | (CropNode & ModelInfo)
  | (ResizeNode & ModelInfo)
  | (SelectNode & ModelInfo)
  | (PointwiseNode & ModelInfo)
  | (MergeNode & ModelInfo)
  | (GlobalNode & ModelInfo);

/** The network graph of an imported model: graph nodes with their ONNX origin. */
export interface ModelGraph extends Graph {
  readonly nodes: readonly ModelNode[];
  readonly placements: readonly Placement[];
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
  /**
   * The network graph (src/network/graph.ts) of the part analysed, with every node's
   * placement: nodes in topological order, nodes[0] the input, only the nodes `output`
   * depends on; `graph.output === outputNode`.
   */
  readonly graph: ModelGraph;
  /** `graph.nodes`. */
  readonly nodes: readonly ModelNode[];
  readonly passThrough: readonly PassThrough[];
  /** Set when the analysis stopped before the model's own output. */
  readonly end: AnalysisEnd | null;
  /** Tensors one may pass as `output` (spatial activations), in graph order. */
  readonly spatialTensors: readonly string[];
}
