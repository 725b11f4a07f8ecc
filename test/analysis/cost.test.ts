import { describe, expect, it } from 'vitest';
import { cost, layersToReach } from '../../src/analysis/cost.ts';
import { parseNetwork, presetNetwork } from '../../src/network/index.ts';

const stack = (kernel: string, rates: number[], strides: number[] = []) =>
  parseNetwork({
    type: 'stack',
    layers: rates.map((d, i) => ({ kernel, dilation: d, stride: strides[i] ?? 1 })),
  });

describe('cost', () => {
  it('counts weights and multiply-adds of a 1-D stack against the dense and undilated ways', () => {
    const c = cost(stack('box:3', [1, 2, 5]));
    // 3 layers × 3 weights; receptive field 1 + 2(1 + 2 + 5) = 17.
    expect(c.parameters).toBe(9);
    expect(c.macsPerOutput).toBe(9);
    expect(c.channels).toBe(1);
    expect(c.macsForMap).toBeUndefined();
    expect(c.dense).toEqual({ parameters: 17, ratio: 17 / 9 });
    // Undilated 3-tap layers add 2 each: ⌈16/2⌉ = 8 layers.
    expect(c.undilated).toEqual({ layers: 8, parameters: 24 });
    // Stride-2 3-tap layers reach 1 + 2(2^n − 1): n = 4 reaches 31 ≥ 17, n = 3 only 15.
    expect(c.pooling).toEqual({ layers: 4, parameters: 12, outputStride: 16 });
  });

  it('needs ten undilated 3-tap layers to reach a receptive field of 21', () => {
    const c = cost(stack('box:3', [1, 2, 4, 3]));
    expect(c.undilated.layers).toBe(10);
    expect(layersToReach([21], [3], 1)).toBe(10);
    expect(1 + 10 * 2).toBe(21);
  });

  it('scales by channels² and by the map for a given size', () => {
    const c = cost(stack('box:3', [1, 2, 5]), { channels: 64, mapSize: 100 });
    expect(c.parameters).toBe(9 * 64 * 64);
    expect(c.macsPerOutput).toBe(9);
    expect(c.macsForMap).toBe(100 * 9 * 64 * 64);
    expect(c.dense.parameters).toBe(17 * 64 * 64);
    expect(c.dense.ratio).toBe(17 / 9);
  });

  it('counts a 2-D network per pixel and on an S×S map', () => {
    const c = cost(presetNetwork('context-module'), { mapSize: 64 });
    // Seven 3×3 layers; receptive field 67×67.
    expect(c.parameters).toBe(63);
    expect(c.macsForMap).toBe(64 * 64 * 63);
    expect(c.dense).toEqual({ parameters: 67 * 67, ratio: (67 * 67) / 63 });
    expect(c.undilated).toEqual({ layers: 33, parameters: 33 * 9 });
    // 1 + 2(2^5 − 1) = 63 < 67 ≤ 1 + 2(2^6 − 1) = 127.
    expect(c.pooling).toEqual({ layers: 6, parameters: 54, outputStride: 64 });
    const aspp = cost(presetNetwork('deeplab-v2-aspp'));
    expect(aspp.parameters).toBe(36);
    expect(aspp.dense).toEqual({ parameters: 49 * 49, ratio: (49 * 49) / 36 });
  });

  it('charges strided layers only for the positions they compute', () => {
    // Stride 1 then 2: the first layer runs at every input position, the second at half.
    const a = cost(stack('box:3', [1, 1], [1, 2]), { mapSize: 10 });
    expect(a.macsPerOutput).toBe(3 * 2 + 3);
    expect(a.macsForMap).toBe(3 * 10 + 3 * 5);
    // Stride 2 then 1: both run at half resolution.
    const b = cost(stack('box:3', [1, 1], [2, 1]), { mapSize: 11 });
    expect(b.macsPerOutput).toBe(3 + 3);
    expect(b.macsForMap).toBe(3 * 6 + 3 * 6);
  });

  it('needs one layer when the receptive field is a single input', () => {
    expect(cost(parseNetwork({ kernel: 'box:1x1' })).undilated).toEqual({
      layers: 1,
      parameters: 1,
    });
    expect(layersToReach([1, 1], [1, 1], 2)).toBe(1);
  });
});
