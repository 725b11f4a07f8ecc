import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
