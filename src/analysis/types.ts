/**
 * The result of `analyze(network, options)`: the same object `dilation-lab analyze --json`
 * prints and `/api/analyze` returns (docs/cli.md documents every key).
 *
 * Forms: tap offsets are causal (tap n of a layer at n·d); parallel branches and residual
 * identities are aligned at their centres ("same" padding). Frequencies are rad/sample in
 * [0, π]. For a 2-D network, nulls and deaf bands are given per axis cut: `nulls` and
 * `deafBands` are the x cut H(0, ωx) and `byAxis.y` the y cut H(ωy, 0); a cut of a 2-D
 * kernel is the 1-D kernel of its column (or row) sums, so the cut is exact.
 */

/** Options of `analyze`. */
export interface AnalyzeOptions {
  /** Side S of a square feature map for border validity (DeepLabv3 §3.3). */
  mapSize?: number;
  /** Object size [w, h] in samples/pixels for the hit probability min(w,d)·min(h,d)/d². */
  object?: readonly [number, number];
  /** Deaf-band threshold in dB relative to max|H| (default −20). */
  thresholdDb?: number;
  /** Channels for the cost (default 1 in, 1 out). */
  channels?: number;
}

/** An exact null of H on [0, π], rad/sample, with its multiplicity as a root. */
export interface Null {
  w: number;
  multiplicity: number;
}

/** A closed frequency interval [lo, hi] in rad/sample. */
export type Band = [number, number];

/** Border validity of one layer on an S×S map with zero "same" padding. */
export interface BorderValidity {
  mapSize: number;
  /** Fraction of output positions where all k² taps fall inside the map. */
  allTapsFraction: number;
  /** Fraction of output positions where only the centre tap is inside (a 1×1 filter). */
  centerOnlyFraction: number;
  /** Mean fraction of taps inside the map over all positions. */
  meanValidFraction: number;
  /** histogram[t] = fraction of positions where exactly t taps are inside (t = 0..k²). */
  histogram: number[];
}

/** One layer of a stack or one branch of a parallel set. */
export interface LayerSummary {
  index: number;
  /** Kernel spec text. */
  kernel: string;
  /** Kernel shape: [k] or [rows, cols]. */
  shape: number[];
  /** d for 1-D, [dy, dx] for 2-D; for a member that is not a single layer, its layers' rates in a list. */
  dilation: number | [number, number] | (number | [number, number])[];
  stride: number | [number, number];
  /** (k−1)d + 1 per axis (the member's receptive field when it is not a single layer). */
  effectiveSize: number | [number, number];
  parameters: number;
  /** effectiveSize (area for 2-D) / parameters: how many times fewer weights than a dense kernel of that span. */
  parameterEfficiency: number;
  /** (k−1)(d−1) / (d(k−1)+1) per layer (1-D); for 2-D, 1 − (1−bf_y)(1−bf_x). */
  blindFraction: number;
  objectHitProbability?: number;
  border?: BorderValidity;
}

export interface NullsReport {
  /** Exact nulls in [0, π] of each member (layer or branch), in member order. */
  byLayer: Null[][];
  /** Frequencies in [0, π] where every member is null. */
  shared: number[];
  /** Nulls of the whole network's response with multiplicity (stack: the sum over layers). */
  composite: Null[];
}

export interface DeafBandsReport {
  thresholdDb: number;
  byLayer: Band[][];
  shared: Band[];
  composite: Band[];
}

export interface CoverageReport {
  /** Receptive field size (number of offsets; rows·cols for 2-D). */
  size: number;
  /** Offsets reached by at least one path. */
  covered: number;
  holes: number;
  holeFraction: number;
  /** Up to 64 hole offsets relative to the first tap (1-D: numbers; 2-D: [row, col]). */
  holeOffsets: (number | [number, number])[];
  /** Smallest and largest path count over covered offsets. */
  minPaths: number;
  maxPaths: number;
}

export interface HdcReport {
  /** M_1..M_n of the rule, M_n = r_n, M_i = max[M_{i+1} − 2r_i, M_{i+1} − 2(M_{i+1} − r_i), r_i]. */
  M: number[];
  /** The kernel size K the rule compares M_2 with. */
  K: number;
  /** M_2 ≤ K, as the paper states the rule (true when there are fewer than 2 layers). */
  satisfied: boolean;
  /** Does the rule agree with exact coverage (griddingFree)? */
  agreesWithCoverage: boolean;
}

export interface CostReport {
  parameters: number;
  /** Multiply-adds per output position per channel pair. */
  macsPerOutput: number;
  channels: number;
  /** mapSize² · macsPerOutput · channels² when a map size is given. */
  macsForMap?: number;
  /** A dense kernel with the same receptive field: parameters and how many times more. */
  dense: { parameters: number; ratio: number };
  /** Reaching the same receptive field with undilated layers of the same kernel. */
  undilated: { layers: number; parameters: number };
  /** Reaching it by pooling/striding: stride-2 layers of the same kernel, and the resolution lost. */
  pooling: { layers: number; parameters: number; outputStride: number };
}

export interface AliasingReport {
  /** Common factor g of all effective rates (per axis for 2-D). */
  factor: number | [number, number];
  /** Period of the composite response 2π/g (rad/sample). */
  period: number | [number, number];
  /** Interleaved input sub-grids that one output never mixes (g, or gy·gx). */
  subgrids: number;
}

export interface AnalyzeResult {
  dims: 1 | 2;
  /** 'stack' or 'parallel' (members compared in nulls/deaf bands), and the merge. */
  kind: 'stack' | 'parallel';
  merge?: 'sum' | 'concat';
  /** Offsets' convention used in this output. */
  form: string;
  receptiveField: number | [number, number];
  parameters: number;
  gcd: number | [number, number];
  period: number | [number, number];
  aliasing: AliasingReport;
  coverage: CoverageReport;
  griddingFree: boolean;
  /** Null when the network is not a plain stack of layers with one kernel size. */
  hdc: HdcReport | null;
  layers: LayerSummary[];
  nulls: NullsReport;
  deafBands: DeafBandsReport;
  /** 2-D only: the y-axis cut (nulls and deaf bands of H(ωy, 0)). */
  byAxis?: { y: { nulls: NullsReport; deafBands: DeafBandsReport } };
  cost: CostReport;
}
