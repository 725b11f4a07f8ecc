import { compositeKernel } from '../../src/analysis/composite.ts';
import type { Network } from '../../src/network/index.ts';
import { dtft } from '../../src/response/dtft.ts';

/** Largest |a − b| over complex samples, relative to max |b|. */
export function relativeError(
  got: { re: ArrayLike<number>; im: ArrayLike<number> },
  want: { re: ArrayLike<number>; im: ArrayLike<number> },
): number {
  let err = 0;
  let scale = 0;
  for (let j = 0; j < want.re.length; j++) {
    err = Math.max(err, Math.hypot(got.re[j] - want.re[j], got.im[j] - want.im[j]));
    scale = Math.max(scale, Math.hypot(want.re[j], want.im[j]));
  }
  return err / (scale || 1);
}

/** The direct DTFT of a network's composite kernel at the given frequencies (rad/sample). */
export function compositeDtft(network: Network, omegas: ArrayLike<number>) {
  const h = compositeKernel(network.root, 1).weights;
  const re = new Float64Array(omegas.length);
  const im = new Float64Array(omegas.length);
  for (let j = 0; j < omegas.length; j++) {
    const v = dtft(h, omegas[j]);
    re[j] = v.re;
    im[j] = v.im;
  }
  return { re, im };
}

/** A seeded list of weights in [−0.5, 0.5) (an LCG), the same for the same seed. */
export function seeded(seed: number, length: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}
