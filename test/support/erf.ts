/**
 * Helpers of the ERF tests: Pearson correlation, an ERF window placed on the full input, and
 * the check of a measured ERF against a torch fixture case.
 */
import { expect } from 'vitest';
import { empiricalErf, lowerNetwork } from '../../src/erf/index.ts';
import { parseNetwork } from '../../src/network/index.ts';

/** Pearson correlation of two equal-length series (the textbook two-pass formula). */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** The full-input ERF from the result's window (normalised like the result: max 1). */
export function fullMap(
  r: { erf: number[][]; windowStart: number[] },
  H: number,
  W: number,
): Float64Array {
  const out = new Float64Array(H * W);
  r.erf.forEach((row, i) => {
    row.forEach((v, j) => {
      const y = i + r.windowStart[0];
      const x = j + r.windowStart[1];
      if (y >= 0 && y < H && x >= 0 && x < W) out[y * W + x] = v;
    });
  });
  return out;
}

/**
 * A case of a torch fixture (test/fixtures/erf/make.py): a spec network with a ReLU after
 * every convolution but the last, its inputs and torch autograd's ERF map on them.
 */
export interface TorchErfCase {
  name: string;
  spec: unknown;
  shape: [number, number, number];
  count: number;
  inputs: number[];
  position: [number, number];
  erf: number[];
}

/**
 * Measures the case's ERF with the lab's runtime on the case's own inputs and checks it
 * against torch's: the same length, correlation above 0.999, every value within 1e-3 of the
 * peak.
 */
export async function expectTorchErf(c: TorchErfCase): Promise<void> {
  const network = parseNetwork(c.spec);
  const map = await empiricalErf(lowerNetwork(network, 'relu'), {
    inputShape: c.shape,
    position: c.position,
    samples: c.count,
    seed: 0,
    inputs: { count: c.count, shape: c.shape, values: Float32Array.from(c.inputs) },
  });
  expect(map.length).toBe(c.erf.length);
  expect(correlation(map, c.erf)).toBeGreaterThan(0.999);
  const peak = Math.max(...c.erf);
  const worst = Math.max(...c.erf.map((v, i) => Math.abs(v - map[i])));
  expect(worst / peak).toBeLessThan(1e-3);
}
