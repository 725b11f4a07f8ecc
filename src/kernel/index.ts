export { dilateKernel, effectiveSize } from './dilate.ts';
export { checkWeights, KERNEL_PRESETS, parseKernel } from './parse.ts';
export { mulberry32, normals } from './random.ts';
export { type Kernel, kernelDims, kernelSize } from './types.ts';
