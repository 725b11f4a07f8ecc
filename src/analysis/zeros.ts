/**
 * Zeros of kernel polynomials on the z-plane. A kernel h_0..h_D has the transfer function
 * H(z) = Σ_n h_n z^{−n} = z^{−D}·Σ_n h_n z^{D−n}; its zeros are the roots of
 * Σ_n h_n z^{D−n} (numpy.roots(h)). A layer dilated by d has H(z^d): every base zero z_0
 * gives the d d-th roots of z_0. A stack multiplies, so its zeros are the union of its
 * layers' zeros with multiplicities added; a parallel sum or residual needs a root search on
 * its composite kernel.
 */
import {
  elementGraph,
  foldSpec,
  type Graph,
  members,
  type Network,
  networkGraph,
  type SpecStep,
} from '../network/index.ts';
import { FieldError, FieldTypeError, show } from '../util/validate.ts';
import { axisCut, graphKernel } from './composite.ts';
import { unitCircleNulls } from './roots.ts';

/** A zero of H(z), with multiplicity. */
export interface Zero {
  re: number;
  im: number;
  multiplicity: number;
}

/** The `zeros` key of `analyze`. */
export interface ZerosReport {
  /** Which response the zeros are of: the 1-D H(z), or for 2-D the x-axis cut H(0, ωx). */
  of: 'H(z)' | 'x cut H(0, ωx)';
  /**
   * Zeros per member (the layers of a top-level stack or the branches of a top-level
   * parallel node, as `nulls.byLayer`); null for a member with more than MAX_ZEROS_LISTED
   * zeros, or whose composite polynomial needs a root search above MAX_ZERO_DEGREE.
   */
  byLayer: (Zero[] | null)[];
  /** The zeros every member has (smallest multiplicity): where the zero sets meet. */
  shared: Zero[];
  /** Zeros of the whole network's composite kernel; null on the same limits as byLayer. */
  composite: Zero[] | null;
  /**
   * Each member's zeros in compact form (never longer than its layers' base kernels): a list
   * of factors {dilation: d, zeros}, whose zeros are the union over factors of the d d-th
   * roots of each listed zero (multiplicities kept, and added where factors meet). A layer is
   * one factor (its base kernel's zeros, d its rate times the strides before it), a stack
   * member one per distinct layer (equal layers once, multiplicities times their number), a
   * parallel, residual or pool member one factor of dilation 1 with its composite's zeros.
   * null where byLayer is null for a member's own size (a composite above MAX_ZEROS_LISTED or
   * MAX_ZERO_DEGREE).
   */
  factors: (ZeroFactor[] | null)[];
}

/** A factor of a member's polynomial: P(z^dilation), whose zeros are the d-th roots of `zeros`. */
export interface ZeroFactor {
  dilation: number;
  zeros: Zero[];
}

/** Largest degree of a composite polynomial whose zeros are searched numerically. */
export const MAX_ZERO_DEGREE = 1024;

/** Lists of more zeros than this (counted with multiplicity) are given as null: too long to print. */
export const MAX_ZEROS_LISTED = 1 << 14;

/**
 * Most zeros listed in `byLayer` altogether (with multiplicity): above it every member is
 * given by its `factors` only (64 layers of 16380 zeros each were 10^6 records, 178 MB of JSON).
 */
export const MAX_ZEROS_TOTAL = 1 << 16;

/** Two zeros closer than ZERO_MERGE·max(1, |z|) are one zero. */
export const ZERO_MERGE = 1e-9;

type C = [number, number];

/** p(z) and p′(z) of p(z) = Σ a_k z^{n−k} (a_0 the leading coefficient), by Horner's rule. */
function horner(a: ArrayLike<number>, zr: number, zi: number): [number, number, number, number] {
  let pr = a[0];
  let pi = 0;
  let dr = 0;
  let di = 0;
  for (let k = 1; k < a.length; k++) {
    const ndr = dr * zr - di * zi + pr;
    di = dr * zi + di * zr + pi;
    dr = ndr;
    const npr = pr * zr - pi * zi + a[k];
    pi = pr * zi + pi * zr;
    pr = npr;
  }
  return [pr, pi, dr, di];
}

function div(ar: number, ai: number, br: number, bi: number): C {
  const d = br * br + bi * bi;
  return [(ar * br + ai * bi) / d, (ai * br - ar * bi) / d];
}

/**
 * All roots of p(z) = Σ a_k z^{n−k} (a_0 ≠ 0, a_n ≠ 0) by the Aberth–Ehrlich iteration,
 * simultaneous Newton steps with the other roots' repulsion: z_k ← z_k − w/(1 − w·Σ_{j≠k}
 * 1/(z_k − z_j)), w = p/p′, from a circle of radius |a_n/a_0|^{1/n}; each root is then
 * polished by Newton's method on p. Simple roots converge cubically.
 */
function aberth(a: Float64Array): C[] {
  const n = a.length - 1;
  if (n === 1) return [[-a[1] / a[0], 0]];
  const r = Math.abs(a[n] / a[0]) ** (1 / n);
  const z: C[] = Array.from({ length: n }, (_, k) => {
    const t = (2 * Math.PI * k) / n + 0.4;
    return [r * Math.cos(t), r * Math.sin(t)];
  });
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0;
    for (let k = 0; k < n; k++) {
      const [zr, zi] = z[k];
      const [pr, pi, dr, di] = horner(a, zr, zi);
      if (pr === 0 && pi === 0) continue;
      const [wr, wi] = div(pr, pi, dr, di);
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const [qr, qi] = div(1, 0, zr - z[j][0], zi - z[j][1]);
        sr += qr;
        si += qi;
      }
      // w / (1 − w·s)
      const [cr, ci] = div(wr, wi, 1 - (wr * sr - wi * si), -(wr * si + wi * sr));
      if (!Number.isFinite(cr) || !Number.isFinite(ci)) continue;
      z[k] = [zr - cr, zi - ci];
      moved = Math.max(moved, Math.hypot(cr, ci) / Math.max(1, Math.hypot(zr, zi)));
    }
    if (moved <= 1e-16) break;
  }
  return z;
}

/** Synthetic division of p (leading first) by z² − 2cz + 1 (c = cos θ) or z − c0. */
function deflate(a: Float64Array, theta: number): Float64Array {
  if (theta === 0 || theta === Math.PI) {
    const c0 = theta === 0 ? 1 : -1;
    const q = new Float64Array(a.length - 1);
    let acc = 0;
    for (let k = 0; k < q.length; k++) {
      acc = a[k] + c0 * acc;
      q[k] = acc;
    }
    return q;
  }
  const c = 2 * Math.cos(theta);
  const q = new Float64Array(a.length - 2);
  for (let k = 0; k < q.length; k++) {
    q[k] = a[k] + (k >= 1 ? c * q[k - 1] : 0) - (k >= 2 ? q[k - 2] : 0);
  }
  return q;
}

/** Grid cell of the zero index, relative to max(1, |z|) rounded up to a power of two. */
const CELL = 1e-8;

/** A hash of zeros by position, to find the one within ZERO_MERGE of a point in O(1). */
class ZeroIndex {
  readonly cells = new Map<number, Zero[]>();
  readonly all: Zero[] = [];

  /**
   * A hash of the cell (|x|, |y| ≤ 1/CELL < 2^31, so int32 products): cells that collide
   * share a bucket, which costs a comparison, never a wrong answer (find checks the distance).
   */
  private static key(e: number, x: number, y: number): number {
    return Math.imul(x, 73856093) ^ Math.imul(y, 19349663) ^ Math.imul(e, 83492791);
  }

  private static coords(z: { re: number; im: number }): [number, number, number] {
    const e = Math.max(0, Math.ceil(Math.log2(Math.max(1, Math.hypot(z.re, z.im)))));
    const size = CELL * 2 ** e;
    return [e, Math.round(z.re / size), Math.round(z.im / size)];
  }

  find(z: { re: number; im: number }): Zero | undefined {
    const tol = ZERO_MERGE * Math.max(1, Math.hypot(z.re, z.im));
    const [e, x, y] = ZeroIndex.coords(z);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const cell = this.cells.get(ZeroIndex.key(e, x + dx, y + dy));
        const hit = cell?.find((o) => Math.hypot(o.re - z.re, o.im - z.im) <= tol);
        if (hit) return hit;
      }
    return undefined;
  }

  add(z: Zero): void {
    const same = this.find(z);
    if (same) {
      same.multiplicity += z.multiplicity;
      return;
    }
    const copy = { ...z };
    const [e, x, y] = ZeroIndex.coords(copy);
    const k = ZeroIndex.key(e, x, y);
    const cell = this.cells.get(k);
    if (cell) cell.push(copy);
    else this.cells.set(k, [copy]);
    this.all.push(copy);
  }
}

/** Angle of z in [0, 2π) (−0 counts as 0), then radius: the order zero lists are given in. */
function byAngle(p: Zero, q: Zero): number {
  const a = (z: Zero) => {
    const t = Math.atan2(z.im === 0 ? 0 : z.im, z.re);
    return t < 0 ? t + 2 * Math.PI : t;
  };
  return a(p) - a(q) || Math.hypot(p.re, p.im) - Math.hypot(q.re, q.im);
}

/**
 * Merges zeros closer than ZERO_MERGE·max(1, |z|), adding multiplicities; sorted by angle
 * in [0, 2π), then radius.
 */
export function mergeZeros(list: readonly Zero[]): Zero[] {
  const index = new ZeroIndex();
  for (const z of list) index.add(z);
  return index.all.sort(byAngle);
}

/**
 * The zeros of H(z) = Σ_n h_n z^{−n} (the roots numpy.roots(h) gives), with multiplicity.
 * Leading zero weights are dropped (no zero); trailing zero weights are zeros at z = 0.
 * The unit-circle zeros come exactly, with their multiplicities, from `unitCircleNulls`
 * (θ to about 1e-15 rad), and are divided out; the rest are found by the Aberth–Ehrlich
 * iteration on the quotient and polished by Newton's method on the full polynomial. Real
 * kernels give conjugate pairs, both listed. Its work budget: a FieldError naming `h` above
 * degree MAX_ZERO_DEGREE (1024, after the leading and trailing zeros: about 2 s of search),
 * or `h[i]` for a weight that is not a finite number.
 */
export function polynomialZeros(h: ArrayLike<number>): Zero[] {
  if (h === null || typeof h !== 'object' || typeof h.length !== 'number')
    throw new FieldTypeError('h', `must be a list of numbers, got ${show(h)}`);
  for (let i = 0; i < h.length; i++) {
    if (typeof h[i] !== 'number' || !Number.isFinite(h[i]))
      throw new FieldError(`h[${i}]`, `must be a finite number, got ${show(h[i])}`);
  }
  let first = 0;
  while (first < h.length && h[first] === 0) first++;
  let last = h.length - 1;
  while (last > first && h[last] === 0) last--;
  if (first > last) return [];
  if (last - first > MAX_ZERO_DEGREE) {
    // The root search costs about 500 sweeps of degree² Horner steps: seconds at 1024.
    throw new FieldError(
      'h',
      `has degree ${last - first} (without its leading and trailing zeros), above the root search's limit of ${MAX_ZERO_DEGREE} (MAX_ZERO_DEGREE); the zeros of a kernel dilated by d are dilatedZeros(polynomialZeros(base), d)`,
    );
  }
  const out: Zero[] = [];
  const atOrigin = h.length - 1 - last;
  if (atOrigin > 0) out.push({ re: 0, im: 0, multiplicity: atOrigin });
  const c = Float64Array.from({ length: last - first + 1 }, (_, i) => h[first + i]);
  if (c.length === 1) return out;
  // unitCircleNulls works on Σ c_n e^{−iωn}: a null at ω is a zero of H at z = e^{iω}.
  let q: Float64Array = c;
  for (const nul of unitCircleNulls(c)) {
    const { w, multiplicity: m } = nul;
    if (w === 0 || w === Math.PI) out.push({ re: Math.cos(w), im: 0, multiplicity: m });
    else {
      out.push({ re: Math.cos(w), im: Math.sin(w), multiplicity: m });
      out.push({ re: Math.cos(w), im: -Math.sin(w), multiplicity: m });
    }
    for (let i = 0; i < m; i++) q = deflate(q, w);
  }
  if (q.length > 1) {
    for (const [zr, zi] of aberth(q)) {
      // Polish on the full polynomial (two Newton steps).
      let r = zr;
      let i = zi;
      for (let s = 0; s < 2; s++) {
        const [pr, pi, dr, di] = horner(c, r, i);
        if (dr === 0 && di === 0) break;
        const [sr, si] = div(pr, pi, dr, di);
        if (!Number.isFinite(sr) || Math.hypot(sr, si) > 1e-6 * Math.max(1, Math.hypot(r, i)))
          break;
        r -= sr;
        i -= si;
      }
      // A real root's tiny imaginary residue is rounding.
      if (Math.abs(i) <= 1e-14 * Math.max(1, Math.abs(r))) i = 0;
      out.push({ re: r, im: i, multiplicity: 1 });
    }
  }
  return mergeZeros(out);
}

/**
 * The zeros of H(z^d) from those of H(z): each zero r·e^{iφ} of multiplicity m gives the d
 * zeros r^{1/d}·e^{i(φ + 2πk)/d}, k = 0..d−1, each of multiplicity m (z = 0 gives z = 0 of
 * multiplicity m·d).
 */
export function dilatedZeros(base: readonly Zero[], d: number): Zero[] {
  if (d === 1) return base.map((z) => ({ ...z }));
  const out: Zero[] = [];
  for (const z of base) {
    const r = Math.hypot(z.re, z.im);
    if (r === 0) {
      out.push({ re: 0, im: 0, multiplicity: z.multiplicity * d });
      continue;
    }
    const phi = Math.atan2(z.im, z.re);
    const rd = r ** (1 / d);
    for (let k = 0; k < d; k++) {
      const t = (phi + 2 * Math.PI * k) / d;
      let re = rd * Math.cos(t);
      let im = rd * Math.sin(t);
      // Exact axis points (t a multiple of π/2) keep their exact coordinates.
      if (Math.abs(im) <= 1e-15 * rd) im = 0;
      if (Math.abs(re) <= 1e-15 * rd) re = 0;
      out.push({ re, im, multiplicity: z.multiplicity });
    }
  }
  return mergeZeros(out);
}

/** The zeros common to every list (smallest multiplicity); [] for no lists. */
export function sharedZeros(lists: readonly (readonly Zero[])[]): Zero[] {
  if (lists.length === 0) return [];
  // A list met again (the same array) changes nothing: intersect the distinct ones.
  const [head, ...rest] = [...new Set(lists)];
  const indices = rest.map((l) => {
    const index = new ZeroIndex();
    for (const z of l) index.add(z);
    return index;
  });
  const out: Zero[] = [];
  for (const z of head) {
    let m = z.multiplicity;
    const all = indices.every((index) => {
      const hit = index.find(z);
      if (hit) m = Math.min(m, hit.multiplicity);
      return hit !== undefined;
    });
    if (all) out.push({ re: z.re, im: z.im, multiplicity: m });
  }
  return out;
}

type ZeroCache = Map<string, Zero[]>;

/**
 * The zeros of a spec element's (axis-cut) polynomial, read at the scale of the map it runs
 * on (`foldSpec` over the graph from the element at `path`): a layer's base zeros dilated by
 * d·scale; a stack the union of its children's; a parallel node, a residual or a pool the
 * zeros of its composite kernel (null when its degree exceeds MAX_ZERO_DEGREE). Null when
 * the element alone spans more than MAX_ZEROS_LISTED + 1 samples. Values are thunks, so a
 * stack over the limit searches none of its children.
 */
export function elementZeros(graph: Graph, path = '', cache: ZeroCache = new Map()): Zero[] | null {
  const x = graph.dims - 1;
  const tooLong = (step: SpecStep) => {
    const own = elementGraph(graph, step);
    return own.placements[own.output].receptiveField[x] - 1 > MAX_ZEROS_LISTED;
  };
  const composite = (step: SpecStep) => (): Zero[] | null => {
    if (tooLong(step)) return null;
    const cut = axisCut(graphKernel(elementGraph(graph, step)), 'x');
    if (cut.length - 1 > MAX_ZERO_DEGREE) return null;
    return polynomialZeros(cut);
  };
  return foldSpec<() => Zero[] | null>(
    graph,
    {
      layer: (n, step) => () => {
        if (tooLong(step)) return null;
        const cut = axisCut({ shape: [...n.size], weights: n.weights.data }, 'x');
        const key = Array.from(cut).join(',');
        let base = cache.get(key);
        if (!base) {
          base = polynomialZeros(cut);
          cache.set(key, base);
        }
        // Equal layers at equal rates share one list (read-only), which sharedZeros skips.
        const d = n.dilation[x] * step.inputScale[x];
        const dilatedKey = `${d}|${key}`;
        let dilated = cache.get(dilatedKey);
        if (!dilated) {
          dilated = dilatedZeros(base, d);
          cache.set(dilatedKey, dilated);
        }
        return dilated;
      },
      stack: (items, step) => () => {
        if (tooLong(step)) return null;
        const parts = items.map((f) => f());
        if (parts.some((p) => p === null)) return null;
        return mergeZeros((parts as Zero[][]).flat());
      },
      pool: (_n, step) => composite(step),
      parallel: (_m, _b, step) => composite(step),
      residual: (_b, _s, step) => composite(step),
    },
    path,
  )();
}

/** Zeros counted with multiplicity. */
function zeroCount(list: readonly Zero[]): number {
  return list.reduce((a, z) => a + z.multiplicity, 0);
}

/** Zeros of a member given by its factors, counted with multiplicity: Σ d·Σ m. */
export function factorZeroCount(factors: readonly ZeroFactor[]): number {
  return factors.reduce((a, f) => a + f.dilation * zeroCount(f.zeros), 0);
}

/**
 * The compact zeros of a spec element (see `ZerosReport.factors`): a layer's base zeros with
 * its dilation d·scale; a stack its children's factors (equal factors once, multiplicities
 * times their number); a parallel node, a residual or a pool one factor of dilation 1 with
 * its composite's zeros (null above MAX_ZEROS_LISTED + 1 samples or MAX_ZERO_DEGREE).
 */
export function elementFactors(
  graph: Graph,
  path = '',
  cache: ZeroCache = new Map(),
): ZeroFactor[] | null {
  const x = graph.dims - 1;
  const composite = (step: SpecStep) => (): ZeroFactor[] | null => {
    const own = elementGraph(graph, step);
    if (own.placements[own.output].receptiveField[x] - 1 > MAX_ZEROS_LISTED) return null;
    const cut = axisCut(graphKernel(own), 'x');
    if (cut.length - 1 > MAX_ZERO_DEGREE) return null;
    return [{ dilation: 1, zeros: polynomialZeros(cut) }];
  };
  return foldSpec<() => ZeroFactor[] | null>(
    graph,
    {
      layer: (n, step) => () => {
        const cut = axisCut({ shape: [...n.size], weights: n.weights.data }, 'x');
        const key = Array.from(cut).join(',');
        let base = cache.get(key);
        if (!base) {
          base = polynomialZeros(cut);
          cache.set(key, base);
        }
        return [{ dilation: n.dilation[x] * step.inputScale[x], zeros: base }];
      },
      // A stack: its children's factors, equal ones (same base list, same d) merged.
      stack: (items) => () => {
        const parts = items.map((f) => f());
        if (parts.some((p) => p === null)) return null;
        const merged = new Map<string, { f: ZeroFactor; times: number }>();
        const ids = new Map<Zero[], number>();
        for (const f of (parts as ZeroFactor[][]).flat()) {
          if (!ids.has(f.zeros)) ids.set(f.zeros, ids.size);
          const key = `${ids.get(f.zeros)}|${f.dilation}`;
          const hit = merged.get(key);
          if (hit) hit.times++;
          else merged.set(key, { f, times: 1 });
        }
        return [...merged.values()].map(({ f, times }) => ({
          dilation: f.dilation,
          zeros:
            times === 1
              ? f.zeros
              : f.zeros.map((z) => ({ ...z, multiplicity: z.multiplicity * times })),
        }));
      },
      pool: (_n, step) => composite(step),
      parallel: (_m, _b, step) => composite(step),
      residual: (_b, _s, step) => composite(step),
    },
    path,
  )();
}

/** The zeros a member's factors give, merged (`dilatedZeros` of each, multiplicities added). */
export function expandFactors(
  factors: readonly ZeroFactor[],
  cache: ZeroCache = new Map(),
): Zero[] {
  const lists = factors.map((f) => {
    const key = `${f.dilation}|${f.zeros.map((z) => `${z.re},${z.im},${z.multiplicity}`).join(';')}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = dilatedZeros(f.zeros, f.dilation);
      cache.set(key, hit);
    }
    return hit;
  });
  return lists.length === 1 ? lists[0].map((z) => ({ ...z })) : mergeZeros(lists.flat());
}

/**
 * The multiplicity of z as a zero of the member given by `factors` (0 when it is none): for
 * each factor, whether z^d is one of its zeros, tested in polar form (|z| against |b|^{1/d}
 * and d·arg z against arg b modulo 2π, both to ZERO_MERGE·max(1, |z|) in the z-plane), so no
 * d-th root is listed.
 */
export function factorMultiplicity(
  z: { re: number; im: number },
  factors: readonly ZeroFactor[],
): number {
  const r = Math.hypot(z.re, z.im);
  const tol = ZERO_MERGE * Math.max(1, r);
  const phi = Math.atan2(z.im, z.re);
  let m = 0;
  for (const f of factors) {
    const d = f.dilation;
    for (const b of f.zeros) {
      const rb = Math.hypot(b.re, b.im);
      if (rb === 0 || r <= tol) {
        if (rb === 0 && r <= tol) m += b.multiplicity;
        continue;
      }
      const root = rb ** (1 / d);
      if (Math.abs(r - root) > tol) continue;
      // Angle from z to the nearest d-th root of b, times d, wrapped to (−π, π].
      let t = (d * phi - Math.atan2(b.im, b.re)) % (2 * Math.PI);
      if (t > Math.PI) t -= 2 * Math.PI;
      else if (t < -Math.PI) t += 2 * Math.PI;
      if ((root * Math.abs(t)) / d <= tol) m += b.multiplicity;
    }
  }
  return m;
}

/**
 * The zeros every member has (smallest multiplicity), from the members' factors: the zeros of
 * the member with the fewest (the first of those) are listed and each is tested against the
 * others' factors by `factorMultiplicity`, so only one member's zeros are ever listed.
 */
export function sharedFactorZeros(
  members: readonly (readonly ZeroFactor[])[],
  cache: ZeroCache = new Map(),
): Zero[] {
  if (members.length === 0) return [];
  const distinct = [...new Set(members)];
  let head = 0;
  distinct.forEach((f, i) => {
    if (factorZeroCount(f) < factorZeroCount(distinct[head])) head = i;
  });
  const rest = distinct.filter((_, i) => i !== head);
  const out: Zero[] = [];
  for (const z of expandFactors(distinct[head], cache)) {
    let m = z.multiplicity;
    for (const f of rest) {
      m = Math.min(m, factorMultiplicity(z, f));
      if (m === 0) break;
    }
    if (m > 0) out.push({ re: z.re, im: z.im, multiplicity: m });
  }
  return out;
}

/**
 * The `zeros` key of `analyze`: the z-plane zeros of each member and of the whole network,
 * with multiplicities, and the zeros shared by every member. For a 2-D network, the zeros
 * of the x-axis cut H(0, ωx) (the column sums of the kernels). A member or network that is
 * a stack of layers gets exact zeros (d-th roots of its base kernels' zeros); a parallel or
 * residual node is searched on its composite kernel up to degree MAX_ZERO_DEGREE.
 */
export function zerosReport(network: Network): ZerosReport {
  const { dims } = network;
  const graph = networkGraph(network);
  const cache: ZeroCache = new Map();
  const { paths } = members(network);
  const factors = paths.map((p) => elementFactors(graph, p, cache));
  const counts = factors.map((f) => (f === null ? 0 : factorZeroCount(f)));
  const listAll = counts.reduce((a, b) => a + b, 0) <= MAX_ZEROS_TOTAL;
  const lists = factors.map((f, i) =>
    f !== null && listAll && counts[i] <= MAX_ZEROS_LISTED ? expandFactors(f, cache) : null,
  );
  const rf = graph.placements[graph.output].receptiveField[dims - 1];
  const whole =
    paths.length === 1 && paths[0] === '' ? factors[0] : elementFactors(graph, '', cache);
  const composite =
    rf - 1 > MAX_ZEROS_LISTED || whole === null
      ? null
      : paths.length === 1 && paths[0] === '' && lists[0] !== null
        ? lists[0]
        : expandFactors(whole, cache);
  const known = factors.filter((f): f is ZeroFactor[] => f !== null);
  return {
    of: dims === 1 ? 'H(z)' : 'x cut H(0, ωx)',
    byLayer: lists,
    shared: known.length === factors.length ? sharedFactorZeros(known, cache).sort(byAngle) : [],
    composite,
    factors,
  };
}
