export {
  type AnalyzeOnnxOptions,
  analyzeModel,
  analyzeOnnx,
  type CompositeKernel,
  type CompositeReport,
  compositeAutocorrelation,
  compositeCost,
  compositePowerAt,
  cutModel,
  type LayerPower,
  layerBorder,
  linearisedComposite,
  MODEL_FORM,
  type ModelAnalysis,
  type ModelAnalyzeOptions,
  type ModelBorder,
  type ModelLayerRow,
  type ModelTaps,
  modelTaps,
  type PerAxis,
  SVD_POINTS,
} from './analyze.ts';
export { analysisCost } from './cost.ts';
export {
  type AttributeValue,
  type DecodeOptions,
  decodeOnnx,
  type OnnxModel,
  type OnnxNode,
  type OnnxValueInfo,
} from './decode.ts';
export { ModelError } from './errors.ts';
export { ENDING_OPS, type ImportOptions, importOnnx, POINTWISE_OPS } from './import.ts';
export { MODEL_LIMITS } from './limits.ts';
export {
  type Autocorrelation,
  cutAutocorrelation,
  foldedWeights,
  MAX_SVD_CHANNELS,
  powerAt,
  singularValuesAt,
  summedAutocorrelation,
  symmetricEigenvalues,
} from './power.ts';
export { externalDataResolver, importModelFile, type ReadBytes } from './source.ts';
export {
  bfloat16ToNumber,
  DATA_TYPE,
  dataTypeName,
  type ExternalDataResolver,
  halfToNumber,
  type Tensor,
} from './tensor.ts';
export type * from './types.ts';
