import type { ImportedModel } from '../model/index.ts';
import { linearisedComposite, modelTaps } from '../model/index.ts';
import type { Op, Program } from '../runtime/index.ts';
import { FieldError } from '../util/validate.ts';
import { type ErfOptions, type ErfResult, measureErf } from './erf.ts';
import type { ExactErfView } from './exact.ts';
import { griddingIndex } from './measures.ts';
import type { ErfMap } from './types.ts';

/** A conv's weights with a folded batch norm's per-output-channel scale applied (src/model folds it lazily). */
function foldedWeights(
  w: ArrayLike<number>,
  scale: ArrayLike<number> | null,
  channels: number,
): Float32Array {
  const out = Float32Array.from(w);
  if (!scale) return out;
  const per = out.length / channels;
  for (let c = 0; c < channels; c++) for (let i = 0; i < per; i++) out[c * per + i] *= scale[c];
  return out;
}

const two = <T>(v: readonly T[], one: T): [T, T] => (v.length === 1 ? [one, v[0]] : [v[0], v[1]]);

/** Options of `lowerModel`. */
export interface LowerModelOptions {
  /**
   * Run the pointwise ops the runtime has (Relu, Sigmoid, Tanh, Clip with constant bounds,
   * a per-channel affine batch norm, Identity, Dropout) instead of linearising them
   * (default false: the linearised model).
   */
  readonly nonlinear?: boolean;
  /** Filled with the ONNX op types run as themselves (nonlinear mode). */
  readonly ran?: string[];
  /** Filled with the ONNX op types the runtime lacks, run linearised (nonlinear mode). */
  readonly linearised?: string[];
}

type PointwiseInput = Extract<ImportedModel['nodes'][number], { op: 'pointwise' }>;

/** A constant scalar operand of a pointwise op at input position `index`, or `fallback`. */
function scalarAt(n: PointwiseInput, index: number, fallback: number): number | null {
  const c = n.constants.find((k) => k.index === index);
  if (!c) {
    const a = n.attributes[index === 1 ? 'min' : 'max'];
    return typeof a === 'number' ? a : fallback;
  }
  return c.data.length === 1 ? c.data[0] : null;
}

/** The runtime op of a pointwise node, 'identity', or null when the runtime lacks it. */
function pointwiseOp(n: PointwiseInput, input: number): Op | 'identity' | null {
  if (n.inputs.length !== 1) return null;
  switch (n.fn) {
    case 'Relu':
      return { op: 'relu', input };
    case 'Sigmoid':
      return { op: 'sigmoid', input };
    case 'Tanh':
      return { op: 'tanh', input };
    case 'Identity':
    case 'Dropout':
      return 'identity';
    case 'Clip': {
      const min = scalarAt(n, 1, -3.4e38);
      const max = scalarAt(n, 2, 3.4e38);
      return min === null || max === null ? null : { op: 'clip', input, min, max };
    }
    case 'BatchNormalization':
      return n.gain
        ? {
            op: 'scale',
            input,
            scale: Float32Array.from(n.gain),
            ...(n.bias ? { bias: Float32Array.from(n.bias) } : {}),
          }
        : null;
    default:
      return null;
  }
}

/**
 * Lowers an imported ONNX model (src/model) to a runtime program with its learned weights
 * (batch norm folded): convolutions with their explicit pads, pools, crops, per-channel
 * scales, sum/concat merges, gated (multiplied) merges and global branches. The model's
 * pointwise nodes (ReLU, …: `fn`, `attributes`, `constants` in the graph) are lowered as
 * the identity (a batch norm's per-channel gain as a scale), so the program is the model's
 * linearisation: its measured ERF is exact for the linearised model.
 */
export function lowerModel(model: ImportedModel, options: LowerModelOptions = {}): Program {
  const nonlinear = options.nonlinear === true;
  const ops: Op[] = [];
  const id = new Int32Array(model.nodes.length).fill(-1);
  const push = (op: Op) => {
    ops.push(op);
    return ops.length;
  };
  const pads = (pad: readonly (readonly [number, number])[]) => {
    const [top, left] = two(
      pad.map((p) => p[0]),
      0,
    );
    const [bottom, right] = two(
      pad.map((p) => p[1]),
      0,
    );
    return { mode: 'explicit' as const, top, bottom, left, right };
  };
  for (const n of model.nodes) {
    const input = id[n.inputs[0]];
    switch (n.op) {
      case 'input':
        id[n.id] = 0;
        break;
      case 'conv': {
        const [kh, kw] = two(n.size, 1);
        id[n.id] = push({
          op: 'conv',
          input,
          weights: foldedWeights(n.raw, n.outputScale, n.channels),
          shape: [n.channels, n.channelsIn / n.groups, kh, kw],
          bias: n.bias ? Float32Array.from(n.bias) : undefined,
          dilation: two(n.dilation, 1),
          stride: two(n.stride, 1),
          padding: pads(n.pad),
          groups: n.groups,
        });
        break;
      }
      case 'pool': {
        const dilation = two(n.dilation, 1);
        id[n.id] = push({
          op: 'pool',
          kind: n.mode,
          input,
          size: two(n.size, 1),
          stride: two(n.stride, 1),
          padding: pads(n.pad),
          ceil: n.ceilMode === true,
          countIncludePad: n.countIncludePad === true,
          ...(dilation[0] > 1 || dilation[1] > 1 ? { dilation } : {}),
        });
        break;
      }
      case 'select':
        id[n.id] = push({ op: 'select', input, start: n.start, count: n.count });
        break;
      case 'resize': {
        // Output p reads inputs factor·p + start + t, t < size, with weights w[t] per axis: a
        // depthwise conv (the outer product of the axes' weights) at stride `factor` over the
        // input shifted by `start`.
        const size = model.nodes[n.inputs[0]].outputSize;
        if (!size)
          throw new FieldError(
            'inputSize',
            'is needed to run a model with a resize (give --input-size)',
          );
        const [sh, sw] = two(n.start, 0);
        const [H, W] = two(size, 1);
        const shifted =
          sh !== 0 || sw !== 0
            ? push({ op: 'crop', input, start: [sh, sw], size: [H - sh, W - sw] })
            : input;
        const [wh, ww] = two(n.weights, [1]);
        const C = n.channels;
        const weights = new Float32Array(C * wh.length * ww.length);
        for (let c = 0; c < C; c++)
          for (let a = 0; a < wh.length; a++)
            for (let b = 0; b < ww.length; b++)
              weights[(c * wh.length + a) * ww.length + b] = wh[a] * ww[b];
        id[n.id] = push({
          op: 'conv',
          input: shifted,
          weights,
          shape: [C, 1, wh.length, ww.length],
          dilation: [1, 1],
          stride: two(n.factor, 1),
          padding: { mode: 'explicit', top: 0, bottom: 0, left: 0, right: 0 },
          groups: C,
        });
        break;
      }
      case 'crop': {
        if (!n.outputSize)
          throw new FieldError(
            'inputSize',
            'is needed to run a model with a crop (give --input-size)',
          );
        id[n.id] = push({
          op: 'crop',
          input,
          start: two(n.start, 0),
          size: two(n.outputSize, 1),
        });
        break;
      }
      case 'pointwise': {
        const op = nonlinear ? pointwiseOp(n, input) : null;
        if (op) {
          id[n.id] = op === 'identity' ? input : push(op);
          options.ran?.push(n.fn);
          break;
        }
        if (nonlinear) options.linearised?.push(n.fn);
        // The linearisation: the identity, or a batch norm's per-channel gain.
        id[n.id] = n.gain ? push({ op: 'scale', input, scale: Float32Array.from(n.gain) }) : input;
        break;
      }
      case 'sum':
      case 'gate':
        id[n.id] = push({ op: n.op === 'sum' ? 'add' : 'mul', inputs: n.inputs.map((i) => id[i]) });
        break;
      case 'concat':
        id[n.id] = push({ op: 'concat', inputs: n.inputs.map((i) => id[i]) });
        break;
      case 'global':
        id[n.id] = push({ op: 'global', input });
        break;
      default: {
        // Every node kind of the graph is lowered above; a kind added later lands here.
        const m = n as { name: string; onnxOp: string; op: string };
        throw new FieldError(
          'model',
          `node ${JSON.stringify(m.name)} (${m.onnxOp}): a ${m.op} node is not run by the ERF runtime`,
        );
      }
    }
  }
  return { inputChannels: model.nodes[0].channels, ops, output: id[model.outputNode] };
}

/**
 * The ERF of an imported model's centre output (see `erf`): the program of `lowerModel`
 * with its learned weights, the window from the model's graph placement (modelTaps: scale
 * and local tap set of the output node), the path counts on it. A model whose output sees the
 * whole input through global branches only has no finite window and is refused; with a
 * global branch beside local ones, the window is the local support (a warning says so).
 */
export async function erfModel(model: ImportedModel, options: ErfOptions = {}): Promise<ErfResult> {
  if (options.activation !== undefined && options.activation !== 'none')
    throw new FieldError('activation', 'applies to spec networks; a model runs as imported');
  if (model.graph.placements[model.graph.output].local === false) {
    throw new FieldError(
      'model',
      `output ${JSON.stringify(model.output)} has no spatial window: it depends only on global branches (the whole input)`,
    );
  }
  const nonlinear = options.nonlinear === true;
  const ran: string[] = [];
  const linearised: string[] = [];
  const program = lowerModel(model, { nonlinear, ran, linearised });
  const curved = ran.filter((fn) => ['Relu', 'Sigmoid', 'Tanh', 'Clip'].includes(fn));
  const place = modelTaps(model);
  const sup = { lo: place.start, shape: place.shape, counts: place.counts };
  const origin = sup.lo.map((l) => -l);
  const counts: ErfMap = { shape: [...sup.shape], values: Float64Array.from(sup.counts), origin };
  // The linearised composite leaves global branches out, so it is exact only without them.
  const exact =
    place.global || curved.length > 0
      ? null
      : exactModelErf(model, counts, sup.lo, options.channel);
  let holes = 0;
  for (const c of counts.values) if (c === 0) holes++;
  // Default input size: the model input's fixed size when it has one.
  const fixed = model.nodes[0].outputSize;
  const opts: ErfOptions =
    options.inputSize === undefined && !options.inputs && fixed
      ? { ...options, inputSize: [...fixed] }
      : options;
  const result = await measureErf(
    program,
    {
      dims: model.dims,
      inputChannels: model.nodes[0].channels,
      receptiveField: [...sup.shape],
      origin,
      scale: [...place.scale],
      pathCounts: counts,
      holes,
      exact,
      tapSetGriddingIndex: griddingIndex(counts),
      padding: 'the model’s explicit pads',
    },
    { ...opts, activation: 'none' },
  );
  const tally = (fns: string[]) =>
    [...new Set(fns)].map((f) => `${f} ×${fns.filter((g) => g === f).length}`).join(', ');
  if (nonlinear && curved.length > 0)
    result.warnings.push(`ran the model's nonlinearities (${tally(curved)}); no exact form`);
  if (linearised.length > 0)
    result.warnings.push(
      `the runtime lacks ${tally(linearised)}: run linearised (the identity or a per-channel gain)`,
    );
  if (place.global)
    result.warnings.push(
      'a global branch (image pooling) spreads a little gradient over the whole input, outside the window',
    );
  return result;
}

/**
 * The exact ERF of the linearised model (no max pool, no gate): with H[c][ci][u] the
 * composite impulse response (`linearisedComposite`), e(u) = Σ_ci (Σ_c H[c][ci][u])², or
 * Σ_ci H[channel][ci][u]² for one channel, placed on the window; null when not linear.
 */
function exactModelErf(
  model: ImportedModel,
  window: ErfMap,
  lo: readonly number[],
  channel: number | undefined,
): ErfMap | null {
  let H: ReturnType<typeof linearisedComposite>;
  try {
    H = linearisedComposite(model);
  } catch {
    return null;
  }
  const [C, Ci, ...box] = H.shape;
  if (channel !== undefined && channel >= C) return null;
  const dims = box.length;
  const W = window.shape;
  const values = new Float64Array(window.values.length);
  const area = box.reduce((a, b) => a * b, 1);
  for (let ci = 0; ci < Ci; ci++) {
    for (let u = 0; u < area; u++) {
      let g = 0;
      for (let c = 0; c < C; c++) {
        if (channel !== undefined && c !== channel) continue;
        g += H.values[(c * Ci + ci) * area + u];
      }
      const coords = dims === 1 ? [u] : [Math.floor(u / box[1]), u % box[1]];
      const w = coords.map((v, a) => v + H.start[a] - lo[a]);
      if (w.some((v, a) => v < 0 || v >= W[a])) continue;
      values[dims === 1 ? w[0] : w[0] * W[1] + w[1]] += g * g;
    }
  }
  return { shape: [...W], values, origin: [...window.origin] };
}

/**
 * The exact ERF of a linear model as the report's `erf` figures read it (src/figures/erf.ts):
 * e(u) = Σ_ci (Σ_c H[c][ci][u])² of the linearised composite (`linearisedComposite`) on the
 * tap window, normalised to a maximum of 1, with the path counts (the exact tap set) on the
 * same window; the output sits at window index −start. Null when the model is not linear
 * (a max pool, a gate) or a global branch reaches the output (the window leaves it out).
 */
export function exactModelErfView(model: ImportedModel): ExactErfView | null {
  const place = modelTaps(model);
  if (place.global) return null;
  const origin = place.start.map((l) => -l);
  const counts: ErfMap = {
    shape: [...place.shape],
    values: Float64Array.from(place.counts),
    origin,
  };
  const exact = exactModelErf(model, counts, place.start, undefined);
  if (!exact) return null;
  const [R, C] = place.shape.length === 2 ? place.shape : [1, place.shape[0]];
  let max = 0;
  for (const v of exact.values) if (v > max) max = v;
  const rows = (values: Float64Array, scale: number): number[][] =>
    Array.from({ length: R }, (_, r) =>
      Array.from(values.subarray(r * C, (r + 1) * C), (v) => v * scale),
    );
  return {
    erf: rows(exact.values, max > 0 ? 1 / max : 0),
    origin,
    exact: null,
    pathCounts: rows(counts.values, 1),
    griddingIndex: griddingIndex(exact),
  };
}
