import type { NetworkInfo } from './info.ts';
import type { ZerosReport } from './zeros.ts';
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

/** Border validity of one layer on the S×S map it runs on, with its zero padding. */
export interface BorderValidity {
  /**
   * The side of the map the layer runs on: ⌈S/scale⌉ for `same` layers after strides of
   * product `scale` (the analysed map S for the first layer); [rows, cols] when they differ.
   */
  mapSize: number | [number, number];
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
  /**
   * What the member is: a single layer, or a stack/parallel/residual node (additive key;
   * optional in the type for compatibility, always set by `analyze`).
   */
  type?: 'layer' | 'pool' | 'stack' | 'parallel' | 'residual';
  /** Kernel spec text (for a member that is not a single layer, its distinct kernels joined by ", "). */
  kernel: string;
  /** Kernel shape: [k] or [rows, cols] (for a member that is not a single layer, the largest per axis). */
  shape: number[];
  /** d for 1-D, [dy, dx] for 2-D; for a member that is not a single layer, its layers' rates in a list. */
  dilation: number | [number, number] | (number | [number, number])[];
  /** The layer's stride (a member's total stride). */
  stride: number | [number, number];
  /**
   * Scale of the map the member runs on: the product of the strides before it, per axis
   * (1 for the first layer; a branch of a top-level parallel set reads the input, scale 1).
   */
  scale?: number | [number, number];
  /**
   * d·scale per axis: the spacing of the layer's taps in input samples. For a member that
   * is not a single layer, one entry per conv layer inside it (topological order).
   */
  effectiveDilation?: number | [number, number] | (number | [number, number])[];
  /**
   * The padding the layer used: "same", "causal", "valid", or explicit amounts
   * ([before, after] in 1-D, [[top, bottom], [left, right]] in 2-D); for a member that is
   * not a single layer, one entry per conv layer inside it. (`scale`, `effectiveDilation`
   * and `padding` are additive keys: optional in the type, always set by `analyze`.)
   */
  padding?: unknown;
  /** (k−1)d + 1 per axis (the member's receptive field when it is not a single layer). */
  effectiveSize: number | [number, number];
  parameters: number;
  /** effectiveSize (area for 2-D) / parameters: how many times fewer weights than a dense kernel of that span. */
  parameterEfficiency: number;
  /**
   * (k−1)(d−1) / (d(k−1)+1) per layer (1-D); for 2-D, 1 − (1−bf_y)(1−bf_x). For a member that
   * is not a single layer: the hole fraction of its exact tap set over its receptive field
   * (which is the same quantity for a single layer).
   */
  blindFraction: number;
  /** min(w,d_x)·min(h,d_y)/(d_x·d_y) (1-D: min(w,d)/d); single layers only, when `object` is given. */
  objectHitProbability?: number;
  /** Single layers only, when `mapSize` is given: on the map the layer runs on (`border.mapSize`). */
  border?: BorderValidity;
  /**
   * Members that are not a single layer, when `mapSize` is given: the border validity of
   * every conv layer inside (nested branches included), each on the map it runs on, with
   * the layer's spec path inside the member.
   */
  layerBorders?: (BorderValidity & { path: string })[];
}

/** One number per list of a nulls or deaf-bands report. */
export interface PerList {
  byLayer: number[];
  shared: number;
  composite: number;
}

export interface NullsReport {
  /** Exact nulls in [0, π] of each member (layer or branch), in member order. */
  byLayer: Null[][];
  /** Frequencies in [0, π] where every member is null. */
  shared: number[];
  /** Nulls of the whole network's response with multiplicity (stack: the sum over layers). */
  composite: Null[];
  /** How many nulls each list has in full (distinct frequencies; `analyze` lists at most MAX_LISTED_FREQUENCIES). */
  counts: PerList;
  /** True when a list holds only its first MAX_LISTED_FREQUENCIES items (the lowest frequencies). */
  truncated: boolean;
}

export interface DeafBandsReport {
  thresholdDb: number;
  byLayer: Band[][];
  shared: Band[];
  composite: Band[];
  /** How many bands each list has in full (`analyze` lists at most MAX_LISTED_FREQUENCIES). */
  counts: PerList;
  /** The total width of each full list, Σ (hi − lo), rad/sample: right even when a list is cut. */
  measure: PerList;
  /** True when a list holds only its first MAX_LISTED_FREQUENCIES bands (the lowest). */
  truncated: boolean;
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
  /**
   * The paper's other condition: the rates share no common factor above 1 (gcd = 1);
   * [2, 2, 2] satisfies M_2 ≤ K but not this.
   */
  coprime: boolean;
  /** Does the rule agree with exact coverage (griddingFree)? */
  agreesWithCoverage: boolean;
}

export interface CostReport {
  /** Weights of all layers, times channels² (c channels in and out of every layer). */
  parameters: number;
  /** Multiply-adds per output position per channel pair (= the weight count without strides). */
  macsPerOutput: number;
  channels: number;
  /**
   * Multiply-adds for an S-long signal or S×S map with "same" padding, channels² included
   * (mapSize^dims · macsPerOutput · channels² without strides; strided layers run on fewer positions).
   */
  macsForMap?: number;
  /** A dense kernel with the same receptive field: parameters (× channels²) and how many times more. */
  dense: { parameters: number; ratio: number };
  /** Reaching the same receptive field with undilated layers of the same kernel (× channels²). */
  undilated: { layers: number; parameters: number };
  /**
   * Reaching it by pooling/striding: n stride-2 layers of the same kernel (× channels²), and
   * the output stride 2^n (the resolution lost).
   */
  pooling: { layers: number; parameters: number; outputStride: number };
}

export interface AliasingReport {
  /** Common factor g of all effective rates (per axis for 2-D). */
  factor: number | [number, number];
  /** Period of the composite response 2π/g (rad/sample). */
  period: number | [number, number];
  /**
   * Interleaved input sub-grids that one output never mixes, from the exact support: the
   * index of the lattice of its offsets' differences (g, or g_y·g_x, for stacks).
   */
  subgrids: number;
  /**
   * Exact lattice factor of the support per axis: the gcd of the differences of covered
   * offsets (additive key; optional in the type for compatibility, always set by `analyze`).
   * Equals `factor` for stacks; centre alignment of even-sized branches or a residual
   * identity can make it smaller.
   */
  latticeFactor?: number | [number, number];
  /** The network's output stride per axis (the product of its strides, `outputStride`). */
  outputStride: number | [number, number];
  /**
   * π/s per axis: input frequencies above it fold onto lower ones at the output (the
   * output is sampled every s input samples). π when the output stride is 1.
   */
  aliasedAbove: number | [number, number];
}

export interface AnalyzeResult {
  dims: 1 | 2;
  /** 'stack' or 'parallel' (members compared in nulls/deaf bands), and the merge. */
  kind: 'stack' | 'parallel';
  merge?: 'sum' | 'concat';
  /** Offsets' convention used in this output. */
  form: string;
  receptiveField: number | [number, number];
  /** Product of the strides on the output's path, per axis (1: full resolution). */
  outputStride: number | [number, number];
  /** The padding of the network's layers: one name when they agree, else "mixed". */
  padding: string;
  parameters: number;
  gcd: number | [number, number];
  period: number | [number, number];
  aliasing: AliasingReport;
  coverage: CoverageReport;
  griddingFree: boolean;
  /** Null when the network is not a plain stride-1 stack of layers with one kernel size (and, in 2-D, a square kernel with dy = dx). */
  hdc: HdcReport | null;
  layers: LayerSummary[];
  nulls: NullsReport;
  deafBands: DeafBandsReport;
  /** 2-D only: the y-axis cut (nulls and deaf bands of H(ωy, 0)). */
  byAxis?: { y: { nulls: NullsReport; deafBands: DeafBandsReport } };
  cost: CostReport;
  /** z-plane zeros per member and of the whole network, with multiplicity (zerosReport). */
  zeros: ZerosReport;
  /** Linear-phase type, minimum phase, gains at DC and π, L1/L2 norms (networkInfo). */
  info: NetworkInfo;
}
