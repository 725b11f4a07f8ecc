import { LIMITS } from '../network/limits.ts';
import type { Layer, Network, NetworkNode } from '../network/types.ts';
import { FieldError } from '../util/validate.ts';
import { convolveAll } from './tapConvolve.ts';

/**
 * A dense n-D array (1-D or 2-D) of weights on integer offsets 0..shape−1 per axis,
 * row-major. Offsets are relative to the first input the node reads (causal form).
 */
export interface DenseKernel {
  shape: number[];
  weights: Float64Array;
}

/**
 * Where a branch of span `branchSpan` starts inside its parallel node of span `span`, so
 * that their centres meet as with PyTorch's `padding='same'` (left padding ⌊(S−1)/2⌋):
 * ⌊(S − 1)/2⌋ − ⌊(S_b − 1)/2⌋. Exact centring when both spans are odd; for even spans the
 * centre is the left one of the two middle offsets, which makes nested and flat parallel
 * sets agree.
 */
export function centreShift(span: number, branchSpan: number): number {
  return Math.floor((span - 1) / 2) - Math.floor((branchSpan - 1) / 2);
}

/** Total stride of a node per axis: the product of its layers' strides along the path. */
export function totalStride(node: NetworkNode, dims: 1 | 2): number[] {
  switch (node.type) {
    case 'layer':
      return [...node.stride];
    case 'stack':
      return node.layers.reduce(
        (acc, l) => {
          const s = totalStride(l, dims);
          return acc.map((a, i) => a * s[i]);
        },
        dims === 1 ? [1] : [1, 1],
      );
    case 'parallel':
      return totalStride(node.branches[0], dims);
    case 'residual':
      return totalStride(node.body, dims);
  }
}

/**
 * Visits every layer of a node in order with its input scale: the product, per axis, of
 * the strides of the layers before it on its path (so its taps lie d·scale apart on the
 * network's input grid). Parallel branches and residual bodies start at their node's scale.
 */
export function forEachScaledLayer(
  node: NetworkNode,
  dims: 1 | 2,
  visit: (layer: Layer, scale: readonly number[]) => void,
  scale: readonly number[] = dims === 1 ? [1] : [1, 1],
): void {
  switch (node.type) {
    case 'layer':
      visit(node, scale);
      return;
    case 'stack': {
      let s = [...scale];
      for (const l of node.layers) {
        forEachScaledLayer(l, dims, visit, s);
        const ts = totalStride(l, dims);
        s = s.map((v, i) => v * ts[i]);
      }
      return;
    }
    case 'parallel':
      for (const b of node.branches) forEachScaledLayer(b, dims, visit, scale);
      return;
    case 'residual':
      forEachScaledLayer(node.body, dims, visit, scale);
      return;
  }
}

/**
 * Receptive field per axis of a node whose input grid is upsampled by `scale` (the product
 * of the strides before it): r = 1 + Σ_l (k_l − 1)·d_l·Π_{i<l} s_i. Parallel: the widest
 * branch. Residual: the body (at least 1).
 */
export function receptiveFieldOf(
  node: NetworkNode,
  dims: 1 | 2,
  scale: readonly number[] = dims === 1 ? [1] : [1, 1],
): number[] {
  switch (node.type) {
    case 'layer':
      return node.kernel.shape.map((k, i) => (k - 1) * node.dilation[i] * scale[i] + 1);
    case 'stack': {
      let r = scale.map(() => 1);
      let s = [...scale];
      for (const l of node.layers) {
        const rl = receptiveFieldOf(l, dims, s);
        r = r.map((v, i) => v + rl[i] - 1);
        const ts = totalStride(l, dims);
        s = s.map((v, i) => v * ts[i]);
      }
      return r;
    }
    case 'parallel': {
      const rs = node.branches.map((b) => receptiveFieldOf(b, dims, scale));
      return scale.map((_, i) => Math.max(...rs.map((r) => r[i])));
    }
    case 'residual':
      return receptiveFieldOf(node.body, dims, scale);
  }
}

function checkSize(shape: number[]): void {
  shape.forEach((r, i) => {
    if (r > LIMITS.maxReceptiveField) {
      throw new FieldError(
        'network',
        `has a receptive field of ${r} along axis ${i}, above the limit ${LIMITS.maxReceptiveField} for exact tap-set analysis`,
      );
    }
  });
  const area = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 2 && area > LIMITS.maxReceptiveArea) {
    throw new FieldError(
      'network',
      `has a receptive field of ${shape.join('×')} = ${area} offsets, above the limit ${LIMITS.maxReceptiveArea}`,
    );
  }
}

/** Places `src` into a zero array of `shape` at `shift` per axis, adding into `dst` if given. */
function place(
  src: DenseKernel,
  shape: number[],
  shift: number[],
  dst?: Float64Array,
): Float64Array {
  const out = dst ?? new Float64Array(shape.reduce((a, b) => a * b, 1));
  if (shape.length === 1) {
    for (let i = 0; i < src.weights.length; i++) out[i + shift[0]] += src.weights[i];
  } else {
    const [R, C] = src.shape;
    for (let i = 0; i < R; i++) {
      const row = (i + shift[0]) * shape[1] + shift[1];
      for (let j = 0; j < C; j++) out[row + j] += src.weights[i * C + j];
    }
  }
  return out;
}

/** Full convolution of a dense array with the taps of one layer at spacing `step` per axis. */
function convolveTaps(
  acc: DenseKernel,
  taps: Float64Array,
  tapShape: readonly number[],
  step: number[],
): DenseKernel {
  if (acc.shape.length === 1) {
    const n = acc.weights.length;
    const k = tapShape[0];
    const out = new Float64Array(n + (k - 1) * step[0]);
    for (let t = 0; t < k; t++) {
      const w = taps[t];
      if (w === 0) continue;
      const off = t * step[0];
      for (let i = 0; i < n; i++) out[i + off] += w * acc.weights[i];
    }
    return { shape: [out.length], weights: out };
  }
  const [R, C] = acc.shape;
  const [kr, kc] = tapShape;
  const R2 = R + (kr - 1) * step[0];
  const C2 = C + (kc - 1) * step[1];
  const out = new Float64Array(R2 * C2);
  for (let a = 0; a < kr; a++) {
    for (let b = 0; b < kc; b++) {
      const w = taps[a * kc + b];
      if (w === 0) continue;
      const oy = a * step[0];
      const ox = b * step[1];
      for (let i = 0; i < R; i++) {
        const src = i * C;
        const dst = (i + oy) * C2 + ox;
        for (let j = 0; j < C; j++) out[dst + j] += w * acc.weights[src + j];
      }
    }
  }
  return { shape: [R2, C2], weights: out };
}

/**
 * The equivalent dense kernel of a node: one output's weights on the input offsets it
 * reads. Stack: the full convolution of its layers' dilated kernels (a layer after strides
 * s_1..s_{l−1} has its taps d·Π s_i apart). Parallel (sum or concat): the sum of branches
 * aligned at their centres, branch b starting at ⌊(S − 1)/2⌋ − ⌊(S_b − 1)/2⌋ in a span S = max S_b (`centreShift`).
 * Residual: the body plus 1 at its centre ⌊(S − 1)/2⌋.
 *
 * With `unitWeights`, every weight is 1 and the result is the path count of each offset
 * (the number of tap combinations that reach it), which decides coverage and holes.
 */
export function compositeKernel(
  node: NetworkNode,
  dims: 1 | 2,
  unitWeights = false,
  scale: readonly number[] = dims === 1 ? [1] : [1, 1],
): DenseKernel {
  checkSize(receptiveFieldOf(node, dims, scale));
  return build(node, dims, unitWeights, scale);
}

function build(
  node: NetworkNode,
  dims: 1 | 2,
  unit: boolean,
  scale: readonly number[],
): DenseKernel {
  switch (node.type) {
    case 'layer': {
      const taps = unit
        ? new Float64Array(node.kernel.weights.length).fill(1)
        : node.kernel.weights;
      const one: DenseKernel = { shape: dims === 1 ? [1] : [1, 1], weights: Float64Array.of(1) };
      return convolveTaps(
        one,
        taps,
        node.kernel.shape,
        node.dilation.map((d, i) => d * scale[i]),
      );
    }
    case 'stack': {
      // Each layer's kernel on the input grid, then their full convolution in the cheapest
      // order (it commutes; tapConvolve.ts).
      const parts: DenseKernel[] = [];
      let s = [...scale];
      for (const l of node.layers) {
        parts.push(build(l, dims, unit, s));
        const ts = totalStride(l, dims);
        s = s.map((v, i) => v * ts[i]);
      }
      return convolveAll(parts, dims);
    }
    case 'parallel': {
      const parts = node.branches.map((b) => build(b, dims, unit, scale));
      const shape = scale.map((_, i) => Math.max(...parts.map((p) => p.shape[i])));
      let out: Float64Array | undefined;
      for (const p of parts) {
        out = place(
          p,
          shape,
          shape.map((S, i) => centreShift(S, p.shape[i])),
          out,
        );
      }
      return { shape, weights: out! };
    }
    case 'residual': {
      const body = build(node.body, dims, unit, scale);
      const weights = Float64Array.from(body.weights);
      const centre = body.shape.map((S) => Math.floor((S - 1) / 2));
      const idx = dims === 1 ? centre[0] : centre[0] * body.shape[1] + centre[1];
      weights[idx] += 1;
      return { shape: [...body.shape], weights };
    }
  }
}

/** The composite kernel of a whole network (see `compositeKernel`). */
export function networkKernel(network: Network, unitWeights = false): DenseKernel {
  return compositeKernel(network.root, network.dims, unitWeights);
}

/**
 * The 1-D kernel of a 2-D dense kernel's cut along one axis: H(0, ωx) is the DTFT of the
 * column sums (axis 'x'), H(ωy, 0) of the row sums (axis 'y'). A 1-D kernel is returned as is.
 */
export function axisCut(kernel: DenseKernel, axis: 'x' | 'y'): Float64Array {
  if (kernel.shape.length === 1) return kernel.weights;
  const [R, C] = kernel.shape;
  const out = new Float64Array(axis === 'x' ? C : R);
  for (let i = 0; i < R; i++)
    for (let j = 0; j < C; j++) out[axis === 'x' ? j : i] += kernel.weights[i * C + j];
  return out;
}
