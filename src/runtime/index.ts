/** The deep-learning runtime (TensorFlow.js, WebAssembly or CPU backend): programs, forward, input gradients. */

export { type Cone, coneProgram } from './cone.ts';
export { programShapes } from './geometry.ts';
export {
  forward,
  type GradientOptions,
  type GradientTarget,
  initRuntime,
  outputShape,
  outputSumGradient,
  type RuntimeBackend,
  type RuntimeOptions,
  runtimeBackend,
  squaredInputGradient,
} from './tfjs.ts';
export type {
  ActivationOp,
  AddOp,
  Batch,
  ClipOp,
  ConcatOp,
  ConvOp,
  CropOp,
  GlobalOp,
  MulOp,
  Op,
  Padding,
  PoolOp,
  Program,
  ScaleOp,
  SelectOp,
} from './types.ts';
