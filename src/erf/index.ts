/** Effective receptive fields: exact forms, measures, blind spots (docs/theory.md). */
export { exactGivenErf, exactRandomErf } from './exact.ts';
export { areaRatio, areaRatios, erfSpread, griddingIndex } from './measures.ts';
export {
  AREA_THRESHOLDS,
  type AreaRatios,
  type ErfMap,
  type ErfSpread,
} from './types.ts';
export { mapRows, normaliseToMax, windowOrigin } from './window.ts';
