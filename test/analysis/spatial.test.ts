import { describe, expect, it } from 'vitest';
import { blindFraction, blindFraction2d } from '../../src/analysis/blindFraction.ts';
import { coverage } from '../../src/analysis/coverage.ts';
import {
  layerEffectiveSize,
  layerParameterEfficiency,
  parameterEfficiency,
} from '../../src/analysis/effectiveSize.ts';
import { objectHitProbability } from '../../src/analysis/objectHit.ts';
import { receptiveField, receptiveFieldGrowth } from '../../src/analysis/receptiveField.ts';
import { dilateKernel, parseKernel } from '../../src/kernel/index.ts';
import { type Layer, parseNetwork, presetNetwork } from '../../src/network/index.ts';

const layerOf = (kernel: string, dilation: number | number[]) =>
  parseNetwork({ kernel, dilation }).root as Layer;

describe('effective size and parameter efficiency', () => {
  it('a 5-tap kernel at d = 3 spans 13 inputs with 13/5 = 2.6 times fewer weights', () => {
    const layer = layerOf('box:5', 3);
    expect(layerEffectiveSize(layer)).toEqual([13]);
    // Independent: the materialised dilated kernel has 13 entries.
    expect(dilateKernel(layer.kernel, [3]).weights.length).toBe(13);
    expect(parameterEfficiency(5, 3)).toBeCloseTo(13 / 5, 12);
    expect(layerParameterEfficiency(layer)).toBeCloseTo(2.6, 12);
  });

  it('a 2-D layer spans (k−1)d+1 per axis and its area over its weights', () => {
    const layer = layerOf('box:3x2', [4, 5]);
    expect(layerEffectiveSize(layer)).toEqual([9, 6]);
    expect(dilateKernel(layer.kernel, [4, 5]).shape).toEqual([9, 6]);
    expect(layerParameterEfficiency(layer)).toBeCloseTo(54 / 6, 12);
  });
});

describe('blind fraction', () => {
  it('equals the share of untouched offsets counted in the dilated kernel, 1-D', () => {
    for (let k = 1; k <= 7; k++) {
      for (let d = 1; d <= 9; d++) {
        const dense = dilateKernel(parseKernel(`box:${k}`), [d]).weights;
        const zeros = dense.filter((w) => w === 0).length;
        expect(blindFraction(k, d)).toBeCloseTo(zeros / dense.length, 14);
      }
    }
  });

  it('equals the share of untouched pixels counted in 2-D', () => {
    for (const [shape, rate] of [
      [
        [3, 3],
        [2, 2],
      ],
      [
        [3, 2],
        [1, 4],
      ],
      [
        [5, 3],
        [3, 7],
      ],
    ]) {
      const dense = dilateKernel(parseKernel(`box:${shape[0]}x${shape[1]}`), rate).weights;
      const zeros = dense.filter((w) => w === 0).length;
      expect(blindFraction2d(shape, rate)).toBeCloseTo(zeros / dense.length, 14);
    }
  });

  it('is zero without dilation and tends to 1 − 1/d for long kernels', () => {
    expect(blindFraction(9, 1)).toBe(0);
    expect(blindFraction(1, 9)).toBe(0);
    expect(blindFraction(10_001, 4)).toBeCloseTo(0.75, 4);
  });
});

describe('object hit probability', () => {
  it('touches a 5×3 object against rate 8 with probability 15/64', () => {
    expect(objectHitProbability([5, 3], [8, 8])).toBe(15 / 64);
  });

  it('agrees with counting placements of the object on one lattice period', () => {
    // Independent: place the object's corner at every (y, x) mod (dy, dx), count hits.
    for (const [w, h, dy, dx] of [
      [5, 3, 8, 8],
      [2, 7, 3, 5],
      [9, 1, 4, 6],
    ]) {
      let hits = 0;
      for (let y = 0; y < dy; y++)
        for (let x = 0; x < dx; x++) {
          let touched = false;
          for (let i = 0; i < h && !touched; i++)
            for (let j = 0; j < w && !touched; j++)
              if ((y + i) % dy === 0 && (x + j) % dx === 0) touched = true;
          if (touched) hits++;
        }
      expect(objectHitProbability([w, h], [dy, dx])).toBeCloseTo(hits / (dy * dx), 15);
    }
    expect(objectHitProbability([3, 100], [8])).toBe(3 / 8);
    expect(objectHitProbability([12, 1], [8])).toBe(1);
  });
});

describe('receptive field', () => {
  it('ten undilated 3-tap layers reach 21', () => {
    const n = parseNetwork({
      type: 'stack',
      layers: Array.from({ length: 10 }, () => ({ kernel: 'box:3' })),
    });
    expect(receptiveField(n)).toBe(21);
  });

  it('is 67×67 for the Yu & Koltun context module (their Table 1)', () => {
    expect(receptiveField(presetNetwork('context-module'))).toEqual([67, 67]);
  });

  it('is 1024 for a WaveNet block', () => {
    expect(receptiveField(presetNetwork('wavenet-block'))).toBe(1024);
  });

  it('multiplies later layers by the strides before them', () => {
    const n = parseNetwork({
      type: 'stack',
      layers: [
        { kernel: 'box:3', dilation: 1, stride: 2 },
        { kernel: 'box:3', dilation: 2, stride: 3 },
        { kernel: 'box:5', dilation: 1 },
      ],
    });
    // 1 + 2·1 + 2·2·2 + 4·1·6 (closed form of design.md item 2)
    expect(receptiveField(n)).toBe(1 + 2 + 8 + 24);
    expect(receptiveFieldGrowth(n)).toEqual([3, 11, 35]);
  });

  it('grows member by member: the running widest branch of a parallel set', () => {
    expect(receptiveFieldGrowth(presetNetwork('deeplab-v2-aspp'))).toEqual([
      [13, 13],
      [25, 25],
      [37, 37],
      [49, 49],
    ]);
    expect(receptiveFieldGrowth(parseNetwork({ kernel: 'box:3', dilation: 4 }))).toEqual([9]);
  });

  it('HDC rates 1, 2, 5 cover their 17×17 field; rates 2, 2, 2 leave holes', () => {
    const hdc = presetNetwork('hdc');
    expect(receptiveField(hdc)).toEqual([17, 17]);
    expect(coverage(hdc).holes).toBe(0);
    const grid = parseNetwork({
      type: 'stack',
      layers: [2, 2, 2].map((d) => ({ kernel: 'box:3x3', dilation: d })),
    });
    // Only even rows and even columns are reached: 7×7 of 13×13.
    expect(coverage(grid).covered).toBe(49);
    expect(coverage(grid).holes).toBe(169 - 49);
  });
});
