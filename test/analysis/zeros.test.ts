import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expandFactors,
  factorMultiplicity,
  MAX_ZERO_DEGREE,
  MAX_ZEROS_TOTAL,
} from '../../src/analysis/index.ts';
import {
  analyze,
  dilatedZeros,
  networkInfo,
  parseNetwork,
  polynomialZeros,
  type Zero,
  zerosReport,
} from '../../src/index.ts';

interface Case {
  name: string;
  spec: unknown;
  impulse: number[];
  zeros?: [number, number][];
}
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/phase/phase.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

/** Every zero of `got`, expanded by multiplicity, matched one-to-one with `want`. */
function expectSameZeros(got: readonly Zero[], want: readonly [number, number][], tol = 1e-8) {
  const expanded = got.flatMap((z) => Array.from({ length: z.multiplicity }, () => z));
  expect(expanded.length).toBe(want.length);
  const used = new Set<number>();
  for (const [re, im] of want) {
    let best = -1;
    let dist = Number.POSITIVE_INFINITY;
    expanded.forEach((z, i) => {
      const d = Math.hypot(z.re - re, z.im - im);
      if (!used.has(i) && d < dist) {
        dist = d;
        best = i;
      }
    });
    used.add(best);
    expect(dist).toBeLessThan(tol * Math.max(1, Math.hypot(re, im)));
  }
}

function stackOf(...layers: [unknown, number][]) {
  return parseNetwork({
    type: 'stack',
    layers: layers.map(([kernel, dilation]) => ({ kernel, dilation })),
  });
}

const unit = (t: number): [number, number] => [Math.cos(t), Math.sin(t)];

describe('zeros agree with numpy.roots', () => {
  it.each(fixtures.cases.filter((c) => c.zeros).map((c) => [c.name, c] as const))(
    'for the whole network %s',
    (_n, c) => {
      const r = zerosReport(parseNetwork(c.spec));
      expect(r.composite).not.toBeNull();
      expectSameZeros(r.composite!, c.zeros!);
    },
  );

  it.each(fixtures.cases.filter((c) => c.zeros).map((c) => [c.name, c] as const))(
    'for the composite kernel of %s searched directly',
    (_n, c) => {
      expectSameZeros(polynomialZeros(c.impulse), c.zeros!, 1e-7);
    },
  );
});

describe('zeros of dilated kernels', () => {
  it.each([1, 2, 3, 5, 8])('box:3 at d = %i has the 2d zeros e^{i(±2π/3 + 2πk)/d}', (d) => {
    const z = zerosReport(stackOf(['box:3', d])).byLayer[0]!;
    const want: [number, number][] = [];
    for (let k = 0; k < d; k++)
      for (const s of [1, -1]) want.push(unit((s * (2 * Math.PI)) / 3 / d + (2 * Math.PI * k) / d));
    expectSameZeros(z, want, 1e-12);
    expect(z.every((x) => x.multiplicity === 1)).toBe(true);
  });

  it('binomial:5 has z = −1 with multiplicity 4; at d = 2, ±i with multiplicity 4', () => {
    expect(polynomialZeros([1, 4, 6, 4, 1])).toEqual([{ re: -1, im: 0, multiplicity: 4 }]);
    const z = zerosReport(stackOf(['binomial:5', 2])).composite!;
    expect(z.map((x) => x.multiplicity)).toEqual([4, 4]);
    expectSameZeros(
      z,
      [
        [0, 1],
        [0, 1],
        [0, 1],
        [0, 1],
        [0, -1],
        [0, -1],
        [0, -1],
        [0, -1],
      ],
      1e-12,
    );
  });

  it('a stack meets at the shared zeros: box:3 at 1 and 2 share e^{±2πi/3}, doubled in the network', () => {
    const r = zerosReport(stackOf(['box:3', 1], ['box:3', 2]));
    expectSameZeros(r.shared, [unit((2 * Math.PI) / 3), unit((-2 * Math.PI) / 3)], 1e-12);
    const doubled = r.composite!.filter((z) => z.multiplicity === 2);
    const pair = [unit((2 * Math.PI) / 3), unit((-2 * Math.PI) / 3)];
    expectSameZeros(doubled, [...pair, ...pair], 1e-12);
    expect(r.composite!.reduce((a, z) => a + z.multiplicity, 0)).toBe(6);
  });

  it('a stride scales the rates of the layers after it', () => {
    const net = parseNetwork({
      type: 'stack',
      layers: [
        { kernel: 'box:2', dilation: 1, stride: 2 },
        { kernel: 'box:2', dilation: 1 },
      ],
    });
    // The second layer reads taps 2 apart: 1 + z^−2 has zeros ±i.
    expectSameZeros(
      zerosReport(net).byLayer[1]!,
      [
        [0, 1],
        [0, -1],
      ],
      1e-12,
    );
  });

  it('d-th roots of an off-circle zero keep the radius r^{1/d}', () => {
    const z = dilatedZeros([{ re: -0.25, im: 0, multiplicity: 1 }], 2);
    expectSameZeros(
      z,
      [
        [0, 0.5],
        [0, -0.5],
      ],
      1e-15,
    );
  });

  it('leading zero weights add no zero; trailing ones are zeros at the origin', () => {
    expectSameZeros(polynomialZeros([0, 1, 0.5]), [[-0.5, 0]], 1e-15);
    expectSameZeros(
      polynomialZeros([1, 0.5, 0, 0]),
      [
        [-0.5, 0],
        [0, 0],
        [0, 0],
      ],
      1e-15,
    );
    expect(polynomialZeros([2])).toEqual([]);
  });

  it('refuses a degree above MAX_ZERO_DEGREE at once, naming h, instead of searching for seconds', () => {
    const h = new Float64Array(MAX_ZERO_DEGREE + 2).fill(1);
    const t = Date.now();
    expect(() => polynomialZeros(h)).toThrowError(
      expect.objectContaining({
        field: 'h',
        message: expect.stringContaining(`has degree ${MAX_ZERO_DEGREE + 1}`),
      }),
    );
    expect(Date.now() - t).toBeLessThan(1000);
    // Leading and trailing zeros are not searched: the same degree-1024 polynomial is accepted.
    const edge = new Float64Array(MAX_ZERO_DEGREE + 5);
    edge.fill(1, 2, MAX_ZERO_DEGREE + 3);
    expect(polynomialZeros(edge).reduce((a, z) => a + z.multiplicity, 0)).toBe(MAX_ZERO_DEGREE + 2);
  });

  it('names the weight that is not a finite number', () => {
    expect(() => polynomialZeros([1, Number.NaN, 1])).toThrowError(
      expect.objectContaining({ field: 'h[1]', message: expect.stringContaining('finite') }),
    );
    expect(() => polynomialZeros('1,2' as unknown as number[])).toThrowError(
      expect.objectContaining({ field: 'h' }),
    );
  });

  it('every zero found for a random 12-tap kernel makes H vanish', () => {
    const h = [0.3, -1.2, 0.7, 0.05, 2.1, -0.4, 0.9, -0.6, 0.2, 1.1, -0.8, 0.35];
    const z = polynomialZeros(h);
    expect(z.reduce((a, x) => a + x.multiplicity, 0)).toBe(11);
    for (const { re, im } of z) {
      // Σ h_n z^{D−n} by Horner
      let pr = 0;
      let pi = 0;
      for (const c of h) [pr, pi] = [pr * re - pi * im + c, pr * im + pi * re];
      expect(Math.hypot(pr, pi)).toBeLessThan(1e-11 * Math.max(1, Math.hypot(re, im)) ** 11);
    }
  });
});

describe('the info of a network', () => {
  it.each([
    ['[1,2,1]', [1, 2, 1], 'symmetric', 1],
    ['[1,1]', [1, 1], 'symmetric', 2],
    ['[1,0,-1]', [1, 0, -1], 'antisymmetric', 3],
    ['[1,-1]', [1, -1], 'antisymmetric', 4],
    ['[1,2,3]', [1, 2, 3], 'none', null],
  ])('%s is linear phase of type %s', (_n, h, symmetry, type) => {
    const info = networkInfo({ shape: [h.length], weights: Float64Array.from(h) }, null);
    expect(info.symmetry).toBe(symmetry);
    expect(info.linearPhaseType).toBe(type);
  });

  it.each([
    ['[1, 0.5] (zero at −0.5)', [1, 0.5], true, { inside: 1, on: 0, outside: 0 }],
    ['[0.5, 1] (zero at −2)', [0.5, 1], false, { inside: 0, on: 0, outside: 1 }],
    ['[1, 1] (zero on the circle)', [1, 1], false, { inside: 0, on: 1, outside: 0 }],
  ])('%s is minimum phase: %s', (_n, h, minimum, counts) => {
    const info = networkInfo(
      { shape: [h.length], weights: Float64Array.from(h) },
      polynomialZeros(h),
    );
    expect(info.minimumPhase).toBe(minimum);
    expect(info.zeroCounts).toEqual(counts);
  });

  it('gives the gains at DC and π and the norms by their closed forms', () => {
    const info = analyze(stackOf([[1, -2, 3], 1])).info;
    expect(info.dcGain).toBe(2);
    expect(info.gainAtPi).toBe(6);
    expect(info.l1).toBe(6);
    expect(info.l2).toBeCloseTo(Math.sqrt(14), 14);
    expect(info.length).toBe(3);
  });

  it('2-D: H(π, π) = Σ (−1)^{i+j} h and no minimum-phase verdict', () => {
    const net = parseNetwork({
      type: 'stack',
      layers: [
        {
          kernel: [
            [1, 2],
            [3, 5],
          ],
          dilation: 1,
        },
      ],
    });
    const a = analyze(net);
    expect(a.info.dcGain).toBe(11);
    expect(a.info.gainAtPi).toBe(1 - 2 - 3 + 5);
    expect(a.info.minimumPhase).toBeNull();
    expect(a.info.length).toEqual([2, 2]);
    // zeros of the x cut: column sums [4, 7] → z = −7/4
    expectSameZeros(a.zeros.composite!, [[-7 / 4, 0]], 1e-15);
    expect(a.zeros.of).toBe('x cut H(0, ωx)');
  });
});

describe('zeros in compact form (factors) and shared zeros by number theory', () => {
  /**
   * The shared zeros of box:k layers at rates d_i in closed form: a zero of box:k at rate d
   * is a z with z^{kd} = 1 and z^d ≠ 1, so the shared ones are the roots of unity of every
   * order o dividing G = gcd_i(k·d_i) that divides no d_i: angles 2πj/G, j of order o.
   */
  function closedFormShared(k: number, rates: number[]): number[] {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const G = rates.reduce((g, d) => gcd(g, k * d), 0);
    const out: number[] = [];
    for (let j = 0; j < G; j++) {
      const o = G / gcd(j, G);
      if (rates.every((d) => d % o !== 0)) out.push((2 * Math.PI * j) / G);
    }
    return out;
  }
  const angle = (z: Zero) => {
    const t = Math.atan2(z.im, z.re);
    return t < 0 ? t + 2 * Math.PI : t;
  };

  it.each([
    ['box:4', [6, 10, 14]],
    ['box:3', [2, 4, 8]],
    ['box:6', [9, 15, 21, 33]],
    // 8 × 63·d ≈ 10^5 zeros: above MAX_ZEROS_TOTAL, so byLayer is null and only factors list
    ['box:64', [130, 150, 170, 190, 210, 230, 250, 270]],
    ['box:64', [228, 229, 230, 231]],
  ] as [string, number[]][])('%s at %j: shared zeros as the closed form', (kernel, rates) => {
    const r = zerosReport(stackOf(...rates.map((d) => [kernel, d] as [string, number])));
    const k = Number(kernel.split(':')[1]);
    const want = closedFormShared(k, rates);
    expect(r.shared.map(angle)).toHaveLength(want.length);
    r.shared.forEach((z, i) => {
      expect(Math.abs(angle(z) - want[i])).toBeLessThan(1e-9);
      expect(Math.hypot(z.re, z.im)).toBeCloseTo(1, 12);
      expect(z.multiplicity).toBe(1);
    });
    expect(r.factors).toEqual(rates.map((d) => [{ dilation: d, zeros: expect.any(Array) }]));
    const total = rates.reduce((a, d) => a + (k - 1) * d, 0);
    if (total > MAX_ZEROS_TOTAL) expect(r.byLayer.every((l) => l === null)).toBe(true);
    else expect(r.byLayer.map((l) => l?.length)).toEqual(rates.map((d) => (k - 1) * d));
  });

  it('a stack member lists each distinct layer once, multiplicities times the repeats', () => {
    const net = parseNetwork({
      type: 'parallel',
      branches: [
        {
          type: 'stack',
          layers: [
            { kernel: 'box:3', dilation: 2 },
            { kernel: 'box:3', dilation: 2 },
            { kernel: 'box:3', dilation: 5 },
          ],
        },
        { type: 'stack', layers: [{ kernel: 'box:3', dilation: 4 }] },
      ],
    });
    const r = zerosReport(net);
    const f = r.factors[0]!;
    expect(f.map((x) => x.dilation)).toEqual([2, 5]);
    expect(f[0].zeros.map((z) => z.multiplicity)).toEqual([2, 2]);
    // The expanded factors are the listed zeros, and each is a root of the branch's polynomial.
    expect(expandFactors(f)).toEqual(r.byLayer[0]);
    for (const z of r.byLayer[0]!) {
      // H(z) = Π over layers of (1 + z^{-d} + z^{-2d}), evaluated directly
      const pw = (d: number) => {
        const t = Math.atan2(z.im, z.re) * d;
        const rr = Math.hypot(z.re, z.im) ** d;
        return [rr * Math.cos(t), rr * Math.sin(t)];
      };
      const f3 = (d: number) => {
        const [a, b] = pw(d);
        const [c, e] = pw(2 * d);
        return Math.hypot(1 + a + c, b + e);
      };
      expect(Math.min(f3(2), f3(5))).toBeLessThan(1e-9);
    }
  });

  it('factorMultiplicity finds z in the d-th roots without listing them', () => {
    const base = [{ re: 0.5, im: 0.5, multiplicity: 2 }];
    const d = 1000;
    const z = dilatedZeros(base, d)[777];
    expect(factorMultiplicity(z, [{ dilation: d, zeros: base }])).toBe(2);
    expect(
      factorMultiplicity({ re: z.re * (1 + 1e-6), im: z.im }, [{ dilation: d, zeros: base }]),
    ).toBe(0);
  });
});
