/**
 * Options and results of `recommend` (stacks) and `recommendParallel` (ASPP-style sets).
 *
 * Forms: tap n of a k-tap kernel at rate d sits at offset n·d (causal form); parallel
 * branches are aligned at their centres. Frequencies are rad/sample in [0, π]. For a 2-D
 * k×k kernel (equal rates on both axes) every spectral measure is taken on the axis cuts
 * H(0, ωx) and H(ωy, 0), as `analyze` does (one cut when both are the same 1-D kernel).
 */

import type { MessagePart } from '../util/validate.ts';

/** A kernel: a spec string (`box:3`, `box:3x3`, `binomial:5`, ...), weights, or a size K meaning `box:K`. */
export type KernelInput = string | number | readonly number[] | readonly (readonly number[])[];

/** The receptive field asked for: at least `atLeast`, or within `about ± tolerance` (inputs). */
export type ReceptiveFieldGoal =
  | { readonly atLeast: number }
  | { readonly about: number; readonly tolerance?: number };

/** Limits on the work of one search. A search node is one schedule, complete or partial. */
export interface SearchBudget {
  /** Most search nodes to visit (default 20,000,000). */
  readonly maxCandidates?: number;
  /** Most milliseconds to spend, measured with `now` (both or neither). */
  readonly maxMs?: number;
  /** The clock for `maxMs`, in ms (e.g. `performance.now`); the core never reads a clock itself. */
  readonly now?: () => number;
  /**
   * Most bytes the search's tables and arrays may take (default MAX_SEARCH_BYTES, 256 MB),
   * estimated before anything is allocated; above it, a FieldError says what to lower.
   */
  readonly maxBytes?: number;
}

/** Options shared by `recommend` and `recommendParallel`. */
export interface CommonSearchOptions {
  /** How many answers to return (default 5, at most 100). */
  readonly top?: number;
  /** Deaf-band threshold in dB relative to the peak of the response (default −20). */
  readonly thresholdDb?: number;
  /** Points of the midpoint grid ω_j = π(j + ½)/G on [0, π] used for the grid measures (power of two, default 256). */
  readonly grid?: number;
  /** Work limits; exceeding one throws a RangeError (FieldError on `budget`) with advice. */
  readonly budget?: SearchBudget;
  /** Stops the search: it throws `signal.reason` (an AbortError by default). */
  readonly signal?: AbortSignal;
  /** Called now and then with (done, total) candidates of the space; done = total at the end. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Options of `recommend` (a stack of layers with one kernel). */
export interface RecommendOptions extends CommonSearchOptions {
  /** The kernel of every layer: a spec, weights, or a size K meaning `box:K`. 2-D kernels must be square (k×k). */
  readonly kernel: KernelInput;
  /** How many layers to choose (after `prefix`): a number or an inclusive range. */
  readonly layers: number | { readonly min: number; readonly max: number };
  /** Largest rate the search may choose (default 64). */
  readonly maxRate?: number;
  /** Smallest rate the search may choose (default 1). */
  readonly minRate?: number;
  /** Receptive field wanted along each axis, in samples/pixels (default: no constraint). */
  readonly receptiveField?: ReceptiveFieldGoal;
  /**
   * Side S of the feature map (S-long signal for 1-D). Every chosen rate must keep
   * allTapsFraction(d) > `minAllTapsFraction` (DeepLabv3 §3.3, "same" zero padding), where
   * allTapsFraction(d) = (max(0, S − (k−1)d)/S)^dims is the fraction of output positions whose
   * every tap lands inside the map. With the default 0 this is (k−1)·d < S.
   */
  readonly mapSize?: number;
  /** Threshold on allTapsFraction for `mapSize` (default 0, strict: a rate needs more than this). */
  readonly minAllTapsFraction?: number;
  /** Fixed leading rates (e.g. a backbone's), part of every schedule; not subject to maxRate, minRate or the border limit. */
  readonly prefix?: readonly number[];
  /** Extra reference schedules: preset names (their layers' rates are used with this kernel) or rate lists. */
  readonly references?: readonly (string | readonly number[])[];
  /** `exhaustive` (default; pruning proven exact) or `beam` (heuristic, width `beamWidth`). */
  readonly search?: 'exhaustive' | 'beam';
  /** Partial schedules kept per depth by the beam search (default 2000). */
  readonly beamWidth?: number;
  /** Skip the exact pruning rules (diagnostics and benchmarks only; the answers are the same). */
  readonly pruning?: boolean;
}

/** The ranking measures of a stack, in the order they are compared. */
export type StackRankKey =
  | 'sharedNulls'
  | 'maxNullMultiplicity'
  | 'deafFraction'
  | 'minGainDb'
  | 'flatness'
  | 'rfPerParameter'
  | 'distinctRates'
  | 'maxRate'
  | 'rates';

/** Spatial coverage of a schedule over its receptive field (per axis; a 2-D tap set is the product of two). */
export interface ScheduleCoverage {
  /** Receptive field along one axis (offsets 0..size−1). */
  size: number;
  /** Offsets reached by at least one path. */
  covered: number;
  holes: number;
  holeFraction: number;
}

/** Every number of one schedule, computed by the same scorer for picks and references. */
export interface StackScore {
  /** The prefix rates, then the chosen ones ascending (any order gives the same tap set and |H|). */
  rates: number[];
  layers: number;
  /** 1 + (k−1)·Σd along each axis: a number (1-D) or [rows, cols] (2-D). */
  receptiveField: number | [number, number];
  /** Weights: layers · k (1-D) or layers · k² (2-D). */
  parameters: number;
  /** Receptive field (area for 2-D) per parameter. */
  rfPerParameter: number;
  coverage: ScheduleCoverage;
  /** No holes: every offset inside the receptive field is reached (exact tap set). */
  griddingFree: boolean;
  /** Frequencies in [0, π] (rad/sample) where every layer is null (x cut, then y cut if it differs). */
  sharedNulls: number[];
  /** Largest multiplicity of a composite null: the number of layer nulls (with multiplicity) that coincide. */
  maxNullMultiplicity: number;
  /** Distinct exact nulls of the composite response in [0, π] (summed over cuts). */
  compositeNulls: number;
  /** Fraction of grid points of [0, π] where |H|²/max|H|² is below thresholdDb (mean over cuts). */
  deafFraction: number;
  /** Smallest grid gain 10·log10(|H|²/max|H|²) in dB (min over cuts); a ranking key only when the kernel has no exact nulls. */
  minGainDb: number;
  /** Spectral flatness of |H|² on the grid: geometric mean / arithmetic mean, in (0, 1] (mean over cuts). */
  flatness: number;
  distinctRates: number;
  maxRate: number;
  /** Worst layer's border validity when a map size is given (searched and prefix layers). */
  border?: {
    mapSize: number;
    minAllTapsFraction: number;
    maxCenterOnlyFraction: number;
    minMeanValidFraction: number;
  };
}

/**
 * How one schedule compares with another on the measure that separates them: `side` of
 * pick `rank` on `key`, with both values as shown in the reason (this one's first).
 */
export interface RankComparison<K extends string> {
  side: 'above' | 'below';
  rank: number;
  key: K;
  values: [string, string];
}

/** One recommended schedule. */
export interface StackPick extends StackScore {
  /** 1 for the best. */
  rank: number;
  /** The measure that put this pick above the next one (null for the last pick). */
  decidedBy: StackRankKey | null;
  /** Against the next pick (null for the last pick): `decidedBy` and both values. */
  comparison: RankComparison<StackRankKey> | null;
  /** One line: why this schedule, in words and numbers. */
  reason: string;
}

/** A well-known schedule scored with the same numbers, next to the picks. */
export interface StackReference extends StackScore {
  name: string;
  reference: true;
  /** The constraints it fails, in words (empty when it would be admissible). */
  violations: string[];
  /** The first measure on which it differs from the top pick (null without picks). */
  versusTop: StackRankKey | null;
  /** Where it would rank among the picks by the measures alone (1 = above every pick). */
  wouldRank: number | null;
  /** Against the top pick on `versusTop` (null without picks or when it ties). */
  comparison: RankComparison<StackRankKey> | null;
  reason: string;
}

/** How the search went: never silently truncated. */
export interface SearchReport {
  strategy: 'exhaustive' | 'beam';
  /** True when every candidate of the space was either scored or excluded by a proven rule. */
  exhaustive: boolean;
  /** Human-readable name of the method, e.g. "exhaustive depth-first over multisets with exact pruning". */
  method: string;
  /** Candidates in the space: multisets of the allowed rates for every layer count asked. */
  space: number;
  /** Complete candidates scored (hard constraints checked). */
  evaluated: number;
  /** Candidates excluded in bulk by a proven rule, by rule. */
  pruned: Record<string, number>;
  /** Scored candidates rejected, by the constraint that failed first. */
  rejected: Record<string, number>;
  /** Candidates that meet every hard constraint. */
  feasible: number;
  /** Search nodes visited (complete and partial schedules). */
  nodes: number;
  /** The grid size G of the grid measures. */
  grid: number;
  /**
   * Stacks only: the feasible schedules counted exactly before the search (count.ts:
   * gridding-free, RF inside the window), or null when they cannot be counted that way.
   */
  feasibleCount?: number | null;
  /** Stacks only: which search ran and why (from the count), in words. */
  choice?: string;
}

/** The result of `recommend`. */
export interface RecommendResult {
  kind: 'stack';
  kernel: string;
  dims: 1 | 2;
  /** Conventions used in this output. */
  form: string;
  /** The constraints as applied (defaults filled in, border cap resolved). */
  constraints: {
    layers: { min: number; max: number };
    minRate: number;
    maxRate: number;
    /** Largest rate the border limit allows (when mapSize is given). */
    borderRateCap: number | null;
    receptiveField: { min: number; max: number };
    prefix: number[];
    mapSize: number | null;
    minAllTapsFraction: number;
    thresholdDb: number;
  };
  /** The ranking measures in comparison order ("minGainDb" only when the kernel has no exact null). */
  ranking: StackRankKey[];
  /** Does the kernel have exact nulls (then the minimum gain is zero for every schedule)? */
  kernelHasNulls: boolean;
  picks: StackPick[];
  references: StackReference[];
  search: SearchReport;
  /** Set when there is no pick: which constraint removed everything. */
  reason?: string;
  /**
   * The reason in pieces, the options it names by reference (`{option: 'minRate'}`), so an
   * adapter can name them its own way (`--min-rate`); `reason` is its text in the library's names.
   */
  reasonParts?: MessagePart[];
  /** When there is no pick: the gridding-free schedules closest to the receptive-field goal. */
  closest?: StackScore[];
}

/** Options of `recommendParallel` (ASPP-style parallel branches, one rate each). */
export interface RecommendParallelOptions extends CommonSearchOptions {
  /** Kernel of every atrous branch (default `box:3x3`); square and odd-sized. */
  readonly kernel?: KernelInput;
  /** Number of atrous branches (a 1×1 branch, if any, is not counted; it is the scale 1 of the spread measure). */
  readonly branches: number;
  /** Side S of the feature map the branches run on (e.g. 33 for a 513 crop at output stride 16). */
  readonly mapSize: number;
  /** Output stride of that map (default 16); the references are placed on the map the same image gives at their own stride. */
  readonly outputStride?: number;
  /** Largest rate (default: the largest one the border limit allows). */
  readonly maxRate?: number;
  /** Smallest rate (default 1). */
  readonly minRate?: number;
  /** Border limit: each branch needs allTapsFraction > this (default 0, i.e. (k−1)·r < S). */
  readonly minAllTapsFraction?: number;
  /** Extra reference rate sets, scored on `mapSize`. */
  readonly references?: readonly (readonly number[])[];
}

/** The ranking measures of a parallel set, in comparison order. */
export type ParallelRankKey =
  | 'sharedNulls'
  | 'scaleGap'
  | 'envelopeDeafFraction'
  | 'minMeanValidFraction'
  | 'envelopeMinGainDb'
  | 'rates';

/** Border validity of one branch (DeepLabv3 §3.3) on the map. */
export interface BranchBorder {
  rate: number;
  /** Effective size (k−1)·r + 1. */
  effectiveSize: number;
  allTapsFraction: number;
  centerOnlyFraction: number;
  meanValidFraction: number;
}

/** Every number of one parallel rate set. */
export interface ParallelScore {
  rates: number[];
  mapSize: number;
  outputStride: number;
  branches: BranchBorder[];
  /** Frequencies in [0, π] (rad/sample) where every branch is null: nothing passes there. */
  sharedNulls: number[];
  /**
   * Root-mean-square gap between consecutive scales on a log axis, over the points 1 (the 1×1
   * branch), min(K_b, S) and S, divided by ln S: 1/(B+1) for a log-even spread up to the map size.
   */
  scaleGap: number;
  /** log2(K_max / K_min): octaves of scale the branches span. */
  spreadOctaves: number;
  /** Fraction of grid points where the envelope max_b |H_b|² is below thresholdDb of its peak (mean over cuts). */
  envelopeDeafFraction: number;
  /** Smallest grid value of the envelope relative to its peak, dB (min over cuts). */
  envelopeMinGainDb: number;
  /** Smallest meanValidFraction over the branches. */
  minMeanValidFraction: number;
  /** Smallest allTapsFraction over the branches. */
  minAllTapsFraction: number;
}

export interface ParallelPick extends ParallelScore {
  rank: number;
  decidedBy: ParallelRankKey | null;
  comparison: RankComparison<ParallelRankKey> | null;
  reason: string;
}

export interface ParallelReference extends ParallelScore {
  name: string;
  reference: true;
  violations: string[];
  versusTop: ParallelRankKey | null;
  comparison: RankComparison<ParallelRankKey> | null;
  reason: string;
}

/** The result of `recommendParallel`. */
export interface RecommendParallelResult {
  kind: 'parallel';
  kernel: string;
  dims: 1 | 2;
  form: string;
  constraints: {
    branches: number;
    mapSize: number;
    outputStride: number;
    minRate: number;
    maxRate: number;
    borderRateCap: number;
    minAllTapsFraction: number;
    thresholdDb: number;
  };
  ranking: ParallelRankKey[];
  picks: ParallelPick[];
  references: ParallelReference[];
  search: SearchReport;
  /** Set when there is no pick: why. */
  reason?: string;
  /** The reason in pieces, options by reference (see RecommendResult.reasonParts). */
  reasonParts?: MessagePart[];
  closest?: ParallelScore[];
}
