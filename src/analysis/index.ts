export { aliasing, effectiveRates, latticeFactorOf, subgridsOf } from './aliasing.ts';
export {
  ANALYZE_FORM,
  analyze,
  DEFAULT_THRESHOLD_DB,
  MAX_CHANNELS,
  type ResolvedAnalyzeOptions,
  resolveAnalyzeOptions,
} from './analyze.ts';
export { blindFraction, blindFraction2d, layerBlindFraction } from './blindFraction.ts';
export { borderValidity, layerBorderValidity, validTapCounts } from './border.ts';
export {
  axisCut,
  compositeKernel,
  type DenseKernel,
  graphKernel,
  networkKernel,
  placementOf,
  receptiveFieldOf,
  totalStride,
} from './composite.ts';
export { type CostOptions, cost, layersToReach } from './cost.ts';
export { coverage, coverageOf, isGriddingFree, MAX_HOLE_OFFSETS } from './coverage.ts';
export {
  checkThresholdDb,
  deafBandsReport,
  dilatedBands,
  findDeafBands,
  intersectBands,
  kernelDeafBands,
  mergeBands,
  peakMagnitude,
} from './deafBands.ts';
export {
  layerEffectiveSize,
  layerParameterEfficiency,
  parameterEfficiency,
} from './effectiveSize.ts';
export { hdcDistances, hdcInput, hdcReport, hdcSatisfied } from './hdc.ts';
export { type NetworkInfo, networkInfo, UNIT_CIRCLE_TOLERANCE } from './info.ts';
export { listedReport, MAX_LISTED_FREQUENCIES } from './listed.ts';
export { type MemberSummaryOptions, memberSummary } from './memberSummary.ts';
export {
  dilatedNulls,
  intersectNulls,
  type KernelNullsOptions,
  kernelNulls,
  nodeNulls,
  nullsReport,
  sharedNulls,
  unionNulls,
} from './nulls.ts';
export { objectHitProbability } from './objectHit.ts';
export {
  ANALYZE_LAYER_POINTS,
  ANALYZE_NULL_POINTS,
  analyzeCost,
  checkAnalyzeCost,
  MAX_ANALYZE_COST,
} from './price.ts';
export { perAxisValue, receptiveField, receptiveFieldGrowth } from './receptiveField.ts';
export { NULL_MERGE, NULL_TOLERANCE, unitCircleNulls } from './roots.ts';
export { pathCounts, pathCountsOf, tapSet, tapSetOf } from './tapSet.ts';
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
} from './types.ts';
export {
  dilatedZeros,
  elementFactors,
  elementZeros,
  expandFactors,
  factorMultiplicity,
  factorZeroCount,
  MAX_ZERO_DEGREE,
  MAX_ZEROS_LISTED,
  MAX_ZEROS_TOTAL,
  mergeZeros,
  polynomialZeros,
  sharedFactorZeros,
  sharedZeros,
  type Zero,
  type ZeroFactor,
  type ZerosReport,
  zerosReport,
} from './zeros.ts';
