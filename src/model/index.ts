export {
  type AttributeValue,
  type DecodeOptions,
  decodeOnnx,
  type OnnxModel,
  type OnnxNode,
  type OnnxValueInfo,
} from './decode.ts';
export { ModelError } from './errors.ts';
export { MODEL_LIMITS } from './limits.ts';
export {
  bfloat16ToNumber,
  DATA_TYPE,
  dataTypeName,
  type ExternalDataResolver,
  halfToNumber,
  type Tensor,
} from './tensor.ts';
