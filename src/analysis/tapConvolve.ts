import { gcd } from '../util/validate.ts';
import type { DenseKernel } from './composite.ts';

/**
 * The tap-map convolution primitive of `compositeKernel`: full convolution of dense 1-D or
 * 2-D kernels on offsets 0..shape−1 (row-major), (a ⊛ b)[p] = Σ_q a[q]·b[p − q], of shape
 * R_a + R_b − 1 (× C_a + C_b − 1). Convolution commutes and associates, so the route is
 * chosen by cost, never by argument order:
 *
 * - window sums, when one operand is an equal-weight box on a lattice (v at
 *   (r0 + i·s_y, c0 + j·s_x), i < k_r, j < k_c), whatever the other holds: per axis
 *   t[j] = Σ_{i<k} x[j − i·s] by van Herk / Gil–Werman blocks (a block's suffix sum plus the
 *   next block's prefix sum), about 4·(R·C₂ + R₂·C₂) operations whatever k; each output
 *   adds exactly the products a direct convolution adds (no subtraction), so path counts
 *   are exact below 2^53 and a zero stays exactly zero above it (a 64-layer box:64 stack
 *   has 64^64 ≈ 4·10^115 paths);
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

/**
 * Window sums of units of W contiguous numbers, by van Herk and Gil–Werman's blocks:
 * dst[j] = Σ_{t<k} y[j − t·s] for units j < dstLen, where unit y[j] = src unit j − shift
 * inside 0 ≤ j − shift < srcLen and 0 outside (W = 1: one row; W = the row length: every
 * column at once, row by row). Each residue class j mod s is a chain cut into blocks of k; a
 * window is the suffix sum of one block plus the prefix sum of the next, so every output is a
 * sum of exactly its k terms (no subtraction: no cancellation, and 0 exactly where all k terms
 * are 0), in about 3 operations per output whatever k, reading memory in order. `q` is
 * scratch of at least dstLen·W numbers.
 */
function windowSums(
  src: Float64Array,
  srcBase: number,
  srcLen: number,
  W: number,
  dst: Float64Array,
  dstBase: number,
  dstLen: number,
  shift: number,
  s: number,
  k: number,
  q: Float64Array,
): void {
  const n = dstLen;
  // Suffix sums within blocks (unit j = m·s + rem, block index m mod k), from the end.
  let m = Math.floor((n - 1) / s);
  let rem = n - 1 - m * s;
  let r = m % k;
  for (let j = n - 1; j >= 0; j--) {
    const p = j - shift;
    const inside = p >= 0 && p < srcLen;
    const so = srcBase + p * W;
    const qo = j * W;
    if (r === k - 1 || j + s >= n) {
      if (inside) for (let w = 0; w < W; w++) q[qo + w] = src[so + w];
      else q.fill(0, qo, qo + W);
    } else {
      const qn = qo + s * W;
      if (inside) for (let w = 0; w < W; w++) q[qo + w] = q[qn + w] + src[so + w];
      else for (let w = 0; w < W; w++) q[qo + w] = q[qn + w];
    }
    if (rem === 0) {
      rem = s - 1;
      r = r === 0 ? k - 1 : r - 1;
    } else rem--;
  }
  // Prefix sums within blocks, in order.
  m = 0;
  rem = 0;
  r = 0;
  for (let j = 0; j < n; j++) {
    const p = j - shift;
    const inside = p >= 0 && p < srcLen;
    const so = srcBase + p * W;
    const d = dstBase + j * W;
    if (r === 0) {
      if (inside) for (let w = 0; w < W; w++) dst[d + w] = src[so + w];
      else dst.fill(0, d, d + W);
    } else {
      const dp = d - s * W;
      if (inside) for (let w = 0; w < W; w++) dst[d + w] = dst[dp + w] + src[so + w];
      else for (let w = 0; w < W; w++) dst[d + w] = dst[dp + w];
    }
    if (++rem === s) {
      rem = 0;
      if (++r === k) r = 0;
    }
  }
  // The window: a prefix plus the previous block's suffix (unless the prefix is a whole block).
  const back = (k - 1) * s;
  rem = back % s;
  r = Math.floor(back / s) % k;
  for (let j = back; j < n; j++) {
    if (r !== k - 1) {
      const d = dstBase + j * W;
      const qo = (j - back) * W;
      for (let w = 0; w < W; w++) dst[d + w] += q[qo + w];
    }
    if (++rem === s) {
      rem = 0;
      if (++r === k) r = 0;
    }
  }
}

/** `windowSums` of single numbers (W = 1: one row), with y padded once so the loops never branch on bounds. */
function windowRow(
  src: Float64Array,
  srcBase: number,
  srcLen: number,
  dst: Float64Array,
  dstBase: number,
  n: number,
  shift: number,
  s: number,
  k: number,
  y: Float64Array,
  q: Float64Array,
): void {
  y.fill(0, 0, n);
  y.set(src.subarray(srcBase, srcBase + srcLen), shift);
  // Suffix sums within blocks of k chain steps, from the end; a block ends where r = k − 1.
  let rem = (n - 1) % s;
  let r = Math.floor((n - 1) / s) % k;
  for (let j = n - 1; j >= 0; j--) {
    q[j] = r === k - 1 || j + s >= n ? y[j] : q[j + s] + y[j];
    if (rem === 0) {
      rem = s - 1;
      r = r === 0 ? k - 1 : r - 1;
    } else rem--;
  }
  // Prefix sums within blocks, in order, then the window: prefix + the previous block's suffix.
  rem = 0;
  r = 0;
  const back = (k - 1) * s;
  for (let j = 0; j < n; j++) {
    const pre = r === 0 ? y[j] : y[j] + q[n + j - s];
    q[n + j] = pre;
    dst[dstBase + j] = r !== k - 1 && j >= back ? pre + q[j - back] : pre;
    if (++rem === s) {
      rem = 0;
      if (++r === k) r = 0;
    }
  }
}

/**
 * a ⊛ box: window sums per axis (`windowLine`), then the weight. Each output is the sum of
 * the same products a direct convolution adds, in another order (exact for integers below
 * 2^53, and the same rounding bound k·ε·Σ|terms| otherwise).
 */
function convolveBox(a: DenseKernel, aShape: [number, number], b: Box, bShape: [number, number]) {
  const [R, C] = aShape;
  const R2 = R + bShape[0] - 1;
  const C2 = C + bShape[1] - 1;
  const { c0, kc, sx, r0, kr, sy, v } = b;
  // Along the rows, one row at a time.
  const t = new Float64Array(R * C2);
  const y = new Float64Array(C2);
  let q = new Float64Array(2 * C2);
  for (let i = 0; i < R; i++) windowRow(a.weights, i * C, C, t, i * C2, C2, c0, sx, kc, y, q);
  // Along the columns, whole rows at a time (a 1-D kernel has one row: nothing to do).
  let out = t;
  if (R2 > 1) {
    out = new Float64Array(R2 * C2);
    q = new Float64Array(R2 * C2);
    windowSums(t, 0, R, C2, out, 0, R2, r0, sy, kr, q);
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
  const runCost = 4 * (Math.max(as[0], bs[0]) * C2 + R2 * C2);
  const [small, sShape, S, big, bShape, B] =
    P.nnz <= Q.nnz ? [a, as, P, b, bs, Q] : [b, bs, Q, a, as, P];
  const copyCost = S.nnz * big.weights.length;
  const scatterCost = 3 * S.nnz * B.nnz;
  // A box operand with an integer partner: running sums when they are the cheapest route.
  const boxes: [Box, DenseKernel, [number, number], [number, number]][] = [];
  if (Q.box) boxes.push([Q.box, a, as, bs]);
  if (P.box) boxes.push([P.box, b, bs, as]);
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

/** The lattice g_y·ℤ × g_x·ℤ that holds every nonzero of every kernel (0 on an axis with only offset 0). */
function commonLattice(kernels: readonly DenseKernel[]): [number, number] {
  let gy = 0;
  let gx = 0;
  for (const k of kernels) {
    const [, C] = dims2(k);
    const w = k.weights;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 0) continue;
      const r = (i / C) | 0;
      if (gy !== 1 && r !== 0) gy = gcd(gy, r);
      if (gx !== 1) gx = gcd(gx, i - r * C);
      if (gy === 1 && gx === 1) return [1, 1];
    }
  }
  return [gy, gx];
}

/**
 * The full convolution of a list of dense kernels of one dimension (a stack's layers:
 * convolution commutes), folded fewest-nonzeros first so the running result stays as
 * sparse as it can for as long as it can. When every kernel lives on a lattice
 * g_y·ℤ × g_x·ℤ (a stack whose rates share a factor), the kernels are convolved with their
 * lattice taken out (g_y·g_x times fewer offsets) and the result spread back onto it, which
 * is the same sum of the same products. An empty list gives the unit impulse.
 */
export function convolveAll(kernels: readonly DenseKernel[], dims: 1 | 2): DenseKernel {
  if (kernels.length === 0) {
    return { shape: dims === 1 ? [1] : [1, 1], weights: Float64Array.of(1) };
  }
  if (kernels.length === 1) return kernels[0];
  const [gy0, gx0] = commonLattice(kernels);
  const gy = Math.max(1, gy0);
  const gx = Math.max(1, gx0);
  if (gy === 1 && gx === 1) return foldKernels(kernels);
  const compressed = kernels.map((k) => {
    const [R, C] = dims2(k);
    const r = Math.floor((R - 1) / gy) + 1;
    const c = Math.floor((C - 1) / gx) + 1;
    const w = new Float64Array(r * c);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) w[i * c + j] = k.weights[i * gy * C + j * gx];
    return { shape: dims === 1 ? [c] : [r, c], weights: w };
  });
  const small = foldKernels(compressed);
  const R = kernels.reduce((a, k) => a + dims2(k)[0] - 1, 1);
  const C = kernels.reduce((a, k) => a + dims2(k)[1] - 1, 1);
  const [r, c] = dims2(small);
  const out = new Float64Array(R * C);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) out[i * gy * C + j * gx] = small.weights[i * c + j];
  return { shape: dims === 1 ? [C] : [R, C], weights: out };
}

function foldKernels(kernels: readonly DenseKernel[]): DenseKernel {
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
