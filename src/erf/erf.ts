import { coverage, pathCounts, receptiveFieldOf, totalStride } from '../analysis/index.ts';
import type { Network } from '../network/types.ts';
import { ERF_MAX_SAMPLES } from '../options/index.ts';
import { outputShape, type Program, runtimeBackend } from '../runtime/index.ts';
import { FieldError, integerIn, show } from '../util/validate.ts';
import { type EmpiricalErfOptions, empiricalErf } from './empirical.ts';
import { exactGivenErf, exactRandomErf, hasMaxPool } from './exact.ts';
import { type Activation, lowerNetwork } from './lower.ts';
import { areaRatios, erfSpread, griddingIndex } from './measures.ts';
import type { AreaRatios, ErfMap, ErfSpread } from './types.ts';
import { mapRows, normaliseToMax, windowOrigin } from './window.ts';

/** Bounds of an ERF request. */
export const ERF_LIMITS = {
  /** Most samples (random inputs or images) in one ERF. */
  maxSamples: ERF_MAX_SAMPLES,
  /** Largest input side in 2-D (rows or cols). */
  maxSide2d: 1024,
  /** Largest 2-D input area (rows·cols). */
  maxArea2d: 512 * 512,
  /** Longest 1-D input. */
  maxLength1d: 1 << 16,
} as const;

/** Options of `erf()`; every field optional (documented defaults). */
export interface ErfOptions {
  /** Input size: a length (1-D) or [rows, cols] (2-D; a number means square). Default:
   * 2·receptiveField + 1 per axis, at least 16, at most 257. */
  inputSize?: number | readonly number[];
  /** Random inputs averaged (default 16). */
  samples?: number;
  /** Seed of the random inputs (default 0). */
  seed?: number;
  /** The user's inputs (e.g. decoded PNGs), [channels=1, rows, cols] each. */
  inputs?: { count: number; shape: readonly [number, number, number]; values: Float32Array };
  /** One output channel (default: all, summed). */
  channel?: number;
  /** A nonlinearity after every convolution but the last (default 'none': linear). */
  activation?: Activation;
  onProgress?: EmpiricalErfOptions['onProgress'];
  signal?: AbortSignal;
  /**
   * Imported models only (`erfModel`): run the model's pointwise ops (ReLU, sigmoid, tanh,
   * clip, affine batch norm) instead of its linearisation (default false).
   */
  nonlinear?: boolean;
}

/** What `erf()` returns: the JSON contract of `dilation-lab erf --json` (docs/cli.md). */
export interface ErfResult {
  /** The measured ERF on the window, rows normalised to a maximum of 1. */
  erf: number[][];
  /** Window index [row, col] (1-D: [col]) of the input sample the output is centred on. */
  origin: number[];
  /** The exact ERF on the same window (linear network: the squared composite kernel), or null. */
  exact: number[][] | null;
  areaRatio: AreaRatios;
  griddingIndex: number;
  /** The gridding index of the exact ERF with i.i.d. weights: 1 exactly when there are holes. */
  tapSetGriddingIndex: number;
  /** Holes of the exact tap set in the receptive field. */
  holes: number;
  /** Path counts on the window (the exact tap set with multiplicities). */
  pathCounts: number[][];
  spread: ErfSpread;
  samples: number;
  seed: number;
  /** Where the inputs came from. */
  inputs: 'random' | 'given';
  inputSize: number[];
  /** The output position whose gradient was taken, per axis. */
  outputPosition: number[];
  /** Input index of window offset 0, per axis (may be negative when the window is clipped). */
  windowStart: number[];
  activation: Activation;
  channel: number | null;
  /** The padding the network used (as each layer says, or the model's explicit pads). */
  padding: string;
  /** The TensorFlow.js backend that ran it: 'wasm' or 'cpu'. */
  backend: string;
  warnings: string[];
}

/**
 * The input size per axis from an option: a number (square in 2-D) or one entry per axis,
 * within ERF_LIMITS; default 2·r + 1 per axis (r the receptive field), clamped to 16…257.
 */
export function resolveInputSize(
  dims: 1 | 2,
  value: ErfOptions['inputSize'],
  rf: number[],
): number[] {
  if (value === undefined) return rf.map((r) => Math.min(257, Math.max(16, 2 * r + 1)));
  const list = typeof value === 'number' ? (dims === 1 ? [value] : [value, value]) : [...value];
  if (list.length !== dims) {
    throw new FieldError(
      'inputSize',
      `must have ${dims} entr${dims === 1 ? 'y' : 'ies'} for a ${dims}-D network, got ${show(value)}`,
    );
  }
  const max = dims === 1 ? ERF_LIMITS.maxLength1d : ERF_LIMITS.maxSide2d;
  const sizes = list.map((v, i) =>
    integerIn(dims === 1 ? 'inputSize' : `inputSize[${i}]`, v, 1, max),
  );
  if (dims === 2 && sizes[0] * sizes[1] > ERF_LIMITS.maxArea2d) {
    throw new FieldError(
      'inputSize',
      `has ${sizes[0]}×${sizes[1]} = ${sizes[0] * sizes[1]} pixels, above the limit ${ERF_LIMITS.maxArea2d}`,
    );
  }
  return sizes;
}

/** Crops a full [H, W] map to the window [start, start + shape) (zeros outside the input). */
function cropWindow(
  full: Float64Array,
  H: number,
  W: number,
  start: number[],
  shape: number[],
  two: boolean,
): Float64Array {
  const R = two ? shape[0] : 1;
  const C = two ? shape[1] : shape[0];
  const r0 = two ? start[0] : 0;
  const c0 = two ? start[1] : start[0];
  const out = new Float64Array(R * C);
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++) {
      const i = r + r0;
      const j = c + c0;
      if (i >= 0 && i < H && j >= 0 && j < W) out[r * C + c] = full[i * W + j];
    }
  return out;
}

/**
 * What the measurement needs to know about a network besides its program: its geometry
 * (receptive field, the window origin and the total stride per axis), its path counts on
 * the window, its holes, and the exact ERF where one applies. Spec networks and imported
 * models each provide one.
 */
export interface ErfGeometry {
  readonly dims: 1 | 2;
  readonly inputChannels: number;
  readonly receptiveField: number[];
  readonly origin: number[];
  readonly scale: number[];
  readonly pathCounts: ErfMap;
  readonly holes: number;
  /** The exact ERF on the window when one applies (a linear spec network), else null. */
  readonly exact: ErfMap | null;
  /** The gridding index of the exact tap set (1 exactly when there are holes). */
  readonly tapSetGriddingIndex: number;
  /** What the result says about padding. */
  readonly padding: string;
}

/** Checks an activation name. */
export function checkActivation(activation: unknown): Activation {
  if (!['none', 'relu', 'sigmoid', 'tanh'].includes(activation as string)) {
    throw new FieldError(
      'activation',
      `must be "none", "relu", "sigmoid" or "tanh", got ${show(activation)}`,
    );
  }
  return activation as Activation;
}

/**
 * The effective receptive field of a network's centre output (docs/theory.md §13): measured
 * by TensorFlow.js back-propagation over seeded random inputs (or the given inputs), next to
 * the exact ERF where one applies (a linear network: the squared composite kernel), with the
 * area ratios, spread and gridding index. The window is the receptive field of the centre
 * output p_c = ⌊(n_out − 1)/2⌋ per axis: input offsets S·p_c − origin … + r − 1.
 */
export async function erf(network: Network, options: ErfOptions = {}): Promise<ErfResult> {
  const activation = checkActivation(options.activation ?? 'none');
  const dims = network.dims;
  const origin = windowOrigin(network.root, dims);
  const counts = pathCounts(network);
  const geometry: ErfGeometry = {
    dims,
    inputChannels: 1,
    receptiveField: receptiveFieldOf(network.root, dims),
    origin,
    scale: totalStride(network.root, dims),
    pathCounts: { shape: counts.shape, values: counts.weights, origin },
    holes: coverage(network).holes,
    // A max pool or an activation makes the network nonlinear: no exact form.
    exact: activation === 'none' && !hasMaxPool(network) ? exactGivenErf(network) : null,
    tapSetGriddingIndex: griddingIndex(exactRandomErf(network)),
    padding: 'as each layer says (default same)',
  };
  return measureErf(lowerNetwork(network, activation), geometry, { ...options, activation });
}

/** The measurement behind `erf()` and `erfModel()`: a program, its geometry, the options. */
export async function measureErf(
  program: Program,
  geometry: ErfGeometry,
  options: ErfOptions,
): Promise<ErfResult> {
  const { dims, receptiveField: rf, origin } = geometry;
  const two = dims === 2;
  const activation = options.activation ?? 'none';
  const seed = options.seed ?? 0;
  integerIn('seed', seed, 0, 2 ** 32 - 1);
  let size: number[];
  let samples: number;
  const C = geometry.inputChannels;
  if (options.inputs) {
    const [c, h, w] = options.inputs.shape;
    if (c !== C)
      throw new FieldError(
        'images',
        `must have ${C} channel${C === 1 ? '' : 's'} for ${C === 1 ? 'a single-channel network' : 'this model'}, got ${c}`,
      );
    size = two ? [h, w] : [w];
    if (!two && h !== 1)
      throw new FieldError('images', `must be one row for a 1-D network, got ${h} rows`);
    if (options.inputSize !== undefined) {
      const want = resolveInputSize(dims, options.inputSize, rf);
      if (want.some((v, i) => v !== size[i]))
        throw new FieldError('images', `are ${size.join('×')} but inputSize is ${want.join('×')}`);
    }
    samples = integerIn('images', options.inputs.count, 1, ERF_LIMITS.maxSamples);
  } else {
    size = resolveInputSize(dims, options.inputSize, rf);
    samples = integerIn('samples', options.samples ?? 16, 1, ERF_LIMITS.maxSamples);
  }
  const inputShape: [number, number, number] = [C, two ? size[0] : 1, two ? size[1] : size[0]];
  const outShape = await outputShape(program, inputShape);
  if (outShape[1] < 1 || outShape[2] < 1)
    throw new FieldError(
      'inputSize',
      `${size.join('×')} is too small: the output has no positions`,
    );
  if (options.channel !== undefined) integerIn('channel', options.channel, 0, outShape[0] - 1);
  const outSpatial = two ? [outShape[1], outShape[2]] : [outShape[2]];
  const position = outSpatial.map((n) => Math.floor((n - 1) / 2));
  const start = position.map((p, i) => p * geometry.scale[i] - origin[i]);
  const full = await empiricalErf(program, {
    inputShape,
    position: two ? [position[0], position[1]] : [0, position[0]],
    channel: options.channel,
    samples,
    seed,
    inputs: options.inputs,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const measured: ErfMap = {
    shape: rf,
    values: cropWindow(full, inputShape[1], inputShape[2], start, rf, two),
    origin,
  };
  const warnings: string[] = [];
  if (!measured.values.some((v) => v > 0)) {
    warnings.push(
      'every gradient is zero: the inputs never activate a path (an all-zero input through ReLU does this); the ERF is reported as zeros',
    );
  }
  const clipped = start.some((s, i) => s < 0 || s + rf[i] > size[i]);
  if (clipped)
    warnings.push(
      `the receptive field (${rf.join('×')}) does not fit the input around the centre output; offsets outside the input are 0`,
    );
  return {
    erf: mapRows(normaliseToMax(measured)),
    origin,
    exact: geometry.exact ? mapRows(normaliseToMax(geometry.exact)) : null,
    areaRatio: areaRatios(measured),
    griddingIndex: griddingIndex(measured),
    tapSetGriddingIndex: geometry.tapSetGriddingIndex,
    holes: geometry.holes,
    pathCounts: mapRows(geometry.pathCounts),
    spread: erfSpread(measured),
    samples,
    seed,
    inputs: options.inputs ? 'given' : 'random',
    inputSize: size,
    outputPosition: position,
    windowStart: start,
    activation,
    channel: options.channel ?? null,
    padding: geometry.padding,
    backend: runtimeBackend(),
    warnings,
  };
}
