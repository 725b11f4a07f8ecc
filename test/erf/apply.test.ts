import { describe, expect, it } from 'vitest';
import {
  applyNetwork,
  checkerboard,
  type GrayMap,
  sideBySide,
  testCard,
  withRates,
} from '../../src/erf/index.ts';
import { allLayers, type Network, parseNetwork } from '../../src/network/index.ts';
import { naiveForward, type Signal } from './naive.ts';

const stack = (kernel: unknown, rates: unknown[], padding?: string) =>
  parseNetwork({
    type: 'stack',
    layers: rates.map((d) => ({ kernel, dilation: d, ...(padding ? { padding } : {}) })),
  });

/** The direct-loop forward pass, a ReLU after every layer but the last when `relu`. */
function naive(network: Network, image: GrayMap, relu: boolean): Signal {
  const layers = allLayers(network);
  let x: Signal = { shape: [...image.shape], values: Float64Array.from(image.values) };
  layers.forEach((l, i) => {
    x = naiveForward(l, x, relu && i < layers.length - 1);
  });
  return x;
}

describe('apply: a network run on an image', () => {
  const card = testCard(40, 36);
  it.each([
    ['box 3x3, rates 2,2,2', stack('box:3x3', [2, 2, 2]), false],
    ['learned 3x3, rates 2,4, ReLU', stack('random:3x3:7', [2, 4]), true],
    [
      'learned 3x3, rates 1x2,3x1 (per axis)',
      stack('random:3x3:3', [
        [1, 2],
        [3, 1],
      ]),
      false,
    ],
    ['learned 5x3, rates 1,2,5', stack('random:5x3:9', [1, 2, 5]), true],
  ])('equals a direct-loop convolution: %s', async (_name, network, relu) => {
    const r = await applyNetwork(network, card, {
      activation: relu ? 'relu' : 'none',
      compareRates: null,
    });
    const want = naive(network, card, relu);
    expect([...r.output.shape]).toEqual(want.shape);
    let max = 0;
    for (const v of want.values) max = Math.max(max, Math.abs(v));
    expect(max).toBeGreaterThan(0);
    want.values.forEach((v, i) => {
      expect(Math.abs(r.output.values[i] - v)).toBeLessThan(1e-5 * max);
    });
    expect(r.compare).toBeNull();
  });

  it('runs the comparison as the same layers with the new rates (direct loop)', async () => {
    const network = stack('random:3x3:2', [2, 2, 2]);
    const r = await applyNetwork(network, card);
    expect(r.compareRates).toEqual([1, 2, 5]);
    expect(r.holes).toBeGreaterThan(0);
    expect(r.compareHoles).toBe(0);
    const want = naive(withRates(network, [1, 2, 5]), card, false);
    want.values.forEach((v, i) => {
      expect(Math.abs((r.compare?.values[i] ?? Number.NaN) - v)).toBeLessThan(1e-4);
    });
  });

  it('shows the checkerboard on the test card for rates 2,2,2 and not for 1,2,5', async () => {
    // Low-pass kernels: the gridding-free output is smooth, the gridding one is not. (Zero-mean
    // random kernels are high-pass: both outputs are rough and the index does not separate.)
    for (const kernel of ['box:3x3', 'gaussian:3x3:1']) {
      const r = await applyNetwork(stack(kernel, [2, 2, 2]), testCard(96, 96));
      expect(r.lattice).toEqual([2, 2]);
      expect(r.checkerboard).toBeGreaterThan(0.6);
      expect(r.compareCheckerboard).toBeLessThan(0.4);
    }
    const r = await applyNetwork(stack('box:3x3', [3, 3]), testCard(64, 64), {
      compareRates: [1, 3],
    });
    expect(r.lattice).toEqual([3, 3]);
    expect(r.checkerboard).toBeGreaterThan(0.5);
    expect(r.compareCheckerboard).toBeLessThan(0.5);
  });

  it('keeps valid padding: the output shrinks by d(k−1) per layer', async () => {
    const r = await applyNetwork(stack('box:3x3', [2, 3], 'valid'), card, { compareRates: null });
    expect(r.output.shape).toEqual([40 - 4 - 6, 36 - 4 - 6]);
  });

  it.each([
    ['a 1-D network', stack('box:3', [2, 2]), card, {}, 'network must be 2-D'],
    [
      'rates of the wrong length',
      stack('box:3x3', [2, 2]),
      card,
      { compareRates: [1, 2, 5] },
      'compareRates must have one rate per layer (2), got 3',
    ],
    [
      'a rate 0',
      stack('box:3x3', [2, 2]),
      card,
      { compareRates: [1, 0] },
      'compareRates[1] must be',
    ],
    [
      'values that do not fill the image',
      stack('box:3x3', [2]),
      { shape: [4, 4], values: new Float32Array(15) } as GrayMap,
      {},
      'image has 15 values for 4×4 pixels',
    ],
    [
      'a NaN pixel',
      stack('box:3x3', [2]),
      { shape: [1, 2], values: Float32Array.of(0, Number.NaN) } as GrayMap,
      {},
      'image value 1 is NaN',
    ],
    [
      'an image too small for valid padding',
      stack('box:3x3', [4, 4], 'valid'),
      testCard(12, 12),
      { compareRates: null },
      'image 12×12 is too small',
    ],
  ])('refuses %s with a field error', async (_name, network, image, options, message) => {
    await expect(applyNetwork(network, image, options)).rejects.toThrow(message);
  });
});

describe('checkerboard index', () => {
  const map = (R: number, C: number, f: (r: number, c: number) => number): GrayMap => {
    const v = new Float64Array(R * C);
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) v[r * C + c] = f(r, c);
    return { shape: [R, C], values: v };
  };
  it.each([
    // (−1)^(r+c): neighbours differ by 2, samples 2 apart not at all.
    ['a pure checkerboard', map(8, 8, (r, c) => (-1) ** (r + c)), [2, 2], 1],
    // A ramp along columns: N = (0 + 1)/2, F = (0 + g²)/2, N/(N+F) = 1/(1 + g²).
    ['a ramp, g = 2', map(6, 9, (_r, c) => c), [2, 2], 1 / 5],
    ['a ramp, g = 3', map(6, 9, (_r, c) => c), [3, 3], 1 / 10],
    ['a constant map', map(5, 5, () => 3), [2, 2], 0],
    ['a map no longer than g', map(2, 2, (r, c) => r + c), [2, 2], 0],
  ])('%s', (_name, m, g, want) => {
    expect(checkerboard(m, g)).toBeCloseTo(want, 12);
  });
});

describe('sideBySide', () => {
  it('scales each map to 0…255 on its own and leaves white gaps', () => {
    const a: GrayMap = { shape: [2, 2], values: Float64Array.of(0, 1, 2, 3) };
    const b: GrayMap = { shape: [1, 3], values: Float64Array.of(-5, -5, -5) };
    const r = sideBySide([a, b], 2);
    expect([r.width, r.height]).toEqual([2 + 2 + 3, 2]);
    expect(Array.from(r.data)).toEqual([
      0, 85, 255, 255, 128, 128, 128, 170, 255, 255, 255, 255, 255, 255,
    ]);
  });
});
