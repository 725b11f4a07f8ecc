import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { axisCut, compositeKernel, graphKernel } from '../../src/analysis/composite.ts';
import { deafBandsReport } from '../../src/analysis/deafBands.ts';
import { MAX_LISTED_FREQUENCIES } from '../../src/analysis/listed.ts';
import {
  dilatedNulls,
  intersectNulls,
  kernelNulls,
  nullsReport,
  sharedNulls,
  unionNulls,
} from '../../src/analysis/nulls.ts';
import type { Null } from '../../src/analysis/types.ts';
import { parseKernel } from '../../src/kernel/parse.ts';
import {
  type Member,
  networkMembers,
  parseNetwork,
  presetNames,
  presetNetwork,
  shortFormNetwork,
} from '../../src/network/index.ts';
import { dtft, dtft2 } from '../../src/response/dtft.ts';

const PI = Math.PI;

interface FixtureCase {
  name: string;
  weights: number[];
  nulls: Null[];
  base?: number[];
  rate?: number;
  branches?: { kernel: number[]; dilation: number }[];
}
const fixtures: FixtureCase[] = JSON.parse(
  readFileSync(new URL('../fixtures/nulls/nulls.json', import.meta.url), 'utf8'),
).cases;

/** |H(ω)| by direct summation. */
const mag = (w: ArrayLike<number>, x: number, step = 1, derivative = 0) => {
  const h = dtft(w, x, step, derivative);
  return Math.hypot(h.re, h.im);
};
const l1 = (w: ArrayLike<number>) => Array.from(w).reduce((s, v) => s + Math.abs(v), 0);

/** Naive full convolution of dilated kernels: the composite of a 1-D stack. */
function naiveStack(kernels: number[][], rates: number[]): Float64Array {
  let acc = [1];
  kernels.forEach((k, l) => {
    const d = rates[l];
    const out = new Array(acc.length + (k.length - 1) * d).fill(0);
    acc.forEach((a, i) => {
      k.forEach((b, n) => {
        out[i + n * d] += a * b;
      });
    });
    acc = out;
  });
  return Float64Array.from(acc);
}

/** The closed-form nulls of a dilated base null set {±θ} at rate d, in [0, π]. */
function closedFormDilated(thetas: number[], d: number): number[] {
  const out: number[] = [];
  for (const t of thetas) {
    for (let m = -d; m <= d; m++) {
      for (const s of [t, -t]) {
        const w = (s + 2 * PI * m) / d;
        if (w >= -1e-12 && w <= PI + 1e-12 && !out.some((o) => Math.abs(o - w) < 1e-9))
          out.push(Math.min(PI, Math.max(0, w)));
      }
    }
  }
  return out.sort((a, b) => a - b);
}

function expectSameNulls(actual: Null[], expected: Null[], tol = 1e-9) {
  expect(actual.map((n) => n.multiplicity)).toEqual(expected.map((n) => n.multiplicity));
  actual.forEach((n, i) => {
    expect(Math.abs(n.w - expected[i].w)).toBeLessThanOrEqual(tol);
  });
}

/** The multiplicity of a null θ of `w` checked on derivatives by direct DTFT. */
function expectMultiplicity(w: ArrayLike<number>, theta: number, m: number, step = 1) {
  const D = (w.length - 1) * step;
  for (let j = 0; j < m; j++) {
    // |H^{(j)}| relative to Σ|w_n|·n^j, scaled by D^j to stay in range
    const scale = Array.from(w).reduce((s, v, n) => s + Math.abs(v) * ((n * step) / D) ** j, 0);
    expect(mag(w, theta, step, j) / D ** j).toBeLessThan(1e-8 * scale);
  }
  const scale = Array.from(w).reduce((s, v, n) => s + Math.abs(v) * ((n * step) / D) ** m, 0);
  expect(mag(w, theta, step, m) / D ** m).toBeGreaterThan(1e-6 * scale);
}

describe('kernelNulls', () => {
  it('finds the simple nulls of box:K at 2πm/K, m = 1..⌊K/2⌋', () => {
    for (let K = 2; K <= 16; K++) {
      const expected = Array.from({ length: Math.floor(K / 2) }, (_, i) => ({
        w: (2 * PI * (i + 1)) / K,
        multiplicity: 1,
      }));
      expectSameNulls(kernelNulls(parseKernel(`box:${K}`).weights), expected, 1e-12);
    }
  });

  it('finds the null of binomial:K at π with multiplicity K − 1', () => {
    for (let K = 2; K <= 24; K++) {
      expect(kernelNulls(parseKernel(`binomial:${K}`).weights)).toEqual([
        { w: PI, multiplicity: K - 1 },
      ]);
    }
    expectMultiplicity(parseKernel('binomial:5').weights, PI, 4);
  });

  it('finds double nulls at 0 and π of integer kernels', () => {
    expect(kernelNulls([1, -2, 1])).toEqual([{ w: 0, multiplicity: 2 }]);
    expect(kernelNulls([1, 0, -2, 0, 1])).toEqual([
      { w: 0, multiplicity: 2 },
      { w: PI, multiplicity: 2 },
    ]);
    // (1 − 2cos(π/3)z + z²)² = (1 − z + z²)²: a double null at π/3
    const got = kernelNulls([1, -2, 3, -2, 1]);
    expect(got.map((n) => n.multiplicity)).toEqual([2]);
    expect(Math.abs(got[0].w - PI / 3)).toBeLessThan(1e-12);
  });

  it('ignores zero taps at either end and reports no nulls for one tap or all zeros', () => {
    expectSameNulls(kernelNulls([0, 0, 1, 1, 1, 0]), [{ w: (2 * PI) / 3, multiplicity: 1 }]);
    expect(kernelNulls([0, 2, 0])).toEqual([]);
    expect(kernelNulls([0, 0])).toEqual([]);
    expect(kernelNulls([])).toEqual([]);
  });

  it('rejects weights that are not finite, naming the weight', () => {
    expect(() => kernelNulls([1, Number.NaN])).toThrow(/weights\[1\] must be a finite number/);
  });

  it('agrees with numpy.roots on random, symmetric, antisymmetric and factored kernels', () => {
    const plain = fixtures.filter((c) => !c.branches);
    expect(plain.length).toBeGreaterThan(30);
    for (const c of plain) {
      const got = kernelNulls(c.weights);
      expect(got.length, c.name).toBe(c.nulls.length);
      expectSameNulls(got, c.nulls);
      expectSameNulls(kernelNulls(c.weights, { reduce: false }), c.nulls);
    }
  });

  it('returns points where |H| vanishes by direct DTFT, with the multiplicity the derivatives show', () => {
    for (const c of fixtures) {
      for (const n of kernelNulls(c.weights)) {
        expect(mag(c.weights, n.w)).toBeLessThan(1e-10 * l1(c.weights));
        expectMultiplicity(c.weights, n.w, n.multiplicity);
      }
    }
  });
});

describe('dilatedNulls', () => {
  it('maps box:3 at rate d to (±2π/3 + 2πm)/d in [0, π], nulls between FFT grid points included', () => {
    for (let d = 1; d <= 24; d++) {
      const expected = closedFormDilated([(2 * PI) / 3], d).map((w) => ({ w, multiplicity: 1 }));
      const got = dilatedNulls(kernelNulls(parseKernel('box:3').weights), d);
      expectSameNulls(got, expected, 1e-12);
      for (const n of got) expect(mag([1, 1, 1], n.w, d)).toBeLessThan(1e-13);
    }
  });

  it('maps nulls at 0 and π onto themselves once', () => {
    expect(dilatedNulls([{ w: PI, multiplicity: 2 }], 3)).toEqual([
      { w: PI / 3, multiplicity: 2 },
      { w: PI, multiplicity: 2 },
    ]);
    const z = dilatedNulls([{ w: 0, multiplicity: 1 }], 4);
    expect(z.map((n) => n.w / PI)).toEqual([0, 0.5, 1]);
  });

  it('agrees with the numpy nulls of zero-stuffed kernels', () => {
    for (const c of fixtures.filter((f) => f.base)) {
      expectSameNulls(dilatedNulls(kernelNulls(c.base!), c.rate!), c.nulls);
    }
  });

  it('equals the nulls of the zero-stuffed kernel found without the shortcut (property)', () => {
    const kernel = fc
      .array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 5 })
      .chain((half) =>
        fc.constantFrom(
          [...half, ...half.slice().reverse()],
          [...half, ...half.slice(0, -1).reverse()],
          [...half, ...half.map((v) => -v).reverse()],
          half,
        ),
      )
      .filter((w) => w.some((v) => v !== 0));
    fc.assert(
      fc.property(kernel, fc.integer({ min: 1, max: 9 }), (w, d) => {
        const stuffed = new Array((w.length - 1) * d + 1).fill(0);
        w.forEach((v, n) => {
          stuffed[n * d] = v;
        });
        const a = dilatedNulls(kernelNulls(w), d);
        const b = kernelNulls(stuffed, { reduce: false });
        expect(b.map((n) => n.multiplicity)).toEqual(a.map((n) => n.multiplicity));
        a.forEach((n, i) => {
          expect(Math.abs(n.w - b[i].w)).toBeLessThan(1e-9);
        });
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('unionNulls, intersectNulls and sharedNulls', () => {
  const a = [
    { w: 1, multiplicity: 1 },
    { w: 2, multiplicity: 2 },
  ];
  const b = [
    { w: 2 + 1e-12, multiplicity: 1 },
    { w: 3, multiplicity: 1 },
  ];
  it('adds multiplicities of coinciding nulls in a union', () => {
    expect(unionNulls([a, b])).toEqual([
      { w: 1, multiplicity: 1 },
      { w: 2, multiplicity: 3 },
      { w: 3, multiplicity: 1 },
    ]);
  });
  it('keeps the smallest multiplicity of nulls common to every list', () => {
    expect(intersectNulls([a, b])).toEqual([{ w: 2, multiplicity: 1 }]);
    expect(sharedNulls([a, b])).toEqual([2]);
    expect(sharedNulls([a])).toEqual([1, 2]);
    expect(sharedNulls([])).toEqual([]);
  });
});

describe('nullsReport', () => {
  const box3 = (rates: string, mode: 'stack' | 'parallel' = 'stack', merge?: 'sum' | 'concat') =>
    shortFormNetwork({ kernel: 'box:3', rates, mode, merge });

  it('gives box:3 at 2,2,2 composite nulls of multiplicity 3 at π/3 and 2π/3', () => {
    const r = nullsReport(box3('2,2,2'));
    expect(r.composite.map((n) => n.multiplicity)).toEqual([3, 3]);
    expect(Math.abs(r.composite[0].w - PI / 3)).toBeLessThan(1e-12);
    expect(Math.abs(r.composite[1].w - (2 * PI) / 3)).toBeLessThan(1e-12);
    expect(r.shared.length).toBe(2);
    const k = naiveStack(
      [
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ],
      [2, 2, 2],
    );
    for (const n of r.composite) expectMultiplicity(k, n.w, 3);
    expect(mag(k, PI)).toBeGreaterThan(1); // not a null: H(2π·) = 27
  });

  it('finds that box:3 at 1,2,5 shares the null 2π/3 (no rate is a multiple of 3)', () => {
    // closed form: d·2π/3 ≡ ±2π/3 (mod 2π) unless 3 | d
    const r = nullsReport(box3('1,2,5'));
    expect(r.shared.length).toBe(1);
    expect(Math.abs(r.shared[0] - (2 * PI) / 3)).toBeLessThan(1e-12);
    const at = r.composite.find((n) => Math.abs(n.w - (2 * PI) / 3) < 1e-9);
    expect(at?.multiplicity).toBe(3);
    const k = naiveStack(
      [
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ],
      [1, 2, 5],
    );
    expectMultiplicity(k, (2 * PI) / 3, 3);
    expect(r.composite.reduce((s, n) => s + n.multiplicity, 0)).toBe(1 + 2 + 5);
    const union = [1, 2, 5]
      .flatMap((d) => closedFormDilated([(2 * PI) / 3], d))
      .sort((x, y) => x - y)
      .filter((w, i, all) => i === 0 || w - all[i - 1] > 1e-9);
    expect(r.composite.length).toBe(union.length);
    r.composite.forEach((n, i) => {
      expect(Math.abs(n.w - union[i])).toBeLessThan(1e-12);
    });
  });

  it('finds no shared null for box:3 at 1,2,3 nor for binomial:3 at 1,2,5', () => {
    expect(nullsReport(box3('1,2,3')).shared).toEqual([]);
    const b = nullsReport(shortFormNetwork({ kernel: 'binomial:3', rates: '1,2,5' }));
    expect(b.shared).toEqual([]);
    expect(b.byLayer[0]).toEqual([{ w: PI, multiplicity: 2 }]);
  });

  it('uses the effective rate d·Π(earlier strides) for each layer', () => {
    const net = parseNetwork({
      layers: [
        { kernel: 'box:3', dilation: 1, stride: 2 },
        { kernel: 'box:3', dilation: 1 },
      ],
    });
    const r = nullsReport(net);
    expectSameNulls(
      r.byLayer[1],
      closedFormDilated([(2 * PI) / 3], 2).map((w) => ({ w, multiplicity: 1 })),
      1e-12,
    );
  });

  it('gives parallel sums the unit-circle roots of the centre-aligned sum (numpy fixtures)', () => {
    const cases = fixtures.filter((c) => c.branches);
    expect(cases.length).toBeGreaterThan(3);
    for (const c of cases) {
      const net = parseNetwork({ type: 'parallel', merge: 'sum', branches: c.branches });
      const r = nullsReport(net);
      expectSameNulls(r.composite, c.nulls);
      for (const n of r.composite) expect(mag(c.weights, n.w)).toBeLessThan(1e-10 * l1(c.weights));
    }
  });

  it('gives a concatenation only the nulls every branch has, with the smallest multiplicity', () => {
    const r = nullsReport(box3('1,2', 'parallel', 'concat'));
    expectSameNulls(r.composite, [{ w: (2 * PI) / 3, multiplicity: 1 }], 1e-12);
    const s = nullsReport(
      parseNetwork({
        type: 'parallel',
        merge: 'concat',
        branches: [
          { kernel: 'binomial:3', dilation: 1 },
          { kernel: 'binomial:2', dilation: 1 },
        ],
      }),
    );
    expect(s.composite).toEqual([{ w: PI, multiplicity: 1 }]);
  });

  it('finds the nulls of 1 + H_body for a residual block', () => {
    // body [−1/2, 0, −1/2] + identity at its centre: [−1/2, 1, −1/2], H ∝ 1 − cos ω
    const r = nullsReport(parseNetwork({ type: 'residual', body: { kernel: [-0.5, 0, -0.5] } }));
    expect(r.composite).toEqual([{ w: 0, multiplicity: 2 }]);
    expect(r.byLayer).toEqual([r.composite]);
    // body box:3: 4/3 + (2/3)cos ω > 0, no null
    expect(
      nullsReport(parseNetwork({ type: 'residual', body: { kernel: 'box:3' } })).composite,
    ).toEqual([]);
  });

  it('works on the axis cuts H(0, ωx) and H(ωy, 0) of 2-D networks', () => {
    const net = parseNetwork({ layers: [{ kernel: 'box:3x3', dilation: [1, 2] }] });
    const x = nullsReport(net, 'x');
    const y = nullsReport(net, 'y');
    expectSameNulls(
      x.composite,
      closedFormDilated([(2 * PI) / 3], 2).map((w) => ({ w, multiplicity: 1 })),
      1e-12,
    );
    expectSameNulls(y.composite, [{ w: (2 * PI) / 3, multiplicity: 1 }], 1e-12);
    const k = parseKernel('box:3x3');
    for (const n of x.composite) {
      const h = dtft2(k.weights, k.shape, 0, n.w, [1, 2]);
      expect(Math.hypot(h.re, h.im)).toBeLessThan(1e-13);
    }
    for (const n of y.composite) {
      const h = dtft2(k.weights, k.shape, n.w, 0, [1, 2]);
      expect(Math.hypot(h.re, h.im)).toBeLessThan(1e-13);
    }
  });

  /** A member's cut kernel on the input grid (at the scale of the map it runs on). */
  function memberKernel(member: Member, axis: 'x' | 'y'): Float64Array {
    return axisCut(graphKernel(member.graph), axis);
  }

  it('reports nulls of every preset where |H| vanishes by direct DTFT, and misses none', () => {
    for (const name of presetNames) {
      const net = presetNetwork(name);
      for (const axis of net.dims === 2 ? (['x', 'y'] as const) : (['x'] as const)) {
        const r = nullsReport(net, axis);
        networkMembers(net).members.forEach((member, i) => {
          const k = memberKernel(member, axis);
          const scale = l1(k);
          for (const n of r.byLayer[i]) expect(mag(k, n.w)).toBeLessThan(1e-9 * scale);
          if (k.length > 200) return;
          // independent scan: every deep local minimum of |H| on a fine grid is a reported null
          const N = 20000;
          const v = Array.from({ length: N + 1 }, (_, j) => mag(k, (PI * j) / N));
          for (let j = 0; j <= N; j++) {
            const isMin = (j === 0 || v[j] <= v[j - 1]) && (j === N || v[j] <= v[j + 1]);
            if (isMin && v[j] < 1e-6 * scale) {
              expect(r.byLayer[i].some((n) => Math.abs(n.w - (PI * j) / N) < 2e-3)).toBe(true);
            }
          }
        });
        const whole = axisCut(compositeKernel(net.root, net.dims), axis);
        if (net.root.type !== 'parallel' || net.root.merge === 'sum') {
          for (const n of r.composite) expect(mag(whole, n.w)).toBeLessThan(1e-9 * l1(whole));
        }
      }
    }
  });

  it('gives a WaveNet block every multiple of π/512 as a simple composite null', () => {
    // box:2 at rate 2^k is null where 2^k·ω is an odd multiple of π: ω = jπ/512 is null for
    // exactly one k (9 − the power of 2 in j), so every jπ/512 has multiplicity 1.
    const r = nullsReport(presetNetwork('wavenet-block'));
    expect(r.composite.length).toBe(512);
    r.composite.forEach((n, i) => {
      expect(Math.abs(n.w - ((i + 1) * PI) / 512)).toBeLessThan(1e-12);
      expect(n.multiplicity).toBe(1);
    });
  });
});

describe('analyze lists at most MAX_LISTED_FREQUENCIES nulls and deaf bands a list', () => {
  // box:3 at rate 2048: the base null 2π/3 and deaf band about it give 2048 of each in [0, π].
  const net = parseNetwork({ kernel: 'box:3', dilation: 2048 });
  const full = nullsReport(net);
  const fullBands = deafBandsReport(net);
  const r = analyze(net);

  it('keeps the lowest frequencies of a long list and says how many it has in full', () => {
    expect(full.composite.length).toBeGreaterThan(MAX_LISTED_FREQUENCIES);
    expect(fullBands.composite.length).toBeGreaterThan(MAX_LISTED_FREQUENCIES);
    expect(r.nulls.truncated).toBe(true);
    expect(r.nulls.composite).toEqual(full.composite.slice(0, MAX_LISTED_FREQUENCIES));
    expect(r.nulls.byLayer[0]).toEqual(full.byLayer[0].slice(0, MAX_LISTED_FREQUENCIES));
    expect(r.nulls.counts).toEqual({
      byLayer: [full.byLayer[0].length],
      shared: full.shared.length,
      composite: full.composite.length,
    });
    expect(r.deafBands.truncated).toBe(true);
    expect(r.deafBands.composite).toEqual(fullBands.composite.slice(0, MAX_LISTED_FREQUENCIES));
    expect(r.deafBands.counts.composite).toBe(fullBands.composite.length);
  });

  it('gives the total width of the full band lists', () => {
    const width = fullBands.composite.reduce((a, [lo, hi]) => a + (hi - lo), 0);
    expect(r.deafBands.measure.composite).toBeCloseTo(width, 12);
    const listed = r.deafBands.composite.reduce((a, [lo, hi]) => a + (hi - lo), 0);
    expect(r.deafBands.measure.composite).toBeGreaterThan(listed);
  });

  it('leaves short lists whole: counts are their lengths and nothing is truncated', () => {
    const small = analyze(
      parseNetwork({
        type: 'stack',
        layers: [1, 2, 3].map((d) => ({ kernel: 'box:3', dilation: d })),
      }),
    );
    expect(small.nulls.truncated).toBe(false);
    expect(small.deafBands.truncated).toBe(false);
    expect(small.nulls.counts.composite).toBe(small.nulls.composite.length);
    expect(small.nulls.counts.byLayer).toEqual(small.nulls.byLayer.map((l) => l.length));
    expect(small.deafBands.counts.byLayer).toEqual(small.deafBands.byLayer.map((l) => l.length));
  });
});
