import { describe, expect, it } from 'vitest';
import { coverage } from '../../src/analysis/index.ts';
import {
  areaRatio,
  areaRatios,
  type ErfMap,
  erfSpread,
  exactRandomErf,
  griddingIndex,
} from '../../src/erf/index.ts';
import { type Network, parseNetwork, shortFormNetwork } from '../../src/network/index.ts';

const map1d = (values: number[], origin: number): ErfMap => ({
  shape: [values.length],
  values: Float64Array.from(values),
  origin: [origin],
});

describe('the high-contribution area ratio', () => {
  it('is the smallest centred square holding the share t, by brute force over every side', () => {
    // A 5×7 map with mass off-centre; brute force: try every centred square, clipped.
    const R = 5;
    const C = 7;
    const values = Float64Array.from(
      { length: R * C },
      (_, i) => ((i * 7919) % 13) + (i === 17 ? 40 : 0),
    );
    const map: ErfMap = { shape: [R, C], values, origin: [2, 3] };
    const all = values.reduce((a, b) => a + b, 0);
    for (const t of [0.2, 0.3, 0.5, 0.99]) {
      let expected = 1;
      for (let h = 0; h < 10; h++) {
        let s = 0;
        let cells = 0;
        for (let r = 0; r < R; r++)
          for (let c = 0; c < C; c++)
            if (Math.abs(r - 2) <= h && Math.abs(c - 3) <= h) {
              s += values[r * C + c];
              cells++;
            }
        if (s >= t * all) {
          expected = cells / (R * C);
          break;
        }
      }
      expect(areaRatio(map, t)).toBeCloseTo(expected, 15);
    }
  });

  it('grows with t and reports the contract keys', () => {
    const e = exactRandomErf(shortFormNetwork({ kernel: 'box:3x3', rates: '1,1,1,1,1' }));
    const a = areaRatios(e);
    expect(Object.keys(a)).toEqual(['0.2', '0.3', '0.5', '0.99']);
    expect(a['0.2']).toBeLessThanOrEqual(a['0.3']);
    expect(a['0.3']).toBeLessThanOrEqual(a['0.5']);
    expect(a['0.5']).toBeLessThan(a['0.99']);
    // The centre pixel alone holds 381/59049 < 0.2 of the mass: the 0.2 square is wider.
    expect(a['0.2']).toBeGreaterThan(1 / 121);
  });

  it('is 0, not NaN, for an all-zero map', () => {
    expect(areaRatio(map1d([0, 0, 0], 1), 0.5)).toBe(0);
    expect(griddingIndex(map1d([0, 0, 0], 1))).toBe(0);
    expect(erfSpread(map1d([0, 0, 0], 1)).std).toEqual([0]);
  });
});

describe('the spread of the exact ERF', () => {
  it.each([
    { k: 3, rates: [1, 1, 1, 1] },
    { k: 3, rates: [1, 2, 5] },
    { k: 5, rates: [1, 1, 1, 1, 1, 1, 1, 1, 1] },
    { k: 2, rates: [1, 2, 4, 8] },
  ])('is √(Σ d²(k²−1)/12) for k=$k rates $rates', ({ k, rates }) => {
    const e = exactRandomErf(shortFormNetwork({ kernel: `box:${k}`, rates: rates.join(',') }));
    const expected = Math.sqrt(rates.reduce((s, d) => s + (d * d * (k * k - 1)) / 12, 0));
    const s = erfSpread(e);
    expect(s.std[0]).toBeCloseTo(expected, 10);
    expect(s.receptiveField[0]).toBe(1 + (k - 1) * rates.reduce((a, b) => a + b, 0));
  });

  it('follows the √L law: 4× the layers, 2× the spread, 4× the receptive field', () => {
    const spread = (L: number) =>
      erfSpread(
        exactRandomErf(shortFormNetwork({ kernel: 'box:3', rates: Array(L).fill(1).join(',') })),
      );
    const a = spread(4);
    const b = spread(16);
    expect(b.std[0] / a.std[0]).toBeCloseTo(2, 12);
    expect((b.receptiveField[0] - 1) / (a.receptiveField[0] - 1)).toBe(4);
    expect(b.ratio[0]).toBeLessThan(a.ratio[0]);
  });
});

describe('the gridding index', () => {
  const table: [string, Network][] = [
    ['box:3 rates 1,1,1', shortFormNetwork({ kernel: 'box:3', rates: '1,1,1' })],
    ['box:3 rates 1,2,5', shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' })],
    ['box:3 rates 1,2,9', shortFormNetwork({ kernel: 'box:3', rates: '1,2,9' })],
    ['box:3 rates 2,2,2', shortFormNetwork({ kernel: 'box:3', rates: '2,2,2' })],
    ['box:3 rates 3,3', shortFormNetwork({ kernel: 'box:3', rates: '3,3' })],
    ['box:2 rates 1,2,4,8', shortFormNetwork({ kernel: 'box:2', rates: '1,2,4,8' })],
    ['box:3x3 rates 1,2,5', shortFormNetwork({ kernel: 'box:3x3', rates: '1,2,5' })],
    ['box:3x3 rates 2,4', shortFormNetwork({ kernel: 'box:3x3', rates: '2,4' })],
    ['box:3x3 rates 1,1x3', shortFormNetwork({ kernel: 'box:3x3', rates: '1,1x3' })],
    ['box:3x3 rates 1,1x2', shortFormNetwork({ kernel: 'box:3x3', rates: '1,1x2' })],
    ['ASPP 6,12,18', shortFormNetwork({ kernel: 'box:3x3', rates: '6,12,18', mode: 'parallel' })],
    ['parallel 1,2', shortFormNetwork({ kernel: 'box:3', rates: '1,2', mode: 'parallel' })],
    ['residual 3', shortFormNetwork({ kernel: 'box:3', rates: '3', mode: 'residual' })],
    ['residual 1', shortFormNetwork({ kernel: 'box:3', rates: '1', mode: 'residual' })],
    [
      'cross of 1×5 and 5×1 branches',
      parseNetwork({
        type: 'parallel',
        branches: [
          { type: 'stack', layers: [{ kernel: [[1, 1, 1, 1, 1]], dilation: 1 }] },
          { type: 'stack', layers: [{ kernel: [[1], [1], [1], [1], [1]], dilation: 1 }] },
        ],
      }),
    ],
  ];
  it.each(table)('is 1 exactly when the tap set has holes: %s', (_, network) => {
    const g = griddingIndex(exactRandomErf(network));
    const holes = coverage(network).holes;
    expect(g).toBeGreaterThanOrEqual(0);
    if (holes > 0) expect(g).toBe(1);
    else expect(g).toBeLessThan(1);
  });

  it('is 0 for an ERF that is unimodal along every line (a box stack)', () => {
    expect(
      griddingIndex(exactRandomErf(shortFormNetwork({ kernel: 'box:3x3', rates: '1,1,1' }))),
    ).toBe(0);
  });

  it('measures the depth of a dip below its flanks', () => {
    // 4, 1, 4: the dip is 1 − 1/4; 4, 3, 2: monotone, no dip.
    expect(griddingIndex(map1d([1, 4, 1, 4, 1], 2))).toBeCloseTo(0.75, 15);
    expect(griddingIndex(map1d([4, 3, 2], 0))).toBe(0);
    // HDC 1,2,5 has no holes but uneven path counts: a dip strictly between 0 and 1.
    const hdc = griddingIndex(
      exactRandomErf(shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' })),
    );
    expect(hdc).toBeGreaterThan(0);
    expect(hdc).toBeLessThan(1);
  });
});
