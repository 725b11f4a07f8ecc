import { coverage, pathCounts, receptiveFieldOf, totalStride } from '../analysis/index.ts';
import { normals } from '../kernel/index.ts';
import type { Network } from '../network/types.ts';
import { type Batch, forward, outputSumGradient, type Program } from '../runtime/index.ts';
import { integerIn } from '../util/validate.ts';
import { resolveInputSize } from './erf.ts';
import { type Activation, lowerNetwork } from './lower.ts';
import { windowOrigin } from './window.ts';

/** Options of `blindspots()`. */
export interface BlindspotOptions {
  /** Input length (1-D) or [rows, cols]; default 2·receptiveField + 1 per axis (≥ 16, ≤ 257). */
  inputSize?: number | readonly number[];
  /** Seed of the random input and perturbation (default 0). */
  seed?: number;
  /** A nonlinearity after every convolution but the last (default 'none'). */
  activation?: Activation;
}

/** What `blindspots()` returns (docs/cli.md, "The blindspots JSON"). */
export interface BlindspotResult {
  /** Hole offsets of the centre output's receptive field (inputs it never reads). */
  holes: number;
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
  /** |Δy| of the centre output when the control sample is perturbed by the same amount. */
  controlOutputChange: number;
  outputPosition: number[];
  windowStart: number[];
  inputSize: number[];
  seed: number;
  activation: Activation;
}

function withUnitWeights(program: Program): Program {
  return {
    ...program,
    ops: program.ops.map((op) =>
      op.op === 'conv'
        ? { ...op, weights: new Float32Array(op.weights.length).fill(1), bias: undefined }
        : op,
    ),
  };
}

/**
 * The blind-spot proof: a seeded random input is perturbed only at samples no output path
 * reaches — the holes of the centre output's tap set (exact, §4), and the samples no output
 * reads at all (stride and padding: counted by back-propagating Σy through the network with
 * every weight 1, which counts the paths through the real padding) — and the network runs
 * before and after (TensorFlow.js). The centre output (for holes) and every output (for
 * unread samples) change by exactly 0 while the input changes visibly; the same
 * perturbation at a reached sample (the centre output's most-read offset) changes the
 * centre output.
 */
export async function blindspots(
  network: Network,
  options: BlindspotOptions = {},
): Promise<BlindspotResult> {
  const dims = network.dims;
  const two = dims === 2;
  const seed = integerIn('seed', options.seed ?? 0, 0, 2 ** 32 - 1);
  const activation = options.activation ?? 'none';
  const rf = receptiveFieldOf(network.root, dims);
  const size = resolveInputSize(dims, options.inputSize, rf);
  const H = two ? size[0] : 1;
  const W = two ? size[1] : size[0];
  const program = lowerNetwork(network, activation);
  const shape: [number, number, number] = [1, H, W];
  const x = Float32Array.from(normals(seed, H * W));
  const base = await forward(program, { count: 1, shape, values: x });
  const [, Ho, Wo] = base.shape;
  const position = two
    ? [Math.floor((Ho - 1) / 2), Math.floor((Wo - 1) / 2)]
    : [Math.floor((Wo - 1) / 2)];
  const stride = totalStride(network.root, dims);
  const origin = windowOrigin(network.root, dims);
  const start = position.map((p, i) => p * stride[i] - origin[i]);
  const counts = pathCounts(network);
  const C = two ? counts.shape[1] : counts.shape[0];
  const toInput = (k: number): number[] =>
    two ? [Math.floor(k / C) + start[0], (k % C) + start[1]] : [k + start[0]];
  const inside = (u: number[]) =>
    two ? u[0] >= 0 && u[0] < H && u[1] >= 0 && u[1] < W : u[0] >= 0 && u[0] < W;
  const flat = (u: number[]) => (two ? u[0] * W + u[1] : u[0]);

  const holeInputs: number[][] = [];
  let best = 0;
  let bestK = 0;
  counts.weights.forEach((c, k) => {
    if (c === 0) {
      const u = toInput(k);
      if (inside(u)) holeInputs.push(u);
    } else if (c > best) {
      best = c;
      bestK = k;
    }
  });
  const reads = await outputSumGradient(withUnitWeights(lowerNetwork(network, 'none')), {
    count: 1,
    shape,
    values: x,
  });
  const unreadInputs: number[][] = [];
  for (let i = 0; i < reads.length; i++)
    if (reads[i] === 0) unreadInputs.push(two ? [Math.floor(i / W), i % W] : [i]);

  const bump = 10;
  const perturbed = (at: number[][]): Batch => {
    const v = Float32Array.from(x);
    for (const u of at) v[flat(u)] += bump;
    return { count: 1, shape, values: v };
  };
  const centreIndex = two ? position[0] * Wo + position[1] : position[0];
  let maxOutputChange = 0;
  if (holeInputs.length > 0) {
    const y = await forward(program, perturbed(holeInputs));
    maxOutputChange = Math.max(
      maxOutputChange,
      Math.abs(y.values[centreIndex] - base.values[centreIndex]),
    );
  }
  if (unreadInputs.length > 0) {
    const y = await forward(program, perturbed(unreadInputs));
    for (let i = 0; i < y.values.length; i++)
      maxOutputChange = Math.max(maxOutputChange, Math.abs(y.values[i] - base.values[i]));
  }
  const control = toInput(bestK);
  const yc = await forward(program, perturbed([control]));
  const controlOutputChange = Math.abs(yc.values[centreIndex] - base.values[centreIndex]);
  const seen = new Set<number>();
  const perturbedInputs: number[][] = [];
  for (const u of [...holeInputs, ...unreadInputs]) {
    if (!seen.has(flat(u))) {
      seen.add(flat(u));
      perturbedInputs.push(u);
    }
  }
  return {
    holes: coverage(network).holes,
    unread: unreadInputs.length,
    perturbedInputs,
    inputChange: perturbedInputs.length > 0 ? bump : 0,
    maxOutputChange,
    controlInput: control,
    controlOutputChange,
    outputPosition: position,
    windowStart: start,
    inputSize: size,
    seed,
    activation,
  };
}
