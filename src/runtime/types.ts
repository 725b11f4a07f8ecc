/**
 * A small dataflow program the runtime can run forward and differentiate: the lowered form
 * of a network (spec networks today, the network graph and ONNX models as they land).
 * Tensors are numbered: 0 is the input, op i produces tensor i + 1. Every tensor is a
 * batch of [channels, rows, cols] maps (1-D signals are one row).
 */

/** Padding of a conv or pool op: PyTorch's "same" rule, or explicit amounts. */
export type Padding =
  | { readonly mode: 'same' }
  | { readonly mode: 'causal' }
  | {
      readonly mode: 'explicit';
      readonly top: number;
      readonly bottom: number;
      readonly left: number;
      readonly right: number;
    };

/** A 2-D convolution, PyTorch semantics (cross-correlation; output p reads s·p − before + n·d). */
export interface ConvOp {
  readonly op: 'conv';
  readonly input: number;
  /** Weights [cOut, cIn/groups, kh, kw], row-major. */
  readonly weights: Float32Array;
  readonly shape: readonly [number, number, number, number];
  readonly bias?: Float32Array;
  readonly dilation: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: Padding;
  readonly groups: number;
}

/** Element-wise sum of tensors of the same shape (a sum merge, a residual add). */
export interface AddOp {
  readonly op: 'add';
  readonly inputs: readonly number[];
}

/** Channel concatenation of tensors of the same spatial shape. */
export interface ConcatOp {
  readonly op: 'concat';
  readonly inputs: readonly number[];
}

/** A point-wise activation. */
export interface ActivationOp {
  readonly op: 'relu' | 'sigmoid' | 'tanh';
  readonly input: number;
}

/** Max or average pooling (average counts only samples inside the input). */
export interface PoolOp {
  readonly op: 'pool';
  readonly kind: 'max' | 'avg';
  readonly input: number;
  readonly size: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: Padding;
  /** PyTorch ceil_mode: one more output when a last, partial window starts inside. */
  readonly ceil?: boolean;
  /** Average pooling: divide by all taps (default) or only by those inside the map (false). */
  readonly countIncludePad?: boolean;
  /** Spacing of the window's taps per axis (default [1, 1]): window size d(k−1)+1. */
  readonly dilation?: readonly [number, number];
}

/** Channels start … start + count − 1 of a tensor (an ONNX Split or Slice on the channel axis). */
export interface SelectOp {
  readonly op: 'select';
  readonly input: number;
  readonly start: number;
  readonly count: number;
}

/** Element-wise product of two tensors (a gated merge, as in WaveNet). */
export interface MulOp {
  readonly op: 'mul';
  readonly inputs: readonly number[];
}

/** A per-channel scale y_c = a_c·x_c (+ b_c) (a batch norm that follows no convolution). */
export interface ScaleOp {
  readonly op: 'scale';
  readonly input: number;
  readonly scale: Float32Array;
  /** Per-channel bias b_c (absent: none). */
  readonly bias?: Float32Array;
}

/** y = min(max(x, min), max) element-wise (ONNX Clip; ReLU6 is min 0, max 6). */
export interface ClipOp {
  readonly op: 'clip';
  readonly input: number;
  readonly min: number;
  readonly max: number;
}

/** A shift of the grid: output [p, q] is input [p + start[0], q + start[1]] (zeros outside), `size` outputs per axis. */
export interface CropOp {
  readonly op: 'crop';
  readonly input: number;
  readonly start: readonly [number, number];
  readonly size: readonly [number, number];
}

/** A global mean over rows and columns, broadcast back to every position. */
export interface GlobalOp {
  readonly op: 'global';
  readonly input: number;
}

export type Op =
  | ConvOp
  | AddOp
  | ConcatOp
  | ActivationOp
  | PoolOp
  | MulOp
  | ScaleOp
  | ClipOp
  | CropOp
  | GlobalOp
  | SelectOp;

/** A program: its input channel count, its ops in topological order, its output tensor. */
export interface Program {
  readonly inputChannels: number;
  readonly ops: readonly Op[];
  /** The tensor id of the output (default: the last op's). */
  readonly output?: number;
}

/** A batch of inputs: `count` maps of [channels, rows, cols], row-major, one after another. */
export interface Batch {
  readonly count: number;
  readonly shape: readonly [number, number, number];
  readonly values: Float32Array;
}
