import { mulberry32, normals } from '../kernel/index.ts';
import { type Batch, type Program, squaredInputGradient } from '../runtime/index.ts';

/** Where the measured gradient is taken and which inputs feed it. */
export interface EmpiricalErfOptions {
  /** Input [channels, rows, cols]. */
  readonly inputShape: readonly [number, number, number];
  /** Output position [row, col] whose gradient is taken. */
  readonly position: readonly [number, number];
  /** One output channel, or all of them summed (default). */
  readonly channel?: number;
  /** Number of seeded random inputs (ignored when `inputs` is given). */
  readonly samples: number;
  readonly seed: number;
  /** The user's inputs instead of random ones (e.g. decoded images), `count` samples. */
  readonly inputs?: Batch;
  /** Samples per backward pass (default 4). */
  readonly batchSize?: number;
  /** Called after every batch with the samples done so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops between batches with an AbortError. */
  readonly signal?: AbortSignal;
}

/** The seed of random input sample i of a run with `seed`: one stream per sample. */
export function sampleSeed(seed: number, i: number): number {
  return (mulberry32(seed ^ 0x9e3779b9)() * 4294967296 + i * 0x85ebca6b) >>> 0;
}

/**
 * Seeded standard-normal inputs: sample i is `normals(sampleSeed(seed, i), C·H·W)` in
 * [channel, row, col] order (the same inputs on every machine; the fixture script reads them).
 */
export function randomInputs(
  shape: readonly [number, number, number],
  seed: number,
  from: number,
  count: number,
): Batch {
  const n = shape[0] * shape[1] * shape[2];
  const values = new Float32Array(count * n);
  for (let i = 0; i < count; i++) values.set(normals(sampleSeed(seed, from + i), n), i * n);
  return { count, shape, values };
}

function slice(batch: Batch, from: number, count: number): Batch {
  const n = batch.shape[0] * batch.shape[1] * batch.shape[2];
  return { count, shape: batch.shape, values: batch.values.subarray(from * n, (from + count) * n) };
}

/**
 * Whether a program is affine in its input: convolutions, sums, concatenations, average
 * pools, crops, channel selections, per-channel scales and global means only (no ReLU, sigmoid, tanh, clip, max
 * pool or product of two tensors). Then ∂y/∂x is the same for every input, so the ERF of any
 * N inputs, (1/N) Σ_n (∂y/∂x_n)², is that of one input: `empiricalErf` runs one.
 */
export function isAffine(program: Program): boolean {
  return program.ops.every(
    (op) =>
      op.op === 'conv' ||
      op.op === 'add' ||
      op.op === 'concat' ||
      op.op === 'scale' ||
      op.op === 'crop' ||
      op.op === 'global' ||
      op.op === 'select' ||
      (op.op === 'pool' && op.kind === 'avg'),
  );
}

/** One turn of the event loop (a macrotask), so signals and aborts between batches are seen. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The measured ERF (Luo et al. 2016) of a program over its whole input: for every input
 * sample u, (1/N) Σ_n Σ_c (∂y/∂x_{n,c,u})², y the output at `position` (summed over
 * channels or one channel), by TensorFlow.js back-propagation, N inputs in batches.
 * Returns the [rows, cols] map (float64 of float32 gradients). A zero gradient stays 0.
 * An affine program (`isAffine`) has the same gradient for every input: one backward pass of
 * the first input gives the average exactly (up to float32 rounding).
 */
export async function empiricalErf(
  program: Program,
  o: EmpiricalErfOptions,
): Promise<Float64Array> {
  const total = o.inputs ? o.inputs.count : o.samples;
  const batchSize = Math.max(1, o.batchSize ?? 4);
  const [, H, W] = o.inputShape;
  const acc = new Float64Array(H * W);
  if (isAffine(program)) {
    if (o.signal?.aborted) throw o.signal.reason ?? new DOMException('aborted', 'AbortError');
    const first = o.inputs ? slice(o.inputs, 0, 1) : randomInputs(o.inputShape, o.seed, 0, 1);
    const g = await squaredInputGradient(program, first, {
      position: o.position,
      channel: o.channel,
    });
    o.onProgress?.(total, total);
    return g;
  }
  for (let done = 0; done < total; ) {
    if (o.signal?.aborted) throw o.signal.reason ?? new DOMException('aborted', 'AbortError');
    const count = Math.min(batchSize, total - done);
    const batch = o.inputs
      ? slice(o.inputs, done, count)
      : randomInputs(o.inputShape, o.seed, done, count);
    const g = await squaredInputGradient(program, batch, {
      position: o.position,
      channel: o.channel,
    });
    for (let i = 0; i < acc.length; i++) acc[i] += g[i];
    done += count;
    o.onProgress?.(done, total);
    // The backends resolve a batch's promise as a microtask, so without a macrotask turn
    // here the whole run never yields: a Ctrl-C (SIGINT, delivered by the event loop) or a
    // client disconnect would only be seen after the last batch.
    if (done < total) await nextTurn();
  }
  for (let i = 0; i < acc.length; i++) acc[i] /= total;
  return acc;
}
