import { finiteIn } from '../util/validate.ts';
import type { AreaRatios, ErfMap, ErfSpread } from './types.ts';
import { AREA_THRESHOLDS } from './types.ts';

function total(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/**
 * The high-contribution area ratio of RepLKNet (Ding et al. 2022): the smallest square
 * (interval in 1-D) centred on the output's origin, clipped to the window, that holds at
 * least the share t of the ERF's total mass, as a fraction of the window's area:
 * side² / (rows·cols), or length / n in 1-D. Half-widths grow 0, 1, 2, … until
 * Σ_{square} e ≥ t·Σ e. An all-zero map gives 0 (never NaN). RepLKNet sums log10(1 + e);
 * this uses e itself, whose scale is meaningful (docs/theory.md).
 */
export function areaRatio(map: ErfMap, t: number): number {
  finiteIn('threshold', t, 0, 1);
  const all = total(map.values);
  if (!(all > 0)) return 0;
  const goal = t * all;
  const two = map.shape.length === 2;
  const R = two ? map.shape[0] : 1;
  const C = two ? map.shape[1] : map.shape[0];
  const oy = two ? map.origin[0] : 0;
  const ox = two ? map.origin[1] : map.origin[0];
  const maxHalf = Math.max(oy, R - 1 - oy, ox, C - 1 - ox);
  for (let h = 0; h <= maxHalf; h++) {
    const r0 = Math.max(0, oy - h);
    const r1 = Math.min(R - 1, oy + h);
    const c0 = Math.max(0, ox - h);
    const c1 = Math.min(C - 1, ox + h);
    let s = 0;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) s += map.values[r * C + c];
    // Relative slack so that t = 1 is reached despite rounding in the partial sums.
    if (s >= goal * (1 - 1e-12)) return ((r1 - r0 + 1) * (c1 - c0 + 1)) / (R * C);
  }
  return 1;
}

/** The four area ratios of the JSON contract (t = 0.2, 0.3, 0.5, 0.99). */
export function areaRatios(map: ErfMap): AreaRatios {
  const out: Record<string, number> = {};
  for (const t of AREA_THRESHOLDS) out[t] = areaRatio(map, Number(t));
  return out as unknown as AreaRatios;
}

/**
 * The spread of an ERF: per axis, the standard deviation of the offsets weighted by the
 * ERF, σ_a = √(Σ_u e(u)(u_a − μ_a)² / Σ_u e(u)), against the window size (the theoretical
 * receptive field). For the exact ERF of a stack of L layers with i.i.d. weights it equals
 * √(Σ_l (d_l·S_l)²(k_l² − 1)/12) (variances of independent uniform tap choices add; S_l
 * the product of the earlier strides): it grows like √L while the receptive field grows
 * like L (Luo et al. 2016). An all-zero map has spread 0.
 */
export function erfSpread(map: ErfMap): ErfSpread {
  const two = map.shape.length === 2;
  const C = two ? map.shape[1] : map.shape[0];
  const dims = two ? 2 : 1;
  const all = total(map.values);
  const mean = new Array<number>(dims).fill(0);
  const sq = new Array<number>(dims).fill(0);
  if (all > 0) {
    for (let i = 0; i < map.values.length; i++) {
      const e = map.values[i];
      if (e === 0) continue;
      const coords = two ? [Math.floor(i / C), i % C] : [i];
      for (let a = 0; a < dims; a++) mean[a] += e * coords[a];
    }
    for (let a = 0; a < dims; a++) mean[a] /= all;
    for (let i = 0; i < map.values.length; i++) {
      const e = map.values[i];
      if (e === 0) continue;
      const coords = two ? [Math.floor(i / C), i % C] : [i];
      for (let a = 0; a < dims; a++) sq[a] += e * (coords[a] - mean[a]) ** 2;
    }
  }
  const std = sq.map((s) => (all > 0 ? Math.sqrt(s / all) : 0));
  const receptiveField = [...map.shape];
  return { std, receptiveField, ratio: std.map((s, a) => s / receptiveField[a]) };
}

const DIRECTIONS_1D: readonly (readonly [number, number])[] = [[0, 1]];
const DIRECTIONS_2D: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 0],
  [1, 1],
  [1, -1],
];

/**
 * The gridding index of an ERF e on its window W (docs/theory.md, "Gridding index"):
 *
 *   G = 1                                  when e has a zero in W (and is not all zero),
 *   G = max_{u ∈ W, δ} (1 − e(u)/m_δ(u))⁺  otherwise,
 *
 * where δ runs over the row, column and both diagonal directions (the row only in 1-D) and
 * m_δ(u) = min(max_{t≥1} e(u − tδ), max_{t≥1} e(u + tδ)) over the offsets of W on each side
 * (skipped when a side is empty). The second term is the depth of the deepest dip of e
 * below the lower of its two flanks along a line, relative to that flank: 0 for an ERF that
 * is unimodal along every line (a box or Gaussian stack), approaching 1 for a deep
 * checkerboard. G ∈ [0, 1]; for the exact ERF with i.i.d. weights (every path contributes
 * σ^{2L} > 0) the zeros are exactly the holes of the tap set, so G = 1 exactly when the
 * tap set has holes. An all-zero map has G = 0.
 */
export function griddingIndex(map: ErfMap): number {
  const v = map.values;
  let max = 0;
  let hasZero = false;
  for (const x of v) {
    if (x > max) max = x;
    if (x === 0) hasZero = true;
  }
  if (!(max > 0)) return 0;
  if (hasZero) return 1;
  const two = map.shape.length === 2;
  const R = two ? map.shape[0] : 1;
  const C = two ? map.shape[1] : map.shape[0];
  const at = (r: number, c: number) => v[r * C + c];
  const inside = (r: number, c: number) => r >= 0 && r < R && c >= 0 && c < C;
  let g = 0;
  for (const [dy, dx] of two ? DIRECTIONS_2D : DIRECTIONS_1D) {
    // Walk every line in direction (dy, dx) once, keeping running maxima from both ends.
    for (let r0 = 0; r0 < R; r0++) {
      for (let c0 = 0; c0 < C; c0++) {
        if (inside(r0 - dy, c0 - dx)) continue; // not the start of a line
        const line: number[] = [];
        for (let r = r0, c = c0; inside(r, c); r += dy, c += dx) line.push(at(r, c));
        const n = line.length;
        if (n < 3) continue;
        const fromRight = new Float64Array(n);
        let m = 0;
        for (let i = n - 1; i >= 0; i--) {
          fromRight[i] = m;
          if (line[i] > m) m = line[i];
        }
        let left = line[0];
        for (let i = 1; i < n - 1; i++) {
          const flank = Math.min(left, fromRight[i]);
          if (flank > line[i]) g = Math.max(g, 1 - line[i] / flank);
          if (line[i] > left) left = line[i];
        }
      }
    }
  }
  return g;
}
