import { centreShift, receptiveFieldOf, totalStride } from '../analysis/composite.ts';
import { twiddles } from '../fft/index.ts';
import type { Network, NetworkNode } from '../network/types.ts';
import { FieldError, gcd } from '../util/validate.ts';
import { float64Arrays } from './alloc.ts';
import type { FrequencyGrid } from './grid.ts';
import { directDilated, type HalfSpectrum, halfSpectrum, remap, shiftInPlace } from './spectrum.ts';

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

/** State of one response call: the grid and the base spectra by kernel spec. */
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
  return m / gcd(t % m, m);
}

function baseOf(ctx: ComposeContext, spec: string, weights: Float64Array): HalfSpectrum {
  let b = ctx.bases.get(spec);
  if (!b) {
    b = halfSpectrum(weights, ctx.m);
    ctx.bases.set(spec, b);
  }
  return b;
}

/** A factor of a product: a layer evaluated on the fly, or a response already sampled. */
type Factor =
  | { kind: 'layer'; weights: Float64Array; spec: string; dilation: number; period: number }
  | { kind: 'dense'; re: Float64Array; im: Float64Array; period: number };

/** Response of one layer with effective dilation D = d·(product of earlier strides). */
function evalLayer(
  ctx: ComposeContext,
  weights: Float64Array,
  spec: string,
  dilation: number,
): GridResponse {
  const { m, count } = ctx;
  const [re, im] = float64Arrays(count, 2);
  const period = periodOf(dilation, m);
  if (weights.length < REMAP_MIN_TAPS) {
    directDilated(weights, dilation, m, count, re, im);
  } else {
    const f: Factor = { kind: 'layer', weights, spec, dilation, period };
    re.fill(1, 0, Math.min(count, (period >> 1) + 1));
    multiplyFactor(ctx, f, re, im, Math.min(count, (period >> 1) + 1));
    mirrorTile2(re, im, period, Math.min(count, (period >> 1) + 1));
  }
  return { re, im, period };
}

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
  const m = ctx.m;
  const dm = f.dilation % m;
  const w = f.weights;
  const k = w.length;
  let idx = 0;
  if (k >= REMAP_MIN_TAPS) {
    // Remap: H_d[j] = B[(d·j) mod M], one base spectrum per kernel for every rate.
    remap(baseOf(ctx, f.spec, w), f.dilation, len, { re, im }, 'mul');
    return;
  }
  // Direct: Horner's rule in z_j = e^{−2πi(d·j mod M)/M} from the twiddle table.
  if (k === 1) {
    const c = w[0];
    for (let j = 0; j < len; j++) {
      re[j] *= c;
      im[j] *= c;
    }
    return;
  }
  const tw = twiddles(m).table;
  const top = w[k - 1];
  if (k <= 3) {
    // Specialised: H = (w2·z + w1)·z + w0 (w2 = 0 for two taps).
    const w0 = w[0];
    const w1 = k === 3 ? w[1] : top;
    const w2 = k === 3 ? top : 0;
    for (let j = 0; j < len; j++) {
      const zr = tw[2 * idx];
      const zi = tw[2 * idx + 1];
      const br = w2 * zr + w1;
      const bi = w2 * zi;
      const hr = br * zr - bi * zi + w0;
      const hi = br * zi + bi * zr;
      const ar = re[j];
      const ai = im[j];
      re[j] = ar * hr - ai * hi;
      im[j] = ar * hi + ai * hr;
      idx += dm;
      if (idx >= m) idx -= m;
    }
    return;
  }
  for (let j = 0; j < len; j++) {
    const zr = tw[2 * idx];
    const zi = tw[2 * idx + 1];
    let hr = top;
    let hi = 0;
    for (let n = k - 2; n >= 0; n--) {
      const t = hr * zr - hi * zi + w[n];
      hi = hr * zi + hi * zr;
      hr = t;
    }
    const ar = re[j];
    const ai = im[j];
    re[j] = ar * hr - ai * hi;
    im[j] = ar * hi + ai * hr;
    idx += dm;
    if (idx >= m) idx -= m;
  }
}

/** Fills j ≥ `direct`: H[j] = conj H[P − j] below P, then H[j] = H[j mod P]. */
function mirrorTile2(re: Float64Array, im: Float64Array, period: number, direct: number): void {
  const count = re.length;
  const mirrored = Math.min(count, period);
  for (let j = direct; j < mirrored; j++) {
    re[j] = re[period - j];
    im[j] = -im[period - j];
  }
  tile(re, im, mirrored, count);
}

/** Repeats a[0..from) (a whole period) up to `to`. */
function tile(re: Float64Array, im: Float64Array, from: number, to: number): void {
  for (let filled = from; filled < to; ) {
    const len = Math.min(filled, to - filled);
    re.copyWithin(filled, 0, len);
    im.copyWithin(filled, 0, len);
    filled += len;
  }
}

/**
 * The product Π_f H_f on the grid, using periodicity: factors are taken in order of
 * increasing period; after each one the running product has period P = lcm of the
 * periods so far and is evaluated only for j ≤ P/2, then mirrored (Hermitian) and tiled.
 * A stack of rates 1, 2, 4, ..., 128 thus costs about two passes over the grid, not eight.
 */
function product(ctx: ComposeContext, factors: Factor[]): GridResponse {
  const { m, count } = ctx;
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

function factorOf(ctx: ComposeContext, node: NetworkNode, scale: number): Factor {
  if (node.type === 'layer') {
    const dilation = node.dilation[0] * scale;
    return {
      kind: 'layer',
      weights: node.kernel.weights,
      spec: node.kernel.spec,
      dilation,
      period: periodOf(dilation, ctx.m),
    };
  }
  return { kind: 'dense', ...evaluateNode(ctx, node, scale) };
}

/**
 * The response of a node on the grid, equal to the DTFT of `compositeKernel(node, 1,
 * false, [scale])` (causal form): a layer is its kernel dilated by d·scale; a stack the
 * product of its members (each later member's scale multiplied by the strides before it);
 * a parallel node the sum of its branches, branch b times e^{−iω·⌊(S−S_b)/2⌋} (centres
 * aligned in the span S = max S_b); a residual node its body plus e^{−iω·⌊(S−1)/2⌋}.
 */
export function evaluateNode(ctx: ComposeContext, node: NetworkNode, scale = 1): GridResponse {
  switch (node.type) {
    case 'layer':
      return evalLayer(ctx, node.kernel.weights, node.kernel.spec, node.dilation[0] * scale);
    case 'stack': {
      const factors: Factor[] = [];
      let s = scale;
      for (const child of node.layers) {
        factors.push(factorOf(ctx, child, s));
        s *= totalStride(child, 1)[0];
      }
      return product(ctx, factors);
    }
    case 'parallel':
      return sumBranches(ctx, alignedBranches(ctx, node.branches, scale));
    case 'residual': {
      const body = evaluateNode(ctx, node.body, scale);
      const centre = Math.floor((receptiveFieldOf(node.body, 1, [scale])[0] - 1) / 2);
      addUnitTap(body, centre, ctx.m, ctx.count);
      return { re: body.re, im: body.im, period: lcm(body.period, periodOf(centre, ctx.m)) };
    }
  }
}

/**
 * Each branch's response times its centre-alignment factor e^{−iω·⌊(S−S_b)/2⌋}, so that
 * the branches of a sum-merged parallel node add up to its response.
 */
export function alignedBranches(
  ctx: ComposeContext,
  branches: readonly NetworkNode[],
  scale = 1,
): GridResponse[] {
  const spans = branches.map((b) => receptiveFieldOf(b, 1, [scale])[0]);
  const span = Math.max(...spans);
  return branches.map((b, i) => {
    const r = evaluateNode(ctx, b, scale);
    const shift = centreShift(span, spans[i]);
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

/** The scale (product of strides) in front of each member of a top-level stack. */
export function memberScales(nodes: readonly NetworkNode[]): number[] {
  const scales: number[] = [];
  let s = 1;
  for (const n of nodes) {
    scales.push(s);
    s *= totalStride(n, 1)[0];
  }
  return scales;
}

/** Adds e^{−iω_j·offset} to out[j] (a unit tap at `offset`: the residual identity). */
function addUnitTap(out: GridResponse, offset: number, m: number, count: number): void {
  const tw = twiddles(m).table;
  const step = offset % m;
  let idx = 0;
  for (let j = 0; j < count; j++) {
    out.re[j] += tw[2 * idx];
    out.im[j] += tw[2 * idx + 1];
    idx += step;
    if (idx >= m) idx -= m;
  }
}

/**
 * Throws a FieldError naming `network` unless every offset of the network fits exactly in
 * a double (receptive field ≤ 2^53), which the grid indices (d·j mod M) rely on.
 */
export function checkExactOffsets(network: Network): void {
  const rf = receptiveFieldOf(network.root, network.dims);
  rf.forEach((r, i) => {
    if (!(r <= Number.MAX_SAFE_INTEGER)) {
      throw new FieldError(
        'network',
        `has a receptive field of ${r} along axis ${i}, too large for exact frequency indices`,
      );
    }
  });
}
