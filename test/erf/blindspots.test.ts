import { describe, expect, it } from 'vitest';
import { blindspots } from '../../src/erf/index.ts';
import { type Network, parseNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { naiveForward } from './naive.ts';

const stack = (kernel: unknown, rates: unknown[], strides: number[] = []) =>
  parseNetwork({
    type: 'stack',
    layers: rates.map((d, i) => ({ kernel, dilation: d, stride: strides[i] ?? 1 })),
  });

describe('the blind-spot proof', () => {
  const gridding: [string, Network][] = [
    ['box kernels, 1-D, rates 2,2,2', stack('box:3', [2, 2, 2])],
    ['learned kernels, 1-D, rates 3,3', stack('random:3:11', [3, 3])],
    ['box kernels, 2-D, rates 2,4', stack('box:3x3', [2, 4])],
    ['learned kernels, 2-D, rates 2,4 with a ReLU', stack('random:3x3:5', [2, 4])],
    [
      'an ASPP set, rates 6,12',
      shortFormNetwork({ kernel: 'box:3x3', rates: '6,12', mode: 'parallel' }),
    ],
  ];
  it.each(gridding)(
    'leaves the centre output exactly unchanged at the holes: %s',
    async (name, network) => {
      const r = await blindspots(network, {
        seed: 3,
        activation: name.includes('ReLU') ? 'relu' : 'none',
      });
      expect(r.holes).toBeGreaterThan(0);
      expect(r.perturbedInputs.length).toBeGreaterThan(0);
      expect(r.inputChange).toBeGreaterThan(0);
      expect(r.maxOutputChange).toBe(0);
      expect(r.controlOutputChange).toBeGreaterThan(0);
    },
  );

  it('checks the hole claim with a direct-loop forward pass (no tfjs)', async () => {
    const network = stack('random:3:11', [3, 3]);
    const r = await blindspots(network, { inputSize: 31 });
    const x = new Float64Array(31).map((_, i) => Math.sin(i));
    const before = naiveForward(network.root, { shape: [31], values: x });
    const bumped = Float64Array.from(x);
    for (const [i] of r.perturbedInputs) bumped[i] += 10;
    const after = naiveForward(network.root, { shape: [31], values: bumped });
    const c = r.outputPosition[0];
    expect(after.values[c]).toBe(before.values[c]);
    const control = Float64Array.from(x);
    control[r.controlInput[0]] += 10;
    expect(naiveForward(network.root, { shape: [31], values: control }).values[c]).not.toBe(
      before.values[c],
    );
  });

  it.each([
    ['1-D: a 1-tap layer of stride 2 never reads the odd samples', stack([0.7], [1], [2]), 16, 8],
    [
      '1-D: a 3-tap layer of stride 4 skips one sample in four, and the last one (Mind the Pad)',
      stack([0.2, 0.5, 0.3], [1], [4]),
      16,
      5,
    ],
    [
      '2-D: a 1×1 stride-2 layer (a ResNet shortcut) reads only the even rows and columns',
      stack([[0.4]], [1], [2]),
      8,
      48,
    ],
  ])('finds the rows stride never reads: %s', async (_, network, size, unread) => {
    const r = await blindspots(network, { inputSize: size });
    expect(r.unread).toBe(unread);
    expect(r.maxOutputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });

  it('has nothing to perturb in a gridding-free stride-1 network', async () => {
    const r = await blindspots(stack('box:3', [1, 2, 5]));
    expect(r.holes).toBe(0);
    expect(r.unread).toBe(0);
    expect(r.perturbedInputs).toEqual([]);
    expect(r.inputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });
});
