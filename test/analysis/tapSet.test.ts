import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DenseKernel } from '../../src/analysis/composite.ts';
import { coverage } from '../../src/analysis/coverage.ts';
import { receptiveField } from '../../src/analysis/receptiveField.ts';
import { pathCounts, tapSet } from '../../src/analysis/tapSet.ts';
import { type Network, parseNetwork } from '../../src/network/index.ts';
import { naiveHoles, naiveTaps, spanOf, type Taps } from './naive.ts';

/** The path counts as "offset" / "row,col" keys, zero entries left out. */
function asMap(k: DenseKernel): Taps {
  const m: Taps = new Map();
  const C = k.shape.length === 2 ? k.shape[1] : 1;
  k.weights.forEach((c, i) => {
    if (c !== 0) m.set(k.shape.length === 2 ? `${Math.floor(i / C)},${i % C}` : `${i}`, c);
  });
  return m;
}

function expectSameAsEnumeration(network: Network): void {
  const reference = naiveTaps(network.root, network.dims);
  const counts = pathCounts(network);
  expect(asMap(counts)).toEqual(reference);
  // Receptive field = span of the enumerated tap set, and the dense array spans exactly it.
  const span = spanOf(reference, network.dims);
  expect(counts.shape).toEqual(span);
  const rf = receptiveField(network);
  expect(typeof rf === 'number' ? [rf] : rf).toEqual(span);
  // Holes are the offsets in the span with no path.
  const holes = naiveHoles(reference, network.dims);
  const cov = coverage(network);
  expect(cov.holes).toBe(holes.length);
  expect(cov.covered).toBe(reference.size);
  expect(cov.size).toBe(span.reduce((a, b) => a * b, 1));
  expect(cov.holeOffsets).toEqual(holes.slice(0, 64).map((h) => (network.dims === 1 ? h[0] : h)));
  expect(cov.minPaths).toBe(Math.min(...reference.values()));
  expect(cov.maxPaths).toBe(Math.max(...reference.values()));
}

const stack1d = (kernel: string, rates: number[], strides: number[] = []) =>
  parseNetwork({
    type: 'stack',
    layers: rates.map((d, i) => ({ kernel, dilation: d, stride: strides[i] ?? 1 })),
  });

describe('tap sets and path counts', () => {
  it('match enumerating every tap combination of a 1-D stack', () => {
    expectSameAsEnumeration(stack1d('box:3', [1, 2, 5]));
    expectSameAsEnumeration(stack1d('box:3', [2, 2, 2]));
    expectSameAsEnumeration(stack1d('box:2', [1, 2, 4, 8, 16]));
    expectSameAsEnumeration(stack1d('binomial:5', [3, 1, 7]));
  });

  it('match enumeration when strides spread the later layers', () => {
    expectSameAsEnumeration(stack1d('box:3', [1, 1, 2], [2, 1, 1]));
    expectSameAsEnumeration(stack1d('box:2', [1, 3, 1], [2, 3, 1]));
  });

  it('match enumeration for parallel sets and residual blocks, nested', () => {
    expectSameAsEnumeration(
      parseNetwork({
        type: 'parallel',
        branches: [6, 12, 18].map((d) => ({ kernel: 'box:3', dilation: d })),
      }),
    );
    // Even spans shift branches by half-samples rounded down.
    expectSameAsEnumeration(
      parseNetwork({
        type: 'parallel',
        branches: [
          { kernel: 'box:2', dilation: 2 },
          { kernel: 'box:2', dilation: 5 },
          {
            type: 'stack',
            layers: [
              { kernel: 'box:3', dilation: 1 },
              { kernel: 'box:2', dilation: 3 },
            ],
          },
        ],
      }),
    );
    expectSameAsEnumeration(
      parseNetwork({
        type: 'stack',
        layers: [
          { kernel: 'box:3', dilation: 1, stride: 2 },
          {
            type: 'residual',
            body: {
              type: 'stack',
              layers: [
                { kernel: 'box:3', dilation: 2 },
                { kernel: 'box:2', dilation: 3 },
              ],
            },
          },
          {
            type: 'parallel',
            merge: 'concat',
            branches: [
              { kernel: 'box:1', dilation: 1 },
              { kernel: 'box:3', dilation: 4 },
            ],
          },
        ],
      }),
    );
  });

  it('match enumeration in 2-D, with per-axis rates, strides and branches', () => {
    expectSameAsEnumeration(
      parseNetwork({
        type: 'stack',
        layers: [1, 2, 5].map((d) => ({ kernel: 'box:3x3', dilation: d })),
      }),
    );
    expectSameAsEnumeration(
      parseNetwork({
        type: 'stack',
        layers: [
          { kernel: 'box:3x2', dilation: [1, 2], stride: [1, 2] },
          { kernel: 'box:2x3', dilation: [3, 1] },
          { type: 'residual', body: { kernel: 'box:2x2', dilation: 2 } },
        ],
      }),
    );
    expectSameAsEnumeration(
      parseNetwork({
        type: 'parallel',
        branches: [
          { kernel: 'box:1x1', dilation: 1 },
          { kernel: 'box:3x3', dilation: [2, 3] },
          {
            type: 'stack',
            layers: [
              { kernel: 'box:2x3', dilation: 1 },
              { kernel: 'box:3x3', dilation: 4 },
            ],
          },
        ],
      }),
    );
  });

  it('lists the tap set in increasing order, as offsets or [row, col]', () => {
    expect(tapSet(stack1d('box:2', [2, 3]))).toEqual([0, 2, 3, 5]);
    expect(tapSet(parseNetwork({ kernel: 'box:2x2', dilation: [1, 2] }))).toEqual([
      [0, 0],
      [0, 2],
      [1, 0],
      [1, 2],
    ]);
  });
});

const layerArb = fc.record({
  k: fc.integer({ min: 1, max: 4 }),
  d: fc.integer({ min: 1, max: 7 }),
});
const stackArb = fc.array(layerArb, { minLength: 1, maxLength: 5 });
const build = (layers: { k: number; d: number }[]) =>
  parseNetwork({
    type: 'stack',
    layers: layers.map(({ k, d }) => ({ kernel: `box:${k}`, dilation: d })),
  });
const build2d = (layers: { k: number; d: number }[]) =>
  parseNetwork({
    type: 'stack',
    layers: layers.map(({ k, d }) => ({
      kernel: `box:${k}x${1 + ((k + d) % 3)}`,
      dilation: [d, 1 + ((d * 3) % 4)],
    })),
  });

describe('tap-set properties', () => {
  it("a stack's tap set and path counts do not depend on layer order", () => {
    fc.assert(
      fc.property(stackArb, fc.integer({ min: 0, max: 1000 }), (layers, seed) => {
        const shuffled = [...layers];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (seed * (i + 7)) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(asMap(pathCounts(build(shuffled)))).toEqual(asMap(pathCounts(build(layers))));
        expect(asMap(pathCounts(build2d(shuffled)))).toEqual(asMap(pathCounts(build2d(layers))));
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('the path counts sum to the product of kernel sizes', () => {
    fc.assert(
      fc.property(stackArb, (layers) => {
        const total = layers.reduce((a, l) => a * l.k, 1);
        const sum = pathCounts(build(layers)).weights.reduce((a, b) => a + b, 0);
        expect(sum).toBe(total);
        const total2 = layers.reduce((a, l) => a * l.k * (1 + ((l.k + l.d) % 3)), 1);
        expect(pathCounts(build2d(layers)).weights.reduce((a, b) => a + b, 0)).toBe(total2);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('the receptive field is the span of the tap set', () => {
    fc.assert(
      fc.property(stackArb, (layers) => {
        const taps = tapSet(build(layers)) as number[];
        expect(receptiveField(build(layers))).toBe(taps[taps.length - 1] - taps[0] + 1);
        const t2 = tapSet(build2d(layers)) as [number, number][];
        const rows = t2.map((t) => t[0]);
        const cols = t2.map((t) => t[1]);
        expect(receptiveField(build2d(layers))).toEqual([
          Math.max(...rows) - Math.min(...rows) + 1,
          Math.max(...cols) - Math.min(...cols) + 1,
        ]);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('the enumerated and computed tap sets agree on random stacks', () => {
    fc.assert(
      fc.property(fc.array(layerArb, { minLength: 1, maxLength: 4 }), (layers) => {
        expectSameAsEnumeration(build(layers));
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
