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

/** Direct 2-D DTFT Σ h[y, x] e^{−i(ωy·y + ωx·x)} of a dense kernel, by cos/sin per term. */
function directDtft(h: { shape: number[]; weights: Float64Array }, wy: number, wx: number) {
  const [R, C] = h.shape;
  let re = 0;
  let im = 0;
  for (let y = 0; y < R; y++)
    for (let x = 0; x < C; x++) {
      const w = h.weights[y * C + x];
      if (w === 0) continue;
      const a = wy * y + wx * x;
      re += w * Math.cos(a);
      im -= w * Math.sin(a);
    }
  return Math.hypot(re, im);
}

/**
 * Largest |H| error relative to Σ|h| (the bound of |H| and the scale of its rounding
 * errors) and largest dB error where |H| > 1e−6·Σ|h|.
 */
function gridErrors(
  mag: Float64Array,
  db: Float64Array,
  n: number,
  want: (i: number, j: number) => number,
  l1: number,
) {
  const axis = Array.from({ length: n }, (_, i) => (2 * Math.PI * (i - (n >> 1))) / n);
  const exp = new Float64Array(n * n);
  const top = l1;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) exp[i * n + j] = want(axis[i], axis[j]);
  let magErr = 0;
  let dbErr = 0;
  for (let k = 0; k < n * n; k++) {
    magErr = Math.max(magErr, Math.abs(mag[k] - exp[k]) / top);
    if (exp[k] > 1e-6 * top) {
      dbErr = Math.max(dbErr, Math.abs(db[k] - Math.max(20 * Math.log10(exp[k]), DB_FLOOR)));
    }
  }
  return { magErr, dbErr };
}

const l1 = (h: { weights: Float64Array }) => h.weights.reduce((a, w) => a + Math.abs(w), 0);

const nonSeparable17 = [
  Array.from({ length: 17 }, (_, i) => Math.sin(i + 1)),
  Array.from({ length: 17 }, (_, i) => Math.cos(2 * i)),
];

const paths: [string, unknown][] = [
  // Separable (every factor rank-1): one product per grid point.
  [
    'box 3×3 at 1, 2, 5 (separable)',
    { layers: [1, 2, 5].map((d) => ({ kernel: 'box:3x3', dilation: d })) },
  ],
  [
    'binomial and gaussian with strides and per-axis rates ≥ N (separable)',
    {
      layers: [
        { kernel: 'binomial:5x5', dilation: [3, 1], stride: [2, 1] },
        { kernel: 'gaussian:5x3:1.2', dilation: [37, 70] },
        {
          kernel: [
            [1, -2, 1],
            [2, -4, 2],
          ],
          dilation: [1, 9],
        },
      ],
    },
  ],
  ['one 1×1 layer (separable)', { kernel: [[2.5]], dilation: 1 }],
  // General: direct evaluation from the twiddle table, half plane.
  [
    'a non-separable 2×2 kernel in a stack (direct)',
    {
      layers: [
        { kernel: 'box:3x3', dilation: 2 },
        {
          kernel: [
            [1, 2],
            [3, 4],
          ],
          dilation: [5, 3],
        },
      ],
    },
  ],
  // General: rows longer than 16 taps use the kernel's N×N FFT, remapped.
  [
    'a non-separable 2×17 kernel (FFT remap)',
    { layers: [{ kernel: nonSeparable17, dilation: [3, 2] }] },
  ],
  [
    'a residual around a non-separable stack',
    {
      type: 'residual',
      body: {
        layers: [
          {
            kernel: [
              [1, 0],
              [0.5, 2],
            ],
            dilation: 3,
          },
          { kernel: 'box:3x3', dilation: 1 },
        ],
      },
    },
  ],
  [
    'a parallel sum of separable branches (general)',
    {
      type: 'parallel',
      branches: [
        { kernel: 'box:3x3', dilation: 4 },
        { kernel: 'binomial:3x3', dilation: [1, 7] },
      ],
    },
  ],
];

describe('response2d on every route equals a direct 2-D DTFT (|H| to 1e−9, dB to 1e−6)', () => {
  for (const [name, spec] of paths) {
    it.each([1, 2, 8, 32, 64])(`${name}, n = %i, composite and members`, (n) => {
      const net = parseNetwork(spec);
      const r = response2d(net, { n });
      const h = compositeKernel(net.root, 2);
      const e = gridErrors(r.magnitude, r.magnitudeDb, n, (wy, wx) => directDtft(h, wy, wx), l1(h));
      expect(e.magErr).toBeLessThan(1e-9);
      expect(e.dbErr).toBeLessThan(1e-6);
      // Each member of a top-level stack (at the scale its strides give) or parallel node.
      const root = net.root;
      const kids =
        root.type === 'stack' ? root.layers : root.type === 'parallel' ? root.branches : [root];
      expect(r.members).toHaveLength(kids.length);
      let scale = [1, 1];
      kids.forEach((kid, m) => {
        const k = compositeKernel(kid, 2, false, scale);
        const em = gridErrors(
          r.members[m].magnitude,
          r.members[m].magnitudeDb,
          n,
          (wy, wx) => directDtft(k, wy, wx),
          l1(k),
        );
        expect(em.magErr).toBeLessThan(1e-9);
        expect(em.dbErr).toBeLessThan(1e-6);
        if (root.type === 'stack' && kid.type === 'layer')
          scale = scale.map((v, i) => v * kid.stride[i]);
      });
      // Without members: the same composite, no member grids.
      const lean = response2d(net, { n, members: false });
      expect(lean.members).toEqual([]);
      expect(Array.from(lean.magnitude)).toEqual(Array.from(r.magnitude));
    });
  }
});
