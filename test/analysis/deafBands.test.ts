import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deafBandsReport,
  dilatedBands,
  findDeafBands,
  intersectBands,
  kernelDeafBands,
} from '../../src/analysis/deafBands.ts';
import { nullsReport } from '../../src/analysis/nulls.ts';
import type { Band } from '../../src/analysis/types.ts';
import { parseKernel } from '../../src/kernel/parse.ts';
import { parseNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { dtft, dtft2 } from '../../src/response/dtft.ts';

const PI = Math.PI;
const fixtures: { name: string; weights: number[]; branches?: unknown[] }[] = JSON.parse(
  readFileSync(new URL('../fixtures/nulls/nulls.json', import.meta.url), 'utf8'),
).cases;

const mag = (w: ArrayLike<number>, x: number, step = 1) => {
  const h = dtft(w, x, step);
  return Math.hypot(h.re, h.im);
};

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

/** The peak of f on [0, π], found independently: a grid, then ternary search on every grid peak within 1%. */
function peakOf(f: (w: number) => number): number {
  const N = 4000;
  const v = Array.from({ length: N + 1 }, (_, j) => f((PI * j) / N));
  const top = Math.max(...v);
  let best = top;
  for (let j = 0; j <= N; j++) {
    if (v[j] < 0.99 * top || (j > 0 && v[j] < v[j - 1]) || (j < N && v[j] < v[j + 1])) continue;
    let a = Math.max(0, (PI * (j - 1)) / N);
    let b = Math.min(PI, (PI * (j + 1)) / N);
    for (let i = 0; i < 100; i++) {
      const m1 = a + (b - a) / 3;
      const m2 = b - (b - a) / 3;
      if (f(m1) < f(m2)) a = m1;
      else b = m2;
    }
    best = Math.max(best, f((a + b) / 2));
  }
  return best;
}

const inside = (bands: Band[], w: number) => bands.some(([lo, hi]) => w >= lo && w <= hi);

/**
 * Checks bands of |f| against the definition by direct evaluation: edges sit where
 * |f|/peak = threshold, every grid point is below the threshold exactly when it is inside a
 * band (away from the edges), and every null lies inside a band.
 */
function checkBands(
  bands: Band[],
  f: (w: number) => number,
  thresholdDb: number,
  nulls: number[] = [],
  peak = peakOf(f),
) {
  const T = 10 ** (thresholdDb / 20);
  for (const [lo, hi] of bands) {
    expect(hi).toBeGreaterThan(lo);
    if (lo > 0) expect(Math.abs(f(lo) / peak - T)).toBeLessThan(1e-8);
    if (hi < PI) expect(Math.abs(f(hi) / peak - T)).toBeLessThan(1e-8);
    expect(f((lo + hi) / 2) / peak).toBeLessThan(T);
  }
  for (let i = 1; i < bands.length; i++) expect(bands[i][0]).toBeGreaterThan(bands[i - 1][1]);
  const N = 1000;
  for (let j = 0; j <= N; j++) {
    const w = (PI * j) / N;
    if (bands.some(([lo, hi]) => Math.abs(w - lo) < 1e-6 || Math.abs(w - hi) < 1e-6)) continue;
    expect(f(w) / peak < T).toBe(inside(bands, w));
  }
  for (const w of nulls) expect(inside(bands, w)).toBe(true);
}

describe('kernelDeafBands', () => {
  it('gives box:3 the closed-form band where |1 + 2cos ω|/3 is below the threshold', () => {
    // −20 dB: |1 + 2cos ω| < 0.3 ⇔ cos ω ∈ (−0.65, −0.35)
    const [band, ...rest] = kernelDeafBands([1, 1, 1]);
    expect(rest).toEqual([]);
    expect(Math.abs(band[0] - Math.acos(-0.35))).toBeLessThan(1e-9);
    expect(Math.abs(band[1] - Math.acos(-0.65))).toBeLessThan(1e-9);
    // −6 dB: 3T > 1, so the band reaches π: cos ω < (3T − 1)/2
    const T = 10 ** (-6 / 20);
    const six = kernelDeafBands([1, 1, 1], -6);
    expect(six.length).toBe(1);
    expect(Math.abs(six[0][0] - Math.acos((3 * T - 1) / 2))).toBeLessThan(1e-9);
    expect(six[0][1]).toBe(PI);
  });

  it('finds a band narrower than the grid spacing around a null (box:3 at −80 dB)', () => {
    // |1 + 2cos ω| < 3·10⁻⁴ ⇔ cos ω ∈ (−0.5 − 1.5·10⁻⁴, −0.5 + 1.5·10⁻⁴): 3.5·10⁻⁴ rad wide
    const bands = kernelDeafBands([1, 1, 1], -80);
    expect(bands.length).toBe(1);
    expect(Math.abs(bands[0][0] - Math.acos(-0.5 + 1.5e-4))).toBeLessThan(1e-9);
    expect(Math.abs(bands[0][1] - Math.acos(-0.5 - 1.5e-4))).toBeLessThan(1e-9);
  });

  it('meets the definition on the numpy fixture kernels at several thresholds', () => {
    for (const c of fixtures) {
      const f = (w: number) => mag(c.weights, w);
      const peak = peakOf(f);
      const nulls = nullsReport(parseNetwork({ kernel: c.weights })).composite.map((n) => n.w);
      for (const db of [-3, -20, -40, -80]) {
        checkBands(kernelDeafBands(c.weights, db), f, db, nulls, peak);
      }
    }
  });

  it('rejects a threshold that is not a finite negative number of dB', () => {
    for (const bad of [0, 3, Number.NaN, Number.NEGATIVE_INFINITY, '-20' as unknown as number]) {
      expect(() => kernelDeafBands([1, 1, 1], bad)).toThrow(/^thresholdDb must be a finite/);
    }
  });

  it('reports an identically zero response as one band over [0, π]', () => {
    expect(findDeafBands(() => 0, 4)).toEqual([[0, PI]]);
  });
});

describe('dilatedBands', () => {
  it('equals the bands found directly on the zero-stuffed kernel (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(-3, -10, -20),
        (w, d, db) => {
          fc.pre(w.some((v) => Math.abs(v) > 1e-3));
          const stuffed = new Array((w.length - 1) * d + 1).fill(0);
          w.forEach((v, n) => {
            stuffed[n * d] = v;
          });
          const direct = findDeafBands((x) => mag(stuffed, x), stuffed.length - 1, [], db);
          const mapped = kernelDeafBands(w, db, d);
          expect(mapped.length).toBe(direct.length);
          mapped.forEach(([lo, hi], i) => {
            expect(Math.abs(lo - direct[i][0])).toBeLessThan(1e-9);
            expect(Math.abs(hi - direct[i][1])).toBeLessThan(1e-9);
          });
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('joins the two halves of a band around π/d multiples', () => {
    expect(dilatedBands([[3, PI]], 2)).toEqual([[1.5, PI - 1.5]]);
  });
});

describe('intersectBands', () => {
  it('keeps only what lies inside a band of every list', () => {
    const a: Band[] = [
      [0, 1],
      [2, 3],
    ];
    const b: Band[] = [
      [0.5, 2.5],
      [2.8, 3.1],
    ];
    expect(intersectBands([a, b])).toEqual([
      [0.5, 1],
      [2, 2.5],
      [2.8, 3],
    ]);
    expect(intersectBands([])).toEqual([]);
    expect(intersectBands([a, [[1, 2]]])).toEqual([]);
  });
});

describe('deafBandsReport', () => {
  it('gives every layer, the shared set and the stack composite of box:3 at 1,2,5,1,2,5', () => {
    const rates = [1, 2, 5, 1, 2, 5];
    const net = shortFormNetwork({ kernel: 'box:3', rates: rates.join(',') });
    const r = deafBandsReport(net);
    const nulls = nullsReport(net);
    expect(r.thresholdDb).toBe(-20);
    r.byLayer.forEach((bands, i) => {
      checkBands(
        bands,
        (w) => mag([1, 1, 1], w, rates[i]),
        -20,
        nulls.byLayer[i].map((n) => n.w),
      );
    });
    const k = naiveStack(
      rates.map(() => [1 / 3, 1 / 3, 1 / 3]),
      rates,
    );
    checkBands(
      r.composite,
      (w) => mag(k, w),
      -20,
      nulls.composite.map((n) => n.w),
    );
    // shared: exactly the frequencies inside a band of every layer
    for (let j = 0; j <= 3000; j++) {
      const w = (PI * j) / 3000;
      expect(inside(r.shared, w)).toBe(r.byLayer.every((b) => inside(b, w)));
    }
    for (const w of nulls.shared) expect(inside(r.shared, w)).toBe(true);
  });

  it('uses the centre-aligned sum for a parallel sum and the envelope for a concatenation', () => {
    for (const c of fixtures.filter((f) => f.branches)) {
      const sum = deafBandsReport(parseNetwork({ type: 'parallel', branches: c.branches }), -10);
      checkBands(sum.composite, (w) => mag(c.weights, w), -10);
    }
    const net = shortFormNetwork({
      kernel: 'box:3',
      rates: '1,2',
      mode: 'parallel',
      merge: 'concat',
    });
    const r = deafBandsReport(net);
    const envelope = (w: number) => Math.max(mag([1, 1, 1], w), mag([1, 1, 1], w, 2));
    checkBands(r.composite, envelope, -20, [(2 * PI) / 3]);
    expect(r.composite.length).toBe(1);
  });

  it('analyses the axis cut of a 2-D network and validates its threshold', () => {
    const net = parseNetwork({
      layers: [
        { kernel: 'box:3x3', dilation: [1, 2] },
        { kernel: 'binomial:3x3', dilation: [2, 3] },
      ],
    });
    const a = parseKernel('box:3x3');
    const b = parseKernel('binomial:3x3');
    const h = (wy: number, wx: number) => {
      const p = dtft2(a.weights, a.shape, wy, wx, [1, 2]);
      const q = dtft2(b.weights, b.shape, wy, wx, [2, 3]);
      return Math.hypot(p.re, p.im) * Math.hypot(q.re, q.im);
    };
    checkBands(deafBandsReport(net, -30, 'x').composite, (w) => h(0, w), -30);
    checkBands(deafBandsReport(net, -30, 'y').composite, (w) => h(w, 0), -30);
    expect(() => deafBandsReport(net, 0)).toThrow(/thresholdDb/);
  });

  it('reports an axis cut that is identically zero as deaf everywhere and without nulls', () => {
    // column sums of [[1, 1], [−1, −1]] vanish: H(0, ωx) ≡ 0; row sums [2, −2]: a null at 0
    const net = parseNetwork({
      kernel: [
        [1, 1],
        [-1, -1],
      ],
    });
    expect(deafBandsReport(net, -20, 'x').composite).toEqual([[0, PI]]);
    expect(nullsReport(net, 'x').composite).toEqual([]);
    expect(nullsReport(net, 'y').composite).toEqual([{ w: 0, multiplicity: 1 }]);
  });
});
