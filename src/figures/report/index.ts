export { type BlindFractionOptions, blindFractionFigure } from './blindFraction.ts';
export {
  type BranchCoverageInput,
  type BranchCoverageOptions,
  type BranchKernel,
  branchCoverageFigure,
} from './branchCoverage.ts';
export {
  type LayerRates,
  MEMBER_COLORS,
  memberColor,
  networkMarker,
  type RateMarkers,
  REFERENCE_STYLES,
} from './inputs.ts';
export { type ObjectHitOptions, objectHitFigure } from './objectHit.ts';
export {
  type PeriodicityInput,
  type PeriodicityOptions,
  periodicityFigure,
} from './periodicity.ts';
export {
  type GrowthInput,
  type RfLinearVsExponentialOptions,
  rfLinearVsExponentialFigure,
} from './rfLinearVsExponential.ts';
