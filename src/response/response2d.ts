import { networkKernel } from '../analysis/composite.ts';
import { type Complex, fft2dReal, twiddles } from '../fft/index.ts';
import {
  alignmentShift,
  type Graph,
  networkGraph,
  networkMembers,
  singleChannelWeights,
  walkGraph,
} from '../network/index.ts';
import { LIMITS } from '../network/limits.ts';
import type { Network } from '../network/types.ts';
import { FieldError, FieldTypeError, show } from '../util/validate.ts';
import { checkExactOffsets, weightsKey } from './compose.ts';
import { toDb } from './decibels.ts';
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
  bases: Map<string, Complex>;
}

/** H_d[jy, jx] = B[(dy·jy) mod N, (dx·jx) mod N] of a kernel's 2-D FFT B (cached by content). */
function dilated2d(
  ctx: Ctx2,
  weights: Float64Array,
  shape: readonly number[],
  dilation: readonly number[],
): Complex {
  const n = ctx.n;
  const size = n * n;
  const key = weightsKey(weights, shape);
  let base = ctx.bases.get(key);
  if (!base) {
    base = fft2dReal(weights, shape, n);
    ctx.bases.set(key, base);
  }
  const dy = dilation[0] % n;
  const dx = dilation[1] % n;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const cols = new Int32Array(n);
  for (let jx = 0, c = 0; jx < n; jx++) {
    cols[jx] = c;
    c += dx;
    if (c >= n) c -= n;
  }
  for (let jy = 0, r = 0; jy < n; jy++) {
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
  const n = ctx.n;
  const sy = shift[0] % n;
  const sx = shift[1] % n;
  if (sy === 0 && sx === 0) return h;
  const tw = twiddles(n).table;
  for (let jy = 0, a = 0; jy < n; jy++) {
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
  return { re: new Float64Array(ctx.n * ctx.n).fill(1), im: new Float64Array(ctx.n * ctx.n) };
}

/**
 * The 2-D response of a graph on the unshifted N×N grid (ωy, ωx) = (2πjy/N, 2πjx/N),
 * equal to the 2-D DTFT of its composite kernel (`graphKernel`, causal form). One walk: a
 * conv layer multiplies by its kernel's remapped 2-D FFT at dilation d·inputScale per axis;
 * an avg pool by a box of 1/k; a max pool (not linear) by nothing; a merge shifts each input
 * by e^{−i(ωy·sy + ωx·sx)} (`alignmentShift`, where its padding places it) and adds them.
 * `undefined` stands for the identity (H = 1) until a factor arrives.
 */
function evaluateGraph2d(ctx: Ctx2, graph: Graph): Complex {
  const dilations = (d: readonly number[], s: readonly number[]) => d.map((v, a) => v * s[a]);
  const h = walkGraph<Complex | undefined>(graph, {
    input: () => undefined,
    conv: (node, x, step) =>
      multiply2d(
        x,
        dilated2d(
          ctx,
          singleChannelWeights(node),
          node.size,
          dilations(node.dilation, step.placement.inputScale),
        ),
      ),
    shortcut: (node, x, step) => {
      const p = node.projection;
      if (!p) return x;
      return multiply2d(
        x,
        dilated2d(
          ctx,
          singleChannelWeights(p),
          p.size,
          dilations(p.dilation, step.placement.inputScale),
        ),
      );
    },
    pool: (node, x, step) => {
      if (node.mode === 'max') return x;
      const k = node.size[0] * node.size[1];
      const box = new Float64Array(k).fill(1 / k);
      return multiply2d(
        x,
        dilated2d(ctx, box, node.size, dilations(node.dilation, step.placement.inputScale)),
      );
    },
    sum: (_node, xs, step) => {
      const re = new Float64Array(ctx.n * ctx.n);
      const im = new Float64Array(ctx.n * ctx.n);
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

/** |H| and its dB value, fftshifted: out[i·N + j] = |H[(i + N/2) mod N, (j + N/2) mod N]|. */
function shiftedMagnitudes(
  h: Complex,
  n: number,
): { magnitude: Float64Array; magnitudeDb: Float64Array } {
  const size = n * n;
  const magnitude = new Float64Array(size);
  const magnitudeDb = new Float64Array(size);
  const half = n >> 1;
  for (let i = 0; i < n; i++) {
    const srcRow = ((i + half) % n) * n;
    for (let j = 0; j < n; j++) {
      const k = srcRow + ((j + half) % n);
      const r = h.re[k];
      const m = h.im[k];
      const mag = Math.sqrt(r * r + m * m);
      magnitude[i * n + j] = mag === Number.POSITIVE_INFINITY ? Math.hypot(r, m) : mag;
    }
  }
  for (let i = 0; i < size; i++) magnitudeDb[i] = toDb(magnitude[i]);
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
  const ctx: Ctx2 = { n, bases: new Map() };
  const root = net.root;
  const { members: memberList, merge, kind } = networkMembers(net);
  const nodes = memberList.map((m) => m.node);

  let parts: Complex[];
  let composite: Complex;
  if (root.type === 'parallel' || root.type === 'stack') {
    parts = memberList.map((m) => shift2d(ctx, evaluateGraph2d(ctx, m.graph), m.shift));
    if (kind === 'parallel') {
      const re = new Float64Array(n * n);
      const im = new Float64Array(n * n);
      for (const p of parts) {
        for (let i = 0; i < n * n; i++) {
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

  const wantMembers = options?.members ?? true;
  if (typeof wantMembers !== 'boolean') {
    throw new FieldTypeError('members', `must be true or false, got ${show(wantMembers)}`);
  }
  const wantPanels = options?.panels ?? true;
  if (typeof wantPanels !== 'boolean') {
    throw new FieldTypeError('panels', `must be true or false, got ${show(wantPanels)}`);
  }
  // Member magnitudes are needed for the answer, for a concat envelope, or when the one
  // part is the composite itself.
  const needMags =
    wantMembers || merge === 'concat' || (parts.length === 1 && parts[0] === composite);
  const memberMags = needMags ? parts.map((p) => shiftedMagnitudes(p, n)) : [];
  const members = wantMembers
    ? memberMags.map((mm, i) => ({ label: nodeLabel(nodes[i]), ...mm }))
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
  } else if (parts.length === 1 && parts[0] === composite) {
    ({ magnitude, magnitudeDb } = memberMags[0]);
  } else {
    ({ magnitude, magnitudeDb } = shiftedMagnitudes(composite, n));
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
    wy: Array.from(r.wy),
    wx: Array.from(r.wx),
    units: r.units,
    magnitude: Array.from(r.magnitude),
    magnitudeDb: Array.from(r.magnitudeDb),
    members: r.members.map((m) => ({
      label: m.label,
      magnitude: Array.from(m.magnitude),
      magnitudeDb: Array.from(m.magnitudeDb),
    })),
  };
  if (r.merge !== undefined) out.merge = r.merge;
  if (r.envelope !== undefined) out.envelope = Array.from(r.envelope);
  if (r.impulse !== undefined && r.step !== undefined && r.impulseShape !== undefined) {
    out.impulseShape = r.impulseShape;
    out.impulse = Array.from(r.impulse);
    out.step = Array.from(r.step);
  }
  return out;
}
