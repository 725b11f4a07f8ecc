/**
 * Frequency responses: scipy-compatible `freqz`, dilated responses by spectrum remap,
 * the composed response of a 1-D network (`response`) and of a 2-D network on an N×N grid
 * (`response2d`), with JSON helpers. The direct DTFT (`dtft`, `dtft2`) is the reference.
 */
export { DB_FLOOR, toDb } from './decibels.ts';
export { type DilatedResponseOptions, dilatedResponse } from './dilated.ts';
export { downsampleResponse2d, type Pool2d, poolAxis, poolGrid } from './downsample2d.ts';
export { dtft, dtft2, dtftMagnitude } from './dtft.ts';
export { FREQZ_MAX_TAPS, type FreqzOptions, type FreqzResult, freqz } from './freqz.ts';
export { type FrequencyGrid, frequencyGrid, gridFrequencies } from './grid.ts';
export { nodeLabel } from './label.ts';
export {
  groupDelay,
  type KernelSymmetry,
  kernelSymmetry,
  NEAR_ZERO,
  type PhasePanels,
  phasePanels,
  stepResponse,
  stepResponse2d,
  unwrapPhase,
} from './phase.ts';
export {
  type ComplexValue,
  gridPeriod,
  mirrorAndTile,
  poly2At,
  polyAt,
  polyDerivativeAt,
  polyMagnitudeAt,
  polyMagnitudePeriod,
  polyOnGrid,
  polyTimesOnGrid,
  tile,
} from './polynomial.ts';
export {
  type NetworkResponse,
  type NetworkResponseJSON,
  type ResponseMember,
  type ResponseOptions,
  response,
  responseToJSON,
} from './response.ts';
export {
  type NetworkResponse2d,
  type NetworkResponse2dJSON,
  type Response2dMember,
  type Response2dOptions,
  response2d,
  response2dToJSON,
} from './response2d.ts';
export { directDilated, type HalfSpectrum, halfSpectrum, remap } from './spectrum.ts';
