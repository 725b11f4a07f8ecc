import { describe, expect, it } from 'vitest';
import { coverage } from '../../src/analysis/index.ts';
import { exactGivenErf, exactRandomErf, windowOrigin } from '../../src/erf/index.ts';
import { normals } from '../../src/kernel/index.ts';
import { type Network, parseNetwork } from '../../src/network/index.ts';
import { impulseGradient, pathGradient1d } from './naive.ts';

const stack = (
  kernel: string | number[] | number[][],
  rates: (number | number[])[],
  strides: number[] = [],
) =>
  parseNetwork({
    type: 'stack',
    layers: rates.map((d, i) => ({ kernel, dilation: d, stride: strides[i] ?? 1 })),
  });

describe('the exact ERF with i.i.d. zero-mean weights', () => {
  it.each([
    { rates: [1, 2, 5], k: 3, sigma: 0.7, strides: [1, 1, 1] },
    { rates: [2, 2], k: 3, sigma: 1.3, strides: [1, 1] },
    { rates: [1, 3], k: 2, sigma: 1, strides: [2, 1] },
  ])(
    'agrees with a seeded Monte Carlo estimate of E[(∂y₀/∂x_u)²] for k=$k rates $rates strides $strides',
    ({ rates, k, sigma, strides }) => {
      const network = stack(`box:${k}`, rates, strides);
      const exact = exactRandomErf(network, sigma * sigma);
      const M = 20000;
      const n = exact.values.length;
      const sum = new Float64Array(n);
      const sumSq = new Float64Array(n);
      for (let m = 0; m < M; m++) {
        const z = normals(1000 + m, k * rates.length);
        const layers = rates.map((d, l) => ({
          weights: z.subarray(l * k, (l + 1) * k).map((v) => v * sigma),
          dilation: d,
          stride: strides[l],
        }));
        const g = pathGradient1d(layers);
        expect(g.length).toBe(n);
        for (let u = 0; u < n; u++) {
          const s = g[u] * g[u];
          sum[u] += s;
          sumSq[u] += s * s;
        }
      }
      const L = rates.length;
      const paths = coverage(network);
      expect(paths.size).toBe(n);
      for (let u = 0; u < n; u++) {
        const mean = sum[u] / M;
        const sd = Math.sqrt(Math.max(0, sumSq[u] / M - mean * mean));
        // Five standard errors of the sample mean, from the sample count.
        const tol = (5 * sd) / Math.sqrt(M) + 1e-12;
        expect(Math.abs(mean - exact.values[u])).toBeLessThanOrEqual(tol);
        // And the closed form σ^{2L}·paths(u) for a stack.
        const countsAtU = exact.values[u] / sigma ** (2 * L);
        expect(Math.abs(countsAtU - Math.round(countsAtU))).toBeLessThan(1e-9);
      }
    },
  );

  it('is σ^{2L} times the path counts, holes included, in 2-D', () => {
    const network = stack('box:3x3', [1, [2, 3]]);
    const e = exactRandomErf(network, 4);
    // Path counts by hand: a 3×3 box (1 path each) convolved with the taps {0,2,4}×{0,3,6}.
    const [R, C] = e.shape;
    expect([R, C]).toEqual([7, 9]);
    for (let r = 0; r < R; r++)
      for (let c = 0; c < C; c++) {
        let paths = 0;
        for (let a = 0; a < 3; a++)
          for (let b = 0; b < 3; b++) {
            const rr = r - 2 * a;
            const cc = c - 3 * b;
            if (rr >= 0 && rr < 3 && cc >= 0 && cc < 3) paths++;
          }
        expect(e.values[r * C + c]).toBe(16 * paths);
      }
  });

  // Σ_p σ^{2L(p)} by hand, σ² = 4: a box:3 body (one weight per path: 4 at offsets −1, 0, 1)
  // plus the shortcut at offset 0: the identity adds 1 (no weight), a projection σ² = 4 (one
  // weight, whatever its value: 3 here).
  it.each([
    ['an identity shortcut', undefined, [4, 5, 4]],
    ['a projection shortcut', { kernel: [3], dilation: 1 }, [4, 8, 4]],
  ])('counts the weights on each path of a residual with %s', (_name, shortcut, expected) => {
    const network = parseNetwork({
      type: 'residual',
      body: { kernel: 'box:3', dilation: 1 },
      ...(shortcut ? { shortcut } : {}),
    });
    expect(Array.from(exactRandomErf(network, 4).values)).toEqual(expected);
  });
});

describe('the exact ERF with given weights', () => {
  const cases: [string, Network, number[]][] = [
    ['a 1-D stack', stack([0.2, -0.5, 0.9], [1, 2, 3]), [41]],
    ['a strided 1-D stack', stack([0.3, 0.6, -0.4], [1, 2], [2, 1]), [41]],
    [
      'a 2-D stack',
      stack(
        [
          [0.1, -0.2, 0.3],
          [0.5, 1, -0.7],
          [0.2, 0.4, 0.1],
        ],
        [1, 2],
      ),
      [15, 15],
    ],
    [
      'a parallel set',
      parseNetwork({
        type: 'parallel',
        branches: [
          { type: 'stack', layers: [{ kernel: [1, -2, 0.5], dilation: 1 }] },
          { type: 'stack', layers: [{ kernel: [0.3, 0.7, 0.2], dilation: 4 }] },
        ],
      }),
      [31],
    ],
    [
      'a residual block',
      parseNetwork({
        type: 'stack',
        layers: [
          { kernel: [0.5, 1, 0.25], dilation: 1 },
          {
            type: 'residual',
            body: { type: 'stack', layers: [{ kernel: [0.2, -0.6, 0.3], dilation: 3 }] },
          },
        ],
      }),
      [31],
    ],
  ];
  it.each(cases)(
    'is the square of the centre output’s impulse gradient, placed at its origin, for %s',
    (_, network, shape) => {
      const e = exactGivenErf(network);
      const { gradient, centre } = impulseGradient(network.root, shape);
      const stride =
        network.root.type === 'stack' && network.root.layers[0].type === 'layer'
          ? network.root.layers.reduce((a, l) => a * (l.type === 'layer' ? l.stride[0] : 1), 1)
          : 1;
      const start = centre.map((c, i) => c * stride - e.origin[i]);
      const C = shape.length === 2 ? shape[1] : shape[0];
      const wC = e.shape.length === 2 ? e.shape[1] : e.shape[0];
      let mass = 0;
      for (let u = 0; u < gradient.values.length; u++) {
        const r = shape.length === 2 ? Math.floor(u / C) - start[0] : 0;
        const c = (shape.length === 2 ? u % C : u) - start[start.length - 1];
        const inside = r >= 0 && r < (e.shape.length === 2 ? e.shape[0] : 1) && c >= 0 && c < wC;
        const g2 = gradient.values[u] ** 2;
        mass += g2;
        if (inside) expect(e.values[r * wC + c]).toBeCloseTo(g2, 12);
        else expect(g2).toBe(0);
      }
      expect(mass).toBeGreaterThan(0);
    },
  );

  it('puts the origin at the centre of a stack of odd kernels', () => {
    expect(windowOrigin(stack('box:3', [1, 2, 5]).root, 1)).toEqual([8]);
    expect(windowOrigin(stack('box:5x3', [[1, 2]]).root, 2)).toEqual([2, 2]);
  });
});
