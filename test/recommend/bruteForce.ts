/**
 * A slow, straightforward reference for the recommender: enumerate every ordered tuple of
 * rates, dedupe by sorting, and score each multiset directly — holes from the naive tap-set
 * convolution (compositeKernel with unit weights), the receptive field from the formula,
 * grid measures from a direct DTFT at every grid point, exact nulls from the closed-form base
 * nulls given by the caller, checked layer by layer — ranked by its own implementation of the
 * order docs/recommend.md states (`documentedOrder`), not the production comparator. Used
 * by the tests and the benchmark.
 */
import { compositeKernel } from '../../src/analysis/composite.ts';
import { parseKernel } from '../../src/kernel/parse.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import type { StackKeys } from '../../src/recommend/rank.ts';
import { dtft } from '../../src/response/dtft.ts';

/** A base null θ in [0, 2π) with its multiplicity. */
export interface BaseNull {
  theta: number;
  m: number;
}

export interface BruteStackOptions {
  kernel: string;
  /** Base nulls of the (cut) kernel on [0, 2π), closed form. */
  baseNulls: BaseNull[];
  minLayers: number;
  maxLayers: number;
  minRate: number;
  maxRate: number;
  prefix?: number[];
  rfMin?: number;
  rfMax?: number;
  grid?: number;
  thresholdDb?: number;
  /** Use the slow tap-set convolution (true) or only the formula checks (false, for big runs). */
  naiveCoverage?: boolean;
}

export interface BruteScore {
  rates: number[];
  rf: number;
  holes: number;
  keys: StackKeys;
  deafFraction: number;
  flatness: number;
  minGainDb: number;
  sharedNulls: number[];
  maxNullMultiplicity: number;
}

/** Column sums of a 2-D kernel (the x cut), or the 1-D weights. */
export function cutWeights(spec: string): { weights: Float64Array; k: number; dims: 1 | 2 } {
  const kern = parseKernel(spec);
  if (kern.shape.length === 1) return { weights: kern.weights, k: kern.shape[0], dims: 1 };
  const [R, C] = kern.shape;
  const out = new Float64Array(C);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) out[j] += kern.weights[i * C + j];
  return { weights: out, k: C, dims: 2 };
}

function wrap(x: number): number {
  const t = 2 * Math.PI;
  let y = x % t;
  if (y < 0) y += t;
  return y;
}

/** Holes of the tap set: zeros of the naive tap-set convolution (or of a plain set sumset). */
export function bruteHoles(o: BruteStackOptions, rates: number[]): number {
  const { k } = cutWeights(o.kernel);
  const rf = 1 + (k - 1) * rates.reduce((s, d) => s + d, 0);
  if (o.naiveCoverage !== false) {
    const net = shortFormNetwork({ kernel: o.kernel, rates });
    const paths = compositeKernel(net.root, net.dims, true);
    if (paths.shape[0] !== rf)
      throw new Error(`receptive field mismatch ${paths.shape[0]} vs ${rf}`);
    let holes = 0;
    for (const v of paths.weights) if (v === 0) holes++;
    return holes;
  }
  let set = new Set<number>([0]);
  for (const d of rates) {
    const next = new Set<number>();
    for (const x of set) for (let n = 0; n < k; n++) next.add(x + n * d);
    set = next;
  }
  return rf - set.size;
}

/** Scores one multiset (prefix included) the slow way. */
export function bruteScore(o: BruteStackOptions, rates: number[]): BruteScore {
  const { weights, k, dims } = cutWeights(o.kernel);
  const G = o.grid ?? 256;
  const thr = (o.thresholdDb ?? -20) / 10;
  const L = rates.length;
  const rf = 1 + (k - 1) * rates.reduce((s, d) => s + d, 0);
  const holes = bruteHoles(o, rates);
  // Grid measures by direct DTFT.
  let scale = 0;
  for (const w of weights) scale += Math.abs(w);
  const floor = 1e-30 * scale * scale;
  const s = new Float64Array(G);
  for (let j = 0; j < G; j++) {
    const w = (Math.PI * (j + 0.5)) / G;
    for (const d of rates) {
      const h = dtft(weights, w * d);
      s[j] += Math.log10(Math.max(h.re * h.re + h.im * h.im, floor));
    }
  }
  const max = Math.max(...s);
  const min = Math.min(...s);
  let deaf = 0;
  let lin = 0;
  let mean = 0;
  for (let j = 0; j < G; j++) {
    if (s[j] - max < thr) deaf++;
    lin += 10 ** (s[j] - max);
    mean += s[j];
  }
  const flatness = 10 ** (mean / G - max) / (lin / G);
  // Exact nulls: candidates from every layer, then count layer by layer at each candidate.
  const cands: number[] = [];
  for (const d of rates)
    for (const b of o.baseNulls)
      for (let t = 0; t <= d; t++) {
        const w = (b.theta + 2 * Math.PI * t) / d;
        if (w <= Math.PI + 1e-12) cands.push(Math.min(w, Math.PI));
      }
  cands.sort((a, b) => a - b);
  const freqs: number[] = [];
  for (const w of cands)
    if (freqs.length === 0 || w - freqs[freqs.length - 1] > 1e-9) freqs.push(w);
  const shared: number[] = [];
  let maxMult = 0;
  for (const w of freqs) {
    let mult = 0;
    let layers = 0;
    for (const d of rates) {
      const x = wrap(d * w);
      const hit = o.baseNulls.find(
        (b) => Math.min(Math.abs(x - b.theta), 2 * Math.PI - Math.abs(x - b.theta)) < 1e-7,
      );
      if (hit) {
        mult += hit.m;
        layers++;
      }
    }
    maxMult = Math.max(maxMult, mult);
    if (layers === L) shared.push(w);
  }
  const sorted = [...rates].sort((a, b) => a - b);
  const params = L * (dims === 2 ? k * k : k);
  const keys: StackKeys = {
    rfDistance: 0,
    sharedNulls: shared.length,
    maxNullMultiplicity: maxMult,
    deafCount: deaf,
    minGainDb: 10 * (min - max),
    flatness,
    rfPerParameter: (dims === 2 ? rf * rf : rf) / params,
    distinctRates: new Set(rates).size,
    maxRate: sorted[sorted.length - 1],
    sorted,
  };
  return {
    rates,
    rf,
    holes,
    keys,
    deafFraction: deaf / G,
    flatness,
    minGainDb: 10 * (min - max),
    sharedNulls: shared,
    maxNullMultiplicity: maxMult,
  };
}

/** Every ordered tuple of lengths minLayers..maxLayers, deduplicated as sorted multisets. */
export function allMultisets(
  minLayers: number,
  maxLayers: number,
  lo: number,
  hi: number,
): number[][] {
  const seen = new Set<string>();
  const out: number[][] = [];
  for (let L = minLayers; L <= maxLayers; L++) {
    const t = new Array<number>(L).fill(lo);
    const n = hi - lo + 1;
    const total = n ** L;
    for (let c = 0; c < total; c++) {
      let x = c;
      for (let i = 0; i < L; i++) {
        t[i] = lo + (x % n);
        x = Math.floor(x / n);
      }
      const s = [...t].sort((a, b) => a - b);
      const key = s.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        out.push(s);
      }
    }
  }
  return out;
}

/**
 * The order of docs/recommend.md ("Ranking"), written out here from the page rather than
 * taken from src/recommend: the measures in their order, each with its direction; the first
 * that differs decides. Floats closer than 1e-9 relative tie; `minGainDb` counts only when
 * the kernel has no exact null (`useMinGain`); the sorted rates break the last tie
 * lexicographically. Negative when `a` ranks above `b`.
 */
export function documentedOrder(a: StackKeys, b: StackKeys, useMinGain: boolean): number {
  type Measure = [
    key: string,
    better: 'lower' | 'higher',
    value: (k: StackKeys) => number,
    float: boolean,
  ];
  const measures: Measure[] = [
    ['sharedNulls', 'lower', (k) => k.sharedNulls, false],
    ['maxNullMultiplicity', 'lower', (k) => k.maxNullMultiplicity, false],
    ['deafFraction', 'lower', (k) => k.deafCount, false],
    ['minGainDb', 'higher', (k) => k.minGainDb, true],
    ['flatness', 'higher', (k) => k.flatness, true],
    ['rfPerParameter', 'higher', (k) => k.rfPerParameter, true],
    ['distinctRates', 'lower', (k) => k.distinctRates, false],
    ['maxRate', 'lower', (k) => k.maxRate, false],
  ];
  for (const [key, better, value, float] of measures) {
    if (key === 'minGainDb' && !useMinGain) continue;
    const x = value(a);
    const y = value(b);
    const tie = float ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y)) : x === y;
    if (tie) continue;
    return better === 'lower' ? (x < y ? -1 : 1) : x > y ? -1 : 1;
  }
  const n = Math.min(a.sorted.length, b.sorted.length);
  for (let i = 0; i < n; i++) if (a.sorted[i] !== b.sorted[i]) return a.sorted[i] - b.sorted[i];
  return a.sorted.length - b.sorted.length;
}

/** The brute-force ranking: feasible multisets sorted by the ranking keys, best first. */
export function bruteRecommend(
  o: BruteStackOptions,
  useMinGain: boolean,
  top: number,
): BruteScore[] {
  const prefix = o.prefix ?? [];
  const feasible: BruteScore[] = [];
  for (const m of allMultisets(o.minLayers, o.maxLayers, o.minRate, o.maxRate)) {
    const rates = [...prefix, ...m];
    const rf = 1 + (cutWeights(o.kernel).k - 1) * rates.reduce((s, d) => s + d, 0);
    if (rf < (o.rfMin ?? 1) || rf > (o.rfMax ?? Number.POSITIVE_INFINITY)) continue;
    if (bruteHoles(o, rates) === 0) feasible.push(bruteScore(o, rates));
  }
  feasible.sort((a, b) => documentedOrder(a.keys, b.keys, useMinGain));
  return feasible.slice(0, top);
}
