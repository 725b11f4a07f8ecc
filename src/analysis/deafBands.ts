import { members, type Network, type NetworkNode } from '../network/types.ts';
import { FieldError, show } from '../util/validate.ts';
import { perList } from './listed.ts';
import {
  type CutResponse,
  cutResponse,
  layerCut,
  responseDegree,
  responseMagnitude,
  responseOnGrid,
  stackScales,
  unitScale,
} from './nullCuts.ts';
import { kernelNulls, nodeNulls } from './nulls.ts';
import type { Band, DeafBandsReport, Null } from './types.ts';

/**
 * Deaf bands: the frequency intervals in [0, π] (rad/sample) where a response is at least
 * |thresholdDb| dB below its own peak, |H(ω)|/max_{[0,π]}|H| < 10^(thresholdDb/20).
 *
 * The peak is found exactly enough (a grid of max(512, 8·degree) points, then golden-section
 * refinement of every grid peak within Bernstein's bound of the largest), and every band edge
 * is refined on the exact response by bisection to 1e-12 rad. Every null lies inside a band:
 * the nulls seed the search, so a band narrower than the grid is still found. Two bands
 * separated by a gap narrower than the grid spacing (π/(8·degree)) are reported as one.
 */

/** Bands whose edges are closer than this (rad/sample) are merged. */
const BAND_MERGE = 1e-12;
/** Bisection stops when the bracket is this narrow (rad/sample). */
const EDGE_TOLERANCE = 1e-12;

/** Checks a deaf-band threshold in dB: finite and below 0. */
export function checkThresholdDb(thresholdDb: unknown): number {
  if (typeof thresholdDb !== 'number' || !Number.isFinite(thresholdDb) || !(thresholdDb < 0)) {
    throw new FieldError(
      'thresholdDb',
      `must be a finite number of dB below 0 (e.g. -20), got ${show(thresholdDb)}`,
    );
  }
  return thresholdDb;
}

/** Golden-section search for the maximum (sign 1) or minimum (sign −1) of f on [a, b]. */
function golden(
  f: (w: number) => number,
  a: number,
  b: number,
  sign: 1 | -1,
  tolerance: number,
): { w: number; v: number } {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = sign * f(c);
  let fd = sign * f(d);
  for (let i = 0; i < 80 && b - a > tolerance; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = sign * f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = sign * f(d);
    }
  }
  const fa = sign * f(a);
  const fb = sign * f(b);
  let best = { w: c, v: fc };
  if (fd > best.v) best = { w: d, v: fd };
  if (fa > best.v) best = { w: a, v: fa };
  if (fb > best.v) best = { w: b, v: fb };
  return { w: best.w, v: sign * best.v };
}

/** The edge between `below` (|H| < T) and `above` (|H| ≥ T) by bisection. */
function edge(f: (w: number) => number, T: number, below: number, above: number): number {
  for (let i = 0; i < 80 && Math.abs(above - below) > EDGE_TOLERANCE; i++) {
    const mid = (below + above) / 2;
    if (f(mid) < T) below = mid;
    else above = mid;
  }
  return (below + above) / 2;
}

/** The maximum of a magnitude over [0, π] and where it is (rad/sample). */
export function peakMagnitude(
  magnitude: (w: number) => number,
  degree: number,
): { w: number; value: number } {
  const M = Math.max(512, 8 * Math.ceil(degree));
  const h = Math.PI / M;
  const v = new Float64Array(M + 1);
  for (let j = 0; j <= M; j++) v[j] = magnitude(j * h);
  return refinePeak(magnitude, v, h, degree);
}

function refinePeak(
  magnitude: (w: number) => number,
  v: Float64Array,
  h: number,
  degree: number,
): { w: number; value: number } {
  const M = v.length - 1;
  let gridMax = 0;
  for (let j = 0; j <= M; j++) if (v[j] > gridMax) gridMax = v[j];
  // Bernstein: |H'| ≤ degree·max|H|, so a grid point within h/2 of the true peak has a
  // value ≥ max·(1 − degree·h/2); only grid peaks above that can hold it.
  const floor = gridMax * Math.max(0, 1 - (degree * h) / 2) * (1 - 1e-9);
  let best = { w: 0, value: v[0] };
  for (let j = 0; j <= M; j++) {
    if (v[j] < floor || v[j] === 0) continue;
    if ((j > 0 && v[j] < v[j - 1]) || (j < M && v[j] < v[j + 1])) continue;
    // a plateau (e.g. a one-tap kernel) has its maximum at every sample: nothing to refine
    if ((j === 0 || v[j] === v[j - 1]) && (j === M || v[j] === v[j + 1])) continue;
    const g = golden(magnitude, Math.max(0, (j - 1) * h), Math.min(Math.PI, (j + 1) * h), 1, 1e-9);
    const cand = g.v >= v[j] ? { w: g.w, value: g.v } : { w: j * h, value: v[j] };
    if (cand.value > best.value) best = cand;
  }
  return best;
}

/**
 * The deaf bands of one magnitude response |H(ω)| on [0, π]: the maximal intervals where
 * |H|/max|H| < 10^(thresholdDb/20), edges refined by bisection on `magnitude` to 1e-12 rad.
 * `degree` is the response's span in samples (it sets the grid, max(512, 8·degree) points);
 * `nulls` (rad/sample) are known zeros, each guaranteed to lie inside a band. A response
 * that is identically zero is one band [0, π]. `sampleGrid(M, h)`, when given, returns
 * |H(j·h)| for j = 0..M faster than M + 1 calls of `magnitude` (same values to ~1e-13).
 */
export function findDeafBands(
  magnitude: (w: number) => number,
  degree: number,
  nulls: readonly number[] = [],
  thresholdDb = -20,
  sampleGrid?: (M: number, h: number) => Float64Array,
): Band[] {
  checkThresholdDb(thresholdDb);
  const M = Math.max(512, 8 * Math.ceil(degree));
  const h = Math.PI / M;
  let v: Float64Array;
  if (sampleGrid) v = sampleGrid(M, h);
  else {
    v = new Float64Array(M + 1);
    for (let j = 0; j <= M; j++) v[j] = magnitude(j * h);
  }
  const peak = refinePeak(magnitude, v, h, degree).value;
  if (!(peak > 0)) return [[0, Math.PI]];
  const T = peak * 10 ** (thresholdDb / 20);

  // Samples: the grid, plus seeds that are below T between grid points (nulls, refined dips).
  const seeds: number[] = [];
  for (const w of nulls) if (w >= 0 && w <= Math.PI) seeds.push(w);
  for (let j = 0; j <= M; j++) {
    if (v[j] < T) continue;
    if ((j > 0 && v[j] > v[j - 1]) || (j < M && v[j] > v[j + 1])) continue;
    if (v[j] > 4 * T) continue;
    const g = golden(magnitude, Math.max(0, (j - 1) * h), Math.min(Math.PI, (j + 1) * h), -1, 1e-9);
    if (g.v < T) seeds.push(g.w);
  }
  seeds.sort((a, b) => a - b);
  // The samples in order, grid and seeds merged (typed arrays: M may be millions).
  const n = M + 1 + seeds.length;
  const pw = new Float64Array(n);
  const below = new Uint8Array(n);
  let s = 0;
  let p = 0;
  for (let j = 0; j <= M; j++) {
    const w = j * h;
    while (s < seeds.length && seeds[s] < w) {
      pw[p] = seeds[s++];
      below[p++] = 1;
    }
    pw[p] = w;
    below[p++] = v[j] < T ? 1 : 0;
  }
  while (s < seeds.length) {
    pw[p] = seeds[s++];
    below[p++] = 1;
  }

  const bands: Band[] = [];
  let i = 0;
  while (i < n) {
    if (!below[i]) {
      i++;
      continue;
    }
    let k = i;
    while (k + 1 < n && below[k + 1]) k++;
    const lo = i === 0 ? 0 : edge(magnitude, T, pw[i], pw[i - 1]);
    const hi = k === n - 1 ? Math.PI : edge(magnitude, T, pw[k], pw[k + 1]);
    const last = bands[bands.length - 1];
    if (last && lo - last[1] <= BAND_MERGE) last[1] = Math.max(last[1], hi);
    else bands.push([lo, hi]);
    i = k + 1;
  }
  return bands;
}

/**
 * The deaf bands of the kernel `weights` with taps `step` apart (|H| relative to its own
 * peak on [0, π]; see `findDeafBands`). Example: box:3 at −20 dB is the one band where
 * |1 + 2cos ω| < 0.3, [acos(−0.35), acos(−0.65)] ≈ [1.928, 2.278] rad/sample.
 */
export function kernelDeafBands(weights: ArrayLike<number>, thresholdDb = -20, step = 1): Band[] {
  checkThresholdDb(thresholdDb);
  const base = Float64Array.from(weights as ArrayLike<number>);
  const r: CutResponse = { kind: 'kernel', kernel: { coef: base, step: 1 } };
  const bands = findDeafBands(
    (w) => responseMagnitude(r, w),
    responseDegree(r),
    kernelNulls(base).map((n) => n.w),
    thresholdDb,
  );
  return dilatedBands(bands, step);
}

/**
 * The deaf bands of the dilated response H(dω) from those of H (same threshold; the peak
 * over [0, π] does not change for d ≥ 1): a base band [a, b] gives [(a + 2πm)/d, (b + 2πm)/d]
 * and its mirror [(2πm − b)/d, (2πm − a)/d], clipped to [0, π] and merged. `d` is a positive
 * integer.
 */
export function dilatedBands(base: readonly Band[], d: number): Band[] {
  if (!Number.isInteger(d) || d < 1)
    throw new FieldError('d', `must be a positive integer, got ${show(d)}`);
  if (d === 1) return base.map(([a, b]) => [a, b]);
  const out: Band[] = [];
  const twoPi = 2 * Math.PI;
  const push = (lo: number, hi: number) => {
    const a = Math.max(0, lo);
    const b = Math.min(Math.PI, hi);
    if (b > a) out.push([a, b]);
  };
  for (const [a, b] of base) {
    for (let m = 0; m <= Math.ceil(d / 2); m++) {
      push((twoPi * m + a) / d, (twoPi * m + b) / d);
      push((twoPi * m - b) / d, (twoPi * m - a) / d);
    }
  }
  return mergeBands(out);
}

/** Sorts bands and merges those that overlap or touch (within 1e-12 rad). */
export function mergeBands(bands: readonly Band[]): Band[] {
  const sorted = bands.map(([a, b]) => [a, b] as Band).sort((x, y) => x[0] - y[0]);
  const out: Band[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && b[0] - last[1] <= BAND_MERGE) last[1] = Math.max(last[1], b[1]);
    else out.push(b);
  }
  return out;
}

/**
 * The intersection of band lists: the frequencies inside a band of every list (shared deaf
 * bands). Empty for no lists; zero-width overlaps are dropped.
 */
export function intersectBands(lists: readonly (readonly Band[])[]): Band[] {
  if (lists.length === 0) return [];
  let acc: Band[] = mergeBands(lists[0]);
  for (let l = 1; l < lists.length; l++) {
    const other = mergeBands(lists[l]);
    const next: Band[] = [];
    let i = 0;
    let j = 0;
    while (i < acc.length && j < other.length) {
      const lo = Math.max(acc[i][0], other[j][0]);
      const hi = Math.min(acc[i][1], other[j][1]);
      if (hi > lo) next.push([lo, hi]);
      if (acc[i][1] < other[j][1]) i++;
      else j++;
    }
    acc = next;
  }
  return acc;
}

interface BandContext {
  dims: 1 | 2;
  axis: 'x' | 'y';
  thresholdDb: number;
  base: Map<string, Band[]>;
  nulls: Map<string, Null[]>;
}

/** The deaf bands of a node's cut response read after total stride `scale`. */
function nodeBands(node: NetworkNode, scale: readonly number[], ctx: BandContext): Band[] {
  if (node.type === 'layer') {
    const cut = layerCut(node, ctx.dims, ctx.axis, scale);
    const key = cut.coef.join(',');
    let base = ctx.base.get(key);
    if (!base) {
      base = kernelDeafBands(cut.coef, ctx.thresholdDb);
      ctx.base.set(key, base);
    }
    return dilatedBands(base, cut.step);
  }
  const r = cutResponse(node, ctx.dims, ctx.axis, scale);
  const nulls = nodeNulls(node, ctx.dims, ctx.axis, scale, ctx.nulls).map((n) => n.w);
  return findDeafBands(
    (w) => responseMagnitude(r, w),
    responseDegree(r),
    nulls,
    ctx.thresholdDb,
    (M, h) => responseOnGrid(r, M, h),
  );
}

/**
 * The `deafBands` key of `analyze`: intervals [lo, hi] in [0, π] (rad/sample) where a
 * response is more than |thresholdDb| dB below its own peak (default −20 dB, i.e.
 * |H|/max|H| < 0.1), edges refined on the exact DTFT to 1e-12 rad.
 *
 * - byLayer: per member (layers of a top-level stack or branches of a top-level parallel),
 *   each relative to its own peak; a single layer's bands are its base kernel's mapped by
 *   `dilatedBands` with the effective rate d·Π(earlier strides).
 * - shared: the intersection of all members' bands.
 * - composite: the whole network's response (stack: the product; parallel sum: the
 *   centre-aligned sum; concat: the envelope max_b |H_b|; residual: 1 + H_body).
 *
 * For a 2-D network the analysis is on the axis cut ('x': H(0, ωx); 'y': H(ωy, 0)).
 * Throws a FieldError naming `thresholdDb` unless it is finite and below 0.
 */
export function deafBandsReport(
  network: Network,
  thresholdDb = -20,
  axis: 'x' | 'y' = 'x',
): DeafBandsReport {
  checkThresholdDb(thresholdDb);
  if (axis !== 'x' && axis !== 'y')
    throw new FieldError('axis', `must be "x" or "y", got ${show(axis)}`);
  const { dims, root } = network;
  const ctx: BandContext = { dims, axis, thresholdDb, base: new Map(), nulls: new Map() };
  const { kind, nodes } = members(network);
  const scales =
    kind === 'stack' && root.type === 'stack'
      ? stackScales(nodes, dims, unitScale(dims))
      : nodes.map(() => unitScale(dims));
  const byLayer = nodes.map((n, i) => nodeBands(n, scales[i], ctx));
  const composite =
    nodes.length === 1 && nodes[0] === root
      ? byLayer[0].map(([a, b]) => [a, b] as Band)
      : nodeBands(root, unitScale(dims), ctx);
  const lists = { byLayer, shared: intersectBands(byLayer), composite };
  return {
    thresholdDb,
    ...lists,
    counts: perList(lists, (l) => l.length),
    measure: perList(lists, (l) => l.reduce((a, [lo, hi]) => a + (hi - lo), 0)),
    truncated: false,
  };
}
