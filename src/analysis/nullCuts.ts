import {
  alignmentShift,
  type ConvParams,
  compileNode,
  type Graph,
  type Layer,
  type NetworkNode,
  singleChannelWeights,
  walkGraph,
} from '../network/index.ts';
import { polyMagnitudeAt, polyMagnitudePeriod } from '../response/index.ts';
import { gcd } from '../util/validate.ts';
import { axisCut, totalStride } from './composite.ts';
import { convolveAll } from './tapConvolve.ts';

/**
 * The 1-D kernels and responses that nulls and deaf bands are computed on.
 *
 * A 1-D network is used as it is. For a 2-D network the analysis runs on one axis cut:
 * axis 'x' is H(0, ωx), the DTFT of the column sums of the 2-D kernel; axis 'y' is
 * H(ωy, 0), of the row sums. The cut of a stack is the product of its layers' cuts, of a
 * parallel sum the sum, so the cut is exact.
 */

/** A 1-D kernel `coef` whose taps are `step` samples apart: H(ω) = Σ coef_n e^{−iω·step·n}. */
export interface CutKernel {
  coef: Float64Array;
  step: number;
}

/**
 * The magnitude response of a node along the cut: a kernel, the product of its layers'
 * responses (stack), or the envelope max_b |H_b| of concatenated branches.
 */
export type CutResponse =
  | { kind: 'kernel'; kernel: CutKernel }
  | { kind: 'product'; parts: CutResponse[] }
  | { kind: 'envelope'; parts: CutResponse[] };

/** Index of the analysed axis in per-axis arrays ([d] for 1-D, [dy, dx] for 2-D). */
export function axisIndex(dims: 1 | 2, axis: 'x' | 'y'): number {
  return dims === 1 ? 0 : axis === 'x' ? 1 : 0;
}

/**
 * Trims zero taps at both ends (a shift only changes the phase) and takes out the common
 * spacing g of the remaining taps: returns the kernel on its own lattice and step g.
 * An all-zero kernel comes back as `{coef: [], step: 1}`.
 */
export function compressKernel(weights: ArrayLike<number>, step = 1): CutKernel {
  let first = -1;
  let last = -1;
  let g = 0;
  for (let n = 0; n < weights.length; n++) {
    if (weights[n] !== 0) {
      if (first < 0) first = n;
      else g = gcd(g, n - first);
      last = n;
    }
  }
  if (first < 0) return { coef: new Float64Array(0), step: 1 };
  if (g === 0) g = 1;
  const coef = new Float64Array((last - first) / g + 1);
  for (let i = 0; i < coef.length; i++) coef[i] = weights[first + i * g];
  return { coef, step: step * g };
}

/**
 * The cut kernel of one layer read after total stride `scale`: its base kernel's cut (column
 * or row sums) with taps d·scale apart along the axis.
 */
export function layerCut(
  layer: Layer,
  dims: 1 | 2,
  axis: 'x' | 'y',
  scale: readonly number[],
): CutKernel {
  const i = axisIndex(dims, axis);
  const coef = axisCut({ shape: [...layer.kernel.shape], weights: layer.kernel.weights }, axis);
  return { coef, step: layer.dilation[i] * scale[i] };
}

/** The total strides before each child of a stack: scale·Π_{i<l} s_i. */
export function stackScales(
  layers: readonly NetworkNode[],
  dims: 1 | 2,
  scale: readonly number[],
): number[][] {
  const out: number[][] = [];
  let s = [...scale];
  for (const l of layers) {
    out.push(s);
    const ts = totalStride(l, dims);
    s = s.map((v, i) => v * ts[i]);
  }
  return out;
}

/** The unit scale (no stride before the node) for `dims` axes. */
export function unitScale(dims: 1 | 2): number[] {
  return dims === 1 ? [1] : [1, 1];
}

/**
 * One factor of a cut response on the graph walk: its cut response, and (made when a merge
 * needs it) its linear kernel on the input grid in causal form, entry 0 at the first input
 * the factor's window reads, so that merged inputs land where their placements say.
 */
interface CutFactor {
  readonly cut: CutResponse;
  linear(): Float64Array;
}

function memo<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => {
    if (v === undefined) v = make();
    return v;
  };
}

/** A factor of taps `coef` spaced `step` samples apart. */
function kernelFactor(coef: Float64Array, step: number): CutFactor {
  return {
    cut: { kind: 'kernel', kernel: { coef, step } },
    linear: memo(() => {
      const out = new Float64Array(Math.max(0, coef.length - 1) * step + 1);
      for (let n = 0; n < coef.length; n++) out[n * step] = coef[n];
      return out;
    }),
  };
}

/** The dense linear kernel of a list of factors: the convolution of their linear kernels. */
function linearOf(factors: readonly CutFactor[]): Float64Array {
  if (factors.length === 0) return Float64Array.of(1);
  if (factors.length === 1) return factors[0].linear();
  return convolveAll(
    factors.map((f) => {
      const w = f.linear();
      return { shape: [w.length], weights: w };
    }),
    1,
  ).weights;
}

/** The cut response of a list of factors: their product (one factor is itself). */
function productOf(factors: readonly CutFactor[]): CutResponse {
  if (factors.length === 1) return factors[0].cut;
  return { kind: 'product', parts: factors.map((f) => f.cut) };
}

/**
 * The cut response of a graph along `axis` (1-D graphs: their own response), by THE walk
 * (network/graph.ts): a value is the list of factors whose product it is. A conv layer (or
 * a projection shortcut) adds its base kernel's cut with taps d·inputScale apart; an avg pool
 * a box of 1/k; a max pool (not linear) nothing; a merge keeps the factors its inputs share
 * (the layers before the fork) and adds one factor for the rest: for `sum`, the kernel
 * Σ_i (its own factors' convolution, placed at `alignmentShift`), compressed; for `concat`,
 * the envelope max_i |H_i| of its inputs' own products. Exact: the cut of a product is the
 * product of the cuts, of a sum the sum.
 */
export function graphCut(graph: Graph, axis: 'x' | 'y' = 'x'): CutResponse {
  const i = axisIndex(graph.dims, axis);
  const layerFactor = (c: ConvParams, inputScale: readonly number[]) =>
    kernelFactor(
      axisCut({ shape: [...c.size], weights: singleChannelWeights(c) }, axis),
      c.dilation[i] * inputScale[i],
    );
  const factors = walkGraph<CutFactor[]>(graph, {
    input: () => [],
    conv: (node, x, step) => [...x, layerFactor(node, step.placement.inputScale)],
    shortcut: (node, x, step) =>
      node.projection ? [...x, layerFactor(node.projection, step.placement.inputScale)] : x,
    pool: (node, x, step) => {
      if (node.mode === 'max') return x;
      const k = node.size[i];
      return [
        ...x,
        kernelFactor(
          new Float64Array(k).fill(1 / k),
          node.dilation[i] * step.placement.inputScale[i],
        ),
      ];
    },
    sum: (_node, xs, step) => {
      const { common, own } = split(xs);
      const shifts = step.inputPlacements.map((p) => alignmentShift(p, step.placement)[i]);
      const dense = placedSum(own, shifts);
      const merged: CutFactor = {
        cut: { kind: 'kernel', kernel: compressKernel(dense) },
        linear: () => dense,
      };
      return [...common, merged];
    },
    concat: (_node, xs, step) => {
      const { common, own } = split(xs);
      const shifts = step.inputPlacements.map((p) => alignmentShift(p, step.placement)[i]);
      const envelope: CutFactor = {
        cut: { kind: 'envelope', parts: own.map(productOf) },
        // the linear composite of a concat is the sum (as compositeKernel takes it)
        linear: memo(() => placedSum(own, shifts)),
      };
      return [...common, envelope];
    },
  });
  return factors.length === 0
    ? { kind: 'kernel', kernel: { coef: Float64Array.of(1), step: 1 } }
    : productOf(factors);
}

/** The factors every input shares (the same objects from the fork on) and each one's own rest. */
function split(xs: readonly (readonly CutFactor[])[]): {
  common: CutFactor[];
  own: CutFactor[][];
} {
  let p = 0;
  const shortest = Math.min(...xs.map((x) => x.length));
  while (p < shortest && xs.every((x) => x[p] === xs[0][p])) p++;
  return { common: xs[0].slice(0, p), own: xs.map((x) => x.slice(p)) };
}

/** Σ_i linear(own_i) placed at shifts[i] (input samples). */
function placedSum(
  own: readonly (readonly CutFactor[])[],
  shifts: readonly number[],
): Float64Array {
  const parts = own.map(linearOf);
  let len = 0;
  parts.forEach((w, k) => {
    len = Math.max(len, shifts[k] + w.length);
  });
  const out = new Float64Array(len);
  parts.forEach((w, k) => {
    for (let n = 0; n < w.length; n++) out[n + shifts[k]] += w[n];
  });
  return out;
}

/**
 * The cut response of a spec node read after total stride `scale` (`graphCut` of its graph):
 * a layer is its dilated cut kernel; a stack the product of its children; a concatenating
 * parallel node the envelope of its branches; a summing parallel node or a residual block
 * the kernel of its merge.
 */
export function cutResponse(
  node: NetworkNode,
  dims: 1 | 2,
  axis: 'x' | 'y',
  scale: readonly number[],
): CutResponse {
  return graphCut(compileNode(node, dims, { inputScale: scale }), axis);
}

/** A product's parts, nested products flattened, equal kernels counted once with their power. */
interface Grouped {
  part: CutResponse;
  power: number;
}

const groupedParts = new WeakMap<CutResponse, Grouped[]>();

function kernelKey(k: CutKernel): string {
  return `${k.step}:${k.coef.join(',')}`;
}

function grouped(r: CutResponse & { kind: 'product' }): Grouped[] {
  let g = groupedParts.get(r);
  if (g) return g;
  const byKey = new Map<string | CutResponse, Grouped>();
  const visit = (p: CutResponse) => {
    if (p.kind === 'product') {
      for (const q of p.parts) visit(q);
      return;
    }
    const key = p.kind === 'kernel' ? kernelKey(p.kernel) : p;
    const hit = byKey.get(key);
    if (hit) hit.power++;
    else byKey.set(key, { part: p, power: 1 });
  };
  visit(r);
  g = [...byKey.values()];
  groupedParts.set(r, g);
  return g;
}

/** The parts of a product with their multiplicities (equal kernels counted once), for nulls. */
export function productParts(r: CutResponse & { kind: 'product' }): readonly Grouped[] {
  return grouped(r);
}

function power(v: number, n: number): number {
  let p = v;
  for (let i = 1; i < n; i++) p *= v;
  return p;
}

/** |H(ω)| of a cut response (rad/sample). */
export function responseMagnitude(r: CutResponse, w: number): number {
  switch (r.kind) {
    case 'kernel':
      return r.kernel.coef.length === 0 ? 0 : polyMagnitudeAt(r.kernel.coef, w, r.kernel.step);
    case 'product': {
      let p = 1;
      for (const g of grouped(r)) p *= power(responseMagnitude(g.part, w), g.power);
      return p;
    }
    case 'envelope': {
      let m = 0;
      for (const part of r.parts) m = Math.max(m, responseMagnitude(part, w));
      return m;
    }
  }
}

/** |H| over one period of the 2M-point grid: period P (a divisor of 2M) and |H[j]|, j = 0..⌊P/2⌋. */
interface Periodic {
  period: number;
  values: Float64Array;
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/**
 * Base kernels shared by several dilated parts: how many points their own half periods
 * add up to, and (once that exceeds one half grid) |H_base| on the whole 2M-point grid,
 * from which every part is read by index (step·j mod 2M) instead of evaluated again.
 */
interface Bases {
  readonly m2: number;
  readonly points: Map<string, number>;
  readonly tables: Map<string, Float64Array>;
}

function planBases(r: CutResponse, m2: number): Bases {
  const points = new Map<string, number>();
  const visit = (p: CutResponse) => {
    if (p.kind === 'kernel') {
      const key = p.kernel.coef.join(',');
      const half = (m2 / gcd(p.kernel.step % m2, m2)) >> 1;
      points.set(key, (points.get(key) ?? 0) + half);
    } else for (const q of p.parts) visit(q);
  };
  visit(r);
  return { m2, points, tables: new Map() };
}

function kernelPeriodic(k: CutKernel, bases: Bases): Periodic {
  const { m2 } = bases;
  const key = k.coef.join(',');
  const half = m2 >> 1;
  if ((bases.points.get(key) ?? 0) <= half + 1 || k.coef.length < 2)
    return polyMagnitudePeriod(k.coef, k.step, m2);
  let table = bases.tables.get(key);
  if (!table) {
    table = polyMagnitudePeriod(k.coef, 1, m2).values;
    bases.tables.set(key, table);
  }
  const sm = k.step % m2;
  const period = m2 / gcd(sm, m2);
  const values = new Float64Array((period >> 1) + 1);
  let idx = 0;
  for (let j = 0; j < values.length; j++) {
    values[j] = table[idx <= half ? idx : m2 - idx];
    idx += sm;
    if (idx >= m2) idx -= m2;
  }
  return { period, values };
}

function periodic(r: CutResponse, bases: Bases): Periodic {
  switch (r.kind) {
    case 'kernel':
      return kernelPeriodic(r.kernel, bases);
    case 'product':
    case 'envelope': {
      const parts =
        r.kind === 'product'
          ? grouped(r).map((g) => ({ v: periodic(g.part, bases), power: g.power }))
          : r.parts.map((p) => ({ v: periodic(p, bases), power: 1 }));
      let period = 1;
      for (const p of parts) period = lcm(period, p.v.period);
      const half = (period >> 1) + 1;
      const values = new Float64Array(half).fill(r.kind === 'product' ? 1 : 0);
      for (const { v, power: n } of parts) {
        const P = v.period;
        const src = v.values;
        let idx = 0;
        for (let j = 0; j < half; j++) {
          const x = src[idx <= P >> 1 ? idx : P - idx];
          if (r.kind === 'product') values[j] *= n === 1 ? x : power(x, n);
          else if (x > values[j]) values[j] = x;
          if (++idx === P) idx = 0;
        }
      }
      return { period, values };
    }
  }
}

/**
 * |H(j·h)| for j = 0..M of a cut response, with h = π/M: the 2M-point grid's first half.
 * Every kernel is evaluated over one period of its own (M·2/gcd(2M, step) points, by
 * `polyMagnitudePeriod`: exact phases), equal kernels once, and a base kernel whose dilated
 * copies would together cost more than the grid is evaluated once on the whole grid and read
 * by index (step·j mod 2M); products and envelopes are
 * formed over the period of the whole (the lcm, a divisor of 2M) and mirrored
 * (|H[P − j]| = |H[j]|) and tiled to M + 1 points. Another h is evaluated point by point.
 */
export function responseOnGrid(r: CutResponse, M: number, h: number): Float64Array {
  const out = new Float64Array(M + 1);
  if (h !== Math.PI / M) {
    for (let j = 0; j <= M; j++) out[j] = responseMagnitude(r, j * h);
    return out;
  }
  const { period: P, values } = periodic(r, planBases(r, 2 * M));
  const direct = Math.min(M + 1, P);
  for (let j = 0; j < direct; j++) out[j] = values[j <= P >> 1 ? j : P - j];
  for (let filled = direct; filled <= M; ) {
    const len = Math.min(filled, M + 1 - filled);
    out.copyWithin(filled, 0, len);
    filled += len;
  }
  return out;
}

/** The degree of a cut response as a trigonometric polynomial (its span in samples). */
export function responseDegree(r: CutResponse): number {
  switch (r.kind) {
    case 'kernel':
      return Math.max(0, r.kernel.coef.length - 1) * r.kernel.step;
    case 'product':
      return r.parts.reduce((s, p) => s + responseDegree(p), 0);
    case 'envelope':
      return r.parts.reduce((s, p) => Math.max(s, responseDegree(p)), 0);
  }
}
