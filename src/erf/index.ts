/** Effective receptive fields: exact forms, measures, blind spots (docs/theory.md). */

export {
  APPLY_LIMITS,
  type ApplyOptions,
  type ApplyResult,
  applyNetwork,
  checkerboard,
  type GrayMap,
  type GrayRaster,
  sideBySide,
  testCard,
  withRates,
} from './apply.ts';
export {
  type BlindspotMap,
  type BlindspotMaps,
  type BlindspotOptions,
  type BlindspotResult,
  blindspots,
  blindspotsModel,
  reachProgram,
} from './blindspots.ts';
export {
  type EmpiricalErfOptions,
  empiricalErf,
  isAffine,
  randomInputs,
  sampleSeed,
} from './empirical.ts';
export { ERF_LIMITS, type ErfOptions, type ErfResult, erf } from './erf.ts';
export {
  type ExactErfView,
  exactErfView,
  exactGivenErf,
  exactRandomErf,
  hasMaxPool,
} from './exact.ts';
export { type Activation, lowerNetwork } from './lower.ts';
export { areaRatio, areaRatios, erfSpread, griddingIndex } from './measures.ts';
export { erfModel, exactModelErfView, lowerModel } from './model.ts';
export {
  type Polyphase,
  polyphase,
  type SmoothComparison,
  type SmoothRow,
  type SmoothVariant,
  smoothComparison,
  smoothVariant,
} from './smooth.ts';
export {
  AREA_THRESHOLDS,
  type AreaRatios,
  type ErfMap,
  type ErfSpread,
} from './types.ts';
export { mapRows, normaliseToMax, windowOrigin } from './window.ts';
