/**
 * The TensorFlow.js adapter: the only module that imports @tensorflow/tfjs-core. It runs a
 * `Program` forward on the WebAssembly backend (or the CPU one) and takes input gradients
 * with tfjs's autodiff.
 *
 * A convolution is one backend kernel call (XNNPACK on wasm) with its stride, dilation and
 * explicit pads together, grouped convs as one block-diagonal filter (depthwise ones as a
 * depthwise kernel), and a custom gradient that is again one forward convolution, with the
 * flipped transposed filter (`convolve`): tfjs's own conv2d gradient refuses dilation and its
 * Conv2DBackpropInput kernel is a plain loop, and the spaceToBatchND route this replaced spent
 * 20–30× the convolutions' time in JavaScript slices (docs/performance.md).
 */
import type * as TF from '@tensorflow/tfjs-core';
import { coneProgram } from './cone.ts';
import { convGeometry, poolGeometry, programShapes } from './geometry.ts';
import { registerGradients } from './gradients.ts';
import type { Batch, ConvOp, PoolOp, Program } from './types.ts';

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

type T4 = TF.Tensor4D;

/** Every s-th sample per axis from the first: [N, ⌈H/sh⌉, ⌈W/sw⌉, C]. */
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

/**
 * Tensors one pass (a forward, or a forward and its gradient) keeps outside tfjs's tape:
 * filters and the activations the custom gradients read. tfjs's `save` would copy each of
 * them (an Identity kernel: a full copy on the wasm backend); a closure and `tf.keep` do
 * not. Each is counted: a custom gradient `release`s what it read once it has run, so the
 * backward pass frees the activations as it goes (tfjs itself frees nothing of a gradient
 * before the whole of it ends); what is left is disposed when the pass ends.
 */
interface Pass {
  /** A gradient follows: keep what the custom gradients read. */
  readonly grad: boolean;
  readonly kept: Map<TF.Tensor, number>;
}

function newPass(grad: boolean): Pass {
  return { grad, kept: new Map() };
}

function keep<T extends TF.Tensor>(pass: Pass, t: T): T {
  pass.kept.set(tf.keep(t), (pass.kept.get(t) ?? 0) + 1);
  return t;
}

/** One reader of a kept tensor is done with it: disposed when no reader is left. */
function release(pass: Pass, t: TF.Tensor): void {
  const n = pass.kept.get(t);
  if (n === undefined) return;
  if (n > 1) pass.kept.set(t, n - 1);
  else {
    pass.kept.delete(t);
    t.dispose();
  }
}

function endPass(pass: Pass): void {
  for (const t of pass.kept.keys()) t.dispose();
  pass.kept.clear();
}

/**
 * A custom gradient's body: `f` in a tidy (its intermediates freed on return), then `dy`
 * disposed. The tape hands each output's gradient to that output's op alone and reads it no
 * more, but keeps every one of them until the whole gradient ends; disposing it here lets the
 * backward pass reuse the memory. Every custom gradient returns tensors of its own (never
 * `dy`, never one tensor for two inputs), so nothing else holds what is disposed.
 */
function gradStep<T extends TF.Tensor | TF.Tensor[]>(dy: TF.Tensor, f: () => T): T {
  const out = tf.tidy(f);
  dy.dispose();
  return out;
}

/**
 * What the gradient routes read of a conv's filter: its taps, channels, and whether it runs
 * as a depthwise kernel (groups = cIn = cOut).
 */
interface ConvFilters {
  readonly depthwise: boolean;
  readonly kh: number;
  readonly kw: number;
  readonly cIn: number;
  readonly cOut: number;
}

/**
 * PyTorch/ONNX weights [cOut, cIn/g, kh, kw] with g > 1 groups as one dense [cOut, cIn, kh, kw]
 * block-diagonal filter: w'[co][ci] = w[co][ci − g(co)·cIn/g] inside co's group, 0 outside.
 */
function blockDiagonal(w: Float32Array, shape: readonly number[], g: number): Float32Array {
  const [cOut, cInG, kh, kw] = shape;
  const cIn = cInG * g;
  const khw = kh * kw;
  const perOut = cOut / g;
  const out = new Float32Array(cOut * cIn * khw);
  for (let co = 0; co < cOut; co++) {
    const base = Math.floor(co / perOut) * cInG;
    out.set(w.subarray(co * cInG * khw, (co + 1) * cInG * khw), (co * cIn + base) * khw);
  }
  return out;
}

type Pads4 = [[0, 0], [number, number], [number, number], [0, 0]];

/**
 * One convolution kernel call (XNNPACK on the wasm backend) with explicit pads, stride and
 * dilation together, the bias and a ReLU fused in. tfjs's conv2d op refuses a stride and a
 * dilation both above 1 and its gradient any dilation, but the kernels take both; the
 * gradient is `convolve`'s own.
 */
function convKernel(
  x: T4,
  filter: TF.Tensor4D,
  depthwise: boolean,
  stride: readonly [number, number],
  dilation: readonly [number, number],
  pad: Pads4,
  bias?: TF.Tensor1D,
  relu = false,
): T4 {
  const attrs = {
    strides: [stride[0], stride[1]],
    dilations: [dilation[0], dilation[1]],
    pad,
    dataFormat: 'NHWC',
  };
  if (!bias && !relu)
    return tf
      .engine()
      .runKernel(
        depthwise ? 'DepthwiseConv2dNative' : 'Conv2D',
        { x, filter },
        attrs as unknown as TF.NamedAttrMap,
      ) as T4;
  return tf
    .engine()
    .runKernel(
      depthwise ? 'FusedDepthwiseConv2D' : 'FusedConv2D',
      bias ? { x, filter, bias } : { x, filter },
      { ...attrs, activation: relu ? 'relu' : 'linear' } as unknown as TF.NamedAttrMap,
    ) as T4;
}

/**
 * Inserts s − 1 zeros after every sample of each spatial axis: z[s·p] = dy[p] (the
 * gradient of a stride-s conv, spread back onto its input grid), [N, Ho·sh, Wo·sw, C].
 */
function spread(dy: T4, sh: number, sw: number): T4 {
  if (sh === 1 && sw === 1) return dy;
  const [N, Ho, Wo, C] = dy.shape;
  const r = tf.reshape(dy, [N, Ho, 1, Wo, 1, C]);
  const p = tf.pad(r, [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return tf.reshape(p, [N, Ho * sh, Wo * sw, C]);
}

/** The tensors of one conv op in a pass: its forward filter and bias, its gradient's filters on demand. */
interface ConvTensors {
  readonly f: ConvFilters;
  /** [kh, kw, cIn, cOut] (depthwise: [kh, kw, c, 1]). */
  readonly forward: TF.Tensor4D;
  readonly bias?: TF.Tensor1D;
  /**
   * The gradient's filters, made when the gradient runs (so the forward pass does not hold
   * them): the spatially flipped transpose `backward` [kh, kw, cOut, cIn] (depthwise: the
   * flipped [kh, kw, c, 1]), or for a strided conv the sub-pixel `phases`.
   */
  readonly gradient: () => GradientFilters;
}

/** A conv's gradient filters (`ConvTensors.gradient`). */
interface GradientFilters {
  readonly backward?: TF.Tensor4D;
  /** One filter for all s² phases (`together`), or one per phase in order (φh, φw). */
  readonly phases?: {
    readonly together: boolean;
    readonly filters: readonly { filter: TF.Tensor4D; jh: number; jw: number }[];
  };
}

/**
 * The gradient's filter of weights w [cOut][cIn][kh·kw] (dense, or block-diagonal): the
 * spatially flipped transpose B[kh·kw − 1 − t][co][ci] = w[co][ci][t], [kh, kw, cOut, cIn]; a
 * depthwise conv's (cIn = 1 per channel) is its flipped [kh, kw, c, 1]. One JavaScript loop
 * whose kh·kw write streams are each sequential: the wasm backend's Reverse kernel took 10×
 * as long (docs/performance.md).
 */
function flippedTranspose(w: Float32Array, cOut: number, cIn: number, khw: number): Float32Array {
  const out = new Float32Array(w.length);
  const plane = cOut * cIn;
  for (let k = 0; k < plane; k++) {
    const src = k * khw;
    for (let t = 0; t < khw; t++) out[(khw - 1 - t) * plane + k] = w[src + t];
  }
  return out;
}

/**
 * The sub-pixel filters of a stride-s, undilated conv's input gradient: with e = s·q + φ a
 * padded input position, ∂/∂x_pad[e] = Σ_j w[φ + s·j]·dy[q − j], a correlation over dy with
 * J_φ = ⌈(k − φ)/s⌉ taps, P_φ[m][·][co][ci] = w[co][ci][φh + s(Jh−1−mh)][φw + s(Jw−1−mw)].
 * Its work is about the forward conv's, where spreading dy by the stride (zeros between
 * samples) costs s² times. `together`: the s² phases as s²·cIn output channels of one filter
 * of J = ⌈k/s⌉ taps (zeros past the kernel; for a 3×3 conv at stride 2, 16 taps of which 9
 * are the kernel's), one conv read back by `interleave`; otherwise one exact filter per phase
 * (4 + 2 + 2 + 1 taps), the convs' outputs interleaved by `interleavePhases`. One conv has the
 * fewer kernel calls and s² times the output channels, which XNNPACK needs when cIn is small.
 */
function phaseFilters(
  w: Float32Array,
  shape: readonly [number, number, number, number],
  s: number,
  together: boolean,
): { values: Float32Array; jh: number; jw: number; channels: number }[] {
  const [cOut, cIn, kh, kw] = shape;
  const J = (k: number, phase: number) => Math.ceil((k - phase) / s);
  const fill = (jh: number, jw: number, phases: [number, number][]) => {
    const outC = phases.length * cIn;
    const values = new Float32Array(jh * jw * cOut * outC);
    let o = 0;
    for (let mh = 0; mh < jh; mh++)
      for (let mw = 0; mw < jw; mw++)
        for (let co = 0; co < cOut; co++)
          for (const [ph, pw] of phases) {
            const i = ph + s * (jh - 1 - mh);
            const j = pw + s * (jw - 1 - mw);
            if (i >= kh || j >= kw) {
              o += cIn;
              continue;
            }
            for (let ci = 0; ci < cIn; ci++) values[o++] = w[((co * cIn + ci) * kh + i) * kw + j];
          }
    return { values, jh, jw, channels: outC };
  };
  const all: [number, number][] = [];
  for (let ph = 0; ph < s; ph++) for (let pw = 0; pw < s; pw++) all.push([ph, pw]);
  if (together) return [fill(J(kh, 0), J(kw, 0), all)];
  return all.map(([ph, pw]) => fill(J(kh, ph), J(kw, pw), [[ph, pw]]));
}

/**
 * A conv op's filters as the backends take them, from the weights [cOut, cIn/g, kh, kw] (a
 * grouped conv as one block-diagonal dense filter, `blockDiagonal`; a depthwise one as
 * [kh, kw, c, 1]): forward F[i][j][ci][co] = w[co][ci][i][j], by tfjs's transpose kernel;
 * the gradient's, when it runs, the sub-pixel filters (`phaseFilters`) or the flipped
 * transpose (`flippedTranspose`; a 1×1 conv's is w itself).
 */
function convTensors(pass: Pass, op: ConvOp): ConvTensors {
  const [cOut, cInG, kh, kw] = op.shape;
  const cIn = cInG * op.groups;
  const depthwise = op.groups > 1 && cInG === 1 && cOut === op.groups;
  const f: ConvFilters = { depthwise, kh, kw, cIn, cOut };
  const [sh, sw] = op.stride;
  // The sub-pixel gradient: an undilated dense conv with one stride s > 1 on both axes and a
  // kernel at least s wide (a 1×1 conv's gradient is a 1×1 conv spread afterwards).
  const subPixel =
    !depthwise &&
    sh === sw &&
    sh > 1 &&
    op.dilation[0] === 1 &&
    op.dilation[1] === 1 &&
    kh >= sh &&
    kw >= sw;
  const khw = kh * kw;
  const dense =
    depthwise || op.groups === 1 ? op.weights : blockDiagonal(op.weights, op.shape, op.groups);
  const forward = tf.tidy(() =>
    depthwise
      ? tf.transpose(tf.tensor4d(dense, [cIn, kh, kw, 1]), [1, 2, 0, 3])
      : tf.transpose(tf.tensor4d(dense, [cOut, cIn, kh, kw]), [2, 3, 1, 0]),
  ) as TF.Tensor4D;
  const gradient = (): GradientFilters => {
    if (subPixel) {
      // One filter when the phases are few channels each (a stem's RGB), else one per phase.
      const together = cIn < 16;
      const filters = phaseFilters(dense, [cOut, cIn, kh, kw], sh, together).map((p) => ({
        filter: tf.tensor4d(p.values, [p.jh, p.jw, cOut, p.channels]),
        jh: p.jh,
        jw: p.jw,
      }));
      return { phases: { together, filters } };
    }
    if (khw === 1 && !depthwise) return { backward: tf.tensor4d(dense, [1, 1, cOut, cIn]) };
    return {
      backward: depthwise
        ? tf.tensor4d(flippedTranspose(dense, cIn, 1, khw), [kh, kw, cIn, 1])
        : tf.tensor4d(flippedTranspose(dense, cOut, cIn, khw), [kh, kw, cOut, cIn]),
    };
  };
  return {
    f,
    forward: keep(pass, forward),
    bias: op.bias ? keep(pass, tf.tensor1d(op.bias)) : undefined,
    gradient,
  };
}

/**
 * ∂L/∂x of a convolution from ∂L/∂y, as forward convolutions (XNNPACK again), where tfjs's
 * own Conv2DBackpropInput is a plain loop and refuses dilation. Per axis, with `before` the
 * pad, k taps at dilation d and stride s:
 * - a 1×1 conv: the 1×1 conv of dy with the transposed filter, spread by the stride;
 * - an undilated conv with stride s ≤ k (`phaseFilter`): the s² phases from one conv over
 *   dy, interleaved (`interleave`), cropped from `before`;
 * - otherwise: ∂L/∂x[u] = Σ_m wflip[m]·z[u − P + d·m], z = dy spread by the stride,
 *   P = d(k−1) − before, the pad after chosen so the result has the input's length.
 */
function convInputGradient(
  dy: T4,
  f: ConvFilters,
  t: GradientFilters,
  H: number,
  W: number,
  stride: readonly [number, number],
  dilation: readonly [number, number],
  pads: readonly [number, number, number, number],
): T4 {
  const [top, , left] = pads;
  const [sh, sw] = stride;
  if (f.kh === 1 && f.kw === 1 && !f.depthwise) {
    const g = convKernel(
      dy,
      t.backward as TF.Tensor4D,
      false,
      [1, 1],
      [1, 1],
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    );
    return fitGrid(spread(g, sh, sw), top, left, H, W);
  }
  if (t.phases) {
    const s = sh;
    const [, Ho, Wo] = dy.shape;
    const qh = Math.ceil((top + H) / s);
    const qw = Math.ceil((left + W) / s);
    // Pads before J − 1 and after to ⌈(top + H)/s⌉ rows: every phase on the same grid.
    const gs = t.phases.filters.map((p) =>
      convKernel(
        dy,
        p.filter,
        false,
        [1, 1],
        [1, 1],
        [
          [0, 0],
          [p.jh - 1, Math.max(0, qh - Ho)],
          [p.jw - 1, Math.max(0, qw - Wo)],
          [0, 0],
        ],
      ),
    );
    const g = t.phases.together ? interleave(gs[0], s) : interleavePhases(gs, s);
    return fitGrid(g, top, left, H, W);
  }
  let z = spread(dy, sh, sw);
  const P = [dilation[0] * (f.kh - 1) - top, dilation[1] * (f.kw - 1) - left];
  const A = [H - z.shape[1] + top, W - z.shape[2] + left];
  if (P[0] < 0 || P[1] < 0 || A[0] < 0 || A[1] < 0) {
    // Gradient samples no input position reads: cut them instead of padding negatively.
    const r0 = Math.max(0, -P[0]);
    const c0 = Math.max(0, -P[1]);
    const rows = z.shape[1] - r0 - Math.max(0, -A[0]);
    const cols = z.shape[2] - c0 - Math.max(0, -A[1]);
    z = tf.slice(z, [0, r0, c0, 0], [-1, rows, cols, -1]);
  }
  return convKernel(z, t.backward as TF.Tensor4D, f.depthwise, [1, 1], dilation, [
    [0, 0],
    [Math.max(0, P[0]), Math.max(0, A[0])],
    [Math.max(0, P[1]), Math.max(0, A[1])],
    [0, 0],
  ]);
}

/**
 * depthToSpace of [N, Q, R, s·s·C] (phase (φh, φw) in channels (φh·s + φw)·C …): [N, Q·s, R·s, C],
 * out[s·q + φh, s·r + φw, c] = in[q, r, (φh·s + φw)·C + c]. As a reshape, one transpose and a
 * reshape: the wasm backend's DepthToSpace kernel is an element-by-element loop, 9× slower
 * than its Transpose on ResNet-50's gradients (docs/performance.md).
 */
function interleave(g: T4, s: number): T4 {
  const [N, Q, R, SC] = g.shape;
  const C = SC / (s * s);
  const r = tf.reshape(g, [N, Q, R, s, s, C]);
  return tf.reshape(tf.transpose(r, [0, 1, 3, 2, 4, 5]), [N, Q * s, R * s, C]);
}

/**
 * The s² phase maps [N, Q, R, C] (in order (φh, φw)) as one [N, Q·s, R·s, C]:
 * out[s·q + φh, s·r + φw] = phase (φh, φw)[q, r]. Concatenated on the channel axis, then
 * `interleave` (a transpose that moves the phases outermost instead took 25× as long on wasm).
 */
function interleavePhases(gs: readonly T4[], s: number): T4 {
  return interleave(tf.concat(gs as T4[], 3), s);
}

/**
 * The input grid of a gradient on the padded grid: rows top…top+H−1, cols left…left+W−1
 * (zeros where the padded grid is shorter).
 */
function fitGrid(g: T4, top: number, left: number, H: number, W: number): T4 {
  const [, h, w] = g.shape;
  const bottom = Math.max(0, top + H - h);
  const right = Math.max(0, left + W - w);
  const padded =
    bottom || right
      ? tf.pad(g, [
          [0, 0],
          [0, bottom],
          [0, right],
          [0, 0],
        ])
      : g;
  if (top === 0 && left === 0 && padded.shape[1] === H && padded.shape[2] === W) return padded;
  return tf.slice(padded, [0, top, left, 0], [-1, H, W, -1]);
}

/**
 * y[p] = b + Σ_n w[n]·x[s·p − before + d·n] per axis (channels mixed by the filter), a ReLU
 * after it when `relu`, with tfjs's custom gradient (`convInputGradient`; through the ReLU,
 * dy·step(y)). The filters and, for the ReLU, the output are kept by the pass, not saved.
 */
function convolve(
  pass: Pass,
  x: T4,
  t: ConvTensors,
  stride: readonly [number, number],
  dilation: readonly [number, number],
  pads: readonly [number, number, number, number],
  relu: boolean,
): T4 {
  const [top, bottom, left, right] = pads;
  const op = tf.customGrad(((input: TF.Tensor) => {
    const xin = input as T4;
    const [, H, W] = xin.shape;
    const value = convKernel(
      xin,
      t.forward,
      t.f.depthwise,
      stride,
      dilation,
      [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      t.bias,
      relu,
    );
    release(pass, t.forward);
    if (t.bias) release(pass, t.bias);
    if (relu && pass.grad) keep(pass, value);
    const gradFunc = (dy: TF.Tensor) =>
      gradStep(dy, () => {
        const g = relu ? (tf.mul(dy, tf.step(value)) as T4) : (dy as T4);
        const dx = convInputGradient(g, t.f, t.gradient(), H, W, stride, dilation, pads);
        if (relu) release(pass, value);
        return dx;
      });
    return { value, gradFunc };
  }) as unknown as Parameters<typeof TF.customGrad>[0]) as unknown as (x: TF.Tensor) => TF.Tensor;
  return op(x) as T4;
}

function runConv(pass: Pass, op: ConvOp, x: T4, relu: boolean): T4 {
  const [, H, W] = x.shape;
  const g = convGeometry(op, H, W);
  const t = convTensors(pass, op);
  const y = convolve(pass, x, t, op.stride, op.dilation, g.pads, relu && !g.cropped);
  if (!g.cropped) return y;
  const out = cropTo(y, g.out[0], g.out[1]);
  return relu ? tf.relu(out) : out;
}

function poolValue(op: PoolOp, x: T4): T4 {
  const [, H, W] = x.shape;
  const [kh, kw] = op.size;
  const [sh, sw] = op.stride;
  const dilation = op.dilation ?? [1, 1];
  // A dilated window: tf.pool (spaceToBatchND, a pool, batchToSpaceND) at stride 1, then
  // every s-th output; tfjs's pool takes a dilation only at stride 1.
  const dilated = dilation[0] > 1 || dilation[1] > 1;
  const pool = (t: T4, kind: 'max' | 'avg'): T4 =>
    dilated
      ? subsample(
          tf.pool(t, [kh, kw], kind, 'valid', [dilation[0], dilation[1]], [1, 1]) as T4,
          sh,
          sw,
        )
      : kind === 'max'
        ? tf.maxPool(t, [kh, kw], [sh, sw], 'valid')
        : tf.avgPool(t, [kh, kw], [sh, sw], 'valid');
  const { top, bottom, left, right, Ho, Wo } = poolGeometry(op, H, W);
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
    y = pool(padded, 'max');
  } else {
    const padded = any ? tf.pad(x, pads, 0) : x;
    y = pool(padded, 'avg');
    if (op.countIncludePad === false && any) {
      // Divide by the taps inside the map: the mean of a padded map of ones is that share.
      const ones = tf.pad(tf.ones([1, H, W, 1]), pads, 0);
      y = tf.div(y, pool(ones as T4, 'avg'));
    }
  }
  return cropTo(y, Ho, Wo);
}

/**
 * ∂L/∂x of a max pool, as PyTorch defines it: each window passes its dy to the first of its
 * largest inputs in row-major tap order (padding never wins), summed where windows overlap.
 * One loop over the windows in JavaScript, the channels innermost (NHWC): the wasm backend's
 * MaxPoolGrad kernel searched every window again for each input sample it could reach (0.6 s
 * for ResNet-50's one pool of 4 samples, docs/performance.md).
 */
export function maxPoolInputGradient(
  x: Float32Array,
  dy: Float32Array,
  shape: readonly [number, number, number, number],
  out: readonly [number, number],
  op: Pick<PoolOp, 'size' | 'stride' | 'dilation'>,
  top: number,
  left: number,
): Float32Array {
  const [N, H, W, C] = shape;
  const [Ho, Wo] = out;
  const [kh, kw] = op.size;
  const [sh, sw] = op.stride;
  const [dh, dw] = op.dilation ?? ([1, 1] as const);
  const dx = new Float32Array(N * H * W * C);
  const best = new Float32Array(C);
  const arg = new Int32Array(C);
  for (let n = 0; n < N; n++)
    for (let p = 0; p < Ho; p++)
      for (let q = 0; q < Wo; q++) {
        // The window's first tap inside the map starts every channel's search.
        let first = true;
        for (let a = 0; a < kh; a++) {
          const r = p * sh - top + a * dh;
          if (r < 0 || r >= H) continue;
          for (let b = 0; b < kw; b++) {
            const c0 = q * sw - left + b * dw;
            if (c0 < 0 || c0 >= W) continue;
            const base = ((n * H + r) * W + c0) * C;
            if (first) {
              for (let c = 0; c < C; c++) {
                best[c] = x[base + c];
                arg[c] = base + c;
              }
              first = false;
              continue;
            }
            for (let c = 0; c < C; c++) {
              const v = x[base + c];
              if (v > best[c]) {
                best[c] = v;
                arg[c] = base + c;
              }
            }
          }
        }
        if (first) continue;
        const o = ((n * Ho + p) * Wo + q) * C;
        for (let c = 0; c < C; c++) dx[arg[c]] += dy[o + c];
      }
  return dx;
}

/**
 * A pool op. A max pool in a gradient pass is one custom op: its value `poolValue`'s, its
 * gradient `maxPoolInputGradient` on the input the pass keeps (no copies saved on the tape).
 */
function runPool(pass: Pass, op: PoolOp, x: T4): T4 {
  if (op.kind !== 'max' || !pass.grad) return poolValue(op, x);
  const f = tf.customGrad(((input: TF.Tensor) => {
    const xin = input as T4;
    const value = poolValue(op, xin);
    keep(pass, xin);
    const gradFunc = (dy: TF.Tensor) =>
      gradStep(dy, () => {
        const [, H, W] = xin.shape;
        const g = poolGeometry(op, H, W);
        const dx = maxPoolInputGradient(
          xin.dataSync() as Float32Array,
          dy.dataSync() as Float32Array,
          xin.shape,
          [dy.shape[1] as number, dy.shape[2] as number],
          op,
          g.top,
          g.left,
        );
        release(pass, xin);
        return tf.tensor4d(dx, xin.shape);
      });
    return { value, gradFunc };
  }) as unknown as Parameters<typeof TF.customGrad>[0]) as unknown as (x: TF.Tensor) => TF.Tensor;
  return f(x) as T4;
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

/**
 * A linear op whose gradient needs only shapes, as a custom op: `value` forward, `grad` the
 * input gradient from dy. tfjs's Slice (a crop, a channel selection) saves a copy of its whole
 * input for a gradient that reads only its shape (an Identity kernel on the wasm backend).
 */
function shapeOnlyOp(x: T4, value: (x: T4) => T4, grad: (dy: T4) => T4): T4 {
  const f = tf.customGrad(((input: TF.Tensor) => ({
    value: value(input as T4),
    gradFunc: (dy: TF.Tensor) => gradStep(dy, () => grad(dy as T4)),
  })) as unknown as Parameters<typeof TF.customGrad>[0]) as unknown as (x: TF.Tensor) => TF.Tensor;
  return f(x) as T4;
}

/** A crop op: `runCrop`, its gradient the crop of dy back onto the input's grid. */
function cropOp(
  pass: Pass,
  x: T4,
  start: readonly [number, number],
  size: readonly [number, number],
): T4 {
  if (!pass.grad) return runCrop(x, start, size);
  const [, H, W] = x.shape;
  return shapeOnlyOp(
    x,
    (v) => runCrop(v, start, size),
    (dy) => runCrop(dy, [-start[0], -start[1]], [H, W]),
  );
}

/** Channels start … start + count − 1; its gradient dy padded with zeros to the input's channels. */
function selectOp(pass: Pass, x: T4, start: number, count: number): T4 {
  const pick = (v: T4) => tf.slice(v, [0, 0, 0, start], [-1, -1, -1, count]);
  if (!pass.grad) return pick(x);
  const C = x.shape[3];
  return shapeOnlyOp(x, pick, (dy) =>
    tf.pad(dy, [
      [0, 0],
      [0, 0],
      [0, 0],
      [start, C - start - count],
    ]),
  );
}

/**
 * relu(x₁ + … + xₙ) (a residual sum and its ReLU) as one custom op: its gradient is
 * dy·step(y) for every input, from the output the pass keeps. tfjs's own route saved a copy
 * of the sum for the ReLU's gradient (an Identity kernel) and cast it again (Cast).
 */
function addRelu(pass: Pass, xs: T4[]): T4 {
  const f = tf.customGrad(((...args: TF.Tensor[]) => {
    const inputs = args.slice(0, xs.length);
    const value = tf.relu(inputs.reduce((a, b) => tf.add(a, b))) as T4;
    if (pass.grad) keep(pass, value);
    const gradFunc = (dy: TF.Tensor) =>
      gradStep(dy, () => {
        const g = tf.mul(dy, tf.step(value));
        release(pass, value);
        // One tensor per input (reshape shares the data): the tape must not see one twice.
        return inputs.map((_, k) => (k === 0 ? g : tf.reshape(g, g.shape)));
      });
    return { value, gradFunc };
  }) as unknown as Parameters<typeof TF.customGrad>[0]) as unknown as (
    ...x: TF.Tensor[]
  ) => TF.Tensor;
  return f(...xs) as T4;
}

/**
 * The ReLU ops whose input is a conv's or a sum's output read by nothing else: the conv runs
 * with the ReLU fused (one kernel, no intermediate tensor), the sum as `addRelu`; the ReLU op
 * passes it on.
 */
function fusedRelus(program: Program): Set<number> {
  const uses = new Int32Array(program.ops.length + 1);
  for (const op of program.ops) for (const i of 'inputs' in op ? op.inputs : [op.input]) uses[i]++;
  uses[program.output ?? program.ops.length]++;
  const fused = new Set<number>();
  program.ops.forEach((op, j) => {
    if (op.op !== 'relu' || op.input === 0 || uses[op.input] !== 1) return;
    const kind = program.ops[op.input - 1].op;
    if (kind === 'conv' || kind === 'add') fused.add(j);
  });
  return fused;
}

/**
 * Runs a program's ops on x. Each tensor is disposed once its last reader has run, unless the
 * pass keeps it for a gradient (the tape reads only the shapes and ids of the tensors it
 * records, and its own kernels' gradients read copies they saved): tfjs's tidy would hold
 * every activation until the whole forward pass ends.
 */
function forwardTensor(pass: Pass, program: Program, x: T4): T4 {
  const t: T4[] = [x];
  const fused = fusedRelus(program);
  const reluAfter = new Set([...fused].map((j) => (program.ops[j] as { input: number }).input - 1));
  const inputsOf = (op: Program['ops'][number]) => ('inputs' in op ? op.inputs : [op.input]);
  // Readers left per tensor id (the input and the output are never disposed), then per tensor
  // (a fused ReLU's id shares its conv's tensor).
  const readers = new Int32Array(program.ops.length + 1);
  for (const op of program.ops) for (const i of inputsOf(op)) readers[i]++;
  readers[0]++;
  readers[program.output ?? program.ops.length]++;
  const left = new Map<TF.Tensor, number>([[x, readers[0]]]);
  const done = (i: number) => {
    const y = t[i + 1];
    left.set(y, (left.get(y) ?? 0) + readers[i + 1]);
    for (const id of inputsOf(program.ops[i])) {
      const v = t[id];
      const n = (left.get(v) ?? 1) - 1;
      left.set(v, n);
      if (n === 0 && v !== y && !pass.kept.has(v)) v.dispose();
    }
  };
  for (const [i, op] of program.ops.entries()) {
    if (fused.has(i)) {
      t.push(t[(op as { input: number }).input]);
      done(i);
      continue;
    }
    switch (op.op) {
      case 'conv':
        t.push(runConv(pass, op, t[op.input], reluAfter.has(i)));
        break;
      case 'add': {
        const xs = op.inputs.map((i) => t[i]);
        t.push(reluAfter.has(i) ? addRelu(pass, xs) : xs.reduce((a, b) => tf.add(a, b)));
        break;
      }
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
        t.push(runPool(pass, op, t[op.input]));
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
        t.push(cropOp(pass, t[op.input], op.start, op.size));
        break;
      case 'global': {
        const x = t[op.input];
        t.push(tf.mul(tf.onesLike(x), tf.mean(x, [1, 2], true)));
        break;
      }
      case 'select':
        t.push(selectOp(pass, t[op.input], op.start, op.count));
        break;
    }
    done(i);
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
  const pass = newPass(false);
  const y = tf.tidy(() => tf.transpose(forwardTensor(pass, program, toNhwc(batch)), [0, 3, 1, 2]));
  endPass(pass);
  const [N, C, H, W] = y.shape;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  return { count: N, shape: [C, H, W], values };
}

/** Shape [channels, rows, cols] of the output for an input of `shape` (`programShapes`). */
export async function outputShape(
  program: Program,
  shape: readonly [number, number, number],
): Promise<[number, number, number]> {
  return programShapes(program, shape)[program.output ?? program.ops.length];
}

/** What the gradient is taken of: output position [row, col], one channel or all (summed). */
export interface GradientTarget {
  readonly position: readonly [number, number];
  readonly channel?: number;
}

/** Options of `squaredInputGradient`. */
export interface GradientOptions {
  /**
   * Run only the output position's cone (`coneProgram`, default true): the same gradient, on
   * the part of every tensor it depends on. False runs the whole program (tests compare).
   */
  readonly cone?: boolean;
}

/**
 * Σ over the batch of (∂y/∂x)², summed over input channels: a [rows, cols] map, where
 * y = Σ_c y[c, row, col] of each sample (or one channel c). Samples are independent, so one
 * backward pass of the batch sum gives every sample's gradient. Only the output's cone is
 * run (`coneProgram`): the input samples outside it have a zero gradient.
 */
export async function squaredInputGradient(
  program: Program,
  batch: Batch,
  target: GradientTarget,
  options: GradientOptions = {},
): Promise<Float64Array> {
  await initRuntime();
  const [, H, W] = batch.shape;
  const cone = options.cone === false ? null : coneProgram(program, batch.shape, target.position);
  const run = cone?.program ?? program;
  const [r, c] = cone?.position ?? target.position;
  const box = cone?.input ?? { r0: 0, r1: H, c0: 0, c1: W };
  const pass = newPass(true);
  const g = tf.tidy(() => {
    const full = toNhwc(batch);
    const x =
      box.r1 - box.r0 === H && box.c1 - box.c0 === W
        ? full
        : tf.slice(full, [0, box.r0, box.c0, 0], [-1, box.r1 - box.r0, box.c1 - box.c0, -1]);
    const f = (input: TF.Tensor) => {
      const y = forwardTensor(pass, run, input as T4);
      const C = y.shape[3];
      const ch = target.channel;
      const picked = tf.slice(y, [0, r, c, ch ?? 0], [-1, 1, 1, ch === undefined ? C : 1]);
      return tf.sum(picked);
    };
    const grad = tf.grad(f)(x);
    return tf.sum(tf.square(grad), [0, 3]);
  });
  endPass(pass);
  const data = await g.data();
  g.dispose();
  const out = new Float64Array(H * W);
  const w = box.c1 - box.c0;
  for (let i = box.r0; i < box.r1; i++)
    for (let j = box.c0; j < box.c1; j++) out[i * W + j] = data[(i - box.r0) * w + (j - box.c0)];
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
  const pass = newPass(true);
  const g = tf.tidy(() => {
    const x = toNhwc({ ...batch, count: 1 });
    const grad = tf.grad((input: TF.Tensor) => tf.sum(forwardTensor(pass, program, input as T4)))(
      x,
    );
    return tf.sum(grad, [0, 3]);
  });
  endPass(pass);
  const data = await g.data();
  g.dispose();
  return Float64Array.from(data.subarray(0, H * W));
}
