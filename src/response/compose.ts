import {
  alignmentShift,
  type ConvParams,
  compileNode,
  type Graph,
  type Member,
  networkGraph,
  singleChannelWeights,
  walkGraph,
} from '../network/index.ts';
import type { Network, NetworkNode } from '../network/types.ts';
import { FieldError, gcd } from '../util/validate.ts';
import { float64Arrays } from './alloc.ts';
import type { FrequencyGrid } from './grid.ts';
import { isOddSymmetric, linearPhaseProduct } from './linearPhase.ts';
import { gridPeriod, polyTimesOnGrid, tile } from './polynomial.ts';
import { type HalfSpectrum, halfSpectrum, remap, shiftInPlace } from './spectrum.ts';

/**
 * A response sampled on the grid ω_j = 2πj/M, j = 0..count−1, with a period P (a divisor
 * of M) such that H[j + P] = H[j]; being the response of a real kernel it is also
 * Hermitian within the period, H[P − j] = conj H[j]. P = M always qualifies.
 */
export interface GridResponse {
  re: Float64Array;
  im: Float64Array;
  period: number;
}

/**
 * Layers with at least this many taps take the remap route (one base spectrum per kernel,
 * H_d[j] = B[(d·j) mod M]); fewer taps are evaluated directly by Horner's rule on the
 * twiddle table, which measured faster (bench/response.ts) because the remap's look-up
 * costs about as much as a 3-tap Horner step and needs the base spectrum first.
 */
export const REMAP_MIN_TAPS = 9;

/** State of one response call: the grid and the base spectra by kernel content (`weightsKey`). */
export interface ComposeContext {
  readonly m: number;
  readonly count: number;
  readonly bases: Map<string, HalfSpectrum>;
}

export function composeContext(grid: FrequencyGrid): ComposeContext {
  return { m: grid.m, count: grid.count, bases: new Map() };
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** Period in j of e^{−iω_j·t} (and of a kernel dilated by t) on the M-point grid: M / gcd(t, M). */
export function periodOf(t: number, m: number): number {
  return gridPeriod(t, m);
}

/**
 * The identity of a kernel's weights for caches: its shape and every weight (shortest
 * round-trip text of each double), so two kernels share a cache entry exactly when their
 * weights are equal, whatever their spec text says.
 */
export function weightsKey(
  weights: ArrayLike<number>,
  shape: readonly number[] = [weights.length],
): string {
  return `${shape.join('x')}:${Array.prototype.join.call(weights, ',')}`;
}

function baseOf(ctx: ComposeContext, key: string, weights: Float64Array): HalfSpectrum {
  let b = ctx.bases.get(key);
  if (!b) {
    b = halfSpectrum(weights, ctx.m);
    ctx.bases.set(key, b);
  }
  return b;
}

/** A factor of a product: a layer evaluated on the fly, or a response already sampled. */
type LayerFactor = {
  kind: 'layer';
  weights: Float64Array;
  key: string;
  dilation: number;
  period: number;
};
type Factor = LayerFactor | { kind: 'dense'; re: Float64Array; im: Float64Array; period: number };

/** acc[j] ← acc[j]·H_f[j] for j < len. */
function multiplyFactor(
  ctx: ComposeContext,
  f: Factor,
  re: Float64Array,
  im: Float64Array,
  len: number,
): void {
  if (f.kind === 'dense') {
    const fr = f.re;
    const fi = f.im;
    for (let j = 0; j < len; j++) {
      const ar = re[j];
      const ai = im[j];
      const br = fr[j];
      const bi = fi[j];
      re[j] = ar * br - ai * bi;
      im[j] = ar * bi + ai * br;
    }
    return;
  }
  if (f.weights.length >= REMAP_MIN_TAPS) {
    // Remap: H_d[j] = B[(d·j) mod M], one base spectrum per kernel for every rate.
    remap(baseOf(ctx, f.key, f.weights), f.dilation, len, { re, im }, 'mul');
    return;
  }
  // Direct: Horner's rule in z_j = e^{−2πi(d·j mod M)/M} from the twiddle table.
  polyTimesOnGrid(f.weights, f.dilation, ctx.m, len, re, im);
}

/**
 * The product Π_f H_f on the grid, using periodicity: factors are taken in order of
 * increasing period; after each one the running product has period P = lcm of the
 * periods so far and is evaluated only for j ≤ P/2, then mirrored (Hermitian) and tiled.
 * A stack of rates 1, 2, 4, ..., 128 thus costs about two passes over the grid, not eight.
 */
function product(ctx: ComposeContext, factors: Factor[]): GridResponse {
  const { m, count } = ctx;
  // Two or more odd-length symmetric layers: the real amplitude product, then the linear
  // phase (linearPhase.ts), instead of a complex Horner product per factor.
  if (
    factors.length >= 2 &&
    factors.every((f) => f.kind === 'layer' && isOddSymmetric(f.weights))
  ) {
    return linearPhaseProduct(
      factors.map((f) => ({
        weights: (f as LayerFactor).weights,
        step: (f as LayerFactor).dilation,
      })),
      m,
      count,
    );
  }
  const [re, im] = float64Arrays(count, 2);
  if (count === 0) return { re, im, period: 1 };
  const sorted = [...factors].sort((a, b) => a.period - b.period);
  re[0] = 1;
  let pa = 1;
  let valid = 1;
  for (const f of sorted) {
    const pn = lcm(pa, f.period);
    const len = Math.min(count, (pn >> 1) + 1);
    if (valid < len) tile(re, im, valid, len);
    multiplyFactor(ctx, f, re, im, len);
    const next = Math.min(count, pn);
    for (let j = len; j < next; j++) {
      re[j] = re[pn - j];
      im[j] = -im[pn - j];
    }
    pa = pn;
    valid = next;
  }
  tile(re, im, valid, count);
  if (m % pa !== 0) throw new Error('internal: period must divide M');
  return { re, im, period: pa };
}

/** A layer's factor: its weights dilated by d·inputScale on the grid. */
function layerFactor(ctx: ComposeContext, weights: Float64Array, dilation: number): Factor {
  return {
    kind: 'layer',
    weights,
    key: weightsKey(weights),
    dilation,
    period: periodOf(dilation, ctx.m),
  };
}

function convFactor(ctx: ComposeContext, c: ConvParams, inputScale: readonly number[]): Factor {
  return layerFactor(ctx, singleChannelWeights(c), c.dilation[0] * inputScale[0]);
}

/**
 * The response of a 1-D graph on the grid, equal to the DTFT of its composite kernel
 * (`graphKernel`, causal form: offset 0 = the output's first input). One walk; a value is
 * the list of factors whose product it is, multiplied out only where it must be (at a merge
 * and at the end) so that a chain of layers uses its periods: a conv layer adds the factor
 * H(d·inputScale·ω); an avg pool a box of 1/k; a max pool (not linear) nothing; a merge
 * multiplies out each input, shifts it by e^{−iω·shift} (`alignmentShift`: where its padding
 * places it) and adds them.
 */
export function evaluateGraph(ctx: ComposeContext, graph: Graph): GridResponse {
  const factors = walkGraph<Factor[]>(graph, {
    input: () => [],
    conv: (node, x, step) => [...x, convFactor(ctx, node, step.placement.inputScale)],
    shortcut: (node, x, step) =>
      node.projection ? [...x, convFactor(ctx, node.projection, step.placement.inputScale)] : x,
    pool: (node, x, step) => {
      if (node.mode === 'max') return x;
      const k = node.size[0];
      return [
        ...x,
        layerFactor(ctx, new Float64Array(k).fill(1 / k), step.placement.inputScale[0]),
      ];
    },
    sum: (_node, xs, step) => {
      const parts = xs.map((x, i) => {
        const r = product(ctx, x);
        const shift = alignmentShift(step.inputPlacements[i], step.placement)[0];
        shiftInPlace(r, shift, ctx.m, ctx.count);
        return { re: r.re, im: r.im, period: lcm(r.period, periodOf(shift, ctx.m)) };
      });
      const s = sumBranches(ctx, parts);
      return [{ kind: 'dense', ...s }];
    },
  });
  return product(ctx, factors);
}

/**
 * The response of a spec node read at `scale` (the product of the strides before it):
 * `evaluateGraph` of its graph.
 */
export function evaluateNode(ctx: ComposeContext, node: NetworkNode, scale = 1): GridResponse {
  return evaluateGraph(ctx, compileNode(node, 1, { inputScale: [scale] }));
}

/**
 * Each member's response on the grid (`evaluateGraph` of its graph, at the scale of the map
 * it runs on), times e^{−iω·shift} for the branches of a parallel set (where their padding
 * places them in the merge), so that sum-merged branches add up to the whole.
 */
export function memberResponses(ctx: ComposeContext, members: readonly Member[]): GridResponse[] {
  return members.map((m) => {
    const r = evaluateGraph(ctx, m.graph);
    const shift = m.shift[0];
    shiftInPlace(r, shift, ctx.m, ctx.count);
    return { re: r.re, im: r.im, period: lcm(r.period, periodOf(shift, ctx.m)) };
  });
}

/** Σ_b H_b (fresh arrays), with period the lcm of the branches' periods. */
export function sumBranches(ctx: ComposeContext, parts: readonly GridResponse[]): GridResponse {
  const [re, im] = float64Arrays(ctx.count, 2);
  let period = 1;
  for (const p of parts) {
    for (let j = 0; j < ctx.count; j++) {
      re[j] += p.re[j];
      im[j] += p.im[j];
    }
    period = lcm(period, p.period);
  }
  return { re, im, period };
}

/** The product of already-sampled responses (a stack's members), using their periods. */
export function productOf(ctx: ComposeContext, parts: readonly GridResponse[]): GridResponse {
  return product(
    ctx,
    parts.map((p) => ({ kind: 'dense', re: p.re, im: p.im, period: p.period })),
  );
}

/**
 * Throws a FieldError naming `network` unless every offset of the network fits exactly in
 * a double (receptive field ≤ 2^53), which the grid indices (d·j mod M) rely on.
 */
export function checkExactOffsets(network: Network): void {
  const g = networkGraph(network);
  const rf = g.placements[g.output].receptiveField;
  rf.forEach((r, i) => {
    if (!(r <= Number.MAX_SAFE_INTEGER)) {
      throw new FieldError(
        'network',
        `has a receptive field of ${r} along axis ${i}, too large for exact frequency indices`,
      );
    }
  });
}
