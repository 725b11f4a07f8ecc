/**
 * A decoded ONNX graph to layers (see types.ts): one pass over the nodes in graph order
 * (ONNX requires topological order), each tensor becoming a constant, an activation (a
 * layer node and a pending zero padding), the end of the spatial part, or unsupported.
 * Shape arithmetic on constants (Shape, Gather, Concat, Slice... as torch exports them
 * around Resize) is folded here.
 */
import {
  type Placement,
  type PointwiseConstant,
  placeNode,
  placeNodes,
  type WeightTensor,
  windowOutputs,
} from '../network/index.ts';
import type { AttributeValue, OnnxModel, OnnxNode } from './decode.ts';
import { ModelError } from './errors.ts';
import { MODEL_LIMITS } from './limits.ts';
import { foldedWeights } from './power.ts';
import type { Tensor } from './tensor.ts';
import type {
  AnalysisEnd,
  Axes,
  ImportedModel,
  ModelConvNode,
  ModelGraph,
  ModelNode,
  PassThrough,
} from './types.ts';

/**
 * The node a pointwise chain starts from: follows pointwise nodes without a gain (Relu,
 * Erf, Mul by a constant...) back from `id` through their first input.
 */
function pointwiseRoot(nodes: readonly ModelNode[], id: number): number {
  let n = nodes[id];
  while (n.op === 'pointwise' && !n.gain) n = nodes[n.inputs[0]];
  return n.id;
}

/** Options of `importOnnx`. */
export interface ImportOptions {
  /** The tensor to analyse (default: the model's first spatial output). */
  output?: string;
  /** Spatial input size per axis, or [S] for S×S in 2-D (default: the model input's static dims, when it has them). */
  inputSize?: readonly number[];
}

/** Pointwise ops: geometry unchanged, identity in the linearised responses. */
export const POINTWISE_OPS: ReadonlySet<string> = new Set([
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Sigmoid',
  'Tanh',
  'Clip',
  'HardSwish',
  'HardSigmoid',
  'Gelu',
  'Dropout',
  'Identity',
  'Erf',
  'Elu',
  'Selu',
  'Celu',
  'Softplus',
  'Softsign',
  'Mish',
  'ThresholdedRelu',
  'Abs',
  'Neg',
  'Exp',
  'Log',
  'Sqrt',
  'Reciprocal',
  'Floor',
  'Ceil',
  'Round',
  'Cast',
  'Pow',
]);

/** Ops after which the spatial part ends (the analysis stops at their input). */
export const ENDING_OPS: ReadonlySet<string> = new Set([
  'Flatten',
  'Gemm',
  'MatMul',
  'Softmax',
  'LogSoftmax',
  'Reshape',
  'Transpose',
  'Squeeze',
  'ArgMax',
  'ArgMin',
]);

interface Const {
  t: 'const';
  dims: number[];
  data: Float32Array | Float64Array;
  /** An integer tensor (int64 shapes and indices): Div truncates, as ONNX integer Div does. */
  int?: boolean;
}

/** The ONNX integer (and bool) element types. */
const INT_TYPES: ReadonlySet<number> = new Set([2, 3, 4, 5, 6, 7, 9, 12, 13]);
interface Act {
  t: 'act';
  node: number;
  pad: { before: number[]; after: number[]; names: string[] } | null;
}
interface End {
  t: 'end';
  end: AnalysisEnd;
  last: Act;
  lastName: string;
}
interface Bad {
  t: 'bad';
  node: OnnxNode;
  why: string;
  suggestion: string | null;
}
interface Unknown {
  t: 'unknown';
}
type Value = Const | Act | End | Bad | Unknown;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A node before it has an id (distributes over the union). */
type NewNode = ModelNode extends infer N
  ? N extends unknown
    ? Omit<N, 'id' | 'path'>
    : never
  : never;

/** The numeric and string attributes of an ONNX node (tensors and graphs left out). */
function plainAttributes(
  attrs: Readonly<Record<string, AttributeValue>>,
): Record<string, number | string | readonly number[]> {
  const out: Record<string, number | string | readonly number[]> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) out[k] = v as number[];
  }
  return out;
}

/**
 * The conv's effective weights as a graph WeightTensor, computed on first read
 * (`foldedWeights`: raw·outputScale per output channel) and kept.
 */
function lazyWeights(conv: ModelConvNode): WeightTensor {
  let data: Float64Array | null = null;
  const shape = [conv.channels, conv.channelsIn / conv.groups, ...conv.size];
  return {
    shape,
    get data() {
      data ??= foldedWeights(conv);
      return data;
    },
  };
}

function nodeLabel(n: OnnxNode): string {
  return `node ${JSON.stringify(n.name || `#${n.index}`)} (#${n.index}, ${n.opType})`;
}

function ints(attrs: Readonly<Record<string, AttributeValue>>, key: string): number[] | undefined {
  const v = attrs[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  return undefined;
}

function int(
  attrs: Readonly<Record<string, AttributeValue>>,
  key: string,
  fallback: number,
): number {
  const v = attrs[key];
  return typeof v === 'number' ? v : fallback;
}

function str(
  attrs: Readonly<Record<string, AttributeValue>>,
  key: string,
  fallback: string,
): string {
  const v = attrs[key];
  return typeof v === 'string' ? v : fallback;
}

/** Pointwise ops with f(0) = 0 for every value of their attributes. */
const ZERO_AT_ZERO: ReadonlySet<string> = new Set([
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Tanh',
  'HardSwish',
  'Gelu',
  'Dropout',
  'Identity',
  'Erf',
  'Elu',
  'Selu',
  'Celu',
  'Softsign',
  'Mish',
  'ThresholdedRelu',
  'Abs',
  'Neg',
  'Sqrt',
  'Floor',
  'Ceil',
  'Round',
  'Cast',
]);

/**
 * Whether a pointwise op maps 0 to 0 (so zero padding before it equals zero padding after
 * it): the ops of ZERO_AT_ZERO, and Clip when min ≤ 0 ≤ max. Sigmoid (½), HardSigmoid,
 * Softplus (ln 2), Exp, Log, Reciprocal, Pow and a Clip away from 0 do not.
 */
function keepsZeroAtZero(
  n: OnnxNode,
  op: string,
  constOf: (name: string) => { data: ArrayLike<number> } | undefined,
): boolean {
  if (ZERO_AT_ZERO.has(op)) return true;
  if (op !== 'Clip') return false;
  const bound = (index: number, key: string, fallback: number): number | null => {
    const name = n.inputs[index];
    if (name) {
      const c = constOf(name);
      return c && c.data.length === 1 ? c.data[0] : null;
    }
    const a = n.attributes[key];
    return typeof a === 'number' ? a : fallback;
  };
  const min = bound(1, 'min', -Infinity);
  const max = bound(2, 'max', Infinity);
  return min !== null && max !== null && min <= 0 && 0 <= max;
}

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/**
 * Reads the layers of an ONNX model (decoded by `decodeOnnx`). Throws a ModelError that
 * names the node, its op and its position when the tensor analysed depends on an op that
 * is not supported (suggesting `output` to analyse an earlier tensor), when a model has
 * 3-D convolutions, or when attributes are inconsistent.
 */
export function importOnnx(model: OnnxModel, options: ImportOptions = {}): ImportedModel {
  const input = model.inputs.find((i) => i.shape && i.shape.length >= 3) ?? model.inputs[0];
  if (!input) throw new ModelError('has no graph input');
  const shape = input.shape ?? [];
  const conv3d = model.nodes.find((n) => {
    if (n.opType !== 'Conv') return false;
    const k =
      ints(n.attributes, 'kernel_shape') ?? model.initializers.get(n.inputs[1])?.dims.slice(2);
    return (k?.length ?? 0) >= 3;
  });
  if (conv3d) {
    throw new ModelError(
      `${nodeLabel(conv3d)} is a 3-D convolution; dilation-lab analyses 1-D and 2-D models`,
    );
  }
  if (shape.length !== 3 && shape.length !== 4) {
    throw new ModelError(
      `input ${JSON.stringify(input.name)} has shape ${JSON.stringify(shape)}: dilation-lab analyses 1-D [N, C, L] and 2-D [N, C, H, W] inputs`,
    );
  }
  const dims = (shape.length - 2) as 1 | 2;
  const channelsIn = shape[1];
  if (typeof channelsIn !== 'number' || channelsIn < 1) {
    throw new ModelError(
      `input ${JSON.stringify(input.name)} has no fixed channel count (shape ${JSON.stringify(shape)})`,
    );
  }
  let size: number[] | null = null;
  if (options.inputSize) {
    const given =
      options.inputSize.length === 1 && dims === 2
        ? [options.inputSize[0], options.inputSize[0]]
        : options.inputSize;
    if (given.length !== dims || given.some((v) => !Number.isInteger(v) || v < 1)) {
      throw new ModelError(
        `input is ${dims}-D but inputSize is ${JSON.stringify(options.inputSize)} (give ${dims === 1 ? 'L' : 'S or [H, W]'}, positive integers)`,
      );
    }
    size = [...given];
  } else {
    const s = shape.slice(2);
    if (s.every((x) => typeof x === 'number' && x > 0)) size = s as number[];
  }

  const nodes: Mutable<ModelNode>[] = [];
  const placed: Placement[] = [];
  const values = new Map<string, Value>();
  const uses = new Map<string, number>();
  for (const n of model.nodes) for (const i of n.inputs) if (i) uses.set(i, (uses.get(i) ?? 0) + 1);
  for (const o of model.outputs) uses.set(o.name, (uses.get(o.name) ?? 0) + 1);
  const passCounts = new Map<string, number>();
  const spatialTensors: string[] = [];
  const bnFolded = new Set<number>();

  /** Adds a node, places it (the graph's `placeNode`) and returns its id. */
  const addNode = (node: NewNode): number => {
    const id = nodes.length;
    const full = { ...node, id, path: node.name } as Mutable<ModelNode>;
    nodes.push(full);
    placed.push(placeNode(full as ModelNode, placed, dims));
    return id;
  };

  addNode({
    op: 'input',
    inputs: [],
    name: input.name,
    onnxOp: 'input',
    channels: channelsIn,
    outputSize: size,
    folded: [],
  });
  values.set(input.name, { t: 'act', node: 0, pad: null });
  for (const [name, t] of model.initializers)
    values.set(name, {
      t: 'const',
      dims: [...t.dims],
      data: t.data,
      int: INT_TYPES.has(t.dataType),
    });

  const get = (name: string): Value | undefined => (name ? values.get(name) : undefined);
  /** The last tensor name seen for each node (for messages and `output`). */
  const tensorOf = new Map<number, string>();

  const nameOf = (n: OnnxNode) => n.name || `#${n.index} ${n.opType}`;

  /** An activation without a pending pad: a pad no conv absorbs becomes a crop. */
  const settle = (v: Act, n: OnnxNode): number => {
    if (!v.pad) return v.node;
    const from = nodes[v.node];
    const pad = v.pad;
    const sz = from.outputSize
      ? from.outputSize.map((s, a) => s + pad.before[a] + pad.after[a])
      : null;
    return addNode({
      op: 'crop',
      inputs: [v.node],
      name: pad.names.join('+') || nameOf(n),
      onnxOp: 'Pad',
      start: pad.before.map((b) => -b),
      end: pad.after.map((b) => -b),
      channels: from.channels,
      outputSize: sz,
      folded: [],
    });
  };

  const constOf = (name: string): Const | undefined => {
    const v = get(name);
    return v?.t === 'const' ? v : undefined;
  };

  /** The constant operands of a node (every input that is a constant), for pointwise nodes. */
  const constantsOf = (n: OnnxNode): PointwiseConstant[] => {
    const out: PointwiseConstant[] = [];
    n.inputs.forEach((name, index) => {
      const c = constOf(name);
      if (c) out.push({ index, dims: c.dims, data: c.data });
    });
    return out;
  };

  /** A pass-through node after `from` (geometry unchanged), counted in `passThrough`. */
  const pointwiseNode = (
    n: OnnxNode,
    from: number | number[],
    counted: string,
    gain: Float64Array | null = null,
    bias: Float64Array | null = null,
  ): number => {
    countPass(counted);
    const inputs = typeof from === 'number' ? [from] : from;
    const src = nodes[inputs[0]];
    return addNode({
      op: 'pointwise',
      inputs,
      name: nameOf(n),
      onnxOp: n.opType,
      fn: n.opType,
      attributes: plainAttributes(n.attributes),
      constants: constantsOf(n),
      gain,
      bias,
      channels: src.channels,
      outputSize: src.outputSize,
      folded: [],
    });
  };

  const endValue = (n: OnnxNode, act: Act, actName: string, reason: string): End => ({
    t: 'end',
    end: { node: nameOf(n), op: n.opType, index: n.index, reason },
    last: act,
    lastName: actName,
  });

  /** The local inputs of a merge must have one scale; a ModelError naming the merge otherwise. */
  const checkMerge = (n: OnnxNode, parts: readonly number[]) => {
    const local = parts.map((i) => placed[i]).filter((p) => p.local !== false);
    const scales = [...new Set(local.map((p) => p.scale.join('×')))];
    if (scales.length > 1) {
      throw new ModelError(
        `${nodeLabel(n)} merges tensors with different strides (${scales.join(' and ')}); their positions do not line up`,
      );
    }
  };

  for (const n of model.nodes) {
    const ins = n.inputs.map(get);
    const setAll = (v: Value) => {
      for (const o of n.outputs) if (o) values.set(o, v);
      if (v.t === 'act' && !v.pad && n.outputs[0]) tensorOf.set(v.node, n.outputs[0]);
    };
    // Propagate ends and unsupported values first.
    const ended = ins.find((v) => v?.t === 'end') as End | undefined;
    if (ended) {
      setAll(ended);
      continue;
    }
    const bad = ins.find((v) => v?.t === 'bad') as Bad | undefined;
    if (bad) {
      setAll(bad);
      continue;
    }
    const actIndex = ins.findIndex((v) => v?.t === 'act');
    const act = actIndex >= 0 ? (ins[actIndex] as Act) : undefined;
    const actName = actIndex >= 0 ? n.inputs[actIndex] : '';
    const allConst = n.inputs.every((i) => !i || values.get(i)?.t === 'const');
    const op = n.opType;
    if (n.domain && n.domain !== 'ai.onnx') {
      setAll(
        act
          ? badOp(n, `its domain ${JSON.stringify(n.domain)} is not the standard ONNX one`, actName)
          : { t: 'unknown' },
      );
      continue;
    }

    if (op === 'Constant') {
      setAll(constantValue(n));
      continue;
    }
    if (!act) {
      // Constant arithmetic (shape computations); anything else is not spatial.
      setAll(
        allConst ? (foldTyped(n, n.inputs.map(constOf)) ?? { t: 'unknown' }) : { t: 'unknown' },
      );
      continue;
    }
    const actNode = nodes[act.node];

    if (op === 'Shape') {
      const full =
        actNode.outputSize && !act.pad ? [1, actNode.channels, ...actNode.outputSize] : null;
      setAll(
        full
          ? { t: 'const', dims: [full.length], data: Float64Array.from(full), int: true }
          : { t: 'unknown' },
      );
      continue;
    }

    if (op === 'Conv' || op === 'MaxPool' || op === 'AveragePool' || op === 'ConvTranspose') {
      if (actIndex !== 0) {
        setAll(badOp(n, 'its weights are computed by the network, not learned constants', actName));
        continue;
      }
      const id = layerNode(n, act, actName);
      if (typeof id !== 'number') {
        setAll(id);
        continue;
      }
      setAll({ t: 'act', node: id, pad: null });
      if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
      continue;
    }

    if (op === 'BatchNormalization') {
      const [, g, b, mean, variance] = n.inputs.map(constOf);
      if (!g || !b || !mean || !variance) {
        setAll(badOp(n, 'its scale, bias, mean and variance must be constants', actName));
        continue;
      }
      const eps = typeof n.attributes.epsilon === 'number' ? n.attributes.epsilon : 1e-5;
      const C = actNode.channels;
      const a = new Float64Array(C);
      const c = new Float64Array(C);
      for (let i = 0; i < C; i++) {
        a[i] = g.data[i] / Math.sqrt(variance.data[i] + eps);
        c[i] = b.data[i] - mean.data[i] * a[i];
      }
      const src = n.inputs[0];
      if (actNode.op === 'conv' && !act.pad && uses.get(src) === 1 && !bnFolded.has(act.node)) {
        const conv = actNode as Mutable<ModelConvNode>;
        // Folded lazily: the weights stay as decoded, each output channel scaled by a[co].
        const bias = new Float64Array(C);
        for (let co = 0; co < C; co++) bias[co] = (conv.bias ? conv.bias[co] : 0) * a[co] + c[co];
        conv.outputScale = a;
        conv.bias = bias;
        conv.folded = [...conv.folded, nameOf(n)];
        bnFolded.add(act.node);
        setAll({ t: 'act', node: act.node, pad: null });
      } else {
        // A batch norm after no conv: a per-channel affine pass-through (gain a, bias c).
        const id = pointwiseNode(n, settle(act, n), op, a, c);
        setAll({ t: 'act', node: id, pad: null });
      }
      if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
      continue;
    }

    if (op === 'Pad') {
      const mode = str(n.attributes, 'mode', 'constant');
      const padsConst = constOf(n.inputs[1]);
      const pads = padsConst ? Array.from(padsConst.data) : ints(n.attributes, 'pads');
      const rank = dims + 2;
      if (!pads || pads.length !== 2 * rank) {
        setAll(badOp(n, 'its pads are not constants of length 2·rank', actName));
        continue;
      }
      const value = constOf(n.inputs[2]);
      if (pads[0] || pads[1] || pads[rank] || pads[rank + 1]) {
        setAll(badOp(n, 'it pads the batch or channel axis', actName));
        continue;
      }
      if ((value && value.data[0] !== 0) || pads.some((p) => p < 0)) {
        setAll(badOp(n, 'only zero padding by non-negative amounts is supported', actName));
        continue;
      }
      const before = pads.slice(2, rank);
      const after = pads.slice(rank + 2);
      const prev = act.pad;
      setAll({
        t: 'act',
        node: act.node,
        pad: {
          before: before.map((x, a) => x + (prev ? prev.before[a] : 0)),
          after: after.map((x, a) => x + (prev ? prev.after[a] : 0)),
          names: [...(prev?.names ?? []), `${nameOf(n)}${mode === 'constant' ? '' : ` (${mode})`}`],
        },
      });
      continue;
    }

    if (op === 'Split') {
      const rank = dims + 2;
      let axis = int(n.attributes, 'axis', 0);
      if (axis < 0) axis += rank;
      const base = settle(act, n);
      const from = nodes[base];
      const full = axis === 1 ? from.channels : axis >= 2 ? from.outputSize?.[axis - 2] : 1;
      const outs = n.outputs.filter((o) => o);
      const given = n.inputs[1] ? constOf(n.inputs[1]) : undefined;
      let parts: number[] | null = given
        ? Array.from(given.data)
        : (ints(n.attributes, 'split') ?? null);
      if (n.inputs[1] && !given) {
        setAll(badOp(n, 'its split sizes must be constants', actName));
        continue;
      }
      if (!parts && full !== undefined) {
        const k = outs.length;
        const each = Math.ceil(full / k);
        parts = Array.from({ length: k }, (_, i) => Math.max(0, Math.min(each, full - i * each)));
      }
      if (axis === 0 || !parts || parts.length !== outs.length) {
        setAll(
          badOp(
            n,
            axis === 0
              ? 'it splits the batch axis'
              : `its split sizes are not known (axis ${axis}, size unknown: give the input size)`,
            actName,
          ),
        );
        continue;
      }
      let at = 0;
      parts.forEach((count, i) => {
        const o = outs[i];
        let id: number;
        if (axis === 1) {
          id = addNode({
            op: 'select',
            inputs: [base],
            name: `${nameOf(n)}:${i}`,
            onnxOp: op,
            start: at,
            count,
            channels: count,
            outputSize: from.outputSize,
            folded: [],
          });
        } else {
          const a = axis - 2;
          const L = from.outputSize?.[a];
          const start = new Array<number>(dims).fill(0);
          const end = new Array<number>(dims).fill(0);
          start[a] = at;
          end[a] = L === undefined ? Number.NaN : L - at - count;
          const sz = from.outputSize ? [...from.outputSize] : null;
          if (sz) sz[a] = count;
          id = addNode({
            op: 'crop',
            inputs: [base],
            name: `${nameOf(n)}:${i}`,
            onnxOp: op,
            start,
            end,
            channels: from.channels,
            outputSize: sz,
            folded: [],
          });
        }
        at += count;
        values.set(o, { t: 'act', node: id, pad: null });
        tensorOf.set(id, o);
        spatialTensors.push(o);
      });
      continue;
    }

    if (op === 'Slice') {
      const starts = constOf(n.inputs[1]);
      const ends = constOf(n.inputs[2]);
      const axesC = n.inputs[3] ? constOf(n.inputs[3]) : undefined;
      const steps = n.inputs[4] ? constOf(n.inputs[4]) : undefined;
      if (!starts || !ends || (n.inputs[3] && !axesC) || (n.inputs[4] && !steps)) {
        setAll(badOp(n, 'its starts, ends, axes and steps must be constants', actName));
        continue;
      }
      const rank = dims + 2;
      const axes = axesC
        ? Array.from(axesC.data, (x) => (x < 0 ? x + rank : x))
        : Array.from(starts.data, (_, i) => i);
      let base = settle(act, n);
      const from = nodes[base];
      const start = new Array<number>(dims).fill(0);
      const trimmed = new Array<number>(dims).fill(0);
      const newSize = from.outputSize ? [...from.outputSize] : null;
      let channelRange: [number, number] | null = null;
      let problem: string | null = null;
      axes.forEach((axis, i) => {
        const step = steps ? steps.data[i] : 1;
        if (axis === 0) {
          const s0 = starts.data[i];
          const e0 = ends.data[i];
          if (!(s0 === 0 && e0 >= 1) || step !== 1) problem = 'it slices the batch axis';
          return;
        }
        if (step !== 1) {
          problem = `its step on axis ${axis} is ${step} (only 1 is supported)`;
          return;
        }
        if (axis === 1) {
          const C = from.channels;
          let s0 = starts.data[i];
          let e0 = ends.data[i];
          if (s0 < 0) s0 += C;
          if (e0 < 0) e0 += C;
          s0 = Math.min(Math.max(s0, 0), C);
          e0 = Math.min(Math.max(e0, 0), C);
          channelRange = [s0, Math.max(s0, e0)];
          return;
        }
        const a = axis - 2;
        let s = starts.data[i];
        let e = ends.data[i];
        const L = from.outputSize ? from.outputSize[a] : null;
        if (L === null) {
          if (s < 0) {
            problem = `its start on axis ${axis} counts from the end of an axis of unknown size (give the input size)`;
            return;
          }
          trimmed[a] = e < 0 ? -e : e >= 2 ** 31 - 1 ? 0 : Number.NaN;
        } else {
          if (s < 0) s += L;
          if (e < 0) e += L;
          s = Math.min(Math.max(s, 0), L);
          e = Math.min(Math.max(e, 0), L);
          newSize![a] = Math.max(0, e - s);
          trimmed[a] = L - Math.max(s, e);
        }
        start[a] += s;
      });
      if (problem) {
        setAll(badOp(n, problem, actName));
        continue;
      }
      const range = channelRange as [number, number] | null;
      if (range && (range[0] !== 0 || range[1] !== from.channels)) {
        base = addNode({
          op: 'select',
          inputs: [base],
          name: nameOf(n),
          onnxOp: op,
          start: range[0],
          count: range[1] - range[0],
          channels: range[1] - range[0],
          outputSize: from.outputSize,
          folded: [],
        });
      }
      const spatial = start.some((s) => s !== 0) || trimmed.some((t) => t !== 0);
      if (!spatial) {
        if (base === act.node && !act.pad) countPass(`${op} (everything)`);
        setAll({ t: 'act', node: base, pad: null });
        if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
        continue;
      }
      // A chomp (start 0, the end cut off) right after a conv whose output nothing else
      // reads is folded into that conv's padding after: the TCN's causal conv.
      const chompOnly = start.every((s) => s === 0) && trimmed.every((t) => Number.isFinite(t));
      const target = nodes[base];
      if (chompOnly && target.op === 'conv' && uses.get(n.inputs[0]) === 1 && !act.pad) {
        const conv = target as Mutable<ModelConvNode>;
        conv.pad = conv.pad.map((p, a) => [p[0], p[1] - trimmed[a]] as const);
        conv.computedSize = conv.outputSize;
        conv.outputSize = newSize;
        conv.folded = [...conv.folded, nameOf(n)];
        setAll({ t: 'act', node: base, pad: null });
        continue;
      }
      const id = addNode({
        op: 'crop',
        inputs: [base],
        name: nameOf(n),
        onnxOp: op,
        start,
        end: trimmed,
        channels: target.channels,
        outputSize: newSize,
        folded: [],
      });
      setAll({ t: 'act', node: id, pad: null });
      continue;
    }

    if (
      op === 'Add' ||
      op === 'Sum' ||
      op === 'Sub' ||
      op === 'Mul' ||
      op === 'Div' ||
      op === 'Max' ||
      op === 'Min' ||
      op === 'Mean'
    ) {
      const acts = ins.filter((v): v is Act => v?.t === 'act');
      const distinct = [...new Set(acts.map((v) => settle(v, n)))];
      if (distinct.length === 1) {
        const id = pointwiseNode(n, distinct, `${op} (with a constant or itself)`);
        setAll({ t: 'act', node: id, pad: null });
        continue;
      }
      // Pointwise functions of one activation combined (Gelu as torch exports it,
      // x·½(1 + erf(x/√2))): itself a pointwise op of that activation.
      const roots = distinct.map((i) => pointwiseRoot(nodes, i));
      if (roots.every((r) => r === roots[0])) {
        const id = pointwiseNode(n, distinct, `${op} (of one activation)`);
        setAll({ t: 'act', node: id, pad: null });
        continue;
      }
      checkMerge(n, distinct);
      const linear = op === 'Add' || op === 'Sum' || op === 'Sub' || op === 'Mean';
      const channels = Math.max(...distinct.map((i) => nodes[i].channels));
      const sizes = distinct.map((i) => nodes[i].outputSize).filter((s) => s?.some((x) => x > 1));
      const id = addNode({
        op: linear ? 'sum' : 'gate',
        inputs: distinct,
        name: nameOf(n),
        onnxOp: op,
        channels,
        outputSize: (sizes[0] as Axes | undefined) ?? actNode.outputSize,
        folded: [],
      });
      setAll({ t: 'act', node: id, pad: null });
      if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
      continue;
    }

    if (op === 'Concat') {
      const rank = dims + 2;
      let axis = int(n.attributes, 'axis', 1);
      if (axis < 0) axis += rank;
      if (axis !== 1) {
        setAll(badOp(n, `it concatenates along axis ${axis}, not the channel axis`, actName));
        continue;
      }
      if (ins.some((v) => v?.t !== 'act')) {
        setAll(badOp(n, 'it concatenates activations with constants', actName));
        continue;
      }
      const parts = (ins as Act[]).map((v) => settle(v, n));
      checkMerge(n, parts);
      const sizes = parts.map((i) => nodes[i].outputSize).filter((s) => s?.some((x) => x > 1));
      const id = addNode({
        op: 'concat',
        inputs: parts,
        name: nameOf(n),
        onnxOp: op,
        channels: parts.reduce((s, i) => s + nodes[i].channels, 0),
        outputSize: (sizes[0] as Axes | undefined) ?? actNode.outputSize,
        folded: [],
      });
      setAll({ t: 'act', node: id, pad: null });
      if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
      continue;
    }

    if (
      op === 'GlobalAveragePool' ||
      op === 'GlobalMaxPool' ||
      op === 'GlobalLpPool' ||
      op === 'ReduceMean' ||
      op === 'ReduceMax' ||
      op === 'ReduceSum'
    ) {
      if (op.startsWith('Reduce')) {
        const rank = dims + 2;
        const axesIn = n.inputs[1] ? constOf(n.inputs[1]) : undefined;
        const axes = (axesIn ? Array.from(axesIn.data) : (ints(n.attributes, 'axes') ?? [])).map(
          (x) => (x < 0 ? x + rank : x),
        );
        const spatial = Array.from({ length: dims }, (_, a) => a + 2);
        const keep = int(n.attributes, 'keepdims', 1) === 1;
        const sameAxes = axes.length === dims && spatial.every((a) => axes.includes(a));
        if (!sameAxes || !keep) {
          setAll(
            endValue(
              n,
              act,
              actName,
              sameAxes
                ? 'it reduces the spatial axes away (keepdims 0)'
                : 'it reduces over non-spatial axes',
            ),
          );
          continue;
        }
      }
      const id = addNode({
        op: 'global',
        inputs: [settle(act, n)],
        name: nameOf(n),
        onnxOp: op,
        channels: actNode.channels,
        outputSize: new Array(dims).fill(1),
        folded: [],
      });
      setAll({ t: 'act', node: id, pad: null });
      if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
      continue;
    }

    if (op === 'Resize' || op === 'Upsample') {
      const src = settle(act, n);
      const from = nodes[src];
      const scalesC = op === 'Upsample' ? constOf(n.inputs[1]) : constOf(n.inputs[2]);
      const sizesC = op === 'Resize' ? constOf(n.inputs[3]) : undefined;
      let outSize: number[] | null = null;
      let factors: number[] | null = null;
      const fromSize = from.outputSize;
      if (sizesC && sizesC.data.length === dims + 2) {
        outSize = Array.from(sizesC.data.slice(2));
        if (fromSize) factors = outSize.map((s, a) => s / fromSize[a]);
      } else if (scalesC && scalesC.data.length === dims + 2) {
        factors = Array.from(scalesC.data.slice(2));
        if (fromSize) outSize = fromSize.map((s, a) => Math.floor(s * factors![a]));
      }
      const isGlobal = placed[src].local === false || (fromSize?.every((s) => s === 1) ?? false);
      if (isGlobal) {
        const id = addNode({
          op: 'global',
          inputs: [src],
          name: nameOf(n),
          onnxOp: op,
          channels: from.channels,
          outputSize: outSize,
          folded: [],
        });
        setAll({ t: 'act', node: id, pad: null });
        if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
        continue;
      }
      if (factors?.every((f) => f === 1)) {
        const id = pointwiseNode(n, src, `${op} (scale 1)`);
        setAll({ t: 'act', node: id, pad: null });
        continue;
      }
      const down = factors ? downsampling(n, factors) : null;
      if (down && typeof down !== 'string') {
        const id = addNode({
          op: 'resize',
          inputs: [src],
          name: nameOf(n),
          onnxOp: op,
          ...down,
          channels: from.channels,
          outputSize: fromSize ? fromSize.map((L, a) => Math.floor(L / down.factor[a])) : null,
          folded: [],
        });
        setAll({ t: 'act', node: id, pad: null });
        if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
        continue;
      }
      const how = factors
        ? `by ${factors.map((f) => Number(f.toFixed(4))).join('×')}`
        : 'by a factor unknown here';
      setAll(
        endValue(
          n,
          act,
          actName,
          `it resizes ${how}${typeof down === 'string' ? ` (${down})` : ''}; only integer downsampling (scale 1/k, nearest or linear) is supported, so the analysis ends at its input`,
        ),
      );
      continue;
    }

    if (ENDING_OPS.has(op)) {
      setAll(endValue(n, act, actName, 'the spatial part of the model ends here'));
      continue;
    }

    if (POINTWISE_OPS.has(op)) {
      if (actIndex !== 0 && op !== 'PRelu') {
        setAll(badOp(n, 'its activation is not its first input', actName));
        continue;
      }
      // ONNX runs a pending Pad before this op, so the border the next conv reads holds
      // f(0). When f(0) = 0 the pad may stay pending after the op (a conv absorbs it, and
      // the layer table shows it as the conv's padding); otherwise the pad is settled first
      // (a crop adding zeros) and the op reads the padded map, as ONNX does.
      const keepsZero = keepsZeroAtZero(n, op, constOf);
      const from = act.pad && !keepsZero ? settle(act, n) : act.node;
      const id = pointwiseNode(n, from, op);
      const v: Act = { t: 'act', node: id, pad: keepsZero ? act.pad : null };
      values.set(n.outputs[0], v);
      if (!v.pad && n.outputs[0]) tensorOf.set(id, n.outputs[0]);
      for (const o of n.outputs.slice(1)) if (o) values.set(o, { t: 'unknown' });
      continue;
    }

    setAll(badOp(n, 'this op is not supported', actName));
  }

  function countPass(op: string) {
    passCounts.set(op, (passCounts.get(op) ?? 0) + 1);
  }

  function badOp(n: OnnxNode, why: string, suggestion: string): Bad {
    return { t: 'bad', node: n, why, suggestion: suggestion || null };
  }

  function layerNode(n: OnnxNode, x: Act, actName: string): number | Bad | End {
    const isConv = n.opType === 'Conv';
    const isTransposed = n.opType === 'ConvTranspose';
    const hasWeights = isConv || isTransposed;
    const attrs = n.attributes;
    const from = nodes[x.node];
    let weights: Const | undefined;
    let bias: Const | undefined;
    let kernel: number[];
    let groups = 1;
    let channelsOut = from.channels;
    if (hasWeights) {
      weights = constOf(n.inputs[1]);
      bias = n.inputs[2] ? constOf(n.inputs[2]) : undefined;
      if (!weights || (n.inputs[2] && !bias)) {
        return badOp(n, 'its weights must be constants (initialisers)', n.inputs[0]);
      }
      kernel = ints(attrs, 'kernel_shape') ?? weights.dims.slice(2);
      groups = int(attrs, 'group', 1);
      // ConvTranspose weights are [C_in, C_out/groups, ...kernel].
      channelsOut = isTransposed ? weights.dims[1] * groups : weights.dims[0];
      const inChannels = isTransposed ? weights.dims[0] : weights.dims[1] * groups;
      if (weights.dims.length !== dims + 2 || kernel.length !== dims) {
        throw new ModelError(
          `${nodeLabel(n)} has weights of shape ${JSON.stringify(weights.dims)} on a ${dims}-D input`,
        );
      }
      if (inChannels !== from.channels) {
        throw new ModelError(
          `${nodeLabel(n)} expects ${inChannels} input channels (weights ${JSON.stringify(weights.dims)}, group ${groups}) but its input has ${from.channels}`,
        );
      }
    } else {
      kernel = ints(attrs, 'kernel_shape') ?? [];
      if (kernel.length !== dims) {
        throw new ModelError(
          `${nodeLabel(n)} has kernel_shape ${JSON.stringify(kernel)} on a ${dims}-D input`,
        );
      }
    }
    const dilation = ints(attrs, 'dilations') ?? new Array(dims).fill(1);
    const stride = ints(attrs, 'strides') ?? new Array(dims).fill(1);
    const pads = ints(attrs, 'pads') ?? new Array(2 * dims).fill(0);
    const autoPad = str(attrs, 'auto_pad', 'NOTSET');
    for (const [field, list, min] of [
      ['dilations', dilation, 1],
      ['strides', stride, 1],
      ['kernel_shape', kernel, 1],
    ] as const) {
      if (list.length !== dims || list.some((v) => !Number.isInteger(v) || v < min)) {
        throw new ModelError(`${nodeLabel(n)} has ${field} ${JSON.stringify(list)}`);
      }
    }
    const padded = x.pad;
    if (isTransposed)
      return transposedNode(
        n,
        x,
        actName,
        weights!,
        bias,
        kernel,
        dilation,
        stride,
        pads,
        autoPad,
        groups,
        channelsOut,
      );
    const inSize = from.outputSize
      ? from.outputSize.map((s, a) => s + (padded ? padded.before[a] + padded.after[a] : 0))
      : null;
    let padBefore: number[];
    let padAfter: number[];
    if (autoPad === 'VALID') {
      padBefore = new Array(dims).fill(0);
      padAfter = new Array(dims).fill(0);
    } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      padBefore = [];
      padAfter = [];
      for (let a = 0; a < dims; a++) {
        const span = (kernel[a] - 1) * dilation[a] + 1;
        let total: number;
        if (stride[a] === 1) total = span - 1;
        else if (inSize) {
          const out = Math.ceil(inSize[a] / stride[a]);
          total = Math.max((out - 1) * stride[a] + span - inSize[a], 0);
        } else {
          throw new ModelError(
            `${nodeLabel(n)} uses auto_pad ${autoPad} with stride ${stride[a]}, whose padding depends on the input size: give the input size`,
          );
        }
        const small = Math.floor(total / 2);
        padBefore.push(autoPad === 'SAME_UPPER' ? small : total - small);
        padAfter.push(autoPad === 'SAME_UPPER' ? total - small : small);
      }
    } else if (autoPad === 'NOTSET') {
      if (pads.length !== 2 * dims)
        throw new ModelError(`${nodeLabel(n)} has pads ${JSON.stringify(pads)}`);
      padBefore = pads.slice(0, dims);
      padAfter = pads.slice(dims);
    } else {
      throw new ModelError(`${nodeLabel(n)} has auto_pad ${JSON.stringify(autoPad)}`);
    }
    const folded: string[] = [];
    if (padded) {
      padBefore = padBefore.map((p, a) => p + padded.before[a]);
      padAfter = padAfter.map((p, a) => p + padded.after[a]);
      folded.push(...padded.names);
    }
    const ceilMode = !isConv && int(attrs, 'ceil_mode', 0) === 1;
    const pad = padBefore.map((b, a) => [b, padAfter[a]] as const);
    const outSize = from.outputSize
      ? sizeAfter(n, from.outputSize, kernel, dilation, stride, pad, ceilMode)
      : null;
    if (!isConv) {
      return addNode({
        op: 'pool',
        inputs: [x.node],
        name: nameOf(n),
        onnxOp: n.opType,
        mode: n.opType === 'MaxPool' ? 'max' : 'avg',
        size: kernel,
        dilation,
        stride,
        padding: pad,
        pad,
        ceilMode,
        countIncludePad: int(attrs, 'count_include_pad', 0) === 1,
        folded,
        channels: from.channels,
        outputSize: outSize,
      });
    }
    const w = weights!;
    if (w.dims.slice(2).some((k, a) => k !== kernel[a])) {
      throw new ModelError(
        `${nodeLabel(n)} has kernel_shape ${JSON.stringify(kernel)} but weights ${JSON.stringify(w.dims)}`,
      );
    }
    return convNode(
      n,
      x.node,
      w.data,
      bias,
      kernel,
      dilation,
      stride,
      pad,
      groups,
      channelsOut,
      folded,
      outSize,
    );
  }

  /** The output size of a window on a map of `L` per axis (`windowOutputs`); a ModelError when the window does not fit. */
  function sizeAfter(
    n: OnnxNode,
    L: Axes,
    kernel: readonly number[],
    dilation: readonly number[],
    stride: readonly number[],
    pad: readonly (readonly [number, number])[],
    ceilMode: boolean,
  ): number[] {
    L.forEach((l, a) => {
      const span = (kernel[a] - 1) * dilation[a] + 1;
      if (l + pad[a][0] + pad[a][1] < span) {
        throw new ModelError(
          `${nodeLabel(n)} has a kernel spanning ${span} on an axis of ${l + pad[a][0] + pad[a][1]} (padded): the input is too small`,
        );
      }
    });
    return windowOutputs(L, { size: kernel, dilation, stride, pad, ceilMode });
  }

  function convNode(
    n: OnnxNode,
    input: number,
    raw: Float32Array | Float64Array,
    bias: Const | undefined,
    kernel: number[],
    dilation: number[],
    stride: number[],
    pad: readonly (readonly [number, number])[],
    groups: number,
    channelsOut: number,
    folded: string[],
    outSize: number[] | null,
    transposed?: boolean,
  ): number {
    const from = nodes[input];
    const conv = {
      op: 'conv',
      inputs: [input],
      name: nameOf(n),
      onnxOp: n.opType,
      size: kernel,
      dilation,
      stride,
      padding: pad,
      pad,
      groups,
      channelsIn: from.channels,
      raw,
      // replaced by a lazy WeightTensor once the batch norm after it is known (finish)
      weights: {
        shape: [channelsOut, from.channels / groups, ...kernel],
        data: new Float64Array(0),
      },
      outputScale: null,
      bias: bias ? Float64Array.from(bias.data) : null,
      parameters: raw.length + (bias ? bias.data.length : 0),
      folded,
      channels: channelsOut,
      outputSize: outSize,
      ...(transposed ? { transposed: true } : {}),
    } as const;
    return addNode(conv as NewNode);
  }

  /**
   * A ConvTranspose of stride 1 is a conv: output o reads inputs o + pad_b − t·d, so with
   * the kernel flipped (n = k−1−t, the in/out channel axes swapped per group) it reads
   * o − before + n·d with before = d(k−1) − pad_b, after = d(k−1) − pad_e + output_padding.
   * A larger stride upsamples (scale below 1): the analysis ends at its input.
   */
  function transposedNode(
    n: OnnxNode,
    x: Act,
    actName: string,
    w: Const,
    bias: Const | undefined,
    kernel: number[],
    dilation: number[],
    stride: number[],
    pads: number[],
    autoPad: string,
    groups: number,
    channelsOut: number,
  ): number | Bad | End {
    if (stride.some((s) => s !== 1)) {
      return endValue(
        n,
        x,
        actName,
        `it is a transposed convolution with stride ${stride.join('×')}, which upsamples (scale below 1); not supported yet, so the analysis ends at its input`,
      );
    }
    if (autoPad !== 'NOTSET' && autoPad !== 'VALID') {
      return badOp(n, `its auto_pad ${autoPad} is not supported for ConvTranspose`, actName);
    }
    if (n.attributes.output_shape !== undefined) {
      return badOp(n, 'its output_shape attribute is not supported (give pads)', actName);
    }
    const outPad = ints(n.attributes, 'output_padding') ?? new Array(dims).fill(0);
    const p = autoPad === 'VALID' ? new Array(2 * dims).fill(0) : pads;
    let pad = kernel.map(
      (k, a) =>
        [dilation[a] * (k - 1) - p[a], dilation[a] * (k - 1) - p[dims + a] + outPad[a]] as const,
    );
    const folded: string[] = [];
    if (x.pad) {
      const pd = x.pad;
      pad = pad.map((q, a) => [q[0] + pd.before[a], q[1] + pd.after[a]] as const);
      folded.push(...pd.names);
    }
    const cIn = w.dims[0];
    const cOutG = w.dims[1];
    const cInG = cIn / groups;
    const per = kernel.reduce((a, b) => a * b, 1);
    const flipped = new Float64Array(w.data.length);
    for (let g = 0; g < groups; g++) {
      for (let j = 0; j < cInG; j++) {
        for (let o = 0; o < cOutG; o++) {
          const src = ((g * cInG + j) * cOutG + o) * per;
          const dst = ((g * cOutG + o) * cInG + j) * per;
          for (let t = 0; t < per; t++) flipped[dst + per - 1 - t] = w.data[src + t];
        }
      }
    }
    const from = nodes[x.node];
    const outSize = from.outputSize
      ? sizeAfter(n, from.outputSize, kernel, dilation, stride, pad, false)
      : null;
    return convNode(
      n,
      x.node,
      flipped,
      bias,
      kernel,
      dilation,
      stride,
      pad,
      groups,
      channelsOut,
      folded,
      outSize,
      true,
    );
  }

  /**
   * An integer downsampling Resize as a window: scale 1/f per axis (f an integer ≥ 2, or 1).
   * Output p samples input x = p·f (asymmetric) or x = p·f + (f − 1)/2 (half_pixel,
   * pytorch_half_pixel); nearest (floor, or round_prefer_floor / round_prefer_ceil) is one
   * tap, linear the two neighbours of a half-integer x with ½ each (one tap when x is an
   * integer). Returns why not, as text, for anything else.
   */
  function downsampling(
    n: OnnxNode,
    factors: readonly number[],
  ):
    | {
        mode: 'nearest' | 'linear';
        factor: number[];
        start: number[];
        size: number[];
        weights: number[][];
      }
    | string {
    const mode = str(n.attributes, 'mode', 'nearest');
    const ctm = str(
      n.attributes,
      'coordinate_transformation_mode',
      n.opType === 'Upsample' ? 'asymmetric' : 'half_pixel',
    );
    const nearest = str(n.attributes, 'nearest_mode', 'round_prefer_floor');
    if (n.opType === 'Resize' && n.attributes.antialias === 1) return 'antialiased';
    if (mode !== 'nearest' && mode !== 'linear') return `mode ${mode}`;
    const factor: number[] = [];
    for (const s of factors) {
      const f = Math.round(1 / s);
      if (s > 1) return 'it upsamples: the scale would fall below 1, not supported yet';
      // float32 scales: 1/3 is stored as 0.33333334
      if (!(s > 0) || Math.abs(f * s - 1) > 1e-6) return `scale ${s} is not 1/integer`;
      factor.push(f);
    }
    if (ctm !== 'asymmetric' && ctm !== 'half_pixel' && ctm !== 'pytorch_half_pixel')
      return `coordinate_transformation_mode ${ctm}`;
    const start: number[] = [];
    const size: number[] = [];
    const weights: number[][] = [];
    for (const f of factor) {
      const x2 = ctm === 'asymmetric' ? 0 : f - 1; // 2·(x − p·f)
      if (mode === 'linear' || x2 % 2 === 0) {
        if (x2 % 2 === 0) {
          start.push(x2 / 2);
          size.push(1);
          weights.push([1]);
        } else {
          start.push((x2 - 1) / 2);
          size.push(2);
          weights.push([0.5, 0.5]);
        }
        continue;
      }
      // nearest on a half-integer: the rounding rule decides
      if (nearest === 'round_prefer_floor' || nearest === 'floor') start.push((x2 - 1) / 2);
      else if (nearest === 'round_prefer_ceil' || nearest === 'ceil') start.push((x2 + 1) / 2);
      else return `nearest_mode ${nearest}`;
      size.push(1);
      weights.push([1]);
    }
    return { mode, factor, start, size, weights };
  }

  // The tensor to analyse.
  let chosen: string;
  let value: Value | undefined;
  let end: AnalysisEnd | null = null;
  if (options.output !== undefined) {
    chosen = options.output;
    value = values.get(chosen);
    if (!value || value.t === 'const' || value.t === 'unknown') {
      throw new ModelError(
        `has no spatial tensor named ${JSON.stringify(chosen)} (output); some that it has: ${spatialTensors
          .slice(-5)
          .map((s) => JSON.stringify(s))
          .join(', ')}`,
      );
    }
    if (value.t === 'end') {
      throw new ModelError(
        `tensor ${JSON.stringify(chosen)} (output) comes after node ${JSON.stringify(value.end.node)} (#${value.end.index}, ${value.end.op}), where the analysis ends: ${value.end.reason}; its input is ${JSON.stringify(value.lastName)}`,
      );
    }
  } else {
    const out = model.outputs.find((o) => {
      const v = values.get(o.name);
      return v && v.t !== 'const' && v.t !== 'unknown';
    });
    if (!out)
      throw new ModelError('has no output that depends on its input through spatial layers');
    chosen = out.name;
    value = values.get(chosen)!;
    if (value.t === 'end') {
      end = value.end;
      chosen = value.lastName;
      value = value.last;
      // A global pool right before the end (…→ GlobalAveragePool → Flatten → Gemm): analyse
      // the map it pools, whose every position it sees.
      let pooled = nodes[value.node];
      while (pooled.op === 'pointwise') pooled = nodes[pooled.inputs[0]];
      if (pooled.op === 'global' && !value.pad && pooled.outputSize?.every((s) => s === 1)) {
        const inner = nodes[pooled.inputs[0]];
        end = {
          ...end,
          reason: `${end.reason}, after the global pool ${JSON.stringify(pooled.name)} (${pooled.onnxOp}), which sees the whole map analysed here`,
        };
        chosen = tensorOf.get(inner.id) ?? inner.name;
        value = { t: 'act', node: inner.id, pad: null };
      }
    }
  }
  if (value.t === 'bad') {
    const hint = value.suggestion ? ` (e.g. --output ${JSON.stringify(value.suggestion)})` : '';
    throw new ModelError(
      `${nodeLabel(value.node)}: ${value.why}; analyse an earlier tensor with --output NAME${hint}`,
    );
  }
  if (value.t !== 'act') throw new ModelError(`output ${JSON.stringify(chosen)} is not spatial`);
  const last = value.pad ? settle(value, model.nodes[model.nodes.length - 1]) : value.node;
  if (nodes.length > MODEL_LIMITS.maxNodes) {
    throw new ModelError(`has ${nodes.length} layers, over the limit of ${MODEL_LIMITS.maxNodes}`);
  }
  const graph = prune(nodes, last, dims);
  return {
    dims,
    graphName: model.graphName,
    producer: model.producer,
    opset: model.opset,
    input: { name: input.name, shape },
    output: chosen,
    graph,
    nodes: graph.nodes,
    outputNode: graph.output,
    passThrough: [...passCounts].map(([op, count]): PassThrough => ({ op, count })),
    end,
    spatialTensors,
  };
}

/**
 * Keeps the nodes `last` depends on, renumbered in order, gives every conv its lazy
 * effective weights, and places them (the graph's `placeNodes`).
 */
function prune(nodes: Mutable<ModelNode>[], last: number, dims: 1 | 2): ModelGraph {
  const keep = new Uint8Array(nodes.length);
  const stack = [last];
  keep[0] = 1;
  while (stack.length) {
    const i = stack.pop()!;
    if (keep[i] && i !== last) continue;
    keep[i] = 1;
    for (const j of nodes[i].inputs) if (!keep[j]) stack.push(j);
  }
  const map = new Int32Array(nodes.length).fill(-1);
  const out: ModelNode[] = [];
  nodes.forEach((n, i) => {
    if (!keep[i]) return;
    map[i] = out.length;
    const m = { ...n, id: out.length, inputs: n.inputs.map((j) => map[j]) } as Mutable<ModelNode>;
    if (m.op === 'conv') m.weights = lazyWeights(m);
    out.push(m);
  });
  return { dims, nodes: out, output: map[last], placements: placeNodes(dims, out) };
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = s;
    s *= shape[k];
  }
  return out;
}

function constantValue(n: OnnxNode): Value {
  const a = n.attributes;
  const t = a.value as Tensor | undefined;
  if (t && typeof t === 'object' && 'data' in t)
    return { t: 'const', dims: [...t.dims], data: t.data, int: INT_TYPES.has(t.dataType) };
  if (typeof a.value_float === 'number')
    return { t: 'const', dims: [], data: Float64Array.of(a.value_float) };
  if (typeof a.value_int === 'number')
    return { t: 'const', dims: [], data: Float64Array.of(a.value_int), int: true };
  if (Array.isArray(a.value_floats))
    return {
      t: 'const',
      dims: [a.value_floats.length],
      data: Float64Array.from(a.value_floats as number[]),
    };
  if (Array.isArray(a.value_ints))
    return {
      t: 'const',
      dims: [a.value_ints.length],
      data: Float64Array.from(a.value_ints as number[]),
    };
  return { t: 'unknown' };
}

/**
 * `foldConst` with element types: an integer result (every constant input integer, a Cast
 * to an integer type, a ConstantOfShape of an integer value) is marked `int`, and an
 * integer Div truncates (torch's `chunk` computes its split sizes as (C + 1) / 2 in int64).
 */
function foldTyped(n: OnnxNode, ins: (Const | undefined)[]): Const | undefined {
  const out = foldConst(n, ins);
  if (!out) return out;
  let int: boolean;
  if (n.opType === 'Cast') int = INT_TYPES.has(int0(n.attributes.to));
  else if (n.opType === 'ConstantOfShape') {
    const v = n.attributes.value as Tensor | undefined;
    int = v ? INT_TYPES.has(v.dataType) : false;
  } else if (n.opType === 'Shape') int = true;
  else int = ins.every((c) => !c || c.int === true) && ins.some((c) => c);
  if (n.opType === 'Div' && int) return { ...out, data: out.data.map(Math.trunc), int };
  if (n.opType === 'Cast' && int) return { ...out, data: out.data.map(Math.trunc), int };
  return { ...out, int };
}

function int0(v: AttributeValue | undefined): number {
  return typeof v === 'number' ? v : -1;
}

/** Folds the constant arithmetic torch emits around shapes; undefined when it cannot. */
function foldConst(n: OnnxNode, ins: (Const | undefined)[]): Const | undefined {
  const [a, b] = ins;
  const op = n.opType;
  const elementwise = (f: (x: number, y: number) => number): Const | undefined => {
    if (!a || !b) return undefined;
    const len = Math.max(a.data.length, b.data.length);
    if (a.data.length !== len && a.data.length !== 1) return undefined;
    if (b.data.length !== len && b.data.length !== 1) return undefined;
    const out = new Float64Array(len);
    for (let i = 0; i < len; i++)
      out[i] = f(a.data[a.data.length === 1 ? 0 : i], b.data[b.data.length === 1 ? 0 : i]);
    return { t: 'const', dims: a.data.length === len ? a.dims : b.dims, data: out };
  };
  switch (op) {
    case 'Identity':
    case 'Cast':
      return a;
    case 'Unsqueeze':
    case 'Squeeze':
    case 'Flatten':
      return a ? { t: 'const', dims: [a.data.length], data: a.data } : undefined;
    case 'Reshape': {
      if (!a || !b) return undefined;
      const want = Array.from(b.data, (d, i) => (d === 0 ? (a.dims[i] ?? 1) : d));
      const known = want.filter((d) => d !== -1).reduce((x, y) => x * y, 1);
      const shape = want.map((d) => (d === -1 ? a.data.length / known : d));
      return product(shape) === a.data.length
        ? { t: 'const', dims: shape, data: a.data }
        : undefined;
    }
    case 'Transpose': {
      if (!a) return undefined;
      const r = a.dims.length;
      const perm = ints(n.attributes, 'perm') ?? a.dims.map((_, i) => r - 1 - i);
      const shape = perm.map((p) => a.dims[p]);
      const out = new Float64Array(a.data.length);
      const inStrides = strides(a.dims);
      const outStrides = strides(shape);
      for (let i = 0; i < out.length; i++) {
        let src = 0;
        for (let k = 0; k < r; k++)
          src += (Math.floor(i / outStrides[k]) % shape[k]) * inStrides[perm[k]];
        out[i] = a.data[src];
      }
      return { t: 'const', dims: shape, data: out };
    }
    case 'Floor':
      return a ? { t: 'const', dims: a.dims, data: a.data.map(Math.floor) } : undefined;
    case 'Ceil':
      return a ? { t: 'const', dims: a.dims, data: a.data.map(Math.ceil) } : undefined;
    case 'Add':
      return elementwise((x, y) => x + y);
    case 'Sub':
      return elementwise((x, y) => x - y);
    case 'Mul':
      return elementwise((x, y) => x * y);
    case 'Div':
      return elementwise((x, y) => x / y);
    case 'Concat': {
      if (ins.some((c) => !c)) return undefined;
      const parts = ins as Const[];
      const data = new Float64Array(parts.reduce((s, c) => s + c.data.length, 0));
      let o = 0;
      for (const c of parts) {
        data.set(c.data, o);
        o += c.data.length;
      }
      return { t: 'const', dims: [data.length], data };
    }
    case 'Gather': {
      if (!a || !b || a.dims.length > 1) return undefined;
      const idx = Array.from(b.data, (i) => (i < 0 ? i + a.data.length : i));
      return { t: 'const', dims: b.dims, data: Float64Array.from(idx, (i) => a.data[i]) };
    }
    case 'Slice': {
      const [, starts, ends, axesC, stepsC] = ins;
      if (!a || !starts || !ends) return undefined;
      const r = a.dims.length;
      const lo = a.dims.map(() => 0);
      const step = a.dims.map(() => 1);
      const count = [...a.dims];
      for (let i = 0; i < starts.data.length; i++) {
        let ax = axesC ? axesC.data[i] : i;
        if (ax < 0) ax += r;
        const L = a.dims[ax];
        const st = stepsC ? stepsC.data[i] : 1;
        if (st === 0) return undefined;
        let s0 = starts.data[i];
        let e0 = ends.data[i];
        if (s0 < 0) s0 += L;
        if (e0 < 0) e0 += L;
        if (st > 0) {
          s0 = Math.min(Math.max(s0, 0), L);
          e0 = Math.min(Math.max(e0, 0), L);
          count[ax] = Math.max(0, Math.ceil((e0 - s0) / st));
        } else {
          s0 = Math.min(Math.max(s0, -1), L - 1);
          e0 = Math.min(Math.max(e0, -1), L - 1);
          count[ax] = Math.max(0, Math.ceil((e0 - s0) / st));
        }
        lo[ax] = s0;
        step[ax] = st;
      }
      const inStrides = strides(a.dims);
      const outStrides = strides(count);
      const out = new Float64Array(product(count));
      for (let i = 0; i < out.length; i++) {
        let src = 0;
        for (let k = 0; k < r; k++)
          src += (lo[k] + (Math.floor(i / outStrides[k]) % count[k]) * step[k]) * inStrides[k];
        out[i] = a.data[src];
      }
      return { t: 'const', dims: count, data: out };
    }
    case 'ConstantOfShape': {
      if (!a) return undefined;
      const v = n.attributes.value as Tensor | undefined;
      const len = product(Array.from(a.data));
      if (!Number.isSafeInteger(len) || len > 1 << 20) return undefined;
      return {
        t: 'const',
        dims: Array.from(a.data),
        data: new Float64Array(len).fill(v ? v.data[0] : 0),
      };
    }
    default:
      return undefined;
  }
}
