import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/network/index.ts';
import { response, responseToJSON, stepResponse2d } from '../../src/response/index.ts';

interface Case {
  name: string;
  spec: unknown;
  n: number;
  whole: boolean;
  includeNyquist: boolean;
  impulse: number[];
  step: number[];
  groupDelay: (number | null)[];
  phaseUnwrapped?: number[];
}
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/phase/phase.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const table = fixtures.cases.map((c) => [c.name, c] as const);

function run(c: Case) {
  return response(parseNetwork(c.spec), {
    n: c.n,
    whole: c.whole,
    includeNyquist: c.includeNyquist,
  });
}

function stackOf(...layers: [unknown, number][]) {
  return parseNetwork({
    type: 'stack',
    layers: layers.map(([kernel, dilation]) => ({ kernel, dilation })),
  });
}

/** Direct group delay Re(Σ n h_n e^{−iωn} / Σ h_n e^{−iωn}) of a kernel with no zero near ω. */
function directDelay(h: number[], w: number): number {
  let hr = 0;
  let hi = 0;
  let nr = 0;
  let ni = 0;
  h.forEach((v, n) => {
    hr += v * Math.cos(w * n);
    hi -= v * Math.sin(w * n);
    nr += n * v * Math.cos(w * n);
    ni -= n * v * Math.sin(w * n);
  });
  return (nr * hr + ni * hi) / (hr * hr + hi * hi);
}

describe('the phase panels agree with numpy and scipy', () => {
  it.each(table)('group delay of %s matches scipy.signal.group_delay away from zeros', (_n, c) => {
    const r = run(c);
    let compared = 0;
    c.groupDelay.forEach((want, j) => {
      if (want === null) return;
      compared++;
      expect(Math.abs(r.groupDelay![j] - want)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
    });
    expect(compared).toBeGreaterThan(c.n / 2);
  });

  it.each(table.filter(([, c]) => c.phaseUnwrapped))(
    'unwrapped phase of %s matches numpy.unwrap(numpy.angle(H))',
    (_n, c) => {
      const r = run(c);
      c.phaseUnwrapped!.forEach((want, j) => {
        expect(Math.abs(r.phaseUnwrapped![j] - want)).toBeLessThan(
          1e-9 * Math.max(1, Math.abs(want)),
        );
      });
    },
  );

  it.each(table)('impulse and step of %s are the composite kernel and numpy.cumsum', (_n, c) => {
    const r = run(c);
    expect(r.impulse!.length).toBe(c.impulse.length);
    c.impulse.forEach((v, i) => {
      expect(Math.abs(r.impulse![i] - v)).toBeLessThan(1e-12);
    });
    c.step.forEach((v, i) => {
      expect(Math.abs(r.step![i] - v)).toBeLessThan(1e-12);
    });
  });
});

describe('group delay at and near unit-circle zeros', () => {
  it.each([
    ['box:2 at 4 (zeros at π/4, 3π/4 on the grid)', stackOf(['box:2', 4]), 2],
    ['binomial:5 at 2 (fourfold zeros at ±π/2)', stackOf(['binomial:5', 2]), 4],
    ['box:3 at 1, 2, 4', stackOf(['box:3', 1], ['box:3', 2], ['box:3', 4]), 7],
    ['[1,0,-1] (antisymmetric, zeros at 0 and π)', stackOf([[1, 0, -1], 1]), 1],
  ])('is the constant D/2 of a linear-phase kernel everywhere: %s', (_n, net, half) => {
    const r = response(net, { n: 64, whole: true });
    for (const v of r.groupDelay!) expect(Math.abs(v - half)).toBeLessThan(1e-9);
  });

  it.each([
    ['one zero at π', [[1, 1] as number[]], 2.5],
    [
      'a double zero at π',
      [
        [1, 1],
        [1, 1],
      ],
      3,
    ],
    [
      'a triple zero at π',
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      3.5,
    ],
  ])('is the limit m/2 + τ_g(π) with %s (g = [1, 2, 3], τ_g(π) = 2)', (_n, factors, want) => {
    const net = stackOf([[1, 2, 3], 1], ...factors.map((f) => [f, 1] as [number[], number]));
    const r = response(net, { n: 8, includeNyquist: true });
    expect(r.magnitude[7]).toBeLessThan(1e-12);
    expect(Math.abs(r.groupDelay![7] - want)).toBeLessThan(1e-9);
  });

  it('is continuous through a zero between grid points: box:3 · [1,2,3] has τ = 1 + τ_[1,2,3]', () => {
    // box:3 has its zero at 2π/3, never on a power-of-two grid; points come within 1e-3 rad.
    const r = response(stackOf(['box:3', 1], [[1, 2, 3], 1]), { n: 4096, whole: true });
    let nearest = Number.POSITIVE_INFINITY;
    for (let j = 0; j < 4096; j++) {
      const w = (2 * Math.PI * j) / 4096;
      nearest = Math.min(nearest, Math.abs(w - (2 * Math.PI) / 3));
      expect(Math.abs(r.groupDelay![j] - (1 + directDelay([1, 2, 3], w)))).toBeLessThan(1e-9);
    }
    expect(nearest).toBeLessThan(1e-3);
  });
});

describe('phase delay, unwrapped phase and zero-phase amplitude', () => {
  it('box:3 at 1: phase −ω then −ω + π past the zero at 2π/3 (null at a zero on the grid)', () => {
    const r = response(stackOf(['box:3', 1]), { n: 4, includeNyquist: true });
    // grid ω = πj/3: j = 2 is 2π/3, an exact zero.
    for (let j = 0; j < 4; j++) {
      const w = (Math.PI * j) / 3;
      if (j === 2) {
        expect(Number.isNaN(r.phaseUnwrapped![j])).toBe(true);
        expect(Number.isNaN(r.phaseDelay![j])).toBe(true);
        continue;
      }
      const want = j < 2 ? -w : -w + Math.PI;
      expect(Math.abs(r.phaseUnwrapped![j] - want)).toBeLessThan(1e-12);
      if (j > 0) expect(Math.abs(r.phaseDelay![j] - want / -w)).toBeLessThan(1e-12);
    }
    expect(r.phaseDelay![0]).toBeCloseTo(1, 12);
    const json = responseToJSON(r);
    expect(json.phaseUnwrapped![2]).toBeNull();
    expect(JSON.parse(JSON.stringify(json)).phaseDelay[2]).toBeNull();
  });

  it('phase delay is null at ω = 0 when H(0) < 0', () => {
    const r = response(stackOf([[-1, 0.5], 1]), { n: 8 });
    expect(Number.isNaN(r.phaseDelay![0])).toBe(true);
    expect(Number.isFinite(r.phaseDelay![1])).toBe(true);
  });

  it.each([
    ['box:3 at 1', stackOf(['box:3', 1]), 'symmetric', (w: number) => (1 + 2 * Math.cos(w)) / 3],
    ['[1,2,1]', stackOf([[1, 2, 1], 1]), 'symmetric', (w: number) => 2 + 2 * Math.cos(w)],
    ['[1,1] (even length)', stackOf([[1, 1], 1]), 'symmetric', (w: number) => 2 * Math.cos(w / 2)],
    ['[1,0,-1]', stackOf([[1, 0, -1], 1]), 'antisymmetric', (w: number) => 2 * Math.sin(w)],
    ['[1,-1]', stackOf([[1, -1], 1]), 'antisymmetric', (w: number) => 2 * Math.sin(w / 2)],
  ])('zero-phase amplitude of %s is its closed form, signed', (_n, net, symmetry, want) => {
    const r = response(net, { n: 32, whole: true });
    expect(r.symmetry).toBe(symmetry);
    for (let j = 0; j < 32; j++) {
      const w = (2 * Math.PI * j) / 32;
      expect(Math.abs(r.zeroPhase![j] - want(w))).toBeLessThan(1e-12);
    }
  });

  it('zero-phase amplitude is null for a kernel that is not symmetric', () => {
    const r = response(stackOf([[1, 2, 3], 1]), { n: 16 });
    expect(r.zeroPhase).toBeNull();
    expect(responseToJSON(r).zeroPhase).toBeNull();
  });

  it('panels: false leaves the panel keys out', () => {
    const r = response(stackOf(['box:3', 1]), { n: 16, panels: false });
    expect(r.groupDelay).toBeUndefined();
    expect(Object.keys(responseToJSON(r))).not.toContain('impulse');
  });

  it('a bad panels option names the field', () => {
    expect(() => response(stackOf(['box:3', 1]), { panels: 'yes' as never })).toThrow(/panels/);
  });
});

describe('the 2-D step response', () => {
  it('is the summed-area table of the kernel', () => {
    const h = [1, 2, 3, 4, 5, 6];
    const s = stepResponse2d(h, [2, 3]);
    const want = [1, 3, 6, 5, 12, 21];
    expect(Array.from(s)).toEqual(want);
  });
});
