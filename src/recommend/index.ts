export { comparisonClause, PARALLEL_KEY_NAMES, STACK_KEY_NAMES } from './comparison.ts';
export { MAX_SEARCH_BYTES, SearchMemoryError } from './options.ts';
export {
  PARALLEL_RANKING,
  RECOMMEND_PARALLEL_FORM,
  recommendParallel,
  scaleGap,
} from './parallel.ts';
export { hdcRates, powersOfTwo, RECOMMEND_FORM, recommend } from './recommend.ts';
export type {
  BranchBorder,
  CommonSearchOptions,
  KernelInput,
  ParallelPick,
  ParallelRankKey,
  ParallelReference,
  ParallelScore,
  RankComparison,
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
} from './types.ts';
