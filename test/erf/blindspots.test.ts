import { describe, expect, it } from 'vitest';
import { blindspots, reachProgram } from '../../src/erf/index.ts';
import { normals } from '../../src/kernel/index.ts';
import { type Network, parseNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { outputSumGradient, type Program } from '../../src/runtime/index.ts';
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
      expect(r.holes.length).toBeGreaterThan(0);
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

  it('gives the holes as offsets from S·p: every odd offset of rates 2,2,2 (§4 table)', async () => {
    const r = await blindspots(stack('box:3', [2, 2, 2]));
    expect(r.holes).toEqual([[-5], [-3], [-1], [1], [3], [5]]);
  });

  it.each([
    ['max', 2, 2, 16],
    ['avg', 2, 2, 16],
    ['max', 1, 2, 8],
    ['max', 3, 4, 12],
  ] as const)(
    'the reachability program counts every sample a %s pool (size %i, stride %i) reads, not only its argmax: %i of 16',
    async (kind, size, stride, read) => {
      const pool: Program = {
        inputChannels: 1,
        ops: [
          {
            op: 'pool',
            kind,
            input: 0,
            size: [1, size],
            stride: [1, stride],
            padding: { mode: 'explicit', top: 0, bottom: 0, left: 0, right: 0 },
          },
        ],
      };
      const values = Float32Array.from(normals(5, 16));
      const g = await outputSumGradient(reachProgram(pool), {
        count: 1,
        shape: [1, 1, 16],
        values,
      });
      // Independently: output q reads samples s·q … s·q + size − 1 (valid windows).
      const expected = new Set<number>();
      for (let q = 0; q * stride + size <= 16; q++)
        for (let t = 0; t < size; t++) expected.add(q * stride + t);
      expect(expected.size).toBe(read);
      expect([...g].map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0)).toEqual(
        [...expected].sort((a, b) => a - b),
      );
    },
  );

  it('has nothing to perturb in a gridding-free stride-1 network', async () => {
    const r = await blindspots(stack('box:3', [1, 2, 5]));
    expect(r.holes).toEqual([]);
    expect(r.unread).toBe(0);
    expect(r.perturbedInputs).toEqual([]);
    expect(r.inputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });
});
