import { afterEach, describe, expect, it } from 'vitest';
import { networkGraph, parseNetwork } from '../../src/network/index.ts';
import { composeContext, evaluateGraph } from '../../src/response/compose.ts';
import { magnitudesAndPhases } from '../../src/response/decibels.ts';
import { setDerivedBackend } from '../../src/response/derived.ts';
import { DB_FLOOR, frequencyGrid, response } from '../../src/response/index.ts';
import { linearPhaseFactors } from '../../src/response/linearPhase.ts';
import { polyTimesOnGrid } from '../../src/response/polynomial.ts';

afterEach(() => {
  setDerivedBackend('auto');
});

const stack8 = {
  type: 'stack',
  layers: [1, 2, 4, 8, 16, 32, 64, 128].map((d) => ({ kernel: 'box:3', dilation: d })),
};
const mixed = {
  type: 'stack',
  layers: [
    { kernel: 'binomial:5', dilation: 3 },
    { kernel: 'box:3', dilation: 2, stride: 2 },
    { kernel: [-0.2, 0.7, -0.2], dilation: 7 },
    { kernel: 'gaussian:7:1.5', dilation: 1 },
    { pool: 'avg', size: 3, stride: 1 },
  ],
};

/** The zero-stuffed kernel of each layer convolved naively: the composite, written here. */
function naiveComposite(layers: { weights: number[]; step: number }[]): Float64Array {
  let h = [1];
  for (const { weights, step } of layers) {
    const stuffed = new Array((weights.length - 1) * step + 1).fill(0);
    weights.forEach((w, n) => {
      stuffed[n * step] = w;
    });
    const out = new Array(h.length + stuffed.length - 1).fill(0);
    for (let a = 0; a < h.length; a++)
      for (let b = 0; b < stuffed.length; b++) out[a + b] += h[a] * stuffed[b];
    h = out;
  }
  return Float64Array.from(h);
}

/** Direct DTFT on the grid ω_j = 2πj/M, with the angle reduced exactly ((j·t) mod M). */
function gridDtft(h: Float64Array, m: number, count: number) {
  const re = new Float64Array(count);
  const im = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    for (let t = 0; t < h.length; t++) {
      const x = (2 * Math.PI * ((j * t) % m)) / m;
      re[j] += h[t] * Math.cos(x);
      im[j] -= h[t] * Math.sin(x);
    }
  }
  return { re, im };
}

const box = (k: number) => new Array(k).fill(1 / k);
/** Rates that are not powers of two: periods M/gcd(d, M) that are not nested. */
const odd = {
  type: 'stack',
  layers: [
    { kernel: 'box:3', dilation: 1 },
    { kernel: 'binomial:5', dilation: 2 },
    { kernel: [-0.2, 0.7, -0.2], dilation: 5 },
    { kernel: 'box:3', dilation: 9 },
  ],
};
/** The same rates with asymmetric kernels (no linear phase: the general route). */
const asymmetric = {
  type: 'stack',
  layers: [
    { kernel: [0.2, 0.5, 0.3], dilation: 1 },
    { kernel: [1, -0.5], dilation: 2 },
    { kernel: [0.1, 0.4, 0.3, 0.2], dilation: 5 },
    { kernel: [0.6, 0.3, 0.1], dilation: 9 },
  ],
};
const binomial5 = [1, 4, 6, 4, 1].map((v) => v / 16);
/** gaussian:7:1.5: e^{−x²/(2σ²)} at x = −3..3, normalised to sum 1. */
const gaussian7 = (() => {
  const g = [-3, -2, -1, 0, 1, 2, 3].map((x) => Math.exp(-(x * x) / (2 * 1.5 * 1.5)));
  const s = g.reduce((a, b) => a + b, 0);
  return g.map((v) => v / s);
})();

describe('the linear-phase factors of a network', () => {
  it.each([
    ['a dilated 3-tap kernel', { kernel: [0.25, 0.5, 0.25], dilation: 5 }, [[3, 5]]],
    ['the 8-layer box:3 stack', stack8, [1, 2, 4, 8, 16, 32, 64, 128].map((d) => [3, d])],
    // The stride 2 of the second layer puts the taps of every later layer twice as far apart.
    [
      'a stack with a stride and an average pool',
      mixed,
      [
        [5, 3],
        [3, 2],
        [3, 14],
        [7, 2],
        [3, 2],
      ],
    ],
    [
      'a max pool (no factor)',
      {
        type: 'stack',
        layers: [
          { kernel: 'box:3', dilation: 2 },
          { pool: 'max', size: 2, stride: 1 },
        ],
      },
      [[3, 2]],
    ],
  ])('are the layers of %s (taps, step)', (_name, spec, want) => {
    const f = linearPhaseFactors(networkGraph(parseNetwork(spec)));
    expect(f?.map((x) => [x.weights.length, x.step])).toEqual(want);
  });

  it.each([
    ['asymmetric kernels at rates 1, 2, 5, 9', asymmetric],
    ['an even-length kernel', { kernel: 'box:2', dilation: 3 }],
    ['an asymmetric kernel', { kernel: [0.2, 0.5, 0.3], dilation: 1 }],
    ['an antisymmetric kernel', { kernel: [-1, 0, 1], dilation: 1 }],
    ['a kernel of 17 taps', { kernel: 'box:17', dilation: 1 }],
    [
      'a parallel sum',
      {
        type: 'parallel',
        branches: [
          { kernel: 'box:3', dilation: 1 },
          { kernel: 'box:3', dilation: 2 },
        ],
      },
    ],
    ['a residual block', { type: 'residual', body: { kernel: 'box:3', dilation: 2 } }],
    [
      'an even average pool',
      {
        type: 'stack',
        layers: [
          { kernel: 'box:3', dilation: 1 },
          { pool: 'avg', size: 2, stride: 1 },
        ],
      },
    ],
  ])('do not exist for %s', (_name, spec) => {
    expect(linearPhaseFactors(networkGraph(parseNetwork(spec)))).toBeNull();
  });
});

describe('the response of a linear-phase network', () => {
  const cases: [string, unknown, { weights: number[]; step: number }[]][] = [
    [
      '[0.25, 0.5, 0.25] at 5',
      { kernel: [0.25, 0.5, 0.25], dilation: 5 },
      [{ weights: [0.25, 0.5, 0.25], step: 5 }],
    ],
    [
      'the 8-layer stack',
      stack8,
      [1, 2, 4, 8, 16, 32, 64, 128].map((d) => ({ weights: box(3), step: d })),
    ],
    [
      'box:3, binomial:5, [−0.2, 0.7, −0.2] and box:3 at rates 1, 2, 5, 9',
      odd,
      [
        { weights: box(3), step: 1 },
        { weights: binomial5, step: 2 },
        { weights: [-0.2, 0.7, -0.2], step: 5 },
        { weights: box(3), step: 9 },
      ],
    ],
    [
      'asymmetric kernels at rates 1, 2, 5, 9 (the general route)',
      asymmetric,
      [
        { weights: [0.2, 0.5, 0.3], step: 1 },
        { weights: [1, -0.5], step: 2 },
        { weights: [0.1, 0.4, 0.3, 0.2], step: 5 },
        { weights: [0.6, 0.3, 0.1], step: 9 },
      ],
    ],
    [
      'a stack with a stride and an average pool',
      mixed,
      [
        { weights: binomial5, step: 3 },
        { weights: box(3), step: 2 },
        { weights: [-0.2, 0.7, -0.2], step: 14 },
        { weights: gaussian7, step: 2 },
        { weights: box(3), step: 2 },
      ],
    ],
  ];
  const grids: [string, number, boolean, boolean][] = [
    ['half circle, 512 points (WebAssembly)', 512, false, false],
    ['whole circle, 256 points (WebAssembly)', 256, true, false],
    ['π included, 257 → 256 points (WebAssembly)', 256, false, true],
    ['half circle, 64 points (JavaScript)', 64, false, false],
    ['π included, 17 → 16 points (JavaScript)', 16, false, true],
  ];
  const table = cases.flatMap(([name, spec, layers]) =>
    grids.map(([g, n, whole, nyq]) => [name, g, spec, layers, n, whole, nyq] as const),
  );

  it.each(table)(
    '%s, %s: the direct DTFT of the naive composite, its |H| and dB, and atan2 of H',
    (_name, _grid, spec, layers, n, whole, nyq) => {
      for (const backend of ['auto', 'js'] as const) {
        setDerivedBackend(backend);
        const r = response(parseNetwork(spec), { n, whole, includeNyquist: nyq, panels: false });
        const { m } = frequencyGrid(n, whole, nyq);
        const h = naiveComposite(layers);
        const want = gridDtft(h, m, n);
        const scale = h.reduce((s, v) => s + Math.abs(v), 0);
        let top = 0;
        for (let j = 0; j < n; j++) top = Math.max(top, Math.hypot(want.re[j], want.im[j]));
        // Largest errors over the grid (one expect each keeps the test fast).
        const err = { h: 0, mag: 0, db: 0, atan2: 0, outside: 0 };
        for (let j = 0; j < n; j++) {
          const mag = Math.hypot(want.re[j], want.im[j]);
          err.h = Math.max(err.h, Math.hypot(r.re[j] - want.re[j], r.im[j] - want.im[j]));
          err.mag = Math.max(err.mag, Math.abs(r.magnitude[j] - mag));
          if (mag > 1e-6 * top)
            err.db = Math.max(err.db, Math.abs(r.magnitudeDb[j] - 20 * Math.log10(mag)));
          // The phase is atan2 of the values returned, −π reported as π, everywhere.
          const p = Math.atan2(r.im[j], r.re[j]);
          err.atan2 = Math.max(err.atan2, Math.abs(r.phase[j] - (p === -Math.PI ? Math.PI : p)));
          if (!(r.phase[j] > -Math.PI && r.phase[j] <= Math.PI)) err.outside++;
        }
        expect(err.h).toBeLessThan(1e-12 * scale);
        expect(err.mag).toBeLessThan(1e-12 * scale);
        expect(err.db).toBeLessThan(1e-9);
        expect(err.atan2).toBeLessThan(1e-12);
        expect(err.outside).toBe(0);
      }
    },
  );

  it.each([
    ['[0.25, 0.5, 0.25] at 5', 16384, { kernel: [0.25, 0.5, 0.25], dilation: 5 }, false, false],
    ['the 8-layer stack', 65536, stack8, false, false],
    ['the 8-layer stack, whole circle', 4096, stack8, true, false],
    ['rates 1, 2, 5, 9, π included (M = 32766)', 16384, odd, false, true],
    ['a stack with a stride and an average pool', 16384, mixed, false, true],
  ])(
    '%s, N = %i: equal to the general route (Horner products and atan2) to 1e-12',
    (_name, n, spec, whole, nyq) => {
      const net = parseNetwork(spec);
      // The general route: the complex product of each factor's Horner evaluation on the grid.
      const { m } = frequencyGrid(n, whole, nyq);
      const c = { re: new Float64Array(n).fill(1), im: new Float64Array(n) };
      for (const f of linearPhaseFactors(networkGraph(net)) ?? []) {
        polyTimesOnGrid(f.weights, f.step, m, n, c.re, c.im);
      }
      const old = magnitudesAndPhases(c.re, c.im, 2 * n);
      const r = response(net, { n, whole, includeNyquist: nyq, panels: false, members: false });
      let top = 0;
      for (let j = 0; j < n; j++) top = Math.max(top, old.magnitude[j]);
      const err = { h: 0, mag: 0, db: 0, phase: 0 };
      for (let j = 0; j < n; j++) {
        err.h = Math.max(err.h, Math.abs(r.re[j] - c.re[j]), Math.abs(r.im[j] - c.im[j]));
        err.mag = Math.max(err.mag, Math.abs(r.magnitude[j] - old.magnitude[j]));
        // dB and phase where the general route itself is good to 1e−12 (|H| ≥ 1e−3·max; below,
        // its rounding of re and im, ~1e−16, moves them by more); a real negative H is π in
        // both, up to the general route's rounding of −π + 1e−17 (the same angle).
        if (old.magnitude[j] >= 1e-3 * top) {
          err.db = Math.max(err.db, Math.abs(r.magnitudeDb[j] - old.magnitudeDb[j]));
          const d = Math.abs(r.phase[j] - old.phase[j]);
          err.phase = Math.max(err.phase, Math.min(d, 2 * Math.PI - d));
        }
      }
      expect(err.h).toBeLessThan(1e-12 * top);
      expect(err.mag).toBeLessThan(1e-12 * top);
      expect(err.db).toBeLessThan(1e-12);
      expect(err.phase).toBeLessThan(1e-12);
    },
  );

  it.each([
    ['the 8-layer stack', stack8, 512, false, false],
    ['rates 1, 2, 5, 9, π included', odd, 256, false, true],
    ['rates 1, 2, 5, 9, whole circle', odd, 128, true, false],
  ])(
    'composes H of %s (N = %i) from the real amplitude, equal to the direct DTFT to 1e-12',
    (_name, spec, n, whole, nyq) => {
      const net = parseNetwork(spec);
      const { m } = frequencyGrid(n, whole, nyq);
      const c = evaluateGraph(composeContext({ m, count: n }), networkGraph(net));
      const layers = (linearPhaseFactors(networkGraph(net)) ?? []).map((f) => ({
        weights: Array.from(f.weights),
        step: f.step,
      }));
      const h = naiveComposite(layers);
      const want = gridDtft(h, m, n);
      const scale = h.reduce((a, v) => a + Math.abs(v), 0);
      let err = 0;
      for (let j = 0; j < n; j++)
        err = Math.max(err, Math.hypot(c.re[j] - want.re[j], c.im[j] - want.im[j]));
      expect(err).toBeLessThan(1e-12 * scale);
      // H[j + P] = H[j] and H[P − j] = conj H[j] for the period it reports.
      expect(m % c.period).toBe(0);
    },
  );

  it('floors an exact zero at −300 dB and gives it the phase atan2 gives its signed zeros', () => {
    // [0.25, 0.5, 0.25] at rate 2 is exactly 0 at ω = π/2, j = N/2 (both routes).
    for (const [backend, n] of [
      ['js', 16],
      ['auto', 1024],
    ] as const) {
      setDerivedBackend(backend);
      const r = response(parseNetwork({ kernel: [0.25, 0.5, 0.25], dilation: 2 }), {
        n,
        panels: false,
      });
      const j = n / 2;
      expect(r.magnitude[j]).toBe(0);
      expect(r.magnitudeDb[j]).toBe(DB_FLOOR);
      expect(r.phase[j]).toBe(
        Math.atan2(r.im[j], r.re[j]) === -Math.PI ? Math.PI : Math.atan2(r.im[j], r.re[j]),
      );
    }
  });

  it('gives every exact zero of a many-zero amplitude the phase of its signed zeros', () => {
    // [0.25, 0.5, 0.25] at rate 16, then box:3 at rate 1: A is 0 exactly where the first
    // factor is, ω = (2k + 1)π/16, that is j = (2k + 1)·N/16, 8 points of [0, π) (box:3's
    // zero at 2π/3 is off the grid). The centre is c = 17, so the closed-form phase there,
    // −2π·(17j mod M)/M, is neither 0 nor π: only atan2 of the signed zeros gives 0 or π.
    const net = parseNetwork({
      type: 'stack',
      layers: [
        { kernel: [0.25, 0.5, 0.25], dilation: 16 },
        { kernel: 'box:3', dilation: 1 },
      ],
    });
    for (const [backend, n] of [
      ['js', 64],
      ['auto', 4096],
    ] as const) {
      setDerivedBackend(backend);
      const r = response(net, { n, panels: false, members: false });
      const zeros = [...r.magnitude.keys()].filter((j) => r.magnitude[j] === 0);
      expect(zeros).toEqual(Array.from({ length: 8 }, (_, k) => ((2 * k + 1) * n) / 16));
      for (const j of zeros) {
        const p = Math.atan2(r.im[j], r.re[j]);
        expect(r.phase[j]).toBe(p === -Math.PI ? Math.PI : p);
        expect(r.phase[j] === 0 || r.phase[j] === Math.PI).toBe(true);
      }
    }
  });

  it('gives the same values through the WebAssembly and the JavaScript route (N = 65536)', () => {
    const net = parseNetwork(mixed);
    const a = response(net, { n: 65536, panels: false, members: false });
    setDerivedBackend('js');
    const b = response(net, { n: 65536, panels: false, members: false });
    let err = 0;
    for (const key of ['re', 'im', 'magnitude', 'magnitudeDb', 'phase'] as const) {
      for (let j = 0; j < 65536; j++) err = Math.max(err, Math.abs(a[key][j] - b[key][j]));
    }
    expect(err).toBeLessThan(1e-12);
  });
});
