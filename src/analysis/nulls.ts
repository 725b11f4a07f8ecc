import {
  compileNode,
  type Graph,
  type Network,
  type NetworkNode,
  networkGraph,
  networkMembers,
} from '../network/index.ts';
import { FieldError } from '../util/validate.ts';
import { perList } from './listed.ts';
import {
  type CutKernel,
  type CutResponse,
  compressKernel,
  graphCut,
  productParts,
  unitScale,
} from './nullCuts.ts';
import { NULL_MERGE, unitCircleNulls } from './roots.ts';
import type { Null, NullsReport } from './types.ts';

/**
 * Exact nulls of frequency responses: the zeros of H(ω) = Σ_n w_n e^{−iωn} on [0, π]
 * (rad/sample), i.e. the roots of the kernel polynomial Σ w_n ζ^n on the unit circle
 * ζ = e^{−iω}, with multiplicity. Kernels are real, so a null at θ is also one at −θ; only
 * [0, π] is reported. Two nulls closer than 1e-9 rad are one null.
 */

/** Options of `kernelNulls`. */
export interface KernelNullsOptions {
  /**
   * Take out the common spacing g of the taps first and map the nulls of the g-times
   * shorter kernel with `dilatedNulls` (default true; exact either way, faster with it).
   */
  reduce?: boolean;
}

/**
 * The exact nulls in [0, π] of H(ω) = Σ_n w_n e^{−iωn} (rad/sample), ascending, each with its
 * multiplicity as a root of the kernel polynomial. Found by Newton refinement of grid
 * candidates with implicit deflation, multiplicities from the vanishing derivatives
 * (see roots.ts); each null is accurate to about 1e-12 rad or better, and |H| there is at
 * most κ·Σ|w_n| with κ = 1e-13 + 4D·2^−52 (`nullTolerance`, D the degree); roots whose |H|
 * never rises above that between them are one multiple null. Leading and trailing zero taps are ignored (they only shift the phase).
 * An all-zero or one-tap kernel has no nulls (an identically zero response has no isolated
 * nulls and is reported as none).
 *
 * Example: box:3 → [{w: 2π/3, multiplicity: 1}]; binomial:5 → [{w: π, multiplicity: 4}].
 */
export function kernelNulls(weights: ArrayLike<number>, options: KernelNullsOptions = {}): Null[] {
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(weights[i])) {
      throw new FieldError(`weights[${i}]`, `must be a finite number, got ${weights[i]}`);
    }
  }
  if (options.reduce === false) {
    let first = 0;
    let last = weights.length - 1;
    while (first <= last && weights[first] === 0) first++;
    while (last >= first && weights[last] === 0) last--;
    if (last - first < 1) return [];
    return unitCircleNulls(
      Float64Array.from({ length: last - first + 1 }, (_, i) => weights[first + i]),
    );
  }
  const { coef, step } = compressKernel(weights);
  if (coef.length < 2) return [];
  return dilatedNulls(memoNulls(coef), step);
}

/** Unit-circle nulls of long kernels, remembered by content (a pure memo; small LRU). */
const memo = new Map<string, Null[]>();
const MEMO_MIN_DEGREE = 64;
const MEMO_SIZE = 32;

function memoNulls(coef: Float64Array): Null[] {
  if (coef.length - 1 < MEMO_MIN_DEGREE) return unitCircleNulls(coef);
  const key = coef.join(',');
  let hit = memo.get(key);
  if (hit) memo.delete(key);
  else hit = unitCircleNulls(coef);
  memo.set(key, hit);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return hit.map((n) => ({ ...n }));
}

/**
 * The nulls of the dilated response H(dω) from those of H: a base null at ±θ gives
 * ω = (±θ + 2πm)/d for every integer m, kept in [0, π], with the same multiplicity
 * (d^m·H^{(m)}(dω) is the m-th derivative). Ascending; duplicates (θ = 0 or π mirror onto
 * themselves) are merged. `d` is a positive integer.
 *
 * Example: box:3 (θ = 2π/3) at d = 5 → 2π/15, 4π/15, 8π/15, 2π/3, 14π/15.
 */
export function dilatedNulls(base: readonly Null[], d: number): Null[] {
  if (!Number.isInteger(d) || d < 1)
    throw new FieldError('d', `must be a positive integer, got ${d}`);
  if (d === 1) return base.map((n) => ({ ...n }));
  const out: Null[] = [];
  const twoPi = 2 * Math.PI;
  const push = (w: number, multiplicity: number) => {
    if (w < -1e-12 || w > Math.PI + 1e-12) return;
    out.push({ w: Math.min(Math.PI, Math.max(0, w)), multiplicity });
  };
  for (const n of base) {
    for (let m = 0; m <= Math.ceil(d / 2); m++) {
      push((twoPi * m + n.w) / d, n.multiplicity);
      if (m > 0 || n.w !== 0) push((twoPi * m - n.w) / d, n.multiplicity);
    }
  }
  out.sort((a, b) => a.w - b.w);
  const merged: Null[] = [];
  for (const n of out) {
    const last = merged[merged.length - 1];
    if (last && n.w - last.w <= NULL_MERGE) continue;
    merged.push(n);
  }
  return merged;
}

/**
 * The nulls of a product of responses (a stack): every member's nulls, with the
 * multiplicities of coinciding nulls (within 1e-9 rad) added, since the composite polynomial
 * is the product of the members' polynomials. Ascending.
 */
export function unionNulls(lists: readonly (readonly Null[])[]): Null[] {
  const all = lists.flat().sort((a, b) => a.w - b.w);
  const out: Null[] = [];
  for (const n of all) {
    const last = out[out.length - 1];
    if (last && n.w - last.w <= NULL_MERGE) last.multiplicity += n.multiplicity;
    else out.push({ ...n });
  }
  return out;
}

/**
 * The nulls common to every list (within 1e-9 rad), with the smallest multiplicity among
 * them: the nulls of an envelope max_b |H_b| (concatenated branches). Empty for no lists.
 */
export function intersectNulls(lists: readonly (readonly Null[])[]): Null[] {
  if (lists.length === 0) return [];
  const sorted = lists.map(ascending);
  const at = sorted.map(() => 0);
  const out: Null[] = [];
  for (const n of sorted[0]) {
    let multiplicity = n.multiplicity;
    let everywhere = true;
    for (let i = 1; i < sorted.length && everywhere; i++) {
      // The first null of list i within NULL_MERGE of n (the lists ascend, so a pointer).
      const l = sorted[i];
      let k = at[i];
      while (k < l.length && l[k].w < n.w - NULL_MERGE) k++;
      at[i] = k;
      if (k < l.length && l[k].w <= n.w + NULL_MERGE)
        multiplicity = Math.min(multiplicity, l[k].multiplicity);
      else everywhere = false;
    }
    if (everywhere) out.push({ w: n.w, multiplicity });
  }
  return out;
}

/** The list itself when it ascends, else a sorted copy. */
function ascending(l: readonly Null[]): readonly Null[] {
  for (let i = 1; i < l.length; i++)
    if (l[i].w < l[i - 1].w) return [...l].sort((a, b) => a.w - b.w);
  return l;
}

/**
 * Shared nulls: the frequencies in [0, π] (rad/sample) where every list has a null (within
 * 1e-9 rad), ascending. In a stack they compound (the composite multiplicity is the number
 * of members null there); in a parallel set nothing passes there at all.
 */
export function sharedNulls(lists: readonly (readonly Null[])[]): number[] {
  return intersectNulls(lists).map((n) => n.w);
}

/** Memoises nulls within one report: base kernels by content, dilated kernels by content and step. */
type NullCache = Map<string, Null[]>;

function baseNulls(coef: Float64Array, cache: NullCache): Null[] {
  const key = coef.join(',');
  let hit = cache.get(key);
  if (!hit) {
    hit = kernelNulls(coef);
    cache.set(key, hit);
  }
  return hit;
}

/** The nulls of taps `coef` spaced `step` apart: the base kernel's, dilated (cached). */
function cutKernelNulls(kernel: CutKernel, cache: NullCache): Null[] {
  const { coef, step } = compressKernel(kernel.coef, kernel.step);
  if (coef.length < 2) return [];
  const key = `${step}|${coef.join(',')}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = dilatedNulls(baseNulls(coef, cache), step);
    cache.set(key, hit);
  }
  return hit;
}

/**
 * The nulls of a cut response: a kernel's are its base kernel's dilated by its step; a
 * product's every part's, multiplicities added (equal parts counted once, times their
 * number); an envelope's those common to all parts (smallest multiplicity).
 */
export function cutNulls(r: CutResponse, cache: NullCache = new Map()): Null[] {
  switch (r.kind) {
    case 'kernel':
      return cutKernelNulls(r.kernel, cache);
    case 'product':
      return unionNulls(
        productParts(r).map(({ part, power }) => {
          const list = cutNulls(part, cache);
          return power === 1
            ? list
            : list.map((n) => ({ w: n.w, multiplicity: n.multiplicity * power }));
        }),
      );
    case 'envelope':
      return intersectNulls(r.parts.map((p) => cutNulls(p, cache)));
  }
}

/**
 * The nulls in [0, π] (rad/sample) of a graph's response along `axis` (`graphCut`, THE walk):
 * a layer's base-kernel nulls dilated by d·inputScale; in a chain every layer's, multiplicities
 * added; at a summing merge (a parallel sum, a residual 1 + H_body) the unit-circle roots of
 * the merged kernel of what the inputs do not share; at a concatenating merge the nulls
 * common to its inputs (smallest multiplicity).
 */
export function graphNulls(
  graph: Graph,
  axis: 'x' | 'y' = 'x',
  cache: NullCache = new Map(),
): Null[] {
  return cutNulls(graphCut(graph, axis), cache).map((n) => ({ ...n }));
}

/**
 * The nulls of a spec node's cut response read after total stride `scale`
 * (`graphNulls` of its graph).
 */
export function nodeNulls(
  node: NetworkNode,
  dims: 1 | 2,
  axis: 'x' | 'y' = 'x',
  scale: readonly number[] = unitScale(dims),
  cache: NullCache = new Map(),
): Null[] {
  return graphNulls(compileNode(node, dims, { inputScale: scale }), axis, cache);
}

/**
 * The `nulls` key of `analyze`: exact nulls in [0, π] (rad/sample) of each member (the
 * layers of a top-level stack, or the branches of a top-level parallel node; see
 * `networkMembers`), the frequencies where every member is null, and the nulls of the whole
 * network with multiplicity.
 *
 * - byLayer: a single layer's nulls are its base kernel's mapped by `dilatedNulls` with the
 *   effective rate d·Π(earlier strides); a sub-network member gives its composite's nulls.
 * - composite: stack → every member's nulls, multiplicities added (never a root search on
 *   the product polynomial); parallel sum → the unit-circle roots of the aligned sum
 *   kernel; parallel concat → where every branch is null (the envelope max_b|H_b| vanishes
 *   only there), with the smallest multiplicity; residual → roots of 1 + H_body.
 *
 * For a 2-D network the analysis is on the axis cut: 'x' is H(0, ωx), 'y' is H(ωy, 0)
 * (`axis` is ignored for 1-D networks).
 */
export function nullsReport(network: Network, axis: 'x' | 'y' = 'x'): NullsReport {
  if (axis !== 'x' && axis !== 'y')
    throw new FieldError('axis', `must be "x" or "y", got ${JSON.stringify(axis)}`);
  const cache: NullCache = new Map();
  const { members } = networkMembers(network);
  const byLayer = members.map((m) => graphNulls(m.graph, axis, cache));
  const composite =
    members.length === 1 && members[0].node === network.root
      ? byLayer[0].map((n) => ({ ...n }))
      : graphNulls(networkGraph(network), axis, cache);
  const lists = { byLayer, shared: sharedNulls(byLayer), composite };
  return { ...lists, counts: perList(lists, (l) => l.length), truncated: false };
}
