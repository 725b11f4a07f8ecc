export {
  type BlindspotFigureInput,
  type BlindspotFigureMap,
  type BlindspotFigureOptions,
  blindspotsFigure,
} from './blindspots.ts';
export { type BorderInput, borderFigure, borderRates } from './border.ts';
export {
  type ConvMatrixInput,
  type ConvMatrixOptions,
  convMatrixFigure,
  convolutionMatrix,
  exampleLength,
} from './convMatrix.ts';
export { decimateMinMax } from './decimate.ts';
export {
  type ErfFigureInput,
  type ErfFigureOptions,
  erfFigures,
  erfHeatmapFigure,
  erfRadialFigure,
  logErf,
  radialProfile,
} from './erf.ts';
export { figureToCsv, figureToJson, tableToCsv, tableToRecords } from './export.ts';
export {
  type GrowthInput,
  type GrowthOptions,
  growthFigure,
  powersOfTwoGrowth,
  undilatedGrowth,
} from './growth.ts';
export {
  type ImpulseInput,
  type ImpulseNetwork,
  type ImpulseOptions,
  impulseFigure,
} from './impulse.ts';
export {
  type AnalysisInput,
  memberName,
  type NetworkResponse,
  type ResponseInput,
  rateText,
} from './inputs.ts';
export { type MagnitudeOptions, magnitudeFigure } from './magnitude.ts';
export {
  layerLabel,
  modelBorderFigure,
  modelDeafBandFigure,
  modelPowerFigure,
} from './model.ts';
export { type NullMapInput, nullMapFigure } from './nullMap.ts';
export {
  axis,
  baseLayout,
  countAxis,
  type FigureTheme,
  FONT_FAMILY,
  MANY_MEMBERS,
  MEMBER_DASHES,
  memberStyle,
  networkColor,
  PALETTE,
  themeFigure,
  tint,
  withAlpha,
} from './palette.ts';
export {
  PHASE_KINDS,
  type PhaseFigureOptions,
  type PhaseInput,
  type PhaseKind,
  type PhaseNetwork,
  phaseFigure,
} from './phase.ts';
export {
  type Response2dFigureInput,
  type Response2dInput,
  type Response2dOptions,
  response2dFigure,
} from './response2d.ts';
export {
  centredOffsets,
  holeIndices,
  panelAxes,
  panelDomain,
  stackPanels,
  type TapCoverageOptions,
  type TapHeatmapOptions,
  type TapsFigureInput,
  type TapsInput,
  tapCoverageFigure,
  tapHeatmapFigure,
} from './taps.ts';
export type {
  Annotation,
  Axis,
  Cell,
  DataTable,
  Figure,
  FigureOptions,
  FrequencyUnits,
  Layout,
  SeriesLabel,
  Shape,
  Trace,
} from './types.ts';
export {
  convertFrequencies,
  convertFrequency,
  FREQUENCY_UNITS,
  frequencyAxis,
  frequencyAxisTitle,
  frequencyColumn,
  frequencyFactor,
  frequencyUnits,
  frequencyUnitText,
  piTicks,
} from './units.ts';
export { type ZerosInput, type ZplaneNetwork, type ZplaneOptions, zplaneFigure } from './zplane.ts';
