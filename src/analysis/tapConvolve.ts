import { gcd } from '../util/validate.ts';
import type { DenseKernel } from './composite.ts';

/**
 * The tap-map convolution primitive of `compositeKernel`: full convolution of dense 1-D or
 * 2-D kernels on offsets 0..shape−1 (row-major), (a ⊛ b)[p] = Σ_q a[q]·b[p − q], of shape
 * R_a + R_b − 1 (× C_a + C_b − 1). Convolution commutes and associates, so the route is
 * chosen by cost, never by argument order:
 *
 * - running sums, when one operand is an equal-weight box on a lattice (v at
 *   (r0 + i·s_y, c0 + j·s_x), i < k_r, j < k_c) and the other holds integers whose sums stay
 *   below 2^53 (path counts): per axis t[j] = x[j] + t[j − s] − x[j − k·s], about
 *   2·(R·C₂ + R₂·C₂) operations whatever k, and exact;
 * - otherwise one shifted, scaled copy of the denser operand per nonzero of the sparser
 *   (nnz_small · size_big), or, when both are sparse, a scatter over both nonzero lists
 *   (nnz_a · nnz_b).
 *
 * `convolveAll` folds a list smallest (fewest nonzeros) first.
 */

/** Nonzeros of a dense kernel and, when it is an equal-weight box on a lattice, that box. */
interface Profile {
  /** Number of nonzero weights. */
  nnz: number;
  /** Every weight an integer (so running sums are exact). */
  integer: boolean;
  /** Largest |weight|. */
  maxAbs: number;
  /** The lattice box, or null. */
  box: Box | null;
}

/** v at offsets (r0 + i·sy, c0 + j·sx), i < kr, j < kc (1-D: r0 = 0, kr = sy = 1). */
interface Box {
  v: number;
  r0: number;
  c0: number;
  kr: number;
  kc: number;
  sy: number;
  sx: number;
}

function dims2(k: DenseKernel): [number, number] {
  return k.shape.length === 1 ? [1, k.shape[0]] : [k.shape[0], k.shape[1]];
}

function profile(k: DenseKernel): Profile {
  const w = k.weights;
  const [, C] = dims2(k);
  let nnz = 0;
  let integer = true;
  let maxAbs = 0;
  let v = Number.NaN;
  let same = true;
  let r0 = -1;
  let c0 = -1;
  let rMax = 0;
  let cMin = Number.POSITIVE_INFINITY;
  let cMax = 0;
  let gr = 0;
  let gc = 0;
  for (let i = 0; i < w.length; i++) {
    const x = w[i];
    if (x === 0) continue;
    nnz++;
    const a = Math.abs(x);
    if (a > maxAbs) maxAbs = a;
    if (integer && !Number.isInteger(x)) integer = false;
    if (!same) continue;
    const r = (i / C) | 0;
    const c = i - r * C;
    if (r0 < 0) {
      v = x;
      r0 = r;
      c0 = c;
    } else if (x !== v) {
      same = false;
      continue;
    } else {
      gr = gcd(gr, r - r0);
      gc = gcd(gc, Math.abs(c - c0));
    }
    if (r > rMax) rMax = r;
    if (c < cMin) cMin = c;
    if (c > cMax) cMax = c;
  }
  let box: Box | null = null;
  if (same && nnz > 0) {
    // All nonzeros lie on the lattice (r0 + gr·ℤ) × (c0 + gc·ℤ); with as many of them as the
    // lattice has points in their bounding box, they fill it.
    const sy = gr || 1;
    const sx = gc || 1;
    const kr = (rMax - r0) / sy + 1;
    const kc = (cMax - cMin) / sx + 1;
    if (Number.isInteger(kr) && Number.isInteger(kc) && kr * kc === nnz) {
      box = { v, r0, c0: cMin, kr, kc, sy, sx };
    }
  }
  return { nnz, integer, maxAbs, box };
}

/** a ⊛ box by running sums (exact when a holds integers and the sums stay below 2^53). */
function convolveBox(a: DenseKernel, aShape: [number, number], b: Box, bShape: [number, number]) {
  const [R, C] = aShape;
  const R2 = R + bShape[0] - 1;
  const C2 = C + bShape[1] - 1;
  const x = a.weights;
  // Along the rows: t[j] = x[j − c0] + t[j − sx] − x[j − c0 − kc·sx].
  const t = new Float64Array(R * C2);
  const { c0, kc, sx, r0, kr, sy, v } = b;
  const back = kc * sx;
  for (let i = 0; i < R; i++) {
    const xo = i * C;
    const to = i * C2;
    for (let j = 0; j < C2; j++) {
      const p = j - c0;
      let s = p >= 0 && p < C ? x[xo + p] : 0;
      if (j >= sx) s += t[to + j - sx];
      const q = p - back;
      if (q >= 0 && q < C) s -= x[xo + q];
      t[to + j] = s;
    }
  }
  // Along the columns, then the weight.
  const out = new Float64Array(R2 * C2);
  const up = kr * sy;
  for (let r = 0; r < R2; r++) {
    const p = r - r0;
    const q = p - up;
    const oo = r * C2;
    const add = p >= 0 && p < R ? p * C2 : -1;
    const sub = q >= 0 && q < R ? q * C2 : -1;
    const prev = r >= sy ? (r - sy) * C2 : -1;
    for (let j = 0; j < C2; j++) {
      let s = add >= 0 ? t[add + j] : 0;
      if (prev >= 0) s += out[prev + j];
      if (sub >= 0) s -= t[sub + j];
      out[oo + j] = s;
    }
  }
  if (v !== 1) for (let i = 0; i < out.length; i++) out[i] *= v;
  return out;
}

/** One shifted copy of `big` per nonzero of `small`. */
function convolveCopies(
  small: DenseKernel,
  sShape: [number, number],
  big: DenseKernel,
  bShape: [number, number],
  out: Float64Array,
  C2: number,
): void {
  const [, Cs] = sShape;
  const [Rb, Cb] = bShape;
  const ws = small.weights;
  const wb = big.weights;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    if (w === 0) continue;
    const oy = (i / Cs) | 0;
    const ox = i - oy * Cs;
    for (let r = 0; r < Rb; r++) {
      const src = r * Cb;
      const dst = (r + oy) * C2 + ox;
      for (let j = 0; j < Cb; j++) out[dst + j] += w * wb[src + j];
    }
  }
}

/** Nonzeros as (index in the output, weight) pairs. */
function scatterList(k: DenseKernel, shape: [number, number], C2: number) {
  const [, C] = shape;
  const idx: number[] = [];
  const val: number[] = [];
  const w = k.weights;
  for (let i = 0; i < w.length; i++) {
    if (w[i] === 0) continue;
    const r = (i / C) | 0;
    idx.push(r * C2 + (i - r * C));
    val.push(w[i]);
  }
  return { idx, val };
}

function profiled(k: DenseKernel, p?: Profile): Profile {
  return p ?? profile(k);
}

/**
 * Full convolution a ⊛ b of two dense kernels of the same dimension (see the module
 * comment for the routes). Pass profiles computed before to skip a scan.
 */
export function convolveDense(
  a: DenseKernel,
  b: DenseKernel,
  pa?: Profile,
  pb?: Profile,
): DenseKernel {
  const one = a.shape.length === 1;
  const as = dims2(a);
  const bs = dims2(b);
  const R2 = as[0] + bs[0] - 1;
  const C2 = as[1] + bs[1] - 1;
  const shape = one ? [C2] : [R2, C2];
  const P = profiled(a, pa);
  const Q = profiled(b, pb);
  if (P.nnz === 0 || Q.nnz === 0) return { shape, weights: new Float64Array(R2 * C2) };
  const runCost = 2 * (Math.max(as[0], bs[0]) * C2 + R2 * C2);
  const exactRun = (box: Box, other: Profile) =>
    other.integer &&
    Number.isInteger(box.v) &&
    other.maxAbs * Math.abs(box.v) * box.kr * box.kc < 2 ** 53;
  const [small, sShape, S, big, bShape, B] =
    P.nnz <= Q.nnz ? [a, as, P, b, bs, Q] : [b, bs, Q, a, as, P];
  const copyCost = S.nnz * big.weights.length;
  const scatterCost = 3 * S.nnz * B.nnz;
  // A box operand with an integer partner: running sums when they are the cheapest route.
  const boxes: [Box, DenseKernel, [number, number], [number, number]][] = [];
  if (Q.box && exactRun(Q.box, P)) boxes.push([Q.box, a, as, bs]);
  if (P.box && exactRun(P.box, Q)) boxes.push([P.box, b, bs, as]);
  if (boxes.length > 0 && runCost < Math.min(copyCost, scatterCost)) {
    const [box, other, oShape, boxShape] = boxes[0];
    return { shape, weights: convolveBox(other, oShape, box, boxShape) };
  }
  const out = new Float64Array(R2 * C2);
  if (copyCost <= scatterCost) {
    convolveCopies(small, sShape, big, bShape, out, C2);
  } else {
    const s = scatterList(small, sShape, C2);
    const t = scatterList(big, bShape, C2);
    for (let i = 0; i < s.idx.length; i++) {
      const w = s.val[i];
      const o = s.idx[i];
      for (let j = 0; j < t.idx.length; j++) out[o + t.idx[j]] += w * t.val[j];
    }
  }
  return { shape, weights: out };
}

/**
 * The full convolution of a list of dense kernels of one dimension (a stack's layers:
 * convolution commutes), folded fewest-nonzeros first so the running result stays as
 * sparse as it can for as long as it can. An empty list gives the unit impulse.
 */
export function convolveAll(kernels: readonly DenseKernel[], dims: 1 | 2): DenseKernel {
  if (kernels.length === 0) {
    return { shape: dims === 1 ? [1] : [1, 1], weights: Float64Array.of(1) };
  }
  const items = kernels.map((k) => ({ k, p: profile(k) }));
  items.sort((x, y) => x.p.nnz - y.p.nnz);
  let acc = items[0].k;
  let pa: Profile | undefined = items[0].p;
  for (let i = 1; i < items.length; i++) {
    acc = convolveDense(acc, items[i].k, pa, items[i].p);
    pa = undefined;
  }
  return acc;
}
