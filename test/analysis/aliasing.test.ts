import { describe, expect, it } from 'vitest';
import { aliasing, effectiveRates } from '../../src/analysis/aliasing.ts';
import { type Layer, type Network, parseNetwork, presetNetwork } from '../../src/network/index.ts';
import { dtft } from '../../src/response/dtft.ts';
import { naiveTaps } from './naive.ts';

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

/** Per-axis gcd of differences and the lattice index (gcd of all 2×2 minors) by enumeration. */
function enumeratedLattice(network: Network): { factor: number[]; index: number } {
  const pts = [...naiveTaps(network.root, network.dims).keys()].map((k) =>
    k.split(',').map(Number),
  );
  const diffs = pts.map((p) => p.map((v, i) => v - pts[0][i]));
  const factor = pts[0].map((_, i) => diffs.reduce((g, d) => gcd(g, d[i]), 0) || 1);
  if (network.dims === 1) return { factor, index: factor[0] };
  let det = 0;
  for (const a of diffs) for (const b of diffs) det = gcd(det, a[0] * b[1] - a[1] * b[0]);
  return { factor, index: det };
}

const stack = (kernel: string, rates: (number | number[])[], strides: number[] = []) =>
  parseNetwork({
    type: 'stack',
    layers: rates.map((d, i) => ({ kernel, dilation: d, stride: strides[i] ?? 1 })),
  });

describe('aliasing', () => {
  it('finds the common factor of a stack and the period 2π/g of its response', () => {
    const n = stack('binomial:3', [2, 4, 6]);
    const a = aliasing(n);
    expect(a.factor).toBe(2);
    expect(a.period).toBe(Math.PI);
    expect(a.latticeFactor).toBe(enumeratedLattice(n).factor[0]);
    expect(a.subgrids).toBe(2);
    // The same fact in frequency: Π_l H(d_l ω) repeats every π (direct DTFT, no FFT).
    if (n.root.type !== 'stack') throw new Error('unreachable');
    const layers = n.root.layers as Layer[];
    const mag = (w: number) =>
      layers.reduce((acc, l) => {
        const h = dtft(l.kernel.weights, w, l.dilation[0]);
        return acc * Math.hypot(h.re, h.im);
      }, 1);
    for (const w of [0.1, 0.7, 1.3, 2.9]) expect(mag(w + Math.PI)).toBeCloseTo(mag(w), 12);
    expect(Math.abs(mag(0.3 + Math.PI / 2) - mag(0.3))).toBeGreaterThan(1e-3);
  });

  it('finds no common factor for HDC rates and the full period 2π', () => {
    const a = aliasing(presetNetwork('hdc'));
    expect(a).toEqual({
      factor: [1, 1],
      period: [2 * Math.PI, 2 * Math.PI],
      subgrids: 1,
      latticeFactor: [1, 1],
      outputStride: [1, 1],
      aliasedAbove: [Math.PI, Math.PI],
    });
  });

  it('works per axis in 2-D and counts g_y·g_x sub-grids', () => {
    const n = stack('box:3x3', [
      [2, 3],
      [4, 6],
    ]);
    const a = aliasing(n);
    expect(a.factor).toEqual([2, 3]);
    expect(a.period).toEqual([Math.PI, (2 * Math.PI) / 3]);
    expect(a.latticeFactor).toEqual(enumeratedLattice(n).factor);
    expect(a.subgrids).toBe(enumeratedLattice(n).index);
    expect(a.subgrids).toBe(6);
  });

  it('uses the strides before a layer and ignores one-tap axes', () => {
    const n = parseNetwork({
      layers: [
        { kernel: 'box:1', stride: 2 },
        { kernel: 'box:3', dilation: 3 },
      ],
    });
    expect(effectiveRates(n)).toEqual([[6]]);
    expect(aliasing(n).factor).toBe(6);
    expect(aliasing(n).subgrids).toBe(enumeratedLattice(n).index);
    const v3 = presetNetwork('deeplab-v3-aspp-os16');
    expect(aliasing(v3).factor).toEqual([6, 6]);
    expect(aliasing(v3).latticeFactor).toEqual(enumeratedLattice(v3).factor);
    expect(aliasing(v3).subgrids).toBe(36);
    const ones = parseNetwork({ layers: [{ kernel: 'box:1' }, { kernel: 'box:1' }] });
    expect(aliasing(ones)).toEqual({
      factor: 1,
      period: 2 * Math.PI,
      subgrids: 1,
      latticeFactor: 1,
      outputStride: 1,
      aliasedAbove: Math.PI,
    });
  });

  it('reports the exact lattice when placement breaks the common factor of the rates', () => {
    // Two-tap branches at rates 2 and 4 ('same'): they read {−1, 1} and {−2, 2}.
    const par = parseNetwork({
      type: 'parallel',
      branches: [
        { kernel: 'box:2', dilation: 2 },
        { kernel: 'box:2', dilation: 4 },
      ],
    });
    expect(aliasing(par).factor).toBe(1);
    expect(aliasing(par).period).toBeCloseTo(2 * Math.PI, 12);
    expect(aliasing(par).latticeFactor).toBe(enumeratedLattice(par).factor[0]);
    expect(aliasing(par).latticeFactor).toBe(1);
    expect(aliasing(par).subgrids).toBe(1);
    // A 2×2 body at rate 2 reading (−1, −1)..(1, 1) with the identity at (0, 0): a checkerboard.
    const res = parseNetwork({ type: 'residual', body: { kernel: 'box:2x2', dilation: 2 } });
    const ref = enumeratedLattice(res);
    expect(aliasing(res).factor).toEqual([1, 1]);
    expect(aliasing(res).latticeFactor).toEqual(ref.factor);
    expect(aliasing(res).subgrids).toBe(ref.index);
    expect(ref.index).toBe(2);
  });

  it('counts the sub-grids of a single row of taps', () => {
    const n = stack('box:1x3', [[1, 4]]);
    expect(aliasing(n).subgrids).toBe(4);
    expect(aliasing(n).factor).toEqual([1, 4]);
  });
});
