/**
 * The tap-map convolution primitive (src/analysis/tapConvolve.ts) against a naive double
 * loop over every pair of offsets, on every route: running sums (equal-weight boxes on a
 * lattice with integer partners), shifted copies, and the sparse scatter; and stacks whose
 * path counts must not depend on the order of their layers, checked against enumeration.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DenseKernel } from '../../src/analysis/composite.ts';
import { convolveAll, convolveDense } from '../../src/analysis/tapConvolve.ts';
import { pathCounts } from '../../src/analysis/tapSet.ts';
import { parseNetwork } from '../../src/network/index.ts';
import { naiveTaps } from './naive.ts';

/** (a ⊛ b)[p] = Σ_q a[q]·b[p − q] by brute force over every pair of offsets. */
function naiveConvolve(a: DenseKernel, b: DenseKernel): DenseKernel {
  const A = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
  const B = b.shape.length === 1 ? [1, b.shape[0]] : b.shape;
  const R = A[0] + B[0] - 1;
  const C = A[1] + B[1] - 1;
  const out = new Float64Array(R * C);
  for (let i = 0; i < A[0]; i++)
    for (let j = 0; j < A[1]; j++)
      for (let k = 0; k < B[0]; k++)
        for (let l = 0; l < B[1]; l++)
          out[(i + k) * C + (j + l)] += a.weights[i * A[1] + j] * b.weights[k * B[1] + l];
  return { shape: a.shape.length === 1 ? [C] : [R, C], weights: out };
}

/** A box of `v` at (r0 + i·sy, c0 + j·sx) in an array of shape [R, C]. */
function latticeBox(R: number, C: number, [r0, c0, kr, kc, sy, sx]: number[], v = 1): DenseKernel {
  const w = new Float64Array(R * C);
  for (let i = 0; i < kr; i++) for (let j = 0; j < kc; j++) w[(r0 + i * sy) * C + c0 + j * sx] = v;
  return { shape: [R, C], weights: w };
}

const dense = (shape: number[], values: number[]): DenseKernel => ({
  shape,
  weights: Float64Array.from(values),
});

const box = (spec: number[], v = 1) => {
  const [r0, c0, kr, kc, sy, sx] = spec;
  return latticeBox(r0 + (kr - 1) * sy + 1, c0 + (kc - 1) * sx + 1, spec, v);
};

describe('convolveDense against the naive double loop', () => {
  it.each([
    [
      '1-D integers ⊛ 1-D box (running sums)',
      dense([5], [1, 0, 2, 3, 1]),
      dense([7], [1, 0, 0, 1, 0, 0, 1]),
    ],
    [
      '1-D floats ⊛ floats (copies)',
      dense([4], [0.25, -1.5, 0, 2]),
      dense([3], [1 / 3, 1 / 7, 0.1]),
    ],
    [
      '2-D integers ⊛ a 3×3 box at rate 4 (running sums)',
      latticeBox(3, 3, [0, 0, 2, 3, 2, 1], 2),
      box([0, 0, 3, 3, 4, 4]),
    ],
    [
      '2-D box at rate 5 ⊛ a dense 6×6 box (sparse first)',
      box([0, 0, 3, 3, 5, 5]),
      box([0, 0, 6, 6, 1, 1]),
    ],
    [
      '2-D offset box (r0, c0 > 0, steps 2×3) ⊛ integers',
      box([1, 2, 2, 3, 2, 3], 3),
      dense([2, 3], [1, 0, 4, 0, 2, 7]),
    ],
    [
      '2-D box of 1/9 ⊛ a box of 1/9 (not integers: copies)',
      box([0, 0, 3, 3, 2, 2], 1 / 9),
      box([0, 0, 3, 3, 1, 1], 1 / 9),
    ],
    [
      '2-D sparse ⊛ sparse (scatter)',
      latticeBox(40, 40, [0, 0, 2, 2, 39, 39]),
      latticeBox(30, 30, [0, 0, 2, 2, 29, 29], 2),
    ],
    ['2-D 1×N row box ⊛ N×1 column', box([0, 0, 1, 4, 1, 2]), box([0, 0, 4, 1, 3, 1])],
  ])('%s', (_, a, b) => {
    const want = naiveConvolve(a, b);
    for (const got of [convolveDense(a, b), convolveDense(b, a)]) {
      expect(got.shape).toEqual(want.shape);
      for (let i = 0; i < want.weights.length; i++) {
        expect(got.weights[i]).toBeCloseTo(want.weights[i], 12);
      }
    }
  });

  it('is exact on random integer kernels and random lattice boxes, in either order', () => {
    const kernel = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
      .chain(([R, C]) =>
        fc
          .array(fc.oneof(fc.constant(0), fc.integer({ min: -5, max: 9 })), {
            minLength: R * C,
            maxLength: R * C,
          })
          .map((v) => dense([R, C], v)),
      );
    const boxSpec = fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 3 }),
    );
    fc.assert(
      fc.property(kernel, boxSpec, (a, [r0, c0, kr, kc, sy, sx, v]) => {
        const b = box([r0, c0, kr, kc, sy, sx], v);
        const want = Array.from(naiveConvolve(a, b).weights);
        expect(Array.from(convolveDense(a, b).weights)).toEqual(want);
        expect(Array.from(convolveDense(b, a).weights)).toEqual(want);
      }),
      { numRuns: 200, seed: 12 },
    );
  });
});

describe('convolveAll', () => {
  it('gives the same result for every order of its kernels', () => {
    const ks = [box([0, 0, 3, 3, 7, 7]), box([0, 0, 4, 4, 1, 1]), dense([2, 2], [1, 2, 0, 1])];
    const want = Array.from([ks[0], ks[1], ks[2]].reduce((x, y) => naiveConvolve(x, y)).weights);
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 0, 2],
      [1, 2, 0],
    ]) {
      expect(
        Array.from(
          convolveAll(
            order.map((i) => ks[i]),
            2,
          ).weights,
        ),
      ).toEqual(want);
    }
  });

  it.each([
    [
      '1-D kernels all on 6ℤ',
      [
        dense([13], [1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3]),
        box([0, 0, 1, 4, 1, 6]),
        box([0, 0, 1, 3, 1, 12], 2),
      ],
      1,
    ],
    [
      '2-D kernels on 2ℤ × 3ℤ',
      [
        box([0, 0, 3, 2, 2, 3]),
        box([0, 0, 2, 3, 4, 6], 3),
        latticeBox(5, 7, [0, 0, 3, 3, 2, 3], 1),
      ],
      2,
    ],
    [
      '1-D kernels on 4ℤ with a leading zero tap',
      [dense([9], [0, 0, 0, 0, 5, 0, 0, 0, -1]), box([0, 0, 1, 3, 1, 4])],
      1,
    ],
  ] as [string, DenseKernel[], 1 | 2][])(
    'convolves kernels on a common lattice with it taken out: %s, as the naive fold',
    (_, ks, dims) => {
      const oneD = (k: DenseKernel): DenseKernel =>
        dims === 1 && k.shape.length === 2 ? { shape: [k.shape[1]], weights: k.weights } : k;
      const list = ks.map(oneD);
      const want = list.reduce((x, y) => naiveConvolve(x, y));
      const got = convolveAll(list, dims);
      expect(got.shape).toEqual(
        want.shape.length === 2 && dims === 1 ? [want.shape[1]] : want.shape,
      );
      expect(Array.from(got.weights)).toEqual(Array.from(want.weights));
    },
  );

  it('keeps a hole exactly zero beside path counts above 2^53 (no running-sum cancellation)', () => {
    // 100 × 1e300, 50 zeros, 50 ones ⊛ a 50-tap box: a running sum t[j] = x[j] + t[j − 1] −
    // x[j − 50] loses the ones and the zero window beside them; window sums add only the 50
    // terms of each window.
    const v = [...Array(100).fill(1e300), ...Array(50).fill(0), ...Array(50).fill(1)];
    const x = dense([200], v);
    const b = box([0, 0, 1, 50, 1, 1]);
    const got = convolveDense(x, b).weights;
    const want = naiveConvolve(x, { shape: [50], weights: new Float64Array(50).fill(1) }).weights;
    // The same terms in another order: equal to rounding, relative to each output.
    const worst = Math.max(
      ...Array.from(want, (w, i) => Math.abs(got[i] - w) / Math.max(w, 1e-300)),
    );
    expect(worst).toBeLessThanOrEqual(1e-14);
    expect(got[149]).toBe(0);
    expect(got[150]).toBe(1);
    expect(got[199]).toBe(50);
  });

  it('is the unit impulse for no kernels', () => {
    expect(convolveAll([], 2)).toEqual({ shape: [1, 1], weights: Float64Array.of(1) });
  });
});

describe('stack path counts do not depend on the order of the layers', () => {
  // The case in small: a wide dilated 3×3 and a dense box, both orders, against
  // enumeration of every tap combination.
  it.each([
    [
      ['box:3x3', 31],
      ['box:8x8', 1],
    ],
    [
      ['box:8x8', 1],
      ['box:3x3', 31],
    ],
    [
      ['box:3x5', [4, 2]],
      ['box:2x2', 1],
      ['box:3x3', [1, 9]],
    ],
  ] as [string, number | number[]][][])('layers %j', (...layers) => {
    const net = parseNetwork({
      layers: layers.map(([kernel, dilation]) => ({ type: 'layer', kernel, dilation })),
    });
    const counts = pathCounts(net);
    const naive = naiveTaps(net.root, 2);
    const C = counts.shape[1];
    let total = 0;
    for (let i = 0; i < counts.weights.length; i++) {
      const k = `${Math.floor(i / C)},${i % C}`;
      expect(counts.weights[i]).toBe(naive.get(k) ?? 0);
      total += counts.weights[i];
    }
    expect(total).toBe(
      layers.reduce(
        (p, [k]) =>
          p *
          k
            .split(':')[1]
            .split('x')
            .map(Number)
            .reduce((a, b) => a * b),
        1,
      ),
    );
  });
});
