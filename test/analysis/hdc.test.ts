import { describe, expect, it } from 'vitest';
import { hdcDistances, hdcReport, hdcSatisfied } from '../../src/analysis/hdc.ts';
import { parseNetwork, presetNetwork } from '../../src/network/index.ts';
import { naiveHoles, naiveTaps } from './naive.ts';

const stack = (kernel: string, rates: (number | number[])[]) =>
  parseNetwork({ type: 'stack', layers: rates.map((d) => ({ kernel, dilation: d })) });

/** Gridding-free by enumerating every tap combination (independent of src/analysis). */
const enumeratedGriddingFree = (kernel: string, rates: number[]) => {
  const n = stack(kernel, rates);
  return naiveHoles(naiveTaps(n.root, n.dims), n.dims).length === 0;
};

describe('the HDC rule of Wang et al. 2018', () => {
  it('computes M_i backwards from M_n = r_n as the paper states it', () => {
    // By hand: M_3 = 5; M_2 = max(5−4, 5−2(5−2), 2) = 2; M_1 = max(2−2, 2−2(2−1), 1) = 1.
    expect(hdcDistances([1, 2, 5])).toEqual([1, 2, 5]);
    // M_3 = 2; M_2 = max(2−4, 2−2·0, 2) = 2; M_1 = 2.
    expect(hdcDistances([2, 2, 2])).toEqual([2, 2, 2]);
    // M_2 = 4 = r_2 alone; M_1 = max(4−2, 4−2·3, 1) = 2.
    expect(hdcDistances([1, 4])).toEqual([2, 4]);
    expect(hdcSatisfied([1, 4], 3)).toBe(false);
    expect(hdcSatisfied([9], 3)).toBe(true);
  });

  it('rates 1, 2, 5 with K = 3 satisfy the rule and are gridding-free', () => {
    const r = hdcReport(presetNetwork('hdc'), true);
    expect(r).toEqual({
      M: [1, 2, 5],
      K: 3,
      satisfied: true,
      coprime: true,
      agreesWithCoverage: true,
    });
    expect(enumeratedGriddingFree('box:3x3', [1, 2, 5])).toBe(true);
  });

  it('rates 2, 2, 2 are not gridding-free, though M_2 = 2 ≤ 3 satisfies the rule as stated', () => {
    expect(enumeratedGriddingFree('box:3', [2, 2, 2])).toBe(false);
    const r = hdcReport(stack('box:3', [2, 2, 2]), false);
    expect(r?.satisfied).toBe(true);
    expect(r?.agreesWithCoverage).toBe(false);
  });

  it('disagrees with exact coverage both ways: [7, 1, 1] has holes, [3, 1, 6] has none', () => {
    // The rule never looks at r_1, so it passes [7, 1, 1] (M_2 = 1) although offsets 5, 6,
    // 12, 13 have no path, and fails [3, 1, 6] (M_2 = 4 > 3) although r_1 = 3 fills the gaps.
    expect(hdcSatisfied([7, 1, 1], 3)).toBe(true);
    expect(enumeratedGriddingFree('box:3', [7, 1, 1])).toBe(false);
    const n = stack('box:3', [7, 1, 1]);
    expect(naiveHoles(naiveTaps(n.root, 1), 1)).toEqual([[5], [6], [12], [13]]);
    expect(hdcDistances([3, 1, 6])[1]).toBe(4);
    expect(hdcSatisfied([3, 1, 6], 3)).toBe(false);
    expect(enumeratedGriddingFree('box:3', [3, 1, 6])).toBe(true);
  });

  it('finds disagreements in both directions among all 3-layer schedules up to rate 8', () => {
    let ruleTooLenient = 0;
    let ruleTooStrict = 0;
    for (let a = 1; a <= 8; a++)
      for (let b = 1; b <= 8; b++)
        for (let c = 1; c <= 8; c++) {
          const free = enumeratedGriddingFree('box:3', [a, b, c]);
          const report = hdcReport(stack('box:3', [a, b, c]), free);
          expect(report?.satisfied).toBe(hdcSatisfied([a, b, c], 3));
          expect(report?.agreesWithCoverage).toBe(report?.satisfied === free);
          if (report?.satisfied && !free) ruleTooLenient++;
          if (!report?.satisfied && free) ruleTooStrict++;
        }
    expect(ruleTooLenient).toBeGreaterThan(0);
    expect(ruleTooStrict).toBeGreaterThan(0);
  });

  it('is null unless the network is a plain stride-1 stack of one kernel size with dy = dx', () => {
    expect(hdcReport(presetNetwork('deeplab-v2-aspp'), false)).toBeNull();
    expect(hdcReport(presetNetwork('tcn'), true)).toBeNull();
    expect(
      hdcReport(
        parseNetwork({ layers: [{ kernel: 'box:3' }, { kernel: 'box:5', dilation: 2 }] }),
        true,
      ),
    ).toBeNull();
    expect(hdcReport(stack('box:3x3', [1, [2, 3]]), true)).toBeNull();
    expect(hdcReport(stack('box:3x5', [1, 2]), true)).toBeNull();
    expect(
      hdcReport(
        parseNetwork({ layers: [{ kernel: 'box:3', stride: 2 }, { kernel: 'box:3' }] }),
        true,
      ),
    ).toBeNull();
    // A single layer is a stack of one: the rule holds trivially.
    expect(hdcReport(parseNetwork({ kernel: 'box:3', dilation: 4 }), false)).toEqual({
      M: [4],
      K: 3,
      satisfied: true,
      coprime: false,
      agreesWithCoverage: false,
    });
  });
});
