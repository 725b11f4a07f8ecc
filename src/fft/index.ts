/**
 * The FFT module: the only importer of fft.js. Cached plans per size, reused buffers,
 * real and complex 1-D transforms, the 2-D transform of a real array, and cached twiddle
 * tables e^{−2πij/M}. Every result is `{re, im}` of Float64Array.
 */

export { fft, ifft } from './complex.ts';
export { fft2dReal } from './fft2d.ts';
export { getPlan, type Plan } from './plan.ts';
export { rfft, rfftHalf } from './real.ts';
export { checkFftSize } from './size.ts';
export { type Twiddles, twiddles } from './twiddle.ts';
export type { Complex } from './types.ts';
