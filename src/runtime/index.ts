/** The deep-learning runtime (TensorFlow.js, CPU backend): programs, forward, input gradients. */
export {
  forward,
  type GradientTarget,
  initRuntime,
  outputShape,
  outputSumGradient,
  squaredInputGradient,
} from './tfjs.ts';
export type {
  ActivationOp,
  AddOp,
  Batch,
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
} from './types.ts';
