/**
 * A decoded ONNX graph to layers (see types.ts): one pass over the nodes in graph order
 * (ONNX requires topological order), each tensor becoming a constant, an activation (a
 * layer node and a pending zero padding), the end of the spatial part, or unsupported.
 * Shape arithmetic on constants (Shape, Gather, Concat, Slice... as torch exports them
 * around Resize) is folded here.
 */
import type { AttributeValue, OnnxModel, OnnxNode } from './decode.ts';
import { ModelError } from './errors.ts';
import { MODEL_LIMITS } from './limits.ts';
import type { Tensor } from './tensor.ts';
import {
  type AnalysisEnd,
  type Axes,
  type ConvNode,
  type ImportedModel,
  inputsOf,
  type ModelNode,
  type PassThrough,
} from './types.ts';

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
}
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
  const values = new Map<string, Value>();
  const uses = new Map<string, number>();
  for (const n of model.nodes) for (const i of n.inputs) if (i) uses.set(i, (uses.get(i) ?? 0) + 1);
  for (const o of model.outputs) uses.set(o.name, (uses.get(o.name) ?? 0) + 1);
  const passCounts = new Map<string, number>();
  const spatialTensors: string[] = [];
  const bnFolded = new Set<number>();

  nodes.push({ id: 0, kind: 'input', name: input.name, op: 'input', channels: channelsIn, size });
  values.set(input.name, { t: 'act', node: 0, pad: null });
  for (const [name, t] of model.initializers)
    values.set(name, { t: 'const', dims: [...t.dims], data: t.data });

  const get = (name: string): Value | undefined => (name ? values.get(name) : undefined);
  /** The last tensor name seen for each node (for messages and `output`). */
  const tensorOf = new Map<number, string>();

  const addNode = (node: Mutable<ModelNode>): number => {
    node.id = nodes.length;
    nodes.push(node);
    return node.id;
  };

  const nameOf = (n: OnnxNode) => n.name || `#${n.index} ${n.opType}`;

  /** An activation without a pending pad: a pad no conv absorbs becomes a crop. */
  const settle = (v: Act, n: OnnxNode): number => {
    if (!v.pad) return v.node;
    const from = nodes[v.node];
    const start = v.pad.before.map((b) => -b);
    const sz = from.size ? from.size.map((s, a) => s + v.pad!.before[a] + v.pad!.after[a]) : null;
    return addNode({
      id: 0,
      kind: 'crop',
      name: v.pad.names.join('+') || nameOf(n),
      op: 'Pad',
      input: v.node,
      start,
      channels: from.channels,
      size: sz,
    });
  };

  const constOf = (name: string): Const | undefined => {
    const v = get(name);
    return v?.t === 'const' ? v : undefined;
  };

  const endValue = (n: OnnxNode, act: Act, actName: string, reason: string): End => ({
    t: 'end',
    end: { node: nameOf(n), op: n.opType, index: n.index, reason },
    last: act,
    lastName: actName,
  });

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
        allConst ? (foldConst(n, n.inputs.map(constOf)) ?? { t: 'unknown' }) : { t: 'unknown' },
      );
      continue;
    }
    const actNode = nodes[act.node];

    if (op === 'Shape') {
      const full = actNode.size && !act.pad ? [1, actNode.channels, ...actNode.size] : null;
      setAll(
        full
          ? { t: 'const', dims: [full.length], data: Float64Array.from(full) }
          : { t: 'unknown' },
      );
      continue;
    }

    if (op === 'Conv' || op === 'MaxPool' || op === 'AveragePool') {
      if (actIndex !== 0) {
        setAll(badOp(n, 'its weights are computed by the network, not learned constants', actName));
        continue;
      }
      const id = layerNode(n, act);
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
      if (actNode.kind === 'conv' && !act.pad && uses.get(src) === 1 && !bnFolded.has(act.node)) {
        const conv = actNode as Mutable<ConvNode>;
        // Folded lazily: the weights stay as decoded, each output channel scaled by a[co].
        const bias = new Float64Array(C);
        for (let co = 0; co < C; co++) bias[co] = (conv.bias ? conv.bias[co] : 0) * a[co] + c[co];
        conv.outputScale = a;
        conv.bias = bias;
        conv.folded = [...conv.folded, nameOf(n)];
        bnFolded.add(act.node);
        setAll({ t: 'act', node: act.node, pad: null });
      } else {
        const id = addNode({
          id: 0,
          kind: 'scale',
          name: nameOf(n),
          op,
          input: settle(act, n),
          scale: a,
          channels: C,
          size: actNode.size,
        });
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
        : starts.data.map((_, i) => i);
      const base = settle(act, n);
      const from = nodes[base];
      const start = new Array<number>(dims).fill(0);
      const newSize = from.size ? [...from.size] : null;
      let problem: string | null = null;
      axes.forEach((axis, i) => {
        const step = steps ? steps.data[i] : 1;
        if (axis < 2) {
          const full = axis === 0 ? 1 : from.channels;
          const s0 = starts.data[i];
          const e0 = ends.data[i];
          if (!(s0 === 0 && (e0 >= full || e0 >= 2 ** 31 - 1)) || step !== 1) {
            problem = `it slices the ${axis === 0 ? 'batch' : 'channel'} axis`;
          }
          return;
        }
        const a = axis - 2;
        if (step !== 1) {
          problem = `its step on axis ${axis} is ${step} (only 1 is supported)`;
          return;
        }
        let s = starts.data[i];
        let e = ends.data[i];
        const L = from.size ? from.size[a] : null;
        if (L === null) {
          if (s < 0) {
            problem = `its start on axis ${axis} counts from the end of an axis of unknown size (give the input size)`;
            return;
          }
        } else {
          if (s < 0) s += L;
          if (e < 0) e += L;
          s = Math.min(Math.max(s, 0), L);
          e = Math.min(Math.max(e, 0), L);
          newSize![a] = Math.max(0, e - s);
        }
        start[a] += s;
      });
      if (problem) {
        setAll(badOp(n, problem, actName));
        continue;
      }
      // A chomp (start 0, the end cut off) right after a conv whose output nothing else
      // reads is folded into that conv's padding after: the TCN's causal conv.
      const trimmed = axes.map((axis, i) => {
        const e = ends.data[i];
        const L = from.size?.[axis - 2];
        return axis < 2 ? 0 : e < 0 ? -e : L !== undefined ? Math.max(0, L - e) : Number.NaN;
      });
      const chompOnly = start.every((s) => s === 0) && trimmed.every((t) => Number.isFinite(t));
      if (chompOnly && from.kind === 'conv' && uses.get(n.inputs[0]) === 1 && !act.pad) {
        const conv = from as Mutable<ConvNode>;
        const after = [...conv.padAfter];
        axes.forEach((axis, i) => {
          if (axis >= 2) after[axis - 2] -= trimmed[i];
        });
        conv.padAfter = after;
        conv.computedSize = conv.size;
        conv.size = newSize;
        conv.folded = [...conv.folded, nameOf(n)];
        setAll({ t: 'act', node: base, pad: null });
        continue;
      }
      const id = addNode({
        id: 0,
        kind: 'crop',
        name: nameOf(n),
        op,
        input: base,
        start,
        channels: from.channels,
        size: newSize,
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
        countPass(`${op} (with a constant or itself)`);
        setAll({ t: 'act', node: distinct[0], pad: null });
        continue;
      }
      const linear = op === 'Add' || op === 'Sum' || op === 'Sub' || op === 'Mean';
      const channels = Math.max(...distinct.map((i) => nodes[i].channels));
      const sizes = distinct.map((i) => nodes[i].size).filter((s) => s?.some((x) => x > 1));
      const id = addNode({
        id: 0,
        kind: linear ? 'sum' : 'gate',
        name: nameOf(n),
        op,
        inputs: distinct,
        channels,
        size: (sizes[0] as Axes | undefined) ?? actNode.size,
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
      const sizes = parts.map((i) => nodes[i].size).filter((s) => s?.some((x) => x > 1));
      const id = addNode({
        id: 0,
        kind: 'concat',
        name: nameOf(n),
        op,
        inputs: parts,
        channels: parts.reduce((s, i) => s + nodes[i].channels, 0),
        size: (sizes[0] as Axes | undefined) ?? actNode.size,
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
        id: 0,
        kind: 'global',
        name: nameOf(n),
        op,
        input: settle(act, n),
        channels: actNode.channels,
        size: new Array(dims).fill(1),
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
      if (sizesC && sizesC.data.length === dims + 2) {
        outSize = Array.from(sizesC.data.slice(2));
        if (from.size) factors = outSize.map((s, a) => s / from.size![a]);
      } else if (scalesC && scalesC.data.length === dims + 2) {
        factors = Array.from(scalesC.data.slice(2));
        if (from.size) outSize = from.size.map((s, a) => Math.floor(s * factors![a]));
      }
      const isGlobal = from.kind === 'global' || (from.size?.every((s) => s === 1) ?? false);
      if (isGlobal) {
        const id = addNode({
          id: 0,
          kind: 'global',
          name: nameOf(n),
          op,
          input: src,
          channels: from.channels,
          size: outSize,
        });
        setAll({ t: 'act', node: id, pad: null });
        if (n.outputs[0]) spatialTensors.push(n.outputs[0]);
        continue;
      }
      if (factors?.every((f) => f === 1)) {
        countPass(`${op} (scale 1)`);
        setAll({ t: 'act', node: src, pad: null });
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
          `it resizes ${how}; resizing is not supported yet, so the analysis ends at its input`,
        ),
      );
      continue;
    }

    if (op === 'ConvTranspose') {
      setAll(
        endValue(
          n,
          act,
          actName,
          'transposed convolution is not supported yet, so the analysis ends at its input',
        ),
      );
      continue;
    }

    if (ENDING_OPS.has(op)) {
      setAll(endValue(n, act, actName, 'the spatial part of the model ends here'));
      continue;
    }

    if (POINTWISE_OPS.has(op)) {
      countPass(op);
      const v: Act = { t: 'act', node: act.node, pad: act.pad };
      values.set(n.outputs[0], v);
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

  function layerNode(n: OnnxNode, x: Act): number | Bad {
    const isConv = n.opType === 'Conv';
    const attrs = n.attributes;
    const from = nodes[x.node];
    let weights: Const | undefined;
    let bias: Const | undefined;
    let kernel: number[];
    let groups = 1;
    let channelsOut = from.channels;
    if (isConv) {
      weights = constOf(n.inputs[1]);
      bias = n.inputs[2] ? constOf(n.inputs[2]) : undefined;
      if (!weights || (n.inputs[2] && !bias)) {
        return badOp(n, 'its weights must be constants (initialisers)', n.inputs[0]);
      }
      kernel = ints(attrs, 'kernel_shape') ?? weights.dims.slice(2);
      groups = int(attrs, 'group', 1);
      channelsOut = weights.dims[0];
      if (weights.dims.length !== dims + 2 || kernel.length !== dims) {
        throw new ModelError(
          `${nodeLabel(n)} has weights of shape ${JSON.stringify(weights.dims)} on a ${dims}-D input`,
        );
      }
      if (weights.dims[1] * groups !== from.channels) {
        throw new ModelError(
          `${nodeLabel(n)} expects ${weights.dims[1] * groups} input channels (weights ${JSON.stringify(weights.dims)}, group ${groups}) but its input has ${from.channels}`,
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
    const inSize = from.size
      ? from.size.map((s, a) => s + (padded ? padded.before[a] + padded.after[a] : 0))
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
    let outSize: number[] | null = null;
    if (from.size) {
      outSize = from.size.map((L, a) => {
        const room = L + padBefore[a] + padAfter[a] - (kernel[a] - 1) * dilation[a] - 1;
        if (room < 0) {
          throw new ModelError(
            `${nodeLabel(n)} has a kernel spanning ${(kernel[a] - 1) * dilation[a] + 1} on an axis of ${L + padBefore[a] + padAfter[a]} (padded): the input is too small`,
          );
        }
        let out = ceilMode ? Math.ceil(room / stride[a]) + 1 : Math.floor(room / stride[a]) + 1;
        // PyTorch and ONNX Runtime: the last window must start inside the input or the left padding.
        if (ceilMode && (out - 1) * stride[a] >= L + padBefore[a]) out--;
        return out;
      });
    }
    if (!isConv) {
      return addNode({
        id: 0,
        kind: 'pool',
        name: nameOf(n),
        op: n.opType,
        input: x.node,
        kernel,
        dilation,
        stride,
        padBefore,
        padAfter,
        ceilMode,
        countIncludePad: int(attrs, 'count_include_pad', 0) === 1,
        folded,
        channels: from.channels,
        size: outSize,
      });
    }
    const w = weights!;
    if (
      product(w.dims.slice(2)) !== product(kernel) ||
      w.dims.slice(2).some((k, a) => k !== kernel[a])
    ) {
      throw new ModelError(
        `${nodeLabel(n)} has kernel_shape ${JSON.stringify(kernel)} but weights ${JSON.stringify(w.dims)}`,
      );
    }
    return addNode({
      id: 0,
      kind: 'conv',
      name: nameOf(n),
      op: 'Conv',
      input: x.node,
      kernel,
      dilation,
      stride,
      padBefore,
      padAfter,
      groups,
      channelsIn: from.channels,
      weights: w.data,
      outputScale: null,
      bias: bias ? Float64Array.from(bias.data) : null,
      parameters: w.data.length + (bias ? bias.data.length : 0),
      folded,
      channels: channelsOut,
      size: outSize,
    });
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
      const pooled = nodes[value.node];
      if (pooled.kind === 'global' && !value.pad && pooled.size?.every((s) => s === 1)) {
        const inner = nodes[pooled.input];
        end = {
          ...end,
          reason: `${end.reason}, after the global pool ${JSON.stringify(pooled.name)} (${pooled.op}), which sees the whole map analysed here`,
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
  return {
    dims,
    graphName: model.graphName,
    producer: model.producer,
    opset: model.opset,
    input: { name: input.name, shape },
    output: chosen,
    ...prune(nodes, last),
    passThrough: [...passCounts].map(([op, count]): PassThrough => ({ op, count })),
    end,
    spatialTensors,
  };
}

/** Keeps the nodes `last` depends on, renumbered in order. */
function prune(
  nodes: Mutable<ModelNode>[],
  last: number,
): { nodes: ModelNode[]; outputNode: number } {
  const keep = new Uint8Array(nodes.length);
  const stack = [last];
  keep[0] = 1;
  while (stack.length) {
    const i = stack.pop()!;
    if (keep[i] && i !== last) continue;
    keep[i] = 1;
    for (const j of inputsOf(nodes[i])) if (!keep[j]) stack.push(j);
  }
  const map = new Int32Array(nodes.length).fill(-1);
  const out: ModelNode[] = [];
  nodes.forEach((n, i) => {
    if (!keep[i]) return;
    map[i] = out.length;
    const m = { ...n, id: out.length } as Mutable<ModelNode>;
    if ('inputs' in m) m.inputs = m.inputs.map((j) => map[j]);
    else if ('input' in m) m.input = map[m.input];
    out.push(m);
  });
  return { nodes: out, outputNode: map[last] };
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
    return { t: 'const', dims: [...t.dims], data: t.data };
  if (typeof a.value_float === 'number')
    return { t: 'const', dims: [], data: Float64Array.of(a.value_float) };
  if (typeof a.value_int === 'number')
    return { t: 'const', dims: [], data: Float64Array.of(a.value_int) };
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
