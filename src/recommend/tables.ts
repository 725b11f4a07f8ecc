import { dilatedNulls } from '../analysis/nulls.ts';
import { polyOnGrid } from '../response/index.ts';
import type { KernelCut } from './prepareKernel.ts';

/**
 * Precomputed per-rate data for the search, for every rate 1..maxRate that may occur.
 *
 * Grid: ω_j = π(j + ½)/G, j = 0..G−1 (midpoints of [0, π]; a power-of-two G keeps them off
 * the rational nulls of short kernels). For a cut with weights w and rate d,
 *   logPower[d·G + j] = log10 max(|H(d·ω_j)|², floor),  floor = 1e-30·(Σ|w|)²,
 * where H(θ) = Σ_n w_n e^{−iθn}. Since d·ω_j = 2π·d(2j+1)/(4G), the value is read exactly
 * from one direct DTFT of the base kernel on the 4G-point grid (index d(2j+1) mod 4G).
 * A stack's composite log-power is the sum of its layers' rows (a product of responses).
 *
 * Nulls: every exact null of H(dω) in [0, π] for every rate, merged across rates within
 * 1e-9 rad into one list `omega`; rate d owns the indices `nullIndex[d]` with
 * multiplicities `nullMult[d]`. A layer at rate d is null at ω exactly when H has a null at
 * d·ω mod 2π; the multiplicity is the base null's.
 */
export interface CutTables {
  name: string;
  logPower: Float64Array;
  omega: Float64Array;
  nullIndex: Int32Array[];
  nullMult: Int32Array[];
  /**
   * For tables of a few chosen rates (cutTablesAt): where rate d's row starts in logPower.
   * Absent for the dense tables of cutTables, where it is d·G.
   */
  rowOffset?: ReadonlyMap<number, number>;
}

/** Two dilated nulls closer than this (rad/sample) are one frequency. */
export const NULL_MERGE_TOLERANCE = 1e-9;

/** Relative floor of |H|² below which the log-power table is clipped (−300 dB). */
export const POWER_FLOOR = 1e-30;

/** Builds the tables of one cut for rates 1..maxRate on a G-point grid. */
export function cutTables(cut: KernelCut, maxRate: number, G: number): CutTables {
  return buildTables(
    cut,
    Array.from({ length: maxRate }, (_, i) => i + 1),
    G,
    false,
  );
}

/**
 * The tables of one cut for a few chosen rates only (the reference schedules): rate d's row
 * is at `rowOffset.get(d)`, so memory is (number of rates)·G values however large the rates.
 */
export function cutTablesAt(cut: KernelCut, rates: readonly number[], G: number): CutTables {
  return buildTables(
    cut,
    [...new Set(rates)].sort((a, b) => a - b),
    G,
    true,
  );
}

/**
 * Bytes the dense tables of cutTables take for rates 1..maxRate on G points, per cut:
 * the log-power rows (8 bytes a value) and the exact dilated nulls (about 64 bytes each
 * while they are merged: a JS object, the sort, the per-rate index and multiplicity).
 */
export function tableBytes(maxRate: number, G: number, nullEntries: number): number {
  return (maxRate + 1) * G * 8 + nullEntries * 64;
}

function buildTables(
  cut: KernelCut,
  rates: readonly number[],
  G: number,
  sparse: boolean,
): CutTables {
  const w = cut.weights;
  let scale = 0;
  for (let n = 0; n < w.length; n++) scale += Math.abs(w[n]);
  const floor = POWER_FLOOR * scale * scale;
  const M = 4 * G;
  const base = new Float64Array(M);
  const re = new Float64Array(M);
  const im = new Float64Array(M);
  polyOnGrid(w, 1, M, M, re, im);
  for (let i = 0; i < M; i++) base[i] = Math.log10(Math.max(re[i] * re[i] + im[i] * im[i], floor));
  const maxRate = rates.length > 0 ? rates[rates.length - 1] : 0;
  const rowOffset = new Map<number, number>();
  const logPower = new Float64Array((sparse ? rates.length : maxRate + 1) * G);
  rates.forEach((d, i) => {
    const row = (sparse ? i : d) * G;
    if (sparse) rowOffset.set(d, row);
    const dm = d % M; // d·(2j+1) mod M without leaving the safe integers
    for (let j = 0; j < G; j++) logPower[row + j] = base[(dm * (2 * j + 1)) % M];
  });
  // Exact nulls per rate, merged across rates.
  const all: { w: number; d: number; m: number }[] = [];
  for (const d of rates)
    for (const n of dilatedNulls(cut.nulls, d)) all.push({ w: n.w, d, m: n.multiplicity });
  all.sort((a, b) => a.w - b.w);
  const omega: number[] = [];
  const perRate: { idx: number[]; mult: number[] }[] = [];
  for (const d of sparse ? rates : Array.from({ length: maxRate + 1 }, (_, i) => i))
    perRate[d] = { idx: [], mult: [] };
  for (const e of all) {
    if (omega.length === 0 || e.w - omega[omega.length - 1] > NULL_MERGE_TOLERANCE) omega.push(e.w);
    const u = omega.length - 1;
    const r = perRate[e.d];
    if (r.idx[r.idx.length - 1] === u) r.mult[r.mult.length - 1] += e.m;
    else {
      r.idx.push(u);
      r.mult.push(e.m);
    }
  }
  const nullIndex: Int32Array[] = [];
  const nullMult: Int32Array[] = [];
  perRate.forEach((r, d) => {
    nullIndex[d] = Int32Array.from(r.idx);
    nullMult[d] = Int32Array.from(r.mult);
  });
  return {
    name: cut.name,
    logPower,
    omega: Float64Array.from(omega),
    nullIndex,
    nullMult,
    ...(sparse ? { rowOffset } : {}),
  };
}

/** Midpoint grid frequency ω_j = π(j + ½)/G. */
export function gridFrequency(j: number, G: number): number {
  return (Math.PI * (j + 0.5)) / G;
}

/**
 * The grid measures of a row of A axis cuts × G frequencies holding log10|H|² (as the
 * tables store it; a difference of 1 is 10 dB): `out[0]` ← the number of points more than `thresholdLog`
 * below their cut's maximum in log10 units (the deaf count), `out[1]` ← the smallest (min − max) gain in dB
 * over the cuts. Writes into `out` so the search's hot loop allocates nothing.
 */
export function gridMeasures(
  row: Float64Array,
  A: number,
  G: number,
  thresholdLog: number,
  out: Float64Array,
): void {
  let deaf = 0;
  let minGain = Number.POSITIVE_INFINITY;
  for (let a = 0; a < A; a++) {
    const off = a * G;
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    for (let j = 0; j < G; j++) {
      const v = row[off + j];
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const cut = max + thresholdLog;
    for (let j = 0; j < G; j++) if (row[off + j] < cut) deaf++;
    const g = 10 * (min - max);
    if (g < minGain) minGain = g;
  }
  out[0] = deaf;
  out[1] = minGain;
}
