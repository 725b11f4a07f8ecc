import { describe, expect, it } from 'vitest';
import { compositeKernel } from '../../src/analysis/composite.ts';
import { type Network, parseNetwork, presetNetwork } from '../../src/network/index.ts';
import { DB_FLOOR, dtft2, response2d, response2dToJSON } from '../../src/response/index.ts';

/** Largest | |H| − |DTFT of compositeKernel| | over the grid, relative to the largest |H|. */
function errorAgainstComposite(net: Network, n: number): number {
  const r = response2d(net, { n });
  const h = compositeKernel(net.root, 2);
  let err = 0;
  let top = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = dtft2(h.weights, h.shape, r.wy[i], r.wx[j]);
      const mag = Math.hypot(v.re, v.im);
      err = Math.max(err, Math.abs(mag - r.magnitude[i * n + j]));
      top = Math.max(top, mag);
    }
  }
  return err / top;
}

const nets: Record<string, unknown> = {
  'a stack with per-axis rates and strides': {
    type: 'stack',
    layers: [
      { kernel: 'box:3x3', dilation: [1, 2], stride: [2, 1] },
      {
        kernel: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        dilation: [2, 5],
      },
      { kernel: 'box:3x3', dilation: 3 },
    ],
  },
  'a parallel sum with unequal spans': {
    type: 'parallel',
    branches: [
      { kernel: 'box:3x3', dilation: 6 },
      { kernel: [[1, -2, 1]], dilation: [1, 2] },
      { kernel: 'box:5x5', dilation: 1 },
    ],
  },
  'a residual block around a stack': {
    type: 'residual',
    body: {
      type: 'stack',
      layers: [
        { kernel: 'box:3x3', dilation: 2 },
        { kernel: [[0.5], [0.25]], dilation: [3, 1] },
      ],
    },
  },
};

describe('response2d equals the 2-D DTFT of compositeKernel', () => {
  for (const [name, spec] of Object.entries(nets)) {
    it.each([1, 2, 16, 32])(`for ${name} at n = %i`, (n) => {
      expect(errorAgainstComposite(parseNetwork(spec), n)).toBeLessThan(1e-9);
    });
  }

  it('for the 2-D presets of the literature', () => {
    for (const name of ['deeplab-v2-aspp', 'context-module', 'hdc']) {
      expect(errorAgainstComposite(presetNetwork(name), 64)).toBeLessThan(1e-9);
    }
  });
});

describe('response2d', () => {
  it('is centred: axis values 2π(i − N/2)/N in [−π, π), DC in the middle', () => {
    const r = response2d(parseNetwork({ kernel: 'box:3x3', dilation: 2 }), { n: 8 });
    expect([...r.wy]).toEqual([-4, -3, -2, -1, 0, 1, 2, 3].map((i) => (2 * Math.PI * i) / 8));
    expect([...r.wx]).toEqual([...r.wy]);
    // box:3x3 weights are 1/9 each: |H(0, 0)| = 1 sits at (i, j) = (4, 4).
    expect(r.magnitude[4 * 8 + 4]).toBeCloseTo(1, 14);
    // Rate 2 repeats every π: (−π, −π) sees H(−2π, −2π) = H(0, 0).
    expect(r.magnitude[0]).toBeCloseTo(1, 14);
    // (ωy, ωx) = (π/2, 0): H(π, 0) = (1 − 1 + 1)/3 · 1.
    expect(r.magnitude[6 * 8 + 4]).toBeCloseTo(1 / 3, 14);
    expect(r.members).toHaveLength(1);
    expect(r.members[0].label).toBe('box:3x3@2');
  });

  it('reports a concat merge by its branches and their envelope', () => {
    const net = presetNetwork('deeplab-v3-aspp-os16');
    const r = response2d(net, { n: 16 });
    expect(r.merge).toBe('concat');
    expect(r.members.map((m) => m.label)).toEqual([
      'box:1x1@1',
      'box:3x3@6',
      'box:3x3@12',
      'box:3x3@18',
    ]);
    expect(r.envelope).toBe(r.magnitude);
    for (let i = 0; i < 256; i++) {
      expect(r.magnitude[i]).toBe(Math.max(...r.members.map((m) => m.magnitude[i])));
    }
    // One member by its own DTFT: box 3×3 at rate 6, |H| = |Σ (1/9) e^{−i·6(ωy·a + ωx·b)}|.
    const m = r.members[1];
    for (let i = 0; i < 16; i++)
      for (let j = 0; j < 16; j++) {
        const v = dtft2(new Float64Array(9).fill(1 / 9), [3, 3], r.wy[i], r.wx[j], [6, 6]);
        expect(Math.abs(m.magnitude[i * 16 + j] - Math.hypot(v.re, v.im))).toBeLessThan(1e-12);
      }
  });

  it('floors exact nulls at −300 dB and converts to JSON with plain arrays', () => {
    const r = response2d(parseNetwork({ kernel: [[1, 1]], dilation: 1 }), { n: 4 });
    // H = 1 + e^{−iωx} vanishes at ωx = −π (column 0).
    expect(r.magnitudeDb[0]).toBe(DB_FLOOR);
    const json = JSON.parse(JSON.stringify(response2dToJSON(r)));
    expect(json.magnitude).toEqual([...r.magnitude]);
    expect(json.members[0].magnitudeDb).toEqual([...r.members[0].magnitudeDb]);
    expect(json.n).toBe(4);
  });

  it('names n and its value when n is not a power of two or above 1024', () => {
    const net = parseNetwork({ kernel: 'box:3x3', dilation: 2 });
    expect(() => response2d(net, { n: 100 })).toThrow(
      'n must be a power of two from 1 to 1024, got 100',
    );
    expect(() => response2d(net, { n: 2048 })).toThrow(
      'n must be a power of two from 1 to 1024, got 2048',
    );
  });

  it('refuses a 1-D network, pointing to response', () => {
    expect(() => response2d(parseNetwork({ kernel: 'box:3', dilation: 2 }))).toThrow(
      'network is 1-D; use response for a 1-D network',
    );
  });
});
