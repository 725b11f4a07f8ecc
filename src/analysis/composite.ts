import {
  alignmentShift,
  compileNode,
  type Graph,
  networkGraph,
  type Placement,
  walkGraph,
} from '../network/index.ts';
import { LIMITS } from '../network/limits.ts';
import type { Network, NetworkNode } from '../network/types.ts';
import { FieldError } from '../util/validate.ts';
import { convolveAll } from './tapConvolve.ts';

/**
 * A dense n-D array (1-D or 2-D) of weights on integer offsets 0..shape−1 per axis,
 * row-major. Offsets are relative to the first input the node reads (causal form): entry 0
 * sits at the node's placement offset on the input grid.
 */
export interface DenseKernel {
  shape: number[];
  weights: Float64Array;
}

const unitScale = (dims: 1 | 2) => (dims === 1 ? [1] : [1, 1]);

/** The graph of a spec node read at `scale` (the product of the strides before it). */
function graphOf(node: NetworkNode, dims: 1 | 2, scale?: readonly number[]): Graph {
  return compileNode(node, dims, { inputScale: scale ?? unitScale(dims) });
}

/** The output placement of a spec node read at `scale` (network/graph.ts). */
export function placementOf(node: NetworkNode, dims: 1 | 2, scale?: readonly number[]): Placement {
  const g = graphOf(node, dims, scale);
  return g.placements[g.output];
}

/** Total stride of a node per axis: the product of its layers' strides along its path. */
export function totalStride(node: NetworkNode, dims: 1 | 2): number[] {
  return [...placementOf(node, dims).scale];
}

/**
 * Receptive field per axis of a node whose input grid is upsampled by `scale` (the product
 * of the strides before it): the span of its placed support, r = 1 + Σ_l (k_l − 1)·d_l·Π_{i<l} s_i
 * for a stack; for merges the span of the union of the inputs' placed spans.
 */
export function receptiveFieldOf(
  node: NetworkNode,
  dims: 1 | 2,
  scale: readonly number[] = unitScale(dims),
): number[] {
  return [...placementOf(node, dims, scale).receptiveField];
}

function checkSize(shape: readonly number[]): void {
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
  shape: readonly number[],
  shift: readonly number[],
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
  step: readonly number[],
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

/** A dense kernel of one entry 1 (the input node, an identity). */
function unit(dims: 1 | 2): DenseKernel {
  return { shape: unitScale(dims), weights: Float64Array.of(1) };
}

/**
 * The equivalent dense kernel of a graph: its output's weights on the input offsets it
 * reads, entry 0 at the output placement's offset. One walk: a conv layer convolves its
 * input's kernel with its own taps d·inputScale apart (a projection shortcut likewise); an
 * avg pool with a box of 1/k per tap; a max pool (not linear) keeps only its first tap, so
 * that it is left out of the weights while its geometry stays; a merge (sum or concat)
 * adds its inputs, each at `alignmentShift` (where its padding places it).
 *
 * With `unitWeights`, every weight is 1 (and a pool of k taps counts k paths): the result
 * is the path count of each offset (the number of tap combinations that reach it), which
 * decides coverage and holes.
 *
 * The node kinds of imported models: a crop, a channel selection and a pointwise op keep
 * their input's kernels (the crop's shift is in its placement); a resize convolves with its
 * taps (weights[y][ty]·weights[x][tx]) at the input's scale; a gate merges like a sum (its
 * path counts, not weights: it is not linear); global branches are left out of merges.
 */
export function graphKernel(graph: Graph, unitWeights = false): DenseKernel {
  checkSize(graph.placements[graph.output].receptiveField);
  const dims = graph.dims;
  const taps = (w: Float64Array | number, n: number) =>
    typeof w === 'number' ? new Float64Array(n).fill(w) : w;
  const spread = (
    x: DenseKernel,
    weights: Float64Array | number,
    size: readonly number[],
    dilation: readonly number[],
    inputScale: readonly number[],
  ) =>
    convolveTaps(
      x,
      taps(
        weights,
        size.reduce((a, b) => a * b, 1),
      ),
      size,
      dilation.map((d, a) => d * inputScale[a]),
    );
  // A value is the list of kernels (each on the input grid) whose full convolution it is,
  // convolved out only at merges and at the end, in the cheapest order (tapConvolve.ts).
  const own = (
    weights: Float64Array | number,
    size: readonly number[],
    dilation: readonly number[],
    inputScale: readonly number[],
  ) => spread(unit(dims), weights, size, dilation, inputScale);
  /** A merge: its local inputs added, each at `alignmentShift`; global-only inputs left out. */
  const merge = (
    xs: readonly DenseKernel[][],
    step: { placement: Placement; inputPlacements: readonly Placement[] },
  ): DenseKernel[] => {
    const shape = [...step.placement.receptiveField];
    let out: Float64Array | undefined;
    xs.forEach((x, i) => {
      if (step.inputPlacements[i].local === false) return;
      const k = x.length === 0 ? unit(dims) : convolveAll(x, dims);
      out = place(k, shape, alignmentShift(step.inputPlacements[i], step.placement), out);
    });
    return [{ shape, weights: out! }];
  };
  const parts = walkGraph<DenseKernel[]>(graph, {
    input: () => [],
    conv: (node, x, step) => [
      ...x,
      own(unitWeights ? 1 : node.weights.data, node.size, node.dilation, step.placement.inputScale),
    ],
    shortcut: (node, x, step) => {
      const p = node.projection;
      if (!p) return x;
      return [
        ...x,
        own(unitWeights ? 1 : p.weights.data, p.size, p.dilation, step.placement.inputScale),
      ];
    },
    pool: (node, x, step) => {
      const n = node.size.reduce((a, b) => a * b, 1);
      if (unitWeights || node.mode === 'avg') {
        return [
          ...x,
          own(unitWeights ? 1 : 1 / n, node.size, node.dilation, step.placement.inputScale),
        ];
      }
      const first = new Float64Array(n);
      first[0] = 1;
      return [...x, own(first, node.size, node.dilation, step.placement.inputScale)];
    },
    sum: (_node, xs, step) => merge(xs, step),
    // Imported models (src/model): a gate's geometry is the union of its inputs' (path
    // counts add; it has no weights); a crop only shifts the placement; a channel selection
    // and a global branch (left out by merges: it has no local taps) keep their input's list.
    gate: (_node, xs, step) => merge(xs, step),
    crop: (_node, x) => x,
    select: (_node, x) => x,
    global: (_node, x) => x,
    resize: (node, x, step) => {
      const n = node.size.reduce((a, b) => a * b, 1);
      const w = new Float64Array(n);
      for (let t = 0; t < n; t++) {
        w[t] = unitWeights
          ? 1
          : node.weights.length === 1
            ? node.weights[0][t]
            : node.weights[0][Math.floor(t / node.size[1])] * node.weights[1][t % node.size[1]];
      }
      return [
        ...x,
        own(
          w,
          node.size,
          node.size.map(() => 1),
          step.placement.inputScale,
        ),
      ];
    },
  });
  return parts.length === 0 ? unit(dims) : convolveAll(parts, dims);
}

/**
 * The equivalent dense kernel of a spec node read at `scale` (`graphKernel` of its graph):
 * one output's weights on the input offsets it reads, causal form.
 */
export function compositeKernel(
  node: NetworkNode,
  dims: 1 | 2,
  unitWeights = false,
  scale: readonly number[] = unitScale(dims),
): DenseKernel {
  return graphKernel(graphOf(node, dims, scale), unitWeights);
}

/** The composite kernel of a whole network (see `graphKernel`). */
export function networkKernel(network: Network, unitWeights = false): DenseKernel {
  return graphKernel(networkGraph(network), unitWeights);
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
