/**
 * `analyzeModel`: the receptive field, exact tap set, per-layer table, per-layer power
 * responses and deaf bands, border validity and the linearised composite of an imported
 * ONNX model (docs/cli.md, "analyze --model", lists every key: a contract).
 *
 * The model is a network graph (src/network/graph.ts), placed once there: PyTorch's (=
 * ONNX's) placement, output p of a layer with stride s and padding `before` reads its input
 * at s·p − before + n·d. Every node has a scale S per axis (the product of strides on its
 * path), an offset and a receptive field; a global branch sees the whole input and adds no
 * local offsets (it is reported as `global`). The tap set and its path counts are the
 * graph's own (`graphKernel` of src/analysis with unit weights): the input offsets u such
 * that output p depends on input S·p + u, for interior outputs. Everything else here is
 * one `walkGraph` over the same graph.
 */

import { coverageOf } from '../analysis/coverage.ts';
import { checkThresholdDb, findDeafBands, intersectBands } from '../analysis/deafBands.ts';
import { graphKernel } from '../analysis/index.ts';
import type { Band, BorderValidity, CoverageReport } from '../analysis/types.ts';
import { placeNodes, walkGraph } from '../network/index.ts';
import { FieldError } from '../util/validate.ts';
import { decodeOnnx } from './decode.ts';
import { ModelError } from './errors.ts';
import { importOnnx } from './import.ts';
import {
  type Autocorrelation,
  cutAutocorrelation,
  foldedWeights,
  MAX_SVD_CHANNELS,
  powerAt,
  singularValuesAt,
  summedAutocorrelation,
} from './power.ts';
import type { ImportedModel, ModelConvNode, ModelGraph, ModelInfo, ModelNode } from './types.ts';

type ConvNode = ModelConvNode;
type PoolNode = Extract<ModelNode, { op: 'pool' }>;

/** Options of `analyzeModel`. */
export interface ModelAnalyzeOptions {
  /** Deaf-band threshold in dB below the peak (default −20: P/max P < 0.01). */
  thresholdDb?: number;
  /** Frequency points on [0, π] for the power responses in the output (default 129). */
  points?: number;
  /** Largest multiply-add count spent on the linearised composite (default 3e8). */
  compositeBudget?: number;
}

/** A value per axis: a number in 1-D, [y, x] in 2-D. */
export type PerAxis = number | [number, number];

/** One row of the layer table (a Conv, MaxPool or AveragePool). */
export interface ModelLayerRow {
  name: string;
  op: string;
  /** Kernel shape [k] or [k_y, k_x]. */
  kernel: number[];
  dilation: PerAxis;
  stride: PerAxis;
  /** Zero padding before and after, per axis (a folded Pad added, a folded Slice chomp subtracted: causal is d(k−1) before, 0 after). */
  padding: { before: PerAxis; after: PerAxis };
  groups: number;
  channelsIn: number;
  channelsOut: number;
  /** Weights and biases of the ONNX Conv (0 for pools). */
  parameters: number;
  /** Multiply-adds for the input size: outputs · C_out · (C_in/groups) · Πk (pools: C_in/groups = 1); null when the size is unknown. */
  macs: number | null;
  /** Output spatial size the op computes (before a folded chomp), when known. */
  outputSize: number[] | null;
  /** Cumulative stride of the layer's output (input samples per output step). */
  scale: PerAxis;
  /** dilation × scale of the layer's input: the spacing of its taps in input samples. */
  effectiveDilation: PerAxis;
  /** Receptive field of the layer's output so far through its local paths (input samples per axis); null on a global branch. */
  receptiveField: PerAxis | null;
  /** True when a global branch (a global pool) reaches the layer's output: it also sees the whole input. */
  global: boolean;
  /** ONNX nodes folded into this row (BatchNormalization, Pad). */
  folded: string[];
}

/** A layer's power response on [0, π] (rad per input sample) and its gains. */
export interface LayerPower {
  name: string;
  /** Axis cut: 'x' (P(0, ω)) or 'y' (P(ω, 0)) in 2-D; 'x' in 1-D. */
  axis: 'x' | 'y';
  /** Frequencies, rad per input sample (the layer at its effective dilation). */
  w: number[];
  /** P(ω) = ‖K(ω)‖²_F / C_in. */
  power: number[];
  /** Frequencies of the singular values (a coarser grid, SVD_POINTS on [0, π]). */
  sigmaW: number[];
  /** σ_min(ω), σ_max(ω) of K(ω), or null when min(C_out, C_in)/groups > MAX_SVD_CHANNELS. */
  sigmaMin: number[] | null;
  sigmaMax: number[] | null;
  deafBands: Band[];
}

/** Border validity of one dilated layer on the map it runs on. */
export interface ModelBorder extends BorderValidity {
  name: string;
  /** Size of the map the layer reads (its input, per axis). */
  inputSize: number[];
  /** True for a layer of a parallel (ASPP-like) set: its output meets others' in a concat or sum. */
  branch: boolean;
}

/** The linearised composite (activations as identity, biases dropped, global branches off). */
export interface CompositeReport {
  computed: boolean;
  /** Multiply-adds the computation needs: Σ_conv C_out·(C_in/g)·Πk·C_in0·|box of its input|. */
  cost: number;
  budget: number;
  /** Why it was skipped, or what it leaves out. */
  note: string;
  /** First offset (per axis) of the kernel relative to S·p, its shape [C_out, C_in0, ...box]. */
  start?: number[];
  shape?: number[];
  /** P(ω) = ‖H(ω)‖²_F / C_in0 on the same grid as the layers (axis cuts in 2-D). */
  power?: { axis: 'x' | 'y'; w: number[]; power: number[]; deafBands: Band[] }[];
}

/** The result of `analyzeModel` (what `analyze --model --json` prints). */
export interface ModelAnalysis {
  dims: 1 | 2;
  model: {
    graph: string;
    producer: string;
    opset: number;
    input: { name: string; shape: (number | string | null)[] };
    /** The tensor analysed. */
    output: string;
    /** Where the analysis stopped before the model's own output, or null. */
    end: ImportedModel['end'];
    /** Pointwise ops passed through: geometry unchanged, identity in linearised responses. */
    passThrough: { op: string; count: number }[];
    /** Spatial input size used for sizes, macs and border validity, or null. */
    inputSize: number[] | null;
  };
  form: string;
  layers: ModelLayerRow[];
  receptiveField: PerAxis;
  outputStride: PerAxis;
  /** True when a global branch (image pooling) reaches the output: it sees the whole input. */
  global: boolean;
  taps: {
    /** Offset of the first tap per axis, relative to S·p (S the output stride, p the output). */
    start: PerAxis;
    /** Extent of the tap box per axis (= receptiveField). */
    shape: number[];
    /** Number of taps (offsets with at least one path). */
    count: number;
  };
  coverage: CoverageReport;
  griddingFree: boolean;
  deafBands: {
    thresholdDb: number;
    /** Per conv layer with a power response, in layer order. */
    byLayer: { name: string; axis: 'x' | 'y'; bands: Band[] }[];
    /** Bands where every dilated layer (dilation > 1 on the axis) is deaf, per axis. */
    shared: { axis: 'x' | 'y'; layers: string[]; bands: Band[] }[];
  };
  power: LayerPower[];
  border: ModelBorder[];
  composite: CompositeReport;
}

/** Offsets form used in the output. */
export const MODEL_FORM =
  'PyTorch placement: output p of a layer reads s·p − before + n·d; taps are input offsets relative to S·p (S the output stride); frequencies in rad per input sample, each layer at its effective dilation d·scale';

/** The tap set of a model's output: its path counts on the receptive field. */
export interface ModelTaps {
  /** Output stride per axis (the output placement's scale). */
  scale: number[];
  /** Offset of the first tap per axis relative to S·p (the output placement's offset). */
  start: number[];
  /** Extent per axis (the receptive field). */
  shape: number[];
  /** Path counts, row-major on `shape` (0: a hole). */
  counts: Float64Array;
  /** True when a global branch also reaches the output (it sees the whole input). */
  global: boolean;
}

function perAxis(v: readonly number[]): PerAxis {
  return v.length === 1 ? v[0] : [v[0], v[1]];
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function label(node: ModelInfo): string {
  return `node ${JSON.stringify(node.name)} (${node.onnxOp})`;
}

/**
 * The exact tap set of the model's output from its graph placement: path counts of every
 * input offset (`graphKernel` with unit weights, the same walk the spec networks use).
 * Throws a ModelError (field `model`) when the output depends on the input only through
 * global branches, or when its receptive field is above the exact tap-set limits
 * (`LIMITS.maxReceptiveField` per axis, `LIMITS.maxReceptiveArea` in 2-D).
 */
export function modelTaps(model: ImportedModel): ModelTaps {
  const p = model.graph.placements[model.graph.output];
  if (p.local === false) {
    throw new ModelError(
      `output ${JSON.stringify(model.output)} depends on the input only through global pooling`,
    );
  }
  let k: ReturnType<typeof graphKernel>;
  try {
    k = graphKernel(model.graph, true);
  } catch (e) {
    // The graph kernel names its input `network`; here the graph is the model's.
    if (e instanceof FieldError && e.field === 'network') throw new ModelError(e.detail);
    throw e;
  }
  return {
    scale: [...p.scale],
    start: [...p.offset],
    shape: [...k.shape],
    counts: k.weights,
    global: p.global === true,
  };
}

/** Border validity of a conv/pool on the map it reads, with its own padding and stride. */
export function layerBorder(
  node: ConvNode | PoolNode,
  inputSize: readonly number[],
): BorderValidity {
  const outSize = node.outputSize ?? [];
  const axes = node.size.map((k, a) => {
    const L = inputSize[a];
    const hist = new Float64Array(k + 1);
    const centre = Math.floor((k - 1) / 2);
    let centreOnly = 0;
    let total = 0;
    for (let p = 0; p < outSize[a]; p++) {
      const base = node.stride[a] * p - node.pad[a][0];
      let c = 0;
      let onlyCentre = true;
      for (let t = 0; t < k; t++) {
        const x = base + t * node.dilation[a];
        if (x >= 0 && x < L) {
          c++;
          if (t !== centre) onlyCentre = false;
        }
      }
      hist[c]++;
      total += c;
      if (c === 1 && onlyCentre) centreOnly++;
    }
    return { hist, centreOnly, total, positions: outSize[a] };
  });
  const taps = size(node.size);
  const positions = size(axes.map((x) => x.positions));
  const histogram = new Array<number>(taps + 1).fill(0);
  if (axes.length === 1) {
    for (let c = 0; c <= taps; c++) histogram[c] += axes[0].hist[c];
  } else {
    const [y, x] = axes;
    for (let cy = 0; cy < y.hist.length; cy++) {
      for (let cx = 0; cx < x.hist.length; cx++) histogram[cy * cx] += y.hist[cy] * x.hist[cx];
    }
  }
  return {
    mapSize: inputSize[0],
    allTapsFraction: histogram[taps] / positions,
    centerOnlyFraction: axes.reduce((acc, a) => acc * a.centreOnly, 1) / positions,
    meanValidFraction: axes.reduce((acc, a) => acc * a.total, 1) / (positions * taps),
    histogram: histogram.map((n) => n / positions),
  };
}

/** Frequency points of the per-layer singular values on [0, π]. */
export const SVD_POINTS = 17;

function gridOf(points: number): number[] {
  return Array.from({ length: points }, (_, j) => (Math.PI * j) / (points - 1));
}

function layerPower(
  conv: ConvNode,
  ac: Autocorrelation,
  scaleIn: readonly number[],
  axis: 'x' | 'y',
  grid: readonly number[],
  thresholdDb: number,
): LayerPower {
  const dims = conv.size.length;
  const a = dims === 1 || axis === 'x' ? dims - 1 : 0;
  const S = scaleIn[a];
  const cut = cutAutocorrelation(ac, axis);
  // In input samples the layer's taps are d·S apart: P_in(ω) = P(S·ω).
  const at = (w: number) => powerAt(cut, S * w);
  const power = grid.map(at);
  const svdOk = Math.min(conv.channels, conv.channelsIn) / conv.groups <= MAX_SVD_CHANNELS;
  const sigmaW = gridOf(SVD_POINTS);
  const sig = svdOk
    ? sigmaW.map(
        (w) => singularValuesAt(conv, dims === 1 ? S * w : axis === 'x' ? [0, S * w] : [S * w, 0])!,
      )
    : null;
  const degree = conv.dilation[a] * S * (conv.size[a] - 1);
  const bands = findDeafBands((w) => Math.sqrt(Math.max(0, at(w))), degree, [], thresholdDb);
  return {
    name: conv.name,
    axis,
    w: [...grid],
    power,
    sigmaW,
    sigmaMin: sig ? sig.map((s) => s.min) : null,
    sigmaMax: sig ? sig.map((s) => s.max) : null,
    deafBands: bands,
  };
}

/**
 * Analyses an imported model (see the module doc and docs/cli.md). Throws a ModelError
 * when merges meet with different strides, a FieldError for a bad threshold.
 */
export function analyzeModel(
  model: ImportedModel,
  options: ModelAnalyzeOptions = {},
): ModelAnalysis {
  const thresholdDb = checkThresholdDb(options.thresholdDb ?? -20);
  const points = options.points ?? 129;
  const budget = options.compositeBudget ?? 3e8;
  const { nodes, dims } = model;
  const place = model.graph.placements;
  const grid = gridOf(points);
  const axes: ('x' | 'y')[] = dims === 1 ? ['x'] : ['y', 'x'];

  // First, as it checks the receptive field against the exact tap-set limits.
  const taps = modelTaps(model);
  const layers: ModelLayerRow[] = [];
  const power: LayerPower[] = [];
  const border: ModelBorder[] = [];
  const consumers = new Map<number, ModelNode[]>();
  for (const n of nodes)
    for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const inBranch = branchMembers(nodes, consumers);
  for (const n of nodes) {
    if (n.op !== 'conv' && n.op !== 'pool') continue;
    const inP = place[n.inputs[0]];
    const outP = place[n.id];
    const input = nodes[n.inputs[0]];
    const local = inP.local !== false;
    const scaleIn = local ? inP.scale : new Array(dims).fill(1);
    const channelsIn = n.op === 'conv' ? n.channelsIn : input.channels;
    const groups = n.op === 'conv' ? n.groups : n.channels;
    const computed = (n.op === 'conv' && n.computedSize) || n.outputSize;
    const macs = computed
      ? size(computed) * n.channels * (channelsIn / groups) * size(n.size)
      : null;
    layers.push({
      name: n.name,
      op: n.onnxOp,
      kernel: [...n.size],
      dilation: perAxis(n.dilation),
      stride: perAxis(n.stride),
      padding: { before: perAxis(n.pad.map((p) => p[0])), after: perAxis(n.pad.map((p) => p[1])) },
      groups: n.op === 'conv' ? n.groups : 1,
      channelsIn,
      channelsOut: n.channels,
      parameters: n.op === 'conv' ? n.parameters : 0,
      macs,
      outputSize: computed ? [...computed] : null,
      scale: perAxis(local ? outP.scale : new Array(dims).fill(1)),
      effectiveDilation: perAxis(n.dilation.map((d, a) => d * scaleIn[a])),
      receptiveField: local ? perAxis(outP.receptiveField) : null,
      global: outP.global === true,
      folded: [...n.folded],
    });
    if (n.op === 'conv' && local) {
      const ac = summedAutocorrelation(n);
      for (const axis of axes) {
        const a = dims === 1 || axis === 'x' ? dims - 1 : 0;
        if (n.size[a] > 1) power.push(layerPower(n, ac, scaleIn, axis, grid, thresholdDb));
      }
    }
    if (n.dilation.some((d) => d > 1) && input.outputSize && local) {
      border.push({
        name: n.name,
        inputSize: [...input.outputSize],
        branch: inBranch.has(n.id),
        ...layerBorder(n, input.outputSize),
      });
    }
  }

  const coverage = coverageOf({ shape: taps.shape, weights: taps.counts });

  const byLayer = power.map((p) => ({ name: p.name, axis: p.axis, bands: p.deafBands }));
  const shared = axes.map((axis) => {
    const dilated = power.filter((p) => {
      const node = nodes.find((m) => m.name === p.name && m.op === 'conv') as ConvNode;
      const a = dims === 1 || axis === 'x' ? dims - 1 : 0;
      return p.axis === axis && node.dilation[a] > 1;
    });
    return {
      axis,
      layers: dilated.map((p) => p.name),
      bands: dilated.length ? intersectBands(dilated.map((p) => p.deafBands)) : [],
    };
  });

  return {
    dims,
    model: {
      graph: model.graphName,
      producer: model.producer,
      opset: model.opset,
      input: { name: model.input.name, shape: [...model.input.shape] },
      output: model.output,
      end: model.end,
      passThrough: model.passThrough.map((p) => ({ ...p })),
      inputSize: nodes[0].outputSize ? [...nodes[0].outputSize] : null,
    },
    form: MODEL_FORM,
    layers,
    receptiveField: perAxis(taps.shape),
    outputStride: perAxis(taps.scale),
    global: taps.global,
    taps: { start: perAxis(taps.start), shape: [...taps.shape], count: coverage.covered },
    coverage,
    griddingFree: coverage.holes === 0,
    deafBands: { thresholdDb, byLayer, shared },
    power,
    border,
    composite: compositeReport(model, grid, thresholdDb, budget),
  };
}

/**
 * Convs that are members of a parallel set: some node downstream merges paths that split
 * at a common input, and the conv lies on one of them (ASPP branches, residual bodies).
 */
function branchMembers(
  nodes: readonly ModelNode[],
  consumers: Map<number, ModelNode[]>,
): Set<number> {
  const out = new Set<number>();
  for (const n of nodes) {
    if (n.op !== 'concat' && n.op !== 'sum') continue;
    for (const i of n.inputs) {
      let cur = nodes[i];
      while (
        cur &&
        (cur.op === 'conv' ||
          cur.op === 'pool' ||
          cur.op === 'crop' ||
          cur.op === 'resize' ||
          cur.op === 'select' ||
          cur.op === 'pointwise' ||
          cur.op === 'global')
      ) {
        if (cur.op === 'conv') out.add(cur.id);
        const up = nodes[cur.inputs[0]];
        // A pointwise op reading its activation twice (x·f(x)) is not where paths split.
        const within = cur.op === 'pointwise' && cur.inputs.length > 1;
        if (!within && (consumers.get(up.id)?.length ?? 0) > 1) break;
        cur = up;
      }
    }
  }
  return out;
}

/** The linearised composite kernel of every node (see `linearisedComposite`). */
export interface CompositeKernel {
  /** Offset of the first entry per axis relative to S·p. */
  start: number[];
  /** [C, C_in0, ...box]. */
  shape: number[];
  values: Float64Array;
}

/**
 * The multiply-add count `linearisedComposite` needs, and what stops it (a max pool or a
 * gate is not linear), without computing anything.
 */
export function compositeCost(
  model: ImportedModel,
  axis?: number,
): { cost: number; blocker: string | null } {
  const c0 = model.nodes[0].channels;
  const place = model.graph.placements;
  let cost = 0;
  let blocker: string | null = null;
  // With `axis`, the cost on that axis cut of a 2-D model: kernels and boxes along it only.
  const extent = (v: readonly number[]) => (axis === undefined ? size(v) : v[axis]);
  for (const n of model.nodes) {
    if (place[n.id].local === false) continue;
    if (n.op === 'conv' || n.op === 'pool' || n.op === 'resize') {
      const box = place[n.inputs[0]].receptiveField;
      if (n.op === 'pool' && n.mode === 'max')
        blocker ??= `${label(n)} is a max pool, which is not linear`;
      const cin = n.op === 'conv' ? n.channelsIn / n.groups : 1;
      cost += n.channels * cin * extent(n.size) * c0 * extent(box);
    } else if (n.op === 'gate') {
      blocker ??= `${label(n)} multiplies two activations (a gate), which is not linear`;
    }
  }
  return { cost, blocker };
}

/**
 * The linearised network's impulse response at the output: activations as the identity
 * (a pointwise batch norm as its per-channel gain), biases dropped, global branches
 * contributing zero; H[c][ci][u] with output p reading input S·p + start + u. Exact for
 * interior outputs. One `walkGraph`. Throws a ModelError when the network has a max pool
 * or a gate (not linear).
 */
export function linearisedComposite(model: ImportedModel): CompositeKernel {
  const { nodes } = model;
  const { blocker } = compositeCost(model);
  if (blocker) throw new ModelError(`has no linearised composite: ${blocker}`);
  const c0 = nodes[0].channels;
  const dims = model.dims;
  const channels = (id: number) => nodes[id].channels;
  /** A window of `per` taps (row-major on `kernel`), tap t at `tapsOff[t]` in the output box, weight w(co, j, t). */
  const windowed = (
    a: CompositeKernel,
    S: readonly number[],
    kernel: readonly number[],
    dilation: readonly number[],
    before: readonly number[],
    cOut: number,
    groups: number,
    cinG: number,
    weight: (co: number, j: number, t: number) => number,
  ): CompositeKernel => {
    const box = a.shape.slice(2);
    const step = dilation.map((d, i) => d * S[i]);
    const outBox = box.map((b, i) => b + (kernel[i] - 1) * step[i]);
    const coutG = cOut / groups;
    const per = size(kernel);
    const inPlane = size(box);
    const outPlane = size(outBox);
    const values = new Float64Array(cOut * c0 * outPlane);
    const tapsOff: number[] = [];
    for (let t = 0; t < per; t++) {
      if (dims === 1) tapsOff.push(t * step[0]);
      else {
        const ty = Math.floor(t / kernel[1]);
        const tx = t % kernel[1];
        tapsOff.push(ty * step[0] * outBox[1] + tx * step[1]);
      }
    }
    for (let co = 0; co < cOut; co++) {
      const g = Math.floor(co / coutG);
      for (let j = 0; j < cinG; j++) {
        const cj = g * cinG + j;
        for (let t = 0; t < per; t++) {
          const wv = weight(co, j, t);
          if (wv === 0) continue;
          for (let ci = 0; ci < c0; ci++) {
            const src = (cj * c0 + ci) * inPlane;
            const dst = (co * c0 + ci) * outPlane + tapsOff[t];
            if (dims === 1) addScaled(values, dst, a.values, src, inPlane, wv);
            else addScaled2d(values, dst, outBox[1], a.values, src, box[0], box[1], wv);
          }
        }
      }
    }
    return {
      start: a.start.map((s, i) => s - before[i] * S[i]),
      shape: [cOut, c0, ...outBox],
      values,
    };
  };
  const merge = (
    node: ModelNode,
    xs: readonly (CompositeKernel | null)[],
    concat: boolean,
  ): CompositeKernel | null => {
    const parts = xs.filter((k): k is CompositeKernel => k !== null);
    if (parts.length === 0) return null;
    const lo = Array.from({ length: dims }, (_, a) => Math.min(...parts.map((q) => q.start[a])));
    const hi = Array.from({ length: dims }, (_, a) =>
      Math.max(...parts.map((q) => q.start[a] + q.shape[2 + a])),
    );
    const box = lo.map((l, a) => hi[a] - l);
    const plane = size(box);
    const values = new Float64Array(node.channels * c0 * plane);
    let cBase = 0;
    // Concat inputs that are global branches contribute zero channels at their place.
    node.inputs.forEach((i, k) => {
      const q = xs[k];
      if (q) {
        const qb = q.shape.slice(2);
        const off = q.start.map((s, a) => s - lo[a]);
        for (let c = 0; c < q.shape[0]; c++) {
          for (let ci = 0; ci < c0; ci++) {
            const src = (c * c0 + ci) * size(qb);
            const dst = ((cBase + c) * c0 + ci) * plane;
            if (dims === 1)
              for (let u = 0; u < qb[0]; u++) values[dst + off[0] + u] += q.values[src + u];
            else
              for (let y = 0; y < qb[0]; y++)
                for (let x = 0; x < qb[1]; x++)
                  values[dst + (off[0] + y) * box[1] + off[1] + x] += q.values[src + y * qb[1] + x];
          }
        }
      }
      if (concat) cBase += channels(i);
    });
    return { start: lo, shape: [node.channels, c0, ...box], values };
  };
  const graph = model.graph;
  const out = walkGraph<CompositeKernel | null>(graph, {
    input: () => {
      const values = new Float64Array(c0 * c0);
      for (let c = 0; c < c0; c++) values[c * c0 + c] = 1;
      return {
        start: new Array(dims).fill(0),
        shape: [c0, c0, ...new Array(dims).fill(1)],
        values,
      };
    },
    conv: (node, a, step) => {
      if (!a) return null;
      const n = node as ConvNode;
      const cinG = n.channelsIn / n.groups;
      const per = size(n.size);
      const w = n.raw;
      const sc = n.outputScale;
      return windowed(
        a,
        step.inputPlacements[0].scale,
        n.size,
        n.dilation,
        n.pad.map((p) => p[0]),
        n.channels,
        n.groups,
        cinG,
        (co, j, t) => w[(co * cinG + j) * per + t] * (sc ? sc[co] : 1),
      );
    },
    pool: (node, a, step) => {
      if (!a) return null;
      const avg = 1 / size(node.size);
      const C = channels(node.id);
      return windowed(
        a,
        step.inputPlacements[0].scale,
        node.size,
        node.dilation,
        node.pad.map((p) => p[0]),
        C,
        C,
        1,
        () => avg,
      );
    },
    resize: (node, a, step) => {
      if (!a) return null;
      const C = channels(node.id);
      const w = (t: number) =>
        dims === 1
          ? node.weights[0][t]
          : node.weights[0][Math.floor(t / node.size[1])] * node.weights[1][t % node.size[1]];
      return windowed(
        a,
        step.inputPlacements[0].scale,
        node.size,
        node.size.map(() => 1),
        node.start.map((s) => -s),
        C,
        C,
        1,
        (_co, _j, t) => w(t),
      );
    },
    crop: (node, a, step) =>
      a && {
        ...a,
        start: a.start.map((s, i) => s + node.start[i] * step.inputPlacements[0].scale[i]),
      },
    select: (node, a) => {
      if (!a) return null;
      const plane = a.values.length / a.shape[0];
      return {
        start: a.start,
        shape: [node.count, ...a.shape.slice(1)],
        values: a.values.slice(node.start * plane, (node.start + node.count) * plane),
      };
    },
    pointwise: (node, a) => {
      if (!a || !node.gain) return a;
      const plane = a.values.length / a.shape[0];
      const values = Float64Array.from(a.values);
      for (let c = 0; c < a.shape[0]; c++)
        for (let i = 0; i < plane; i++) values[c * plane + i] *= node.gain[c];
      return { ...a, values };
    },
    global: () => null,
    sum: (node, xs) => merge(nodes[node.id], xs, false),
    concat: (node, xs) => merge(nodes[node.id], xs, true),
  });
  if (!out)
    throw new ModelError(
      `output ${JSON.stringify(model.output)} has no local linear path from the input`,
    );
  return out;
}

/** out[o + u] += w·src[s + u], u = 0..n−1 (kept small so the engine optimises it). */
function addScaled(
  out: Float64Array,
  o: number,
  src: Float64Array,
  s: number,
  n: number,
  w: number,
): void {
  for (let u = 0; u < n; u++) out[o + u] += w * src[s + u];
}

/** The 2-D form of `addScaled`: a rows×cols block, row strides outW and cols. */
function addScaled2d(
  out: Float64Array,
  o: number,
  outW: number,
  src: Float64Array,
  s: number,
  rows: number,
  cols: number,
  w: number,
): void {
  for (let y = 0; y < rows; y++) addScaled(out, o + y * outW, src, s + y * cols, cols, w);
}

/**
 * The summed autocorrelation of a composite kernel's axis cut (each (c, ci) kernel summed
 * over the other axis): P(ω) = ‖H(ω)‖²_F / C_in0 = powerAt(this, ω), exact, O(box) per ω.
 */
export function compositeAutocorrelation(kern: CompositeKernel, axis: 'x' | 'y'): Autocorrelation {
  const dims = kern.shape.length - 2;
  const box = kern.shape.slice(2);
  const along = dims === 1 ? box[0] : axis === 'x' ? box[1] : box[0];
  const plane = size(box);
  const pairs = kern.shape[0] * kern.shape[1];
  const r = new Float64Array(2 * along - 1);
  const cut = new Float64Array(along);
  for (let q = 0; q < pairs; q++) {
    cut.fill(0);
    const o = q * plane;
    if (dims === 1) for (let u = 0; u < along; u++) cut[u] = kern.values[o + u];
    else
      for (let y = 0; y < box[0]; y++)
        for (let x = 0; x < box[1]; x++)
          cut[axis === 'x' ? x : y] += kern.values[o + y * box[1] + x];
    for (let m = 0; m < along; m++) {
      let acc = 0;
      for (let u = 0; u + m < along; u++) acc += cut[u] * cut[u + m];
      r[along - 1 + m] += acc;
      if (m > 0) r[along - 1 - m] += acc;
    }
  }
  return { shape: [2 * along - 1], r, channelsIn: kern.shape[1], dilation: [1] };
}

/** P(ω) = ‖H(ω)‖²_F / C_in0 of a composite kernel along an axis cut, ω in rad per input sample. */
export function compositePowerAt(kern: CompositeKernel, axis: 'x' | 'y', w: number): number {
  return powerAt(compositeAutocorrelation(kern, axis), w);
}

/**
 * A 2-D model seen along one axis cut: every kernel summed over the other axis (weights
 * [C_out, C_in/g, k_y, k_x] → [C_out, C_in/g, k_a]), dilations, strides, paddings and
 * crops of that axis. Summing over an axis commutes with convolution, striding, shifts
 * and sums, so the cut's linearised composite is the 2-D composite summed over the other
 * axis, and its power P(ω_a) is the 2-D composite's on that cut, exactly. A 1-D model is
 * its own cut.
 */
export function cutModel(model: ImportedModel, axis: 'x' | 'y'): ImportedModel {
  if (model.dims === 1) return model;
  const a = axis === 'x' ? 1 : 0;
  const one = <T>(v: readonly T[]) => [v[a]];
  // A window's geometry along the cut (conv and pool alike); `padding` reports the cut's pad.
  const windowCut = (n: {
    size: readonly number[];
    dilation: readonly number[];
    stride: readonly number[];
    pad: readonly (readonly [number, number])[];
  }) => {
    const pad = one(n.pad);
    return {
      size: one(n.size),
      dilation: one(n.dilation),
      stride: one(n.stride),
      pad,
      padding: pad,
    };
  };
  const nodes = model.nodes.map((n): ModelNode => {
    const outputSize = n.outputSize ? one(n.outputSize) : null;
    switch (n.op) {
      case 'conv': {
        const [ky, kx] = n.size;
        const kernels = n.raw.length / (ky * kx);
        const w = new Float64Array(kernels * n.size[a]);
        for (let q = 0; q < kernels; q++) {
          for (let y = 0; y < ky; y++) {
            for (let x = 0; x < kx; x++)
              w[q * n.size[a] + (a === 1 ? x : y)] += n.raw[(q * ky + y) * kx + x];
          }
        }
        const cut: ConvNode = {
          ...n,
          outputSize,
          ...windowCut(n),
          raw: w,
          weights: { shape: [n.weights.shape[0], n.weights.shape[1], n.size[a]], data: w },
          computedSize: n.computedSize ? one(n.computedSize) : n.computedSize,
        };
        if (n.outputScale) {
          // the effective weights, computed when read
          Object.defineProperty(cut, 'weights', {
            value: {
              shape: cut.weights.shape,
              get data() {
                return foldedWeights(cut);
              },
            },
          });
        }
        return cut;
      }
      case 'pool':
        return { ...n, outputSize, ...windowCut(n) };
      case 'crop':
        return { ...n, outputSize, start: one(n.start), end: one(n.end) };
      case 'resize':
        return {
          ...n,
          outputSize,
          factor: one(n.factor),
          start: one(n.start),
          size: one(n.size),
          weights: one(n.weights),
        };
      default:
        return { ...n, outputSize };
    }
  });
  const graph: ModelGraph = {
    dims: 1,
    nodes,
    output: model.graph.output,
    placements: placeNodes(1, nodes),
  };
  return { ...model, dims: 1, graph, nodes };
}

function compositeReport(
  model: ImportedModel,
  grid: readonly number[],
  thresholdDb: number,
  budget: number,
): CompositeReport {
  const axes: ('x' | 'y')[] = model.dims === 1 ? ['x'] : ['y', 'x'];
  const { blocker } = compositeCost(model);
  const cost =
    model.dims === 1
      ? compositeCost(model).cost
      : compositeCost(model, 0).cost + compositeCost(model, 1).cost;
  const globalNote = model.graph.placements[model.graph.output].global
    ? ' Global branches (image pooling) are left out: they add the same value at every position.'
    : '';
  const how =
    model.dims === 2
      ? ' Computed on each axis cut (the kernels summed over the other axis, which commutes with convolution, strides and sums).'
      : '';
  if (blocker) return { computed: false, cost, budget, note: `skipped: ${blocker}.` };
  if (cost > budget) {
    return {
      computed: false,
      cost,
      budget,
      note: `skipped: it needs ${cost.toExponential(2)} multiply-adds (Σ over convs of C_out·(C_in/groups)·kernel taps·C_in0·taps so far, per axis cut), over the budget of ${budget.toExponential(2)}.`,
    };
  }
  const cuts = axes.map((axis) => ({ axis, m: cutModel(model, axis) }));
  const kerns = cuts.map((c) => linearisedComposite(c.m));
  const first = kerns[0];
  return {
    computed: true,
    cost,
    budget,
    note: `activations as the identity, biases dropped, exact for interior outputs.${how}${globalNote}`,
    start: kerns.map((k) => k.start[0]),
    shape: [first.shape[0], first.shape[1], ...kerns.map((k) => k.shape[2])],
    power: cuts.map((c, i) => {
      const ac = compositeAutocorrelation(kerns[i], 'x');
      const at = (w: number) => powerAt(ac, w);
      return {
        axis: c.axis,
        w: [...grid],
        power: grid.map(at),
        deafBands: findDeafBands(
          (w) => Math.sqrt(Math.max(0, at(w))),
          kerns[i].shape[2],
          [],
          thresholdDb,
        ),
      };
    }),
  };
}

/** Options of `analyzeOnnx`: decoding, import and analysis options together. */
export interface AnalyzeOnnxOptions extends ModelAnalyzeOptions {
  output?: string;
  inputSize?: readonly number[];
  resolveExternal?: (location: string) => Uint8Array | undefined;
  maxBytes?: number;
}

/**
 * ONNX bytes to a `ModelAnalysis`: `decodeOnnx`, `importOnnx`, `analyzeModel`. Every
 * problem with the model is a ModelError (field `model`).
 */
export function analyzeOnnx(bytes: Uint8Array, options: AnalyzeOnnxOptions = {}): ModelAnalysis {
  const decoded = decodeOnnx(bytes, {
    resolveExternal: options.resolveExternal,
    maxBytes: options.maxBytes,
  });
  const imported = importOnnx(decoded, { output: options.output, inputSize: options.inputSize });
  return analyzeModel(imported, options);
}
