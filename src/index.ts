/**
 * dilation-lab: the public library API (re-exports only; docs/api.md).
 *
 * - Networks: `parseNetwork` (a spec object, or JSON/YAML text), `parseNetworkText`,
 *   `shortFormNetwork({kernel, rates, mode})`, the presets, `parseKernel`.
 * - Analysis: `analyze(network, options)` returns the AnalyzeResult that
 *   `dilation-lab analyze --json` prints (receptive field, coverage and holes, gcd and
 *   period, HDC, per-layer numbers, exact nulls, deaf bands, cost, z-plane zeros, info).
 * - Frequency responses: `response` (1-D, scipy.signal.freqz's grid), `response2d`
 *   (N×N grid), `freqz` (one FIR filter, scipy-compatible), and their JSON helpers.
 * - Recommendations: `recommend(options)` ranks gridding-free dilation schedules for a stack
 *   (what `dilation-lab recommend --json` prints), `recommendParallel(options)` rate sets for
 *   parallel ASPP branches; both place well-known schedules beside the picks.
 * - Effective receptive field: `erf(network, options)` (measured by TensorFlow.js
 *   back-propagation, next to the exact form), `exactRandomErf`, `exactGivenErf` and the
 *   measures `areaRatios`, `erfSpread`, `griddingIndex` (docs/theory.md §13);
 *   `applyNetwork(network, image)` runs a network on an image beside a gridding-free schedule.
 * - `LIMITS`: the bounds on every input. Errors are RangeError/TypeError (FieldError,
 *   FieldTypeError) whose message names the field and the value.
 *
 * Conventions: tap n of a k-tap kernel dilated by d at offset n·d (causal form); layers
 * placed as PyTorch pads them (the network graph, `networkGraph`); frequencies in rad/sample.
 */

export {
  analyze,
  DEFAULT_THRESHOLD_DB,
  MAX_CHANNELS,
} from './analysis/analyze.ts';
export { type NetworkInfo, networkInfo } from './analysis/info.ts';
export { MAX_LISTED_FREQUENCIES } from './analysis/listed.ts';
export { analyzeCost, checkAnalyzeCost, MAX_ANALYZE_COST } from './analysis/price.ts';
export type {
  AliasingReport,
  AnalyzeOptions,
  AnalyzeResult,
  Band,
  BorderValidity,
  CostReport,
  CoverageReport,
  DeafBandsReport,
  HdcReport,
  LayerSummary,
  Null,
  NullsReport,
  PerList,
} from './analysis/types.ts';
export {
  dilatedZeros,
  polynomialZeros,
  type Zero,
  type ZerosReport,
  zerosReport,
} from './analysis/zeros.ts';
export {
  type ApplyOptions,
  type ApplyResult,
  AREA_THRESHOLDS,
  type AreaRatios,
  applyNetwork,
  areaRatios,
  type BlindspotMap,
  type BlindspotMaps,
  type BlindspotOptions,
  type BlindspotResult,
  blindspots,
  blindspotsModel,
  checkerboard,
  ERF_LIMITS,
  type ErfMap,
  type ErfOptions,
  type ErfResult,
  type ErfSpread,
  erf,
  erfSpread,
  exactGivenErf,
  exactRandomErf,
  type GrayMap,
  griddingIndex,
  sideBySide,
  testCard,
  withRates,
} from './erf/index.ts';
export { KERNEL_PRESETS, parseKernel } from './kernel/parse.ts';
export type { Kernel } from './kernel/types.ts';
export {
  alignmentShift,
  type ConvNode,
  type ConvParams,
  type CropNode,
  type GlobalNode,
  type Graph,
  type GraphAlgebra,
  type GraphNode,
  type Member,
  type MergeNode,
  mapShapes,
  networkGraph,
  networkMembers,
  type Padding,
  type Placement,
  type PointwiseConstant,
  type PointwiseNode,
  type PoolNode,
  paddingAmounts,
  type ResizeNode,
  type SelectNode,
  type ShortcutNode,
  type WalkStep,
  type WeightTensor,
  walkGraph,
  walkGraphAll,
} from './network/index.ts';
export { LIMITS } from './network/limits.ts';
export {
  networkToSpec,
  parseNetwork,
  parseNetworkText,
  parseRatesText,
} from './network/parse.ts';
export { getPreset, PRESETS, type Preset, presetNames, presetNetwork } from './network/presets.ts';
export {
  DEFAULT_KERNEL,
  type NetworkSource,
  resolveNetwork,
  type ShortForm,
  type SourceNames,
  selectSource,
  shortFormNetwork,
} from './network/source.ts';
export type {
  Layer,
  Network,
  NetworkNode,
  Parallel,
  Pool,
  Residual,
  Stack,
} from './network/types.ts';
export type {
  BranchBorder,
  CommonSearchOptions,
  KernelInput,
  ParallelPick,
  ParallelRankKey,
  ParallelReference,
  ParallelScore,
  ReceptiveFieldGoal,
  RecommendOptions,
  RecommendParallelOptions,
  RecommendParallelResult,
  RecommendResult,
  ScheduleCoverage,
  SearchBudget,
  SearchReport,
  StackPick,
  StackRankKey,
  StackReference,
  StackScore,
} from './recommend/index.ts';
export {
  hdcRates,
  PARALLEL_RANKING,
  powersOfTwo,
  RECOMMEND_FORM,
  RECOMMEND_PARALLEL_FORM,
  recommend,
  recommendParallel,
  scaleGap,
} from './recommend/index.ts';
export { dtft, dtft2 } from './response/dtft.ts';
export { type FreqzOptions, type FreqzResult, freqz } from './response/freqz.ts';
export {
  type KernelSymmetry,
  kernelSymmetry,
  type PhasePanels,
  stepResponse,
  stepResponse2d,
} from './response/phase.ts';
export {
  type NetworkResponse,
  type NetworkResponseJSON,
  type ResponseMember,
  type ResponseOptions,
  response,
  responseToJSON,
} from './response/response.ts';
export {
  type NetworkResponse2d,
  type NetworkResponse2dJSON,
  type Response2dMember,
  type Response2dOptions,
  response2d,
  response2dToJSON,
} from './response/response2d.ts';
export {
  detailIn,
  FieldError,
  FieldTypeError,
  libraryNames,
  type MessagePart,
  type OptionNamer,
  type OptionRef,
  partsText,
  renameField,
} from './util/validate.ts';
