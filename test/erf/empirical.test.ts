import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  empiricalErf,
  erf,
  exactGivenErf,
  isAffine,
  lowerNetwork,
  randomInputs,
} from '../../src/erf/index.ts';
import { type Network, parseNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { type Op, type Program, squaredInputGradient } from '../../src/runtime/index.ts';
import { correlation, expectTorchErf, type TorchErfCase } from '../support/erf.ts';

const stack = (kernel: unknown, rates: unknown[], strides: number[] = []) =>
  parseNetwork({
    type: 'stack',
    layers: rates.map((d, i) => ({ kernel, dilation: d, stride: strides[i] ?? 1 })),
  });

describe('the measured ERF of a linear network', () => {
  const cases: [string, Network][] = [
    ['a 1-D dilated stack', stack([0.2, -0.5, 0.9], [1, 2, 3])],
    ['a gridding 1-D stack', stack('box:3', [2, 2, 2])],
    ['a strided 1-D stack', stack([0.3, 0.6, -0.4], [1, 2], [2, 1])],
    [
      'a 2-D stack with per-axis rates',
      stack(
        [
          [0.1, -0.2, 0.3],
          [0.5, 1, -0.7],
          [0.2, 0.4, 0.1],
        ],
        [1, [2, 3]],
      ),
    ],
    ['a 2-D strided stack', stack('box:3x3', [1, 2], [2, 1])],
    [
      'an ASPP-like parallel set',
      shortFormNetwork({ kernel: 'box:3x3', rates: '1,3,5', mode: 'parallel' }),
    ],
    [
      'a residual block',
      shortFormNetwork({ kernel: 'weights:0.3,-0.8,0.5', rates: '3', mode: 'residual' }),
    ],
  ];
  it.each(cases)('equals its squared composite kernel to 1e-6 for %s', async (_, network) => {
    const r = await erf(network, { samples: 3, seed: 5 });
    const exact = exactGivenErf(network);
    let max = 0;
    for (const v of exact.values) max = Math.max(max, v);
    const flat = r.erf.flat();
    expect(flat.length).toBe(exact.values.length);
    flat.forEach((v, i) => {
      expect(Math.abs(v - exact.values[i] / max)).toBeLessThan(1e-6);
    });
    expect(r.exact?.flat()).toEqual(Array.from(exact.values, (v) => v / max));
    expect(r.origin).toEqual([...exact.origin]);
    expect(r.warnings).toEqual([]);
  });

  it('gives exactly zero at the holes, so the gridding index is 1', async () => {
    const r = await erf(stack('box:3', [2, 2, 2]), { samples: 2 });
    expect(r.holes).toBeGreaterThan(0);
    expect(r.erf[0].filter((_, i) => i % 2 === 1)).toEqual(new Array(6).fill(0));
    expect(r.griddingIndex).toBe(1);
    expect(r.tapSetGriddingIndex).toBe(1);
  });
});

const fixtures: TorchErfCase[] = JSON.parse(
  readFileSync(new URL('../fixtures/erf/relu.json', import.meta.url), 'utf8'),
).cases;

describe('the measured ERF of a ReLU network', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))(
    'matches torch autograd on the same inputs: %s',
    async (_, f) => {
      await expectTorchErf(f);
    },
  );

  it('differs from the linear ERF of the same weights (the ReLUs matter)', async () => {
    const f = fixtures[0];
    const network = parseNetwork(f.spec);
    const opts = {
      inputShape: f.shape,
      position: f.position,
      samples: f.count,
      seed: 0,
      inputs: { count: f.count, shape: f.shape, values: Float32Array.from(f.inputs) },
    };
    const linear = await empiricalErf(lowerNetwork(network, 'none'), opts);
    expect(correlation(linear, f.erf)).toBeLessThan(0.99);
  });

  it('reports zeros, not NaN, when every input is zero', async () => {
    const network = stack('box:3', [1, 2]);
    const r = await erf(network, {
      activation: 'relu',
      inputs: { count: 2, shape: [1, 1, 16], values: new Float32Array(32) },
    });
    expect(r.erf.flat().every((v) => v === 0)).toBe(true);
    expect(r.areaRatio['0.5']).toBe(0);
    expect(r.griddingIndex).toBe(0);
    expect(r.warnings[0]).toMatch(/every gradient is zero/);
  });
});

describe('bad ERF input', () => {
  const net = stack('box:3', [1, 2]);
  it.each([
    [{ samples: 0 }, /samples must be a positive integer no larger than 1024, got 0/],
    [{ samples: 1e6 }, /samples must be/],
    [{ inputSize: [4, 4] }, /inputSize must have 1 entry/],
    [{ inputSize: 0 }, /inputSize must be/],
    [{ channel: 3 }, /channel must be an integer from 0 to 0, got 3/],
    [{ activation: 'gelu' as never }, /activation must be/],
    [
      {
        inputs: {
          count: 1,
          shape: [3, 1, 8] as [number, number, number],
          values: new Float32Array(24),
        },
      },
      /images must have 1 channel/,
    ],
  ])('rejects %j with an error naming the field', async (options, message) => {
    await expect(erf(net, options)).rejects.toThrow(message);
  });
  it('rejects images of the wrong size', async () => {
    const two = stack('box:3x3', [1]);
    await expect(
      erf(two, {
        inputSize: [8, 8],
        inputs: { count: 1, shape: [1, 6, 8], values: new Float32Array(48) },
      }),
    ).rejects.toThrow(/images are 6×8 but inputSize is 8×8/);
  });
});

describe('the measured ERF of an affine program', () => {
  const conv = (input: number, d: number): Op => ({
    op: 'conv',
    input,
    weights: Float32Array.from([0.2, -0.5, 0.3, 0.1, 0.9, -0.4, 0.6, 0.2, -0.1]),
    shape: [1, 1, 3, 3],
    bias: Float32Array.from([0.3]),
    dilation: [d, d],
    stride: [1, 1],
    padding: { mode: 'same' },
    groups: 1,
  });
  it.each<[string, Op[], boolean]>([
    ['two convs and a sum', [conv(0, 1), conv(1, 2), { op: 'add', inputs: [1, 2] }], true],
    [
      'an average pool and a global mean',
      [
        conv(0, 1),
        {
          op: 'pool',
          kind: 'avg',
          input: 1,
          size: [2, 2],
          stride: [2, 2],
          padding: { mode: 'same' },
        },
        { op: 'global', input: 2 },
      ],
      true,
    ],
    ['a ReLU', [conv(0, 1), { op: 'relu', input: 1 }], false],
    [
      'a max pool',
      [
        conv(0, 1),
        {
          op: 'pool',
          kind: 'max',
          input: 1,
          size: [2, 2],
          stride: [2, 2],
          padding: { mode: 'same' },
        },
      ],
      false,
    ],
    ['a product of two branches', [conv(0, 1), conv(0, 2), { op: 'mul', inputs: [1, 2] }], false],
    ['a clip', [conv(0, 1), { op: 'clip', input: 1, min: 0, max: 6 }], false],
  ])('is affine or not: %s', (_, ops, affine) => {
    expect(isAffine({ inputChannels: 1, ops })).toBe(affine);
  });

  it('from one backward pass equals the average over every sample’s own gradient', async () => {
    const program: Program = {
      inputChannels: 1,
      ops: [conv(0, 1), conv(1, 2), { op: 'add', inputs: [1, 2] }],
    };
    const shape: [number, number, number] = [1, 15, 15];
    const got = await empiricalErf(program, {
      inputShape: shape,
      position: [7, 7],
      samples: 6,
      seed: 3,
    });
    const want = new Float64Array(15 * 15);
    for (let i = 0; i < 6; i++) {
      const g = await squaredInputGradient(program, randomInputs(shape, 3, i, 1), {
        position: [7, 7],
      });
      for (let u = 0; u < want.length; u++) want[u] += g[u] / 6;
    }
    expect(want.some((v) => v > 0)).toBe(true);
    for (let u = 0; u < want.length; u++) expect(got[u]).toBeCloseTo(want[u], 6);
  });
});
