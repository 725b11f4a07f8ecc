import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetwork, presetNetwork, shortFormNetwork } from '../../src/network/index.ts';
import {
  DB_FLOOR,
  dilatedResponse,
  dtft,
  response,
  responseToJSON,
} from '../../src/response/index.ts';
import { compositeDtft, relativeError } from './helpers.ts';

const box3 = { kernel: 'box:3' };

const networks: Record<string, unknown> = {
  'a stack': { type: 'stack', layers: [1, 2, 5].map((d) => ({ ...box3, dilation: d })) },
  'a parallel sum with unequal spans': {
    type: 'parallel',
    merge: 'sum',
    branches: [
      { kernel: 'box:3', dilation: 6 },
      { kernel: 'binomial:5', dilation: 1 },
      { kernel: [0.5, -1], dilation: 7 },
    ],
  },
  'a residual block': { type: 'residual', body: { kernel: 'binomial:4', dilation: 3 } },
  'a stack with strides': {
    type: 'stack',
    layers: [
      { kernel: 'box:3', dilation: 1, stride: 2 },
      { kernel: 'random:3:5', dilation: 2, stride: 3 },
      { kernel: 'box:2', dilation: 3 },
    ],
  },
  'a nested network': {
    type: 'stack',
    layers: [
      { kernel: [0.25, 0.5, 0.25], dilation: 2, stride: 2 },
      {
        type: 'parallel',
        branches: [
          { kernel: 'box:3', dilation: 6 },
          {
            type: 'stack',
            layers: [
              { kernel: 'binomial:5', dilation: 3 },
              { kernel: 'random:11:4', dilation: 2 },
            ],
          },
        ],
      },
      { type: 'residual', body: { type: 'stack', layers: [{ kernel: 'box:3', dilation: 4 }] } },
    ],
  },
  'a parallel sum of symmetric stacks (amplitude products inside a merge)': {
    type: 'parallel',
    merge: 'sum',
    branches: [
      { type: 'stack', layers: [1, 2].map((d) => ({ kernel: 'box:3', dilation: d })) },
      {
        type: 'stack',
        layers: [
          { kernel: 'binomial:5', dilation: 3 },
          { kernel: 'box:3', dilation: 5 },
          { kernel: [-0.2, 0.7, -0.2], dilation: 9 },
        ],
      },
    ],
  },
  'a 40-tap kernel whose base spectrum is an FFT': {
    type: 'stack',
    layers: [1, 5, 2].map((d) => ({ kernel: 'random:40:3', dilation: d })),
  },
  'a 12-tap kernel on the remap route': {
    type: 'stack',
    layers: [3, 7, 1].map((d) => ({ kernel: 'random:12:9', dilation: d })),
  },
};

const grids = [
  { n: 512 },
  { n: 64, whole: true },
  { n: 128, includeNyquist: true },
  { n: 1 },
  { n: 1, includeNyquist: true },
  { n: 2, whole: true },
];

describe('response equals the DTFT of compositeKernel', () => {
  for (const [name, spec] of Object.entries(networks)) {
    it.each(grids)(`for ${name} on the grid %o`, (grid) => {
      const net = parseNetwork(spec);
      const r = response(net, grid);
      expect(r.w.length).toBe(grid.n);
      expect(relativeError(r, compositeDtft(net, r.w))).toBeLessThan(1e-9);
    });
  }

  it('for every 1-D preset', () => {
    for (const name of ['wavenet-block', 'tcn', 'basenji']) {
      const net = presetNetwork(name);
      const r = response(net, { n: 1024 });
      expect(relativeError(r, compositeDtft(net, r.w))).toBeLessThan(1e-9);
    }
  });
});

describe('response agrees with numpy', () => {
  const { networks: cases } = JSON.parse(
    readFileSync(new URL('../fixtures/response/freqz.json', import.meta.url), 'utf8'),
  ) as {
    networks: {
      label: string;
      layers: { kernel: number[]; dilation: number }[];
      n: number;
      whole: boolean;
      re: number[];
      im: number[];
    }[];
  };
  it.each(cases.map((c) => [c.label, c] as const))(
    'for the %s (scipy.signal.freqz of np.convolve of the dilated kernels)',
    (_label, c) => {
      const r = response(parseNetwork({ type: 'stack', layers: c.layers }), {
        n: c.n,
        whole: c.whole,
      });
      expect(relativeError(r, c)).toBeLessThan(1e-9);
    },
  );
});

describe('members', () => {
  it('multiply to the response of a stack', () => {
    const r = response(parseNetwork(networks['a stack with strides']), { n: 256 });
    expect(r.members.map((m) => m.label)).toEqual(['box:3@1/s2', 'random:3:5@2/s3', 'box:2@3']);
    const re = new Float64Array(256).fill(1);
    const im = new Float64Array(256);
    for (const m of r.members) {
      for (let j = 0; j < 256; j++) {
        const a = re[j];
        re[j] = a * m.re[j] - im[j] * m.im[j];
        im[j] = a * m.im[j] + im[j] * m.re[j];
      }
    }
    expect(relativeError({ re, im }, r)).toBeLessThan(1e-12);
  });

  it('of a stack with strides see the noble identity: layer l has rate d·Π s_i', () => {
    const r = response(parseNetwork(networks['a stack with strides']), { n: 128 });
    // The second layer (rate 2) comes after a stride of 2: taps 4 apart.
    const w = [0, 0, 0];
    const net = parseNetwork(networks['a stack with strides']);
    if (net.root.type !== 'stack') throw new Error('unreachable');
    const layer = net.root.layers[1];
    if (layer.type !== 'layer') throw new Error('unreachable');
    layer.kernel.weights.forEach((v, i) => {
      w[i] = v;
    });
    const want = { re: new Float64Array(128), im: new Float64Array(128) };
    for (let j = 0; j < 128; j++) {
      const v = dtft(w, r.w[j], 4);
      want.re[j] = v.re;
      want.im[j] = v.im;
    }
    expect(relativeError(r.members[1], want)).toBeLessThan(1e-9);
  });

  it('add up to the response of a parallel sum, centre-aligned', () => {
    const r = response(parseNetwork(networks['a parallel sum with unequal spans']), { n: 128 });
    expect(r.merge).toBe('sum');
    const re = new Float64Array(128);
    const im = new Float64Array(128);
    for (const m of r.members) {
      for (let j = 0; j < 128; j++) {
        re[j] += m.re[j];
        im[j] += m.im[j];
      }
    }
    expect(relativeError({ re, im }, r)).toBeLessThan(1e-12);
  });

  it('of a concat merge give the envelope max_b |H_b| as the magnitude', () => {
    const net = shortFormNetwork({
      kernel: 'box:3',
      rates: [1, 2, 3],
      mode: 'parallel',
      merge: 'concat',
    });
    const r = response(net, { n: 64 });
    expect(r.merge).toBe('concat');
    expect(r.envelope).toBe(r.magnitude);
    for (let j = 0; j < 64; j++) {
      const want = Math.max(
        ...[1, 2, 3].map((d) =>
          Math.hypot(
            ...Object.values(
              dtft(
                [1, 1, 1].map((v) => v / 3),
                r.w[j],
                d,
              ),
            ),
          ),
        ),
      );
      expect(Math.abs(r.magnitude[j] - want)).toBeLessThan(1e-12);
      expect(r.magnitudeDb[j]).toBeCloseTo(20 * Math.log10(want), 9);
    }
  });

  it('can be skipped, leaving the composite response unchanged', () => {
    const net = parseNetwork(networks['a nested network']);
    const a = response(net, { n: 256 });
    const b = response(net, { n: 256, members: false });
    expect(b.members).toEqual([]);
    expect(relativeError(b, a)).toBeLessThan(1e-12);
  });
});

describe('magnitude, decibels and phase', () => {
  it('are |H|, 20·log10|H| and atan2(im, re) in (−π, π]', () => {
    const r = response(parseNetwork(networks['a nested network']), { n: 512, whole: true });
    for (let j = 0; j < 512; j++) {
      const mag = Math.hypot(r.re[j], r.im[j]);
      expect(Math.abs(r.magnitude[j] - mag)).toBeLessThanOrEqual(1e-15 * Math.max(1, mag));
      if (mag > 1e-12) expect(r.magnitudeDb[j]).toBeCloseTo(20 * Math.log10(mag), 9);
      expect(r.phase[j]).toBeGreaterThan(-Math.PI);
      expect(r.phase[j]).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(r.phase[j] - Math.atan2(r.im[j], r.re[j]))).toBeLessThan(1e-12);
    }
  });

  it('floor an exact null at DB_FLOOR = −300 dB and give a negative real value phase π', () => {
    // box:2 has its null at π; with includeNyquist the last point is π.
    const r = response(parseNetwork({ kernel: [1, 1], dilation: 1 }), {
      n: 4,
      includeNyquist: true,
    });
    expect(r.w[3]).toBeCloseTo(Math.PI, 15);
    expect(r.magnitudeDb[3]).toBe(DB_FLOOR);
    expect(r.magnitudeDb[2]).toBeCloseTo(20 * Math.log10(2 * Math.cos(Math.PI / 3)), 12);
    const neg = response(parseNetwork({ kernel: [-1], dilation: 1 }), { n: 4 });
    expect([...neg.phase]).toEqual([Math.PI, Math.PI, Math.PI, Math.PI]);
  });
});

describe('units', () => {
  it('converts w with fs exactly as scipy does and names the units', () => {
    const net = parseNetwork({ kernel: 'box:3', dilation: 2 });
    expect(response(net).units).toBe('rad/sample');
    const hz = response(net, { n: 8, fs: 16000 });
    expect(hz.units).toBe('Hz');
    expect([...hz.w]).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    expect(response(net, { n: 4, fs: 1 }).units).toBe('cycles/sample');
    expect(response(net, { n: 4, fs: 1, units: 'cycles/bp' }).units).toBe('cycles/bp');
    const rad = response(net, { n: 8 });
    expect(relativeError(hz, rad)).toBe(0);
  });

  it('makes w when first read, and it then behaves as an ordinary property', () => {
    const net = parseNetwork({ kernel: 'box:3', dilation: 2 });
    const r = response(net, { n: 4, fs: 8, whole: true, panels: false });
    expect(Object.keys(r).slice(0, 3)).toEqual(['dims', 'w', 'units']);
    expect([...r.w]).toEqual([0, 2, 4, 6]);
    expect(r.w).toBe(r.w);
    expect([...structuredClone(r).w]).toEqual([0, 2, 4, 6]);
    expect([...{ ...r }.w]).toEqual([0, 2, 4, 6]);
    expect(responseToJSON(r).w).toEqual([0, 2, 4, 6]);
    const mine = Float64Array.of(1, 2, 3, 4);
    r.w = mine;
    expect(r.w).toBe(mine);
  });
});

describe('dilation', () => {
  it('H_d(ω) = H(dω) for any kernel, rate and grid point (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(1, 2, 8, 64, 512),
        fc.boolean(),
        (weights, d, n, whole) => {
          const r = dilatedResponse(weights, d, { worN: n, whole });
          const scale = weights.reduce((a, b) => a + Math.abs(b), 0) || 1;
          for (let j = 0; j < n; j++) {
            const h = dtft(weights, (d * ((whole ? 2 : 1) * Math.PI * j)) / n);
            if (Math.hypot(h.re - r.re[j], h.im - r.im[j]) > 1e-9 * scale) return false;
          }
          return true;
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it('makes the response periodic with period 2π/d', () => {
    const weights = [0.3, -0.2, 0.9, 0.4];
    for (const d of [2, 3, 4, 6]) {
      // On the full circle of 96 points, 2π/d is 96/d points.
      const r = dilatedResponse(weights, d, { worN: 96, whole: true });
      const p = 96 / d;
      for (let j = 0; j + p < 96; j++) {
        expect(Math.abs(r.re[j + p] - r.re[j])).toBeLessThan(1e-12);
        expect(Math.abs(r.im[j + p] - r.im[j])).toBeLessThan(1e-12);
      }
      // And off the grid, by the direct DTFT.
      for (const w of [0.1, 0.77, 2]) {
        const a = dtft(weights, w, d);
        const b = dtft(weights, w + (2 * Math.PI) / d, d);
        expect(Math.hypot(a.re - b.re, a.im - b.im)).toBeLessThan(1e-12);
      }
    }
  });

  it("gives a stack's |H| independent of the layer order (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kernel: fc.constantFrom('box:3', 'binomial:5', 'random:3:1', 'box:2', 'random:10:2'),
            dilation: fc.integer({ min: 1, max: 40 }),
          }),
          { minLength: 2, maxLength: 5 },
        ),
        fc.integer({ min: 0, max: 1000 }),
        (layers, seed) => {
          const shuffled = [...layers];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const k = (seed * (i + 7)) % (i + 1);
            [shuffled[i], shuffled[k]] = [shuffled[k], shuffled[i]];
          }
          const a = response(parseNetwork({ type: 'stack', layers }), { n: 256 });
          const b = response(parseNetwork({ type: 'stack', layers: shuffled }), { n: 256 });
          const top = Math.max(...a.magnitude);
          return a.magnitude.every((v, j) => Math.abs(v - b.magnitude[j]) <= 1e-12 * top);
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });
});

describe('bad options', () => {
  const net = parseNetwork({ kernel: 'box:3', dilation: 2 });
  it('names n and its value when n is not a power of two or too large', () => {
    expect(() => response(net, { n: 1000 })).toThrow(
      'n must be a power of two from 1 to 1048576, got 1000',
    );
    expect(() => response(net, { n: 2 ** 21 })).toThrow(
      'n must be a power of two from 1 to 1048576, got 2097152',
    );
    expect(() => response(net, { n: 0 })).toThrow(/^n must be a power of two .* got 0$/);
    expect(() => response(net, { n: '8' as unknown as number })).toThrow(/got "8"$/);
  });

  it('names fs, whole and a 2-D network', () => {
    expect(() => response(net, { fs: -1 })).toThrow('fs must be a finite number > 0, got -1');
    expect(() => response(net, { whole: 1 as unknown as boolean })).toThrow(
      'whole must be true or false, got 1',
    );
    expect(() => response(parseNetwork({ kernel: 'box:3x3', dilation: 2 }))).toThrow(
      'network is 2-D; use response2d for a 2-D network',
    );
  });
});

describe('responseToJSON', () => {
  it('gives plain arrays that survive JSON.stringify, with no −Infinity', () => {
    const net = parseNetwork({
      type: 'parallel',
      merge: 'concat',
      branches: [
        { kernel: [1, 1], dilation: 1 },
        { kernel: 'box:3', dilation: 2 },
      ],
    });
    const r = response(net, { n: 8, includeNyquist: true });
    const json = responseToJSON(r);
    const back = JSON.parse(JSON.stringify(json));
    expect(back.magnitude).toEqual([...r.magnitude]);
    expect(back.envelope).toEqual([...r.magnitude]);
    expect(back.members[0].magnitudeDb).toContain(DB_FLOOR);
    expect(back.members.map((m: { label: string }) => m.label)).toEqual([
      'weights:1,1@1',
      'box:3@2',
    ]);
    expect(Object.keys(back).sort()).toEqual(
      [
        'dims',
        'w',
        'units',
        'fs',
        'form',
        're',
        'im',
        'magnitude',
        'magnitudeDb',
        'phase',
        'members',
        'merge',
        'envelope',
        'phaseUnwrapped',
        'groupDelay',
        'phaseDelay',
        'zeroPhase',
        'symmetry',
        'impulse',
        'step',
      ].sort(),
    );
  });
});
