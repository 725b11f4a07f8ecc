import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { borderValidity, layerBorderValidity, validTapCounts } from '../../src/analysis/border.ts';
import { type Layer, parseNetwork } from '../../src/network/index.ts';
import { naiveBorder } from './naive.ts';

const close = (a: number[], b: number[]) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    expect(v).toBeCloseTo(b[i], 14);
  });
};

describe('border validity', () => {
  it('agrees with checking every tap at every position of a 1-D signal', () => {
    for (const [k, r, S] of [
      [3, 1, 10],
      [3, 4, 10],
      [3, 12, 10],
      [2, 3, 9],
      [5, 2, 7],
      [4, 5, 33],
      [1, 7, 5],
    ]) {
      const got = borderValidity([k], [r], S);
      const ref = naiveBorder([k], [r], S);
      expect(got.mapSize).toBe(S);
      expect(got.allTapsFraction).toBeCloseTo(ref.allTapsFraction, 14);
      expect(got.centerOnlyFraction).toBeCloseTo(ref.centerOnlyFraction, 14);
      expect(got.meanValidFraction).toBeCloseTo(ref.meanValidFraction, 14);
      close(got.histogram, ref.histogram);
    }
  });

  it('agrees with checking every tap at every pixel of an S×S map', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 14 }),
        (ky, kx, ry, rx, S) => {
          const got = borderValidity([ky, kx], [ry, rx], S);
          const ref = naiveBorder([ky, kx], [ry, rx], S);
          expect(got.allTapsFraction).toBeCloseTo(ref.allTapsFraction, 14);
          expect(got.centerOnlyFraction).toBeCloseTo(ref.centerOnlyFraction, 14);
          expect(got.meanValidFraction).toBeCloseTo(ref.meanValidFraction, 14);
          close(got.histogram, ref.histogram);
        },
      ),
      { seed: 42, numRuns: 120 },
    );
  });

  it('counts the taps inside per position like a direct loop', () => {
    for (const [k, r, S] of [
      [3, 2, 11],
      [4, 3, 10],
      [6, 1, 4],
    ]) {
      const h = Math.floor(((k - 1) * r) / 2);
      const ref = Array.from({ length: S }, (_, p) => {
        let n = 0;
        for (let t = 0; t < k; t++) if (p + t * r - h >= 0 && p + t * r - h < S) n++;
        return n;
      });
      expect([...validTapCounts(k, r, S)]).toEqual(ref);
    }
  });

  it('keeps all nine taps of a 3×3 kernel on (S − 2r)² of S² positions', () => {
    // Closed form for odd k = 3 and r < S/2: all taps inside iff r ≤ p ≤ S−1−r per axis.
    for (const [r, S] of [
      [1, 65],
      [6, 65],
      [12, 65],
      [24, 65],
    ]) {
      const v = borderValidity([3, 3], [r, r], S);
      expect(v.allTapsFraction).toBeCloseTo(((S - 2 * r) / S) ** 2, 14);
      // Only the centre survives where both other taps fall out on both axes: none while 2r < S.
      expect(v.centerOnlyFraction).toBe(0);
    }
  });

  it('degenerates a 3×3 filter to 1×1 everywhere once the rate reaches the map size', () => {
    const layer = parseNetwork({ kernel: 'box:3x3', dilation: 65 }).root as Layer;
    const v = layerBorderValidity(layer, 65);
    expect(v.centerOnlyFraction).toBe(1);
    expect(v.allTapsFraction).toBe(0);
    expect(v.meanValidFraction).toBeCloseTo(1 / 9, 15);
    expect(v.histogram[1]).toBe(1);
  });

  it('names the map size when it is out of range', () => {
    expect(() => borderValidity([3], [2], 0)).toThrow(/mapSize must be/);
    expect(() => borderValidity([3], [2], 1.5)).toThrow(/mapSize must be .* got 1\.5/);
  });
});
