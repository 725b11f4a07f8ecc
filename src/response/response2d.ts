import { networkKernel } from '../analysis/composite.ts';
import { type Complex, fft2dReal, twiddles } from '../fft/index.ts';
import {
  alignmentShift,
  type ConvNode,
  type Graph,
  networkGraph,
  networkMembers,
  type PoolNode,
  type ShortcutNode,
  singleChannelWeights,
  type WalkStep,
  walkGraph,
} from '../network/index.ts';
import { LIMITS } from '../network/limits.ts';
import type { Network } from '../network/types.ts';
import { toNumberArray } from '../util/arrays.ts';
import { FieldError, FieldTypeError, show } from '../util/validate.ts';
import { checkExactOffsets, weightsKey } from './compose.ts';
import { DB_FLOOR, DB_PER_NEPER, toDb } from './decibels.ts';
import { nodeLabel } from './label.ts';
import { stepResponse2d } from './phase.ts';
import { checkPoints } from './response.ts';

/** Options of `response2d`. */
export interface Response2dOptions {
  /** Grid side N: a power of two from 1 to LIMITS.maxN2d (1024). Default 128. */
  n?: number;
  /** Also return each member's |H| (default true); false leaves `members` empty and is faster. */
  members?: boolean;
  /** Also return the impulse and step responses (default true). */
  panels?: boolean;
}

/** |H| of one member on the grid (same layout as NetworkResponse2d.magnitude). */
export interface Response2dMember {
  label: string;
  magnitude: Float64Array;
  magnitudeDb: Float64Array;
}

/** The response of a 2-D network on an N×N grid, centred (fftshift). */
export interface NetworkResponse2d {
  dims: 2;
  /** Grid side N. */
  n: number;
  /** Row frequencies ωy = 2π(i − N/2)/N rad/sample, i = 0..N−1: [−π, π). */
  wy: Float64Array;
  /** Column frequencies ωx, same values. */
  wx: Float64Array;
  /** Always rad/sample (cycles per pixel = ω/2π). */
  units: 'rad/sample';
  /**
   * |H(ωy, ωx)| row-major, N×N: magnitude[i·N + j] at (wy[i], wx[j]). For a top-level
   * concat merge: the envelope max_b |H_b|.
   */
  magnitude: Float64Array;
  /** 20·log10(magnitude), floored at DB_FLOOR (−300 dB). */
  magnitudeDb: Float64Array;
  /** The layers of a top-level stack or the (centre-aligned) branches of a top-level parallel node. */
  members: Response2dMember[];
  merge?: 'sum' | 'concat';
  /** For a top-level concat merge: max_b |H_b|, equal to `magnitude`. */
  envelope?: Float64Array;
  /** Shape [rows, cols] of `impulse` and `step` (the receptive field). */
  impulseShape?: [number, number];
  /** Impulse response: the dense composite kernel, row-major (causal form). Absent with panels: false. */
  impulse?: Float64Array;
  /** Step response to u[y]·u[x]: s[i, j] = Σ_{a≤i, b≤j} h[a, b], row-major. */
  step?: Float64Array;
}

interface Ctx2 {
  n: number;
  /** Rows of the half plane that are evaluated: jy = 0..rows−1 (rows = ⌊N/2⌋ + 1). */
  rows: number;
  /** e^{−2πia/N} = tw[2a] + i·tw[2a + 1]. */
  tw: Float64Array;
  bases: Map<string, Complex>;
}

/**
 * Largest kernel side that a layer evaluates directly from the twiddle table (per point,
 * one complex multiply-add per column tap); longer rows use the N×N FFT of the kernel.
 */
const DIRECT_MAX_COLS = 16;

/**
 * One layer's H on rows 0..rows−1 of the unshifted grid by direct evaluation:
 * H[jy, jx] = Σ_b c_b(jy)·e^{−2πi·b·dx·jx/N} with c_b(jy) = Σ_a w[a, b]·e^{−2πi·a·dy·jy/N}.
 */
function directLayer(
  ctx: Ctx2,
  w: ArrayLike<number>,
  kr: number,
  kc: number,
  dy: number,
  dx: number,
): Complex {
  const { n, rows, tw } = ctx;
  const mask = n - 1;
  const re = new Float64Array(rows * n);
  const im = new Float64Array(rows * n);
  const cr = new Float64Array(kc);
  const ci = new Float64Array(kc);
  for (let jy = 0, ay = 0; jy < rows; jy++) {
    cr.fill(0);
    ci.fill(0);
    for (let a = 0, t = 0; a < kr; a++) {
      const tr = tw[2 * t];
      const ti = tw[2 * t + 1];
      for (let b = 0; b < kc; b++) {
        const v = w[a * kc + b];
        cr[b] += v * tr;
        ci[b] += v * ti;
      }
      t = (t + ay) & mask;
    }
    const row = jy * n;
    for (let jx = 0, bx = 0; jx < n; jx++) {
      let hr = cr[0];
      let hi = ci[0];
      for (let b = 1, t = bx; b < kc; b++) {
        const tr = tw[2 * t];
        const ti = tw[2 * t + 1];
        hr += cr[b] * tr - ci[b] * ti;
        hi += cr[b] * ti + ci[b] * tr;
        t = (t + bx) & mask;
      }
      re[row + jx] = hr;
      im[row + jx] = hi;
      bx = (bx + dx) & mask;
    }
    ay = (ay + dy) & mask;
  }
  return { re, im };
}

/**
 * A layer's H on the half plane (rows 0..rows−1): directly from the twiddle table when its
 * rows have ≤ 16 taps (`directLayer`), else H_d[jy, jx] = B[(dy·jy) mod N, (dx·jx) mod N]
 * of its kernel's 2-D FFT B (cached by content).
 */
function dilated2d(
  ctx: Ctx2,
  weights: Float64Array,
  shape: readonly number[],
  dilation: readonly number[],
): Complex {
  const { n, rows } = ctx;
  const size = rows * n;
  const dy = dilation[0] % n;
  const dx = dilation[1] % n;
  if (shape[1] <= DIRECT_MAX_COLS) return directLayer(ctx, weights, shape[0], shape[1], dy, dx);
  const key = weightsKey(weights, shape);
  let base = ctx.bases.get(key);
  if (!base) {
    base = fft2dReal(weights, shape, n);
    ctx.bases.set(key, base);
  }
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const cols = new Int32Array(n);
  for (let jx = 0, c = 0; jx < n; jx++) {
    cols[jx] = c;
    c += dx;
    if (c >= n) c -= n;
  }
  for (let jy = 0, r = 0; jy < rows; jy++) {
    const src = r * n;
    const dst = jy * n;
    for (let jx = 0; jx < n; jx++) {
      re[dst + jx] = base.re[src + cols[jx]];
      im[dst + jx] = base.im[src + cols[jx]];
    }
    r += dy;
    if (r >= n) r -= n;
  }
  return { re, im };
}

/** acc ← acc·h elementwise (acc undefined: h itself). */
function multiply2d(acc: Complex | undefined, h: Complex): Complex {
  if (!acc) return h;
  const re = Float64Array.from(acc.re);
  const im = Float64Array.from(acc.im);
  for (let i = 0; i < re.length; i++) {
    const ar = re[i];
    const ai = im[i];
    re[i] = ar * h.re[i] - ai * h.im[i];
    im[i] = ar * h.im[i] + ai * h.re[i];
  }
  return { re, im };
}

/** h·e^{−i(ωy·sy + ωx·sx)} in place (a shift by [sy, sx] input samples). */
function shift2d(ctx: Ctx2, h: Complex, shift: readonly number[]): Complex {
  const { n, rows, tw } = ctx;
  const sy = shift[0] % n;
  const sx = shift[1] % n;
  if (sy === 0 && sx === 0) return h;
  for (let jy = 0, a = 0; jy < rows; jy++) {
    const yr = tw[2 * a];
    const yi = tw[2 * a + 1];
    for (let jx = 0, c = 0; jx < n; jx++) {
      const pr = yr * tw[2 * c] - yi * tw[2 * c + 1];
      const pi = yr * tw[2 * c + 1] + yi * tw[2 * c];
      const k = jy * n + jx;
      const r = h.re[k];
      const m = h.im[k];
      h.re[k] = r * pr - m * pi;
      h.im[k] = r * pi + m * pr;
      c += sx;
      if (c >= n) c -= n;
    }
    a += sy;
    if (a >= n) a -= n;
  }
  return h;
}

/** The all-ones grid (H of the identity), or its copy when it is to be changed. */
function ones2d(ctx: Ctx2): Complex {
  const size = ctx.rows * ctx.n;
  return { re: new Float64Array(size).fill(1), im: new Float64Array(size) };
}

/**
 * The linear kernel a step multiplies the response by, for both 2-D routes: a conv layer's
 * or projection shortcut's weights, an avg pool's box of 1/k per tap, each at dilation
 * d·inputScale per axis (input samples); null for a step that passes its input on (an
 * identity shortcut; a max pool, which is not linear).
 */
function stepKernel(
  node: ConvNode | PoolNode | ShortcutNode,
  step: WalkStep,
): { weights: Float64Array; size: readonly number[]; dilation: number[] } | null {
  const scale = step.placement.inputScale;
  const at = (d: readonly number[]) => d.map((v, a) => v * scale[a]);
  if (node.op === 'pool') {
    if (node.mode === 'max') return null;
    const k = node.size.reduce((a, b) => a * b, 1);
    return {
      weights: new Float64Array(k).fill(1 / k),
      size: node.size,
      dilation: at(node.dilation),
    };
  }
  const conv = node.op === 'conv' ? node : node.projection;
  if (!conv) return null;
  return { weights: singleChannelWeights(conv), size: conv.size, dilation: at(conv.dilation) };
}

/**
 * The 2-D response of a graph on the half plane jy ≤ N/2 (rows 0..⌊N/2⌋; the rest follows
 * from H[−ω] = conj H[ω]) of the unshifted N×N grid (ωy, ωx) = (2πjy/N, 2πjx/N),
 * equal to the 2-D DTFT of its composite kernel (`graphKernel`, causal form). One walk: a
 * conv layer multiplies by its kernel's remapped 2-D FFT at dilation d·inputScale per axis;
 * an avg pool by a box of 1/k; a max pool (not linear) by nothing; a merge shifts each input
 * by e^{−i(ωy·sy + ωx·sx)} (`alignmentShift`, where its padding places it) and adds them.
 * `undefined` stands for the identity (H = 1) until a factor arrives.
 */
function evaluateGraph2d(ctx: Ctx2, graph: Graph): Complex {
  const factor = (
    node: ConvNode | PoolNode | ShortcutNode,
    x: Complex | undefined,
    step: WalkStep,
  ) => {
    const k = stepKernel(node, step);
    return k ? multiply2d(x, dilated2d(ctx, k.weights, k.size, k.dilation)) : x;
  };
  const h = walkGraph<Complex | undefined>(graph, {
    input: () => undefined,
    conv: factor,
    shortcut: factor,
    pool: factor,
    sum: (_node, xs, step) => {
      const re = new Float64Array(ctx.rows * ctx.n);
      const im = new Float64Array(ctx.rows * ctx.n);
      xs.forEach((x, i) => {
        const part = shift2d(
          ctx,
          x ? { re: Float64Array.from(x.re), im: Float64Array.from(x.im) } : ones2d(ctx),
          alignmentShift(step.inputPlacements[i], step.placement),
        );
        for (let j = 0; j < re.length; j++) {
          re[j] += part.re[j];
          im[j] += part.im[j];
        }
      });
      return { re, im };
    },
  });
  return h ?? ones2d(ctx);
}

/** |z| with the overflow fallback (beyond ~1e154 the squares overflow). */
function modulus(r: number, m: number): number {
  const mag = Math.sqrt(r * r + m * m);
  return mag === Number.POSITIVE_INFINITY ? Math.hypot(r, m) : mag;
}

/**
 * |H| and its dB value, fftshifted (out[i·N + j] = |H[(i + N/2) mod N, (j + N/2) mod N]|),
 * from the half plane rows 0..N/2: an output row whose source row is in the half plane is
 * computed once and rotated into place by two row copies; the others are point
 * reflections, out[i, j] = out[(N − i) mod N, (N − j) mod N], since |H| of a real kernel is
 * even.
 */
function shiftedMagnitudes(
  h: Complex,
  n: number,
): { magnitude: Float64Array; magnitudeDb: Float64Array } {
  const magnitude = new Float64Array(n * n);
  const magnitudeDb = new Float64Array(n * n);
  const half = n >> 1;
  const mag = new Float64Array(n);
  const db = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sr = (i + half) % n;
    if (sr > half) continue;
    const src = sr * n;
    for (let c = 0; c < n; c++) mag[c] = modulus(h.re[src + c], h.im[src + c]);
    for (let c = 0; c < n; c++) db[c] = Math.max(Math.log(mag[c]) * DB_PER_NEPER, DB_FLOOR);
    const dst = i * n;
    magnitude.set(mag.subarray(half), dst);
    magnitude.set(mag.subarray(0, half), dst + n - half);
    magnitudeDb.set(db.subarray(half), dst);
    magnitudeDb.set(db.subarray(0, half), dst + n - half);
  }
  for (let i = 1; i < half; i++) reflectRow(magnitude, magnitudeDb, n, i);
  return { magnitude, magnitudeDb };
}

/** Output row i from row (N − i): out[i, j] = out[N − i, (N − j) mod N]. */
function reflectRow(magnitude: Float64Array, magnitudeDb: Float64Array, n: number, i: number) {
  const dst = i * n;
  const src = (n - i) * n;
  magnitude[dst] = magnitude[src];
  magnitudeDb[dst] = magnitudeDb[src];
  for (let j = 1; j < n; j++) {
    magnitude[dst + j] = magnitude[src + n - j];
    magnitudeDb[dst + j] = magnitudeDb[src + n - j];
  }
}

/** The per-axis factors of a rank-1 response, H(ωy, ωx) = Y(ωy)·X(ωx), on j = 0..N−1. */
interface Axes {
  y: Complex;
  x: Complex;
}

/**
 * A kernel as an outer product w[a, b] = u[a]·v[b] when it is one (every weight within
 * 1e−13·max|w| of the product through its largest weight; box, binomial and gaussian
 * kernels are), else null.
 */
function rankOne(
  w: ArrayLike<number>,
  kr: number,
  kc: number,
): { u: Float64Array; v: Float64Array } | null {
  let p = 0;
  for (let i = 1; i < kr * kc; i++) if (Math.abs(w[i]) > Math.abs(w[p])) p = i;
  const top = Math.abs(w[p]);
  const pr = Math.floor(p / kc);
  const pc = p - pr * kc;
  const u = new Float64Array(kr);
  const v = new Float64Array(kc);
  if (top === 0) return { u, v };
  for (let a = 0; a < kr; a++) u[a] = w[a * kc + pc];
  for (let b = 0; b < kc; b++) v[b] = w[pr * kc + b] / w[p];
  for (let a = 0; a < kr; a++)
    for (let b = 0; b < kc; b++)
      if (!(Math.abs(w[a * kc + b] - u[a] * v[b]) <= 1e-13 * top)) return null;
  return { u, v };
}

/** Y[j] = Σ_a u[a]·e^{−2πi·a·d·j/N}, j = 0..N−1, from the twiddle table. */
function axisResponse(tw: Float64Array, n: number, u: Float64Array, d: number): Complex {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const mask = n - 1;
  for (let j = 0, step = 0; j < n; j++) {
    let hr = 0;
    let hi = 0;
    for (let a = 0, t = 0; a < u.length; a++) {
      hr += u[a] * tw[2 * t];
      hi += u[a] * tw[2 * t + 1];
      t = (t + step) & mask;
    }
    re[j] = hr;
    im[j] = hi;
    step = (step + d) & mask;
  }
  return { re, im };
}

/** acc ← acc·h, pointwise complex product, in place. */
function multiplyInto(acc: Complex, h: Complex): void {
  const ar = acc.re;
  const ai = acc.im;
  const hr = h.re;
  const hi = h.im;
  for (let i = 0; i < ar.length; i++) {
    const r = ar[i];
    const m = ai[i];
    ar[i] = r * hr[i] - m * hi[i];
    ai[i] = r * hi[i] + m * hr[i];
  }
}

/** The rank-1 factors of one kernel at its dilation on the input grid, or null. */
function kernelAxes(
  ctx: Ctx2,
  weights: Float64Array,
  shape: readonly number[],
  dilation: readonly number[],
): Axes | null {
  const split = rankOne(weights, shape[0], shape[1]);
  if (!split) return null;
  return {
    y: axisResponse(ctx.tw, ctx.n, split.u, dilation[0] % ctx.n),
    x: axisResponse(ctx.tw, ctx.n, split.v, dilation[1] % ctx.n),
  };
}

/** a·b per axis (a undefined: the identity), or null when either is not rank-1. */
function multiplyAxes(a: Axes | null | undefined, b: Axes | null): Axes | null {
  if (a === null || b === null) return null;
  if (a === undefined) return b;
  multiplyInto(a.y, b.y);
  multiplyInto(a.x, b.x);
  return a;
}

/**
 * The separable fast path: the per-axis factors of a graph whose response is rank-1, H =
 * Y(ωy)·X(ωx) — a chain of conv layers with outer-product kernels (box, binomial,
 * gaussian), avg pools, max pools and projection-free or rank-1 shortcuts (the product of
 * rank-1 factors is rank-1: Y = Π Y_l, X = Π X_l) — else null (a merge adds responses, so
 * it is not rank-1 in general). `undefined` is the identity. O(N·k) per layer instead of
 * O(N²).
 */
function separableGraph2d(ctx: Ctx2, graph: Graph): Axes | null | undefined {
  const factor = (
    node: ConvNode | PoolNode | ShortcutNode,
    x: Axes | null | undefined,
    step: WalkStep,
  ) => {
    if (x === null) return null;
    const k = stepKernel(node, step);
    return k ? multiplyAxes(x, kernelAxes(ctx, k.weights, k.size, k.dilation)) : x;
  };
  return walkGraph<Axes | null | undefined>(graph, {
    input: () => undefined,
    conv: factor,
    shortcut: factor,
    pool: factor,
    sum: () => null,
  });
}

/** The identity's factors (H = 1). */
function unitAxes(n: number): Axes {
  const one = () => ({ re: new Float64Array(n).fill(1), im: new Float64Array(n) });
  return { y: one(), x: one() };
}

/**
 * |H| = |Y(ωy)|·|X(ωx)| and 20·log10|H| = 20·log10|Y| + 20·log10|X| (floored at DB_FLOOR),
 * fftshifted, of a rank-1 response: the shift and the logarithms are done on the two axes
 * (2N values), the grid is one product and one sum per point.
 */
function separableMagnitudes(
  f: Axes,
  n: number,
): { magnitude: Float64Array; magnitudeDb: Float64Array } {
  const half = n >> 1;
  const ay = new Float64Array(n);
  const ax = new Float64Array(n);
  const ly = new Float64Array(n);
  const lx = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = (i + half) % n;
    ay[i] = modulus(f.y.re[k], f.y.im[k]);
    ax[i] = modulus(f.x.re[k], f.x.im[k]);
    ly[i] = Math.log(ay[i]) * DB_PER_NEPER;
    lx[i] = Math.log(ax[i]) * DB_PER_NEPER;
  }
  const magnitude = new Float64Array(n * n);
  const magnitudeDb = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const y = ay[i];
    const l = ly[i];
    const row = i * n;
    for (let j = 0; j < n; j++) {
      magnitude[row + j] = y * ax[j];
      // −∞ (an exact zero on either axis) and sums below the floor give DB_FLOOR.
      const d = l + lx[j];
      magnitudeDb[row + j] = Math.max(d, DB_FLOOR);
    }
  }
  return { magnitude, magnitudeDb };
}

/**
 * The frequency response of a 2-D network, H(ωy, ωx) = Σ h[y, x] e^{−i(ωy·y + ωx·x)} of
 * its composite kernel (causal form), on an N×N grid, centred: axis values
 * ωy, ωx = 2π(i − N/2)/N rad/sample in [−π, π). Each distinct kernel is transformed once
 * (2-D FFT, N×N); a layer of rates [dy, dx] (times earlier strides) is the remap
 * H_d[jy, jx] = H[(dy·jy) mod N, (dx·jx) mod N], exact on the grid; composition as in
 * `response` (stack product, centre-aligned sum, residual identity at the body centre,
 * concat envelope max_b |H_b|).
 */
export function response2d(network: Network, options: Response2dOptions = {}): NetworkResponse2d {
  const net = network as Network;
  if (
    typeof net !== 'object' ||
    net === null ||
    typeof net.root !== 'object' ||
    net.root === null
  ) {
    throw new FieldTypeError(
      'network',
      `must be a parsed network (parseNetwork), got ${show(network)}`,
    );
  }
  if (net.dims !== 2) {
    throw new FieldError('network', `is ${net.dims}-D; use response for a 1-D network`);
  }
  const n = checkPoints(options?.n, LIMITS.maxN2d, 128);
  checkExactOffsets(net);
  const wantMembers = options?.members ?? true;
  if (typeof wantMembers !== 'boolean') {
    throw new FieldTypeError('members', `must be true or false, got ${show(wantMembers)}`);
  }
  const wantPanels = options?.panels ?? true;
  if (typeof wantPanels !== 'boolean') {
    throw new FieldTypeError('panels', `must be true or false, got ${show(wantPanels)}`);
  }
  const ctx: Ctx2 = {
    n,
    rows: Math.min(n, (n >> 1) + 1),
    tw: twiddles(n).table,
    bases: new Map(),
  };
  const root = net.root;
  const { members: memberList, merge, kind } = networkMembers(net);
  const grouped = root.type === 'parallel' || root.type === 'stack';
  type Mags = { magnitude: Float64Array; magnitudeDb: Float64Array };
  let memberMags: Mags[] = [];
  let compositeMags: Mags | undefined;

  // The separable fast path: every member (or the whole network) rank-1, combined by a
  // product (a stack; a member's shift has modulus 1 and leaves |H| as it is).
  const sep: Axes[] = [];
  if (!grouped || kind === 'stack') {
    for (const g of grouped ? memberList.map((m) => m.graph) : [networkGraph(net)]) {
      const f = separableGraph2d(ctx, g);
      if (f === null) break;
      sep.push(f ?? unitAxes(n));
    }
  }
  if (sep.length > 0 && sep.length === (grouped ? memberList.length : 1)) {
    if (wantMembers || sep.length === 1) memberMags = sep.map((f) => separableMagnitudes(f, n));
    if (sep.length === 1) compositeMags = memberMags[0];
    else {
      const y = { re: Float64Array.from(sep[0].y.re), im: Float64Array.from(sep[0].y.im) };
      const x = { re: Float64Array.from(sep[0].x.re), im: Float64Array.from(sep[0].x.im) };
      for (const f of sep.slice(1)) multiplyAxes({ y, x }, f);
      compositeMags = separableMagnitudes({ y, x }, n);
    }
  } else {
    // The general path, on the half plane jy ≤ N/2.
    let parts: Complex[];
    let composite: Complex;
    const size = ctx.rows * n;
    if (grouped) {
      parts = memberList.map((m) => shift2d(ctx, evaluateGraph2d(ctx, m.graph), m.shift));
      if (kind === 'parallel') {
        const re = new Float64Array(size);
        const im = new Float64Array(size);
        for (const p of parts) {
          for (let i = 0; i < size; i++) {
            re[i] += p.re[i];
            im[i] += p.im[i];
          }
        }
        composite = { re, im };
      } else {
        composite = parts.slice(1).reduce((acc, p) => multiply2d(acc, p), parts[0]);
        if (parts.length === 1)
          composite = { re: Float64Array.from(parts[0].re), im: Float64Array.from(parts[0].im) };
      }
    } else {
      composite = evaluateGraph2d(ctx, networkGraph(net));
      parts = [composite];
    }
    // Member magnitudes are needed for the answer, for a concat envelope, or when the one
    // part is the composite itself.
    const single = parts.length === 1 && parts[0] === composite;
    const needMags = wantMembers || merge === 'concat' || single;
    memberMags = needMags ? parts.map((p) => shiftedMagnitudes(p, n)) : [];
    if (single) compositeMags = memberMags[0];
    else if (merge !== 'concat') compositeMags = shiftedMagnitudes(composite, n);
  }
  const members = wantMembers
    ? memberMags.map((mm, i) => ({
        label: nodeLabel(memberList[i].graph, memberList[i].path),
        ...mm,
      }))
    : [];
  let magnitude: Float64Array;
  let magnitudeDb: Float64Array;
  let envelope: Float64Array | undefined;
  if (merge === 'concat') {
    envelope = new Float64Array(n * n);
    for (const mm of memberMags) {
      for (let i = 0; i < n * n; i++)
        if (mm.magnitude[i] > envelope[i]) envelope[i] = mm.magnitude[i];
    }
    magnitude = envelope;
    magnitudeDb = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) {
      magnitudeDb[i] = toDb(envelope[i]);
    }
  } else {
    ({ magnitude, magnitudeDb } = compositeMags!);
  }
  const axis = new Float64Array(n);
  for (let i = 0; i < n; i++) axis[i] = (2 * Math.PI * (i - (n >> 1))) / n;
  const result: NetworkResponse2d = {
    dims: 2,
    n,
    wy: axis,
    wx: Float64Array.from(axis),
    units: 'rad/sample',
    magnitude,
    magnitudeDb,
    members,
  };
  if (merge !== undefined) result.merge = merge;
  if (envelope !== undefined) result.envelope = envelope;
  if (wantPanels) {
    const k = networkKernel(net);
    result.impulseShape = [k.shape[0], k.shape[1]];
    result.impulse = k.weights;
    result.step = stepResponse2d(k.weights, k.shape);
  }
  return result;
}

/** A NetworkResponse2d with plain arrays (JSON-ready); magnitude stays flat row-major. */
export interface NetworkResponse2dJSON {
  dims: 2;
  n: number;
  wy: number[];
  wx: number[];
  units: 'rad/sample';
  magnitude: number[];
  magnitudeDb: number[];
  members: { label: string; magnitude: number[]; magnitudeDb: number[] }[];
  merge?: 'sum' | 'concat';
  envelope?: number[];
  impulseShape?: [number, number];
  impulse?: number[];
  step?: number[];
}

/** Turns a `response2d` result into plain arrays for JSON.stringify (row-major, rows = wy). */
export function response2dToJSON(r: NetworkResponse2d): NetworkResponse2dJSON {
  const out: NetworkResponse2dJSON = {
    dims: 2,
    n: r.n,
    wy: toNumberArray(r.wy),
    wx: toNumberArray(r.wx),
    units: r.units,
    magnitude: toNumberArray(r.magnitude),
    magnitudeDb: toNumberArray(r.magnitudeDb),
    members: r.members.map((m) => ({
      label: m.label,
      magnitude: toNumberArray(m.magnitude),
      magnitudeDb: toNumberArray(m.magnitudeDb),
    })),
  };
  if (r.merge !== undefined) out.merge = r.merge;
  if (r.envelope !== undefined) out.envelope = toNumberArray(r.envelope);
  if (r.impulse !== undefined && r.step !== undefined && r.impulseShape !== undefined) {
    out.impulseShape = r.impulseShape;
    out.impulse = toNumberArray(r.impulse);
    out.step = toNumberArray(r.step);
  }
  return out;
}
