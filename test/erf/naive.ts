/**
 * Independent references for the ERF tests: a direct-loop forward pass with PyTorch's
 * placement ("same" padding: before = ⌊d(k−1)/2⌋ zeros, output p reads s·p − before + n·d),
 * and path enumeration with weights. Nothing here calls src/analysis or src/erf.
 */
import type { NetworkNode } from '../../src/network/index.ts';

/** A 1-D or 2-D signal: row-major values and shape ([n] or [rows, cols]). */
export interface Signal {
  shape: number[];
  values: Float64Array;
}

function convLayer(
  x: Signal,
  weights: Float64Array,
  kshape: readonly number[],
  dilation: readonly number[],
  stride: readonly number[],
  relu: boolean,
): Signal {
  const two = x.shape.length === 2;
  const H = two ? x.shape[0] : 1;
  const W = two ? x.shape[1] : x.shape[0];
  const kh = two ? kshape[0] : 1;
  const kw = two ? kshape[1] : kshape[0];
  const dh = two ? dilation[0] : 1;
  const dw = two ? dilation[1] : dilation[0];
  const sh = two ? stride[0] : 1;
  const sw = two ? stride[1] : stride[0];
  const bh = Math.floor((dh * (kh - 1)) / 2);
  const bw = Math.floor((dw * (kw - 1)) / 2);
  const Ho = Math.ceil(H / sh);
  const Wo = Math.ceil(W / sw);
  const out = new Float64Array(Ho * Wo);
  for (let p = 0; p < Ho; p++)
    for (let q = 0; q < Wo; q++) {
      let s = 0;
      for (let a = 0; a < kh; a++)
        for (let b = 0; b < kw; b++) {
          const i = sh * p - bh + a * dh;
          const j = sw * q - bw + b * dw;
          if (i < 0 || i >= H || j < 0 || j >= W) continue;
          s += weights[a * kw + b] * x.values[i * W + j];
        }
      out[p * Wo + q] = relu ? Math.max(0, s) : s;
    }
  return { shape: two ? [Ho, Wo] : [Wo], values: out };
}

/**
 * A pooling window of k taps (dilation 1), stride s, "same" placement (before ⌊(k−1)/2⌋,
 * ⌈L/s⌉ outputs): max over the taps inside the map (PyTorch pads a max pool with −∞), or
 * the sum of those taps over k (an avg pool counting the zero padding, count_include_pad).
 */
function poolLayer(
  x: Signal,
  mode: 'max' | 'avg',
  size: readonly number[],
  stride: readonly number[],
): Signal {
  const two = x.shape.length === 2;
  const H = two ? x.shape[0] : 1;
  const W = two ? x.shape[1] : x.shape[0];
  const kh = two ? size[0] : 1;
  const kw = two ? size[1] : size[0];
  const sh = two ? stride[0] : 1;
  const sw = two ? stride[1] : stride[0];
  const bh = Math.floor((kh - 1) / 2);
  const bw = Math.floor((kw - 1) / 2);
  const Ho = Math.ceil(H / sh);
  const Wo = Math.ceil(W / sw);
  const out = new Float64Array(Ho * Wo);
  for (let p = 0; p < Ho; p++)
    for (let q = 0; q < Wo; q++) {
      let m = -Infinity;
      let s = 0;
      for (let a = 0; a < kh; a++)
        for (let b = 0; b < kw; b++) {
          const i = sh * p - bh + a;
          const j = sw * q - bw + b;
          if (i < 0 || i >= H || j < 0 || j >= W) continue;
          m = Math.max(m, x.values[i * W + j]);
          s += x.values[i * W + j];
        }
      out[p * Wo + q] = mode === 'max' ? m : s / (kh * kw);
    }
  return { shape: two ? [Ho, Wo] : [Wo], values: out };
}

/**
 * The forward pass of a node on `x` (sum merges; a ReLU after every layer if `relu`; pools
 * with "same" padding only).
 */
export function naiveForward(node: NetworkNode, x: Signal, relu = false): Signal {
  switch (node.type) {
    case 'layer':
      return convLayer(x, node.kernel.weights, node.kernel.shape, node.dilation, node.stride, relu);
    case 'pool':
      if (node.padding !== undefined && node.padding !== 'same')
        throw new Error('naiveForward: pools with same padding only');
      return poolLayer(x, node.pool, node.size, node.stride);
    case 'stack':
      return node.layers.reduce((acc, l) => naiveForward(l, acc, relu), x);
    case 'parallel': {
      const outs = node.branches.map((b) => naiveForward(b, x, relu));
      const v = new Float64Array(outs[0].values.length);
      for (const o of outs) for (let i = 0; i < v.length; i++) v[i] += o.values[i];
      return { shape: outs[0].shape, values: v };
    }
    case 'residual': {
      const body = naiveForward(node.body, x, relu);
      return { shape: x.shape, values: body.values.map((v, i) => v + x.values[i]) };
    }
  }
}

/**
 * The gradient of the centre output y[⌊(n_out − 1)/2⌋] with respect to every input sample of
 * a linear network, by pushing each unit impulse through `naiveForward` (the network is
 * linear, so y_c(e_u) = ∂y_c/∂x_u). Also returns the centre output's index per axis.
 */
export function impulseGradient(
  node: NetworkNode,
  shape: number[],
): {
  gradient: Signal;
  centre: number[];
} {
  const n = shape.reduce((a, b) => a * b, 1);
  const g = new Float64Array(n);
  let centre: number[] = [];
  for (let u = 0; u < n; u++) {
    const x = new Float64Array(n);
    x[u] = 1;
    const y = naiveForward(node, { shape, values: x });
    centre = y.shape.map((s) => Math.floor((s - 1) / 2));
    const idx = y.shape.length === 2 ? centre[0] * y.shape[1] + centre[1] : centre[0];
    g[u] = y.values[idx];
  }
  return { gradient: { shape, values: g }, centre };
}

/**
 * ∂y₀/∂x_u of a stack of 1-D layers with the given weights, by enumerating every tap
 * combination (odometer): offset Σ_l n_l·d_l·S_l, weight Π_l w_l[n_l]. Causal offsets.
 */
export function pathGradient1d(
  layers: { weights: Float64Array; dilation: number; stride: number }[],
): Float64Array {
  let span = 1;
  let scale = 1;
  for (const l of layers) {
    span += (l.weights.length - 1) * l.dilation * scale;
    scale *= l.stride;
  }
  const g = new Float64Array(span);
  const idx = new Array<number>(layers.length).fill(0);
  for (;;) {
    let off = 0;
    let w = 1;
    let s = 1;
    layers.forEach((l, i) => {
      off += idx[i] * l.dilation * s;
      w *= l.weights[idx[i]];
      s *= l.stride;
    });
    g[off] += w;
    let i = 0;
    while (i < layers.length && ++idx[i] === layers[i].weights.length) idx[i++] = 0;
    if (i === layers.length) break;
  }
  return g;
}
