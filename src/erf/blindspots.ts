import { pathCounts, receptiveFieldOf, totalStride } from '../analysis/index.ts';
import { normals } from '../kernel/index.ts';
import { type ImportedModel, modelTaps } from '../model/index.ts';
import type { Network } from '../network/types.ts';
import { type Batch, forward, type Op, outputSumGradient, type Program } from '../runtime/index.ts';
import { FieldError, integerIn } from '../util/validate.ts';
import { checkActivation, resolveInputSize } from './erf.ts';
import { type Activation, lowerNetwork } from './lower.ts';
import { lowerModel } from './model.ts';
import { windowOrigin } from './window.ts';

/** Options of `blindspots()` and `blindspotsModel()`. */
export interface BlindspotOptions {
  /**
   * Input length (1-D) or [rows, cols]. Default: a model input's fixed size, else
   * 2·receptiveField + 1 per axis (≥ 16, ≤ 257).
   */
  inputSize?: number | readonly number[];
  /** Seed of the random input (default 0). */
  seed?: number;
  /** Spec networks only: a nonlinearity after every convolution but the last (default 'none'). */
  activation?: Activation;
  /** Also return the maps a figure draws (`maps`; default false). */
  maps?: boolean;
}

/** A map on a box of a grid: `start` is the grid index of rows[0][0] (per axis; 1-D: one row). */
export interface BlindspotMap {
  /** Grid index of the first entry per axis ([row, col]; [i] in 1-D). */
  start: number[];
  /** Rows of values (one row in 1-D). */
  rows: number[][];
}

/**
 * The maps of the proof, for figures: on the centre output's receptive-field window of the
 * input (clipped to the input), and on the outputs whose own windows meet it.
 */
export interface BlindspotMaps {
  /** Δx of every input channel: +bump at the perturbed samples, 0 elsewhere. */
  perturbation: BlindspotMap;
  /** 1 where the centre output reads the sample (path count > 0), 0 at a hole. */
  reached: BlindspotMap;
  /** max over output channels of |Δy| for the hole (and unread) perturbation. */
  outputChange: BlindspotMap;
  /** max over output channels of |Δy| for the control perturbation. */
  controlChange: BlindspotMap;
}

/** What `blindspots()` returns (docs/cli.md, "The blindspots JSON"). */
export interface BlindspotResult {
  /**
   * The holes of the centre output's exact tap set: offsets (per axis, input samples) from
   * S·p, the input position of output p (S the output stride), with no path to the output.
   * Empty when there are none (or when a global branch reads every sample).
   */
  holes: number[][];
  /** Input samples that no output reads at all (stride and padding). */
  unread: number;
  /** The perturbed input samples, as input indices ([row, col]; [i] in 1-D). */
  perturbedInputs: number[][];
  /** max |Δx| of the perturbation (it is visible: > 0 when anything was perturbed). */
  inputChange: number;
  /** max |Δy| over the outputs that cannot see the perturbed samples: exactly 0. */
  maxOutputChange: number;
  /** The input sample perturbed as a control (the centre output's most-read offset). */
  controlInput: number[];
  /** The control's signed perturbation (+bump, or −bump when +bump left a ReLU off). */
  controlBump: number;
  /** max over output channels of |Δy| of the centre output under the control perturbation. */
  controlOutputChange: number;
  outputPosition: number[];
  /** The output shape per axis. */
  outputSize: number[];
  /** Output stride per axis (S). */
  scale: number[];
  windowStart: number[];
  inputSize: number[];
  seed: number;
  activation: Activation;
  warnings: string[];
  /** With `maps: true`: the maps a figure draws. */
  maps?: BlindspotMaps;
}

/**
 * The geometry the proof needs of a network: the exact tap set of its output (path counts
 * on the receptive-field box, starting `tapStart` samples from S·p), and the output stride.
 */
interface BlindspotGeometry {
  readonly dims: 1 | 2;
  readonly inputChannels: number;
  readonly shape: readonly number[];
  readonly tapStart: readonly number[];
  readonly scale: readonly number[];
  readonly counts: ArrayLike<number>;
  /** A global branch reads every input sample: no hole is blind. */
  readonly global: boolean;
}

/** The perturbation added at each perturbed sample (every input channel). */
const BUMP = 10;
/** Most reached samples tried as the control (each with +bump, then −bump). */
const CONTROL_TRIES = 8;

/**
 * The reachability program of `program`: every weight 1 and no bias, max pools as average
 * pools, gates as sums, per-channel scales 1, no nonlinearity. Its Σy has a positive
 * gradient at exactly the input samples some output reads through some path, counting
 * paths through the real padding (a max pool's gradient would reach only its argmax, a
 * gate's could cancel).
 */
export function reachProgram(program: Program): Program {
  const ops = program.ops.map((op): Op => {
    switch (op.op) {
      case 'conv':
        return { ...op, weights: new Float32Array(op.weights.length).fill(1), bias: undefined };
      case 'pool':
        return { ...op, kind: 'avg', countIncludePad: true };
      case 'mul':
        return { op: 'add', inputs: op.inputs };
      case 'scale':
        return { op: 'scale', input: op.input, scale: new Float32Array(op.scale.length).fill(1) };
      case 'relu':
      case 'sigmoid':
      case 'tanh':
      case 'clip':
        return { op: 'scale', input: op.input, scale: new Float32Array([1]) };
      default:
        return op;
    }
  });
  return { ...program, ops };
}

/**
 * The proof on a lowered program and its geometry (shared by spec networks and models).
 * Output p_c = ⌊(n_out − 1)/2⌋ per axis; its window starts at input S·p_c + tapStart.
 */
async function prove(
  program: Program,
  g: BlindspotGeometry,
  size: number[],
  seed: number,
  activation: Activation,
  wantMaps: boolean,
  warnings: string[],
): Promise<BlindspotResult> {
  const two = g.dims === 2;
  const Ci = g.inputChannels;
  const H = two ? size[0] : 1;
  const W = two ? size[1] : size[0];
  const shape: [number, number, number] = [Ci, H, W];
  const x = Float32Array.from(normals(seed, Ci * H * W));
  const base = await forward(program, { count: 1, shape, values: x });
  const [Co, Ho, Wo] = base.shape;
  if (Ho < 1 || Wo < 1)
    throw new FieldError(
      'inputSize',
      `${size.join('×')} is too small: the output has no positions`,
    );
  const outSize = two ? [Ho, Wo] : [Wo];
  const position = outSize.map((n) => Math.floor((n - 1) / 2));
  const start = position.map((p, i) => p * g.scale[i] + g.tapStart[i]);
  const C = two ? g.shape[1] : g.shape[0];
  const offsetOf = (k: number): number[] => (two ? [Math.floor(k / C), k % C] : [k]);
  const toInput = (k: number): number[] => offsetOf(k).map((v, a) => v + start[a]);
  const inside = (u: number[]) =>
    two ? u[0] >= 0 && u[0] < H && u[1] >= 0 && u[1] < W : u[0] >= 0 && u[0] < W;
  const flat = (u: number[]) => (two ? u[0] * W + u[1] : u[0]);

  const holes: number[][] = [];
  const holeInputs: number[][] = [];
  const reachedOrder: number[] = [];
  let localHoles = 0;
  for (let k = 0; k < g.counts.length; k++) {
    if (g.counts[k] === 0) {
      localHoles++;
      if (g.global) continue;
      holes.push(offsetOf(k).map((v, a) => v + g.tapStart[a]));
      const u = toInput(k);
      if (inside(u)) holeInputs.push(u);
    } else if (inside(toInput(k))) reachedOrder.push(k);
  }
  if (g.global && localHoles > 0)
    warnings.push(
      `the local tap set has ${localHoles} holes, but a global branch (image pooling) reads every input sample: none is blind`,
    );
  if (holes.length > holeInputs.length)
    warnings.push(
      `${holes.length - holeInputs.length} of ${holes.length} holes fall outside the ${size.join('×')} input around the centre output`,
    );

  const reads = await outputSumGradient(reachProgram(program), { count: 1, shape, values: x });
  const unreadInputs: number[][] = [];
  for (let i = 0; i < reads.length; i++)
    if (reads[i] === 0) unreadInputs.push(two ? [Math.floor(i / W), i % W] : [i]);

  const plane = H * W;
  const perturbed = (at: number[][], bump: number): Batch => {
    const v = Float32Array.from(x);
    for (const u of at) for (let c = 0; c < Ci; c++) v[c * plane + flat(u)] += bump;
    return { count: 1, shape, values: v };
  };
  const outPlane = Ho * Wo;
  const centre = two ? position[0] * Wo + position[1] : position[0];
  const centreChange = (y: Batch) => {
    let m = 0;
    for (let c = 0; c < Co; c++)
      m = Math.max(
        m,
        Math.abs(y.values[c * outPlane + centre] - base.values[c * outPlane + centre]),
      );
    return m;
  };
  let maxOutputChange = 0;
  let holeRun: Batch | null = null;
  if (holeInputs.length > 0) {
    holeRun = await forward(program, perturbed(holeInputs, BUMP));
    maxOutputChange = Math.max(maxOutputChange, centreChange(holeRun));
  }
  if (unreadInputs.length > 0) {
    const y = await forward(program, perturbed(unreadInputs, BUMP));
    for (let i = 0; i < y.values.length; i++)
      maxOutputChange = Math.max(maxOutputChange, Math.abs(y.values[i] - base.values[i]));
  }
  // The control: the most-read samples first, +bump then −bump (a ReLU the bump keeps off
  // passes no change), until the centre output moves.
  reachedOrder.sort((a, b) => g.counts[b] - g.counts[a] || a - b);
  let control = reachedOrder.length > 0 ? toInput(reachedOrder[0]) : position.map(() => 0);
  let controlBump = BUMP;
  let controlOutputChange = 0;
  let controlRun: Batch | null = null;
  search: for (const k of reachedOrder.slice(0, CONTROL_TRIES)) {
    for (const bump of [BUMP, -BUMP]) {
      const y = await forward(program, perturbed([toInput(k)], bump));
      const change = centreChange(y);
      control = toInput(k);
      controlBump = bump;
      controlOutputChange = change;
      controlRun = y;
      if (change > 0) break search;
    }
  }
  if (controlOutputChange === 0)
    warnings.push(
      'no control perturbation changed the centre output (the nonlinearities are saturated or off there)',
    );
  const seen = new Set<number>();
  const perturbedInputs: number[][] = [];
  for (const u of [...holeInputs, ...unreadInputs]) {
    if (!seen.has(flat(u))) {
      seen.add(flat(u));
      perturbedInputs.push(u);
    }
  }
  const result: BlindspotResult = {
    holes,
    unread: unreadInputs.length,
    perturbedInputs,
    inputChange: perturbedInputs.length > 0 ? BUMP : 0,
    maxOutputChange,
    controlInput: control,
    controlBump,
    controlOutputChange,
    outputPosition: position,
    outputSize: outSize,
    scale: [...g.scale],
    windowStart: start,
    inputSize: size,
    seed,
    activation,
    warnings,
  };
  if (wantMaps) {
    // The input window (clipped to the input) and the outputs whose windows meet it.
    const inLo = start.map((s) => Math.max(0, s));
    const inHi = start.map((s, a) => Math.min(two ? [H, W][a] : W, s + g.shape[a]));
    const outLo = position.map((p, a) => Math.max(0, p - Math.ceil(g.shape[a] / g.scale[a]) + 1));
    const outHi = position.map((p, a) =>
      Math.min(outSize[a], p + Math.ceil(g.shape[a] / g.scale[a])),
    );
    const grid = (lo: number[], hi: number[], at: (u: number[]) => number): BlindspotMap => {
      const rows: number[][] = [];
      const [r0, r1] = two ? [lo[0], hi[0]] : [0, 1];
      const [c0, c1] = two ? [lo[1], hi[1]] : [lo[0], hi[0]];
      for (let r = r0; r < r1; r++) {
        const row: number[] = [];
        for (let c = c0; c < c1; c++) row.push(at(two ? [r, c] : [c]));
        rows.push(row);
      }
      return { start: [...lo], rows };
    };
    const hit = new Set(perturbedInputs.map(flat));
    const change = (y: Batch | null) => (u: number[]) => {
      if (!y) return 0;
      const i = two ? u[0] * Wo + u[1] : u[0];
      let m = 0;
      for (let c = 0; c < Co; c++)
        m = Math.max(m, Math.abs(y.values[c * outPlane + i] - base.values[c * outPlane + i]));
      return m;
    };
    result.maps = {
      perturbation: grid(inLo, inHi, (u) => (hit.has(flat(u)) ? BUMP : 0)),
      reached: grid(inLo, inHi, (u) => {
        const k = u.map((v, a) => v - start[a]);
        return g.counts[two ? k[0] * C + k[1] : k[0]] > 0 ? 1 : 0;
      }),
      outputChange: grid(outLo, outHi, change(holeRun)),
      controlChange: grid(outLo, outHi, change(controlRun)),
    };
  }
  return result;
}

/**
 * The blind-spot proof: a seeded random input is perturbed (+10) only at samples no output
 * path reaches — the holes of the centre output's tap set (exact, docs/theory.md §4), and
 * the samples no output reads at all (stride and padding: back-propagating Σy through the
 * reachability program `reachProgram`, which counts the paths through the real padding) —
 * and the network runs before and after (TensorFlow.js). The centre output (for holes) and
 * every output (for unread samples) change by exactly 0 while the input changes visibly;
 * the same perturbation at a reached sample (the centre output's most-read offset) changes
 * the centre output.
 */
export async function blindspots(
  network: Network,
  options: BlindspotOptions = {},
): Promise<BlindspotResult> {
  const dims = network.dims;
  const seed = integerIn('seed', options.seed ?? 0, 0, 2 ** 32 - 1);
  const activation = checkActivation(options.activation ?? 'none');
  const rf = receptiveFieldOf(network.root, dims);
  const size = resolveInputSize(dims, options.inputSize, rf);
  const counts = pathCounts(network);
  return prove(
    lowerNetwork(network, activation),
    {
      dims,
      inputChannels: 1,
      shape: counts.shape,
      tapStart: windowOrigin(network.root, dims).map((o) => -o),
      scale: totalStride(network.root, dims),
      counts: counts.weights,
      global: false,
    },
    size,
    seed,
    activation,
    options.maps === true,
    [],
  );
}

/**
 * The blind-spot proof of an imported ONNX model (see `blindspots`): the holes from the
 * model's exact tap set (`modelTaps`: its graph placement, path counts of every offset),
 * the forward passes with its learned weights and its nonlinearities (`lowerModel` with
 * `nonlinear: true`; ops the runtime lacks run linearised, a warning names them: the proof
 * does not depend on them, since a pointwise op never widens what an output reads). A
 * global branch reads every input sample, so such a model has no blind holes (`holes: []`,
 * a warning gives the local count).
 */
export async function blindspotsModel(
  model: ImportedModel,
  options: BlindspotOptions = {},
): Promise<BlindspotResult> {
  if (options.activation !== undefined && options.activation !== 'none')
    throw new FieldError('activation', 'applies to spec networks; a model runs as imported');
  const seed = integerIn('seed', options.seed ?? 0, 0, 2 ** 32 - 1);
  if (model.graph.placements[model.graph.output].local === false)
    throw new FieldError(
      'model',
      `output ${JSON.stringify(model.output)} has no spatial window: it depends only on global branches (the whole input)`,
    );
  const taps = modelTaps(model);
  const linearised: string[] = [];
  const program = lowerModel(model, { nonlinear: true, linearised });
  const fixed = model.nodes[0].outputSize;
  const size =
    options.inputSize === undefined && fixed
      ? resolveInputSize(model.dims, [...fixed], taps.shape)
      : resolveInputSize(model.dims, options.inputSize, taps.shape);
  const warnings: string[] = [];
  if (linearised.length > 0)
    warnings.push(
      `the runtime lacks ${[...new Set(linearised)].join(', ')}: run linearised (the identity or a per-channel gain); the holes do not depend on it`,
    );
  return prove(
    program,
    {
      dims: model.dims,
      inputChannels: model.nodes[0].channels,
      shape: taps.shape,
      tapStart: taps.start,
      scale: taps.scale,
      counts: taps.counts,
      global: taps.global,
    },
    size,
    seed,
    'none',
    options.maps === true,
    warnings,
  );
}
