/**
 * The TensorFlow.js adapter: the only module that imports @tensorflow/tfjs-core. It runs a
 * `Program` forward on the WebAssembly backend (or the CPU one) and takes input gradients
 * with tfjs's autodiff.
 *
 * tfjs's conv2d gradient does not support dilation > 1, so a dilated convolution runs as
 * TensorFlow itself runs atrous convolution: spaceToBatchND (the d² polyphase components of
 * the input), an undilated convolution on each, batchToSpaceND; every step has a gradient.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { registerGradients } from './gradients.ts';
import type { Batch, ConvOp, Padding, PoolOp, Program } from './types.ts';

let ready: Promise<void> | undefined;
/**
 * tfjs-core, loaded by `initRuntime` (every entry point awaits it first), not at import:
 * importing it costs about half a second, which every start of the command paid.
 */
let tf: typeof TF;

/** The tfjs backends the runtime can use: both run in-process, nothing is downloaded. */
export type RuntimeBackend = 'cpu' | 'wasm';

/** Options of `initRuntime`. */
export interface RuntimeOptions {
  /**
   * 'wasm' (default: tfjs-backend-wasm, whose .wasm binaries ship inside the npm package and
   * are read from node_modules, SIMD when the engine has it; 5–7× faster than 'cpu' on the
   * ERF, docs/performance.md) or 'cpu' (tfjs-backend-cpu, plain JavaScript). Only the first
   * `initRuntime` call chooses; without WebAssembly it falls back to 'cpu'.
   */
  readonly backend?: RuntimeBackend;
}

/** The backend the runtime runs on (after `initRuntime`). */
export function runtimeBackend(): string {
  return tf ? tf.getBackend() : 'not started';
}

/**
 * Selects the backend once (no download, no network), with warnings silenced. The first call
 * chooses (`options.backend`); later calls return the same promise.
 */
export function initRuntime(options: RuntimeOptions = {}): Promise<void> {
  ready ??= (async () => {
    // Loaded here, not as a side-effect import, so the library's declarations stay free of
    // tfjs's types.
    tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    tf.env().set('PROD', true);
    const backend = options.backend ?? 'wasm';
    if (backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const { createRequire } = await import('node:module');
      const file = createRequire(import.meta.url).resolve(
        '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
      );
      wasm.setWasmPaths(`${file.slice(0, file.lastIndexOf('/') + 1)}`);
      // An engine without WebAssembly falls back to the CPU backend (runtimeBackend says which).
      if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
    } else await tf.setBackend('cpu');
    await registerGradients();
    await tf.ready();
  })();
  return ready;
}

/** Before/after amounts of one axis for a window of effective size K = d(k−1)+1. */
function axisPads(p: Padding, axis: 0 | 1, n: number, K: number, s: number): [number, number] {
  if (p.mode === 'explicit') return axis === 0 ? [p.top, p.bottom] : [p.left, p.right];
  if (p.mode === 'causal') return [K - 1, Math.max(0, (Math.ceil(n / s) - 1) * s + 1 - n)];
  const before = Math.floor((K - 1) / 2);
  // Output length ⌈n/s⌉ (PyTorch "same" for s = 1); extra rows are cropped afterwards.
  const after = Math.max(0, (Math.ceil(n / s) - 1) * s + K - n - before);
  return [before, after];
}

/** Output length of one axis: ⌈n/s⌉ for "same" and "causal"; -1 (keep) for explicit pads. */
function outLength(p: Padding, n: number, s: number): number {
  if (p.mode === 'explicit') return -1;
  return Math.ceil(n / s);
}

type T4 = TF.Tensor4D;

function subsample(x: T4, sh: number, sw: number): T4 {
  if (sh === 1 && sw === 1) return x;
  const [N, H, W, C] = x.shape;
  const Hp = Math.ceil(H / sh) * sh;
  const Wp = Math.ceil(W / sw) * sw;
  const padded =
    Hp > H || Wp > W
      ? tf.pad(x, [
          [0, 0],
          [0, Hp - H],
          [0, Wp - W],
          [0, 0],
        ])
      : x;
  const r = tf.reshape(padded, [N, Hp / sh, sh, Wp / sw, sw, C]);
  const s = tf.slice(r, [0, 0, 0, 0, 0, 0], [N, Hp / sh, 1, Wp / sw, 1, C]);
  return tf.reshape(s, [N, Hp / sh, Wp / sw, C]);
}

function cropTo(x: T4, H: number, W: number): T4 {
  if (H < 0 && W < 0) return x;
  const [N, h, w, C] = x.shape;
  const hh = H < 0 ? h : Math.min(h, H);
  const ww = W < 0 ? w : Math.min(w, W);
  if (hh === h && ww === w) return x;
  return tf.slice(x, [0, 0, 0, 0], [N, hh, ww, C]);
}

/** One group's undilated valid convolution at stride 1 (or the given stride when d = 1). */
function convGroup(
  x: T4,
  filter: TF.Tensor4D,
  d: readonly [number, number],
  s: readonly [number, number],
): T4 {
  const [dh, dw] = d;
  if (dh === 1 && dw === 1) return tf.conv2d(x, filter, [s[0], s[1]], 'valid');
  const [, H, W] = x.shape;
  const [kh, kw] = filter.shape;
  const Ho = H - dh * (kh - 1);
  const Wo = W - dw * (kw - 1);
  const ph = (dh - (H % dh)) % dh;
  const pw = (dw - (W % dw)) % dw;
  const phases = tf.spaceToBatchND(
    x,
    [dh, dw],
    [
      [0, ph],
      [0, pw],
    ],
  ) as T4;
  const y = tf.conv2d(phases, filter, 1, 'valid');
  const full = tf.batchToSpaceND(
    y,
    [dh, dw],
    [
      [0, 0],
      [0, 0],
    ],
  ) as T4;
  return subsample(cropTo(full, Ho, Wo), s[0], s[1]);
}

function runConv(op: ConvOp, x: T4): T4 {
  const [, H, W] = x.shape;
  const [cOut, cInG, kh, kw] = op.shape;
  const Kh = op.dilation[0] * (kh - 1) + 1;
  const Kw = op.dilation[1] * (kw - 1) + 1;
  const [top, bottom] = axisPads(op.padding, 0, H, Kh, op.stride[0]);
  const [left, right] = axisPads(op.padding, 1, W, Kw, op.stride[1]);
  const padded =
    top || bottom || left || right
      ? tf.pad(x, [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ])
      : x;
  // [cOut, cInG, kh, kw] → [kh, kw, cInG, cOut]
  const w = tf.transpose(
    tf.tensor4d(op.weights, [cOut, cInG, kh, kw]),
    [2, 3, 1, 0],
  ) as TF.Tensor4D;
  const g = op.groups;
  let y: T4;
  if (g === 1) y = convGroup(padded, w, op.dilation, op.stride);
  else {
    const perOut = cOut / g;
    const parts: T4[] = [];
    for (let i = 0; i < g; i++) {
      const xi = tf.slice(padded, [0, 0, 0, i * cInG], [-1, -1, -1, cInG]);
      const wi = tf.slice(w, [0, 0, 0, i * perOut], [-1, -1, -1, perOut]);
      parts.push(convGroup(xi, wi, op.dilation, op.stride));
    }
    y = tf.concat(parts, 3);
  }
  y = cropTo(y, outLength(op.padding, H, op.stride[0]), outLength(op.padding, W, op.stride[1]));
  if (op.bias) y = tf.add(y, tf.tensor1d(op.bias));
  return y;
}

/** PyTorch's ceil-mode output length: ⌈(n + pads − k)/s⌉ + 1, the last window starting inside. */
function ceilLength(n: number, before: number, after: number, k: number, s: number): number {
  let out = Math.ceil((n + before + after - k) / s) + 1;
  if ((out - 1) * s >= n + before) out--;
  return out;
}

function runPool(op: PoolOp, x: T4): T4 {
  const [, H, W] = x.shape;
  const [kh, kw] = op.size;
  const [sh, sw] = op.stride;
  let [top, bottom] = axisPads(op.padding, 0, H, kh, sh);
  let [left, right] = axisPads(op.padding, 1, W, kw, sw);
  let Ho = outLength(op.padding, H, sh);
  let Wo = outLength(op.padding, W, sw);
  if (op.ceil) {
    Ho = ceilLength(H, top, bottom, kh, sh);
    Wo = ceilLength(W, left, right, kw, sw);
    bottom = Math.max(bottom, (Ho - 1) * sh + kh - H - top);
    right = Math.max(right, (Wo - 1) * sw + kw - W - left);
  }
  const pads: [number, number][] = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const any = top || bottom || left || right;
  let y: T4;
  if (op.kind === 'max') {
    const padded = any ? tf.pad(x, pads, -3.4e38) : x;
    y = tf.maxPool(padded, [kh, kw], [sh, sw], 'valid');
  } else {
    const padded = any ? tf.pad(x, pads, 0) : x;
    y = tf.avgPool(padded, [kh, kw], [sh, sw], 'valid');
    if (op.countIncludePad === false && any) {
      // Divide by the taps inside the map: the mean of a padded map of ones is that share.
      const ones = tf.pad(tf.ones([1, H, W, 1]), pads, 0);
      y = tf.div(y, tf.avgPool(ones as T4, [kh, kw], [sh, sw], 'valid'));
    }
  }
  return cropTo(y, Ho, Wo);
}

function runCrop(x: T4, start: readonly [number, number], size: readonly [number, number]): T4 {
  const [, H, W] = x.shape;
  // Pad so that every output position maps inside, then slice.
  const top = Math.max(0, -start[0]);
  const left = Math.max(0, -start[1]);
  const bottom = Math.max(0, start[0] + size[0] - H);
  const right = Math.max(0, start[1] + size[1] - W);
  const padded =
    top || bottom || left || right
      ? tf.pad(x, [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ])
      : x;
  return tf.slice(padded, [0, start[0] + top, start[1] + left, 0], [-1, size[0], size[1], -1]);
}

function forwardTensor(program: Program, x: T4): T4 {
  const t: T4[] = [x];
  for (const op of program.ops) {
    switch (op.op) {
      case 'conv':
        t.push(runConv(op, t[op.input]));
        break;
      case 'add':
        t.push(op.inputs.map((i) => t[i]).reduce((a, b) => tf.add(a, b)));
        break;
      case 'concat':
        t.push(
          tf.concat(
            op.inputs.map((i) => t[i]),
            3,
          ),
        );
        break;
      case 'relu':
        t.push(tf.relu(t[op.input]));
        break;
      case 'sigmoid':
        t.push(tf.sigmoid(t[op.input]));
        break;
      case 'tanh':
        t.push(tf.tanh(t[op.input]));
        break;
      case 'pool':
        t.push(runPool(op, t[op.input]));
        break;
      case 'mul':
        t.push(op.inputs.map((i) => t[i]).reduce((a, b) => tf.mul(a, b)));
        break;
      case 'scale': {
        const y = tf.mul(t[op.input], tf.tensor1d(op.scale));
        t.push((op.bias ? tf.add(y, tf.tensor1d(op.bias)) : y) as T4);
        break;
      }
      case 'clip':
        t.push(tf.clipByValue(t[op.input], op.min, op.max));
        break;
      case 'crop':
        t.push(runCrop(t[op.input], op.start, op.size));
        break;
      case 'global': {
        const x = t[op.input];
        t.push(tf.mul(tf.onesLike(x), tf.mean(x, [1, 2], true)));
        break;
      }
    }
  }
  return t[program.output ?? program.ops.length];
}

function toNhwc(batch: Batch): T4 {
  const [C, H, W] = batch.shape;
  const chw = tf.tensor4d(batch.values, [batch.count, C, H, W]);
  return tf.transpose(chw, [0, 2, 3, 1]) as T4;
}

/** The output of a program on a batch: [count, channels, rows, cols] values and shape. */
export async function forward(program: Program, batch: Batch): Promise<Batch> {
  await initRuntime();
  const y = tf.tidy(() => tf.transpose(forwardTensor(program, toNhwc(batch)), [0, 3, 1, 2]));
  const [N, C, H, W] = y.shape;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  return { count: N, shape: [C, H, W], values };
}

/** Shape [channels, rows, cols] of the output for an input of `shape` (one zero sample). */
export async function outputShape(
  program: Program,
  shape: readonly [number, number, number],
): Promise<[number, number, number]> {
  const out = await forward(program, {
    count: 1,
    shape,
    values: new Float32Array(shape[0] * shape[1] * shape[2]),
  });
  return [...out.shape];
}

/** What the gradient is taken of: output position [row, col], one channel or all (summed). */
export interface GradientTarget {
  readonly position: readonly [number, number];
  readonly channel?: number;
}

/**
 * Σ over the batch of (∂y/∂x)², summed over input channels: a [rows, cols] map, where
 * y = Σ_c y[c, row, col] of each sample (or one channel c). Samples are independent, so one
 * backward pass of the batch sum gives every sample's gradient.
 */
export async function squaredInputGradient(
  program: Program,
  batch: Batch,
  target: GradientTarget,
): Promise<Float64Array> {
  await initRuntime();
  const [, H, W] = batch.shape;
  const g = tf.tidy(() => {
    const x = toNhwc(batch);
    const f = (input: TF.Tensor) => {
      const y = forwardTensor(program, input as T4);
      const C = y.shape[3];
      const [r, c] = target.position;
      const ch = target.channel;
      const picked = tf.slice(y, [0, r, c, ch ?? 0], [-1, 1, 1, ch === undefined ? C : 1]);
      return tf.sum(picked);
    };
    const grad = tf.grad(f)(x);
    return tf.sum(tf.square(grad), [0, 3]);
  });
  const data = await g.data();
  g.dispose();
  const out = new Float64Array(H * W);
  for (let i = 0; i < out.length; i++) out[i] = data[i];
  return out;
}

/**
 * ∂(Σ y)/∂x for one input sample: the gradient of the sum of every output value (all
 * positions and channels), summed over input channels, as a [rows, cols] map. With every
 * weight 1 and no nonlinearity it counts, for each input sample, the paths from all outputs
 * that read it through the real padding, so 0 means no output reads that sample.
 */
export async function outputSumGradient(program: Program, batch: Batch): Promise<Float64Array> {
  await initRuntime();
  const [, H, W] = batch.shape;
  const g = tf.tidy(() => {
    const x = toNhwc({ ...batch, count: 1 });
    const grad = tf.grad((input: TF.Tensor) => tf.sum(forwardTensor(program, input as T4)))(x);
    return tf.sum(grad, [0, 3]);
  });
  const data = await g.data();
  g.dispose();
  return Float64Array.from(data.subarray(0, H * W));
}
