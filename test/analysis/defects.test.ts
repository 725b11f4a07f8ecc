/**
 * The defects issue 9 lists, one test each, checked against independent computations:
 * enumeration of every tap combination (naive.ts), PyTorch's own outputs
 * (test/fixtures/placement/placement.json, made by make.py), brute-force border counts and
 * direct DTFTs written out here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.ts';
import type { Kernel } from '../../src/kernel/types.ts';
import {
  type Network,
  parseNetwork,
  presetNetwork,
  shortFormNetwork,
} from '../../src/network/index.ts';
import { response, response2d } from '../../src/response/index.ts';
import { FieldError } from '../../src/util/validate.ts';
import { dtftAbs } from '../figures/helpers.ts';
import { naiveBorder, naiveHoles, naiveTaps } from './naive.ts';

interface FixtureCase {
  name: string;
  spec: unknown;
  inputShape: number[];
  ones: { p: number[]; grad: number[] }[];
  impulse: { at: number[]; output: number[] };
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/placement/placement.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] };
const torchCase = (prefix: string) => {
  const c = fixture.cases.find((x) => x.name.startsWith(prefix));
  if (!c) throw new Error(`no fixture ${prefix}`);
  return c;
};

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

/** |Σ_p y[p] e^{−iωp}| by direct summation. */
const dtftMagnitude = dtftAbs;

describe('gcd, period and aliasing come from the exact support', () => {
  it.each([
    ['box:2', [4]],
    ['box:2', [2, 4, 8]],
    ['box:3', [2, 4]],
    ['box:2', [3, 6]],
  ])('%s at rates %j as residual blocks', (kernel, rates) => {
    const net = shortFormNetwork({ kernel, rates, mode: 'residual' });
    const taps = [...naiveTaps(net.root, 1).keys()].map(Number);
    const g = taps.reduce((acc, t) => gcd(acc, t - taps[0]), 0) || 1;
    const r = analyze(net);
    expect(r.gcd).toBe(g);
    expect(r.period).toBeCloseTo((2 * Math.PI) / g, 12);
    expect(r.aliasing.subgrids).toBe(g);
  });

  it('gives box:2 at rate 4 as a residual block gcd 2 and period π (taps 0, 2, 4)', () => {
    const r = analyze(shortFormNetwork({ kernel: 'box:2', rates: [4], mode: 'residual' }));
    expect(r.gcd).toBe(2);
    expect(r.period).toBeCloseTo(Math.PI, 12);
  });
});

describe('causal networks are analysed as PyTorch runs them', () => {
  it("gives the tcn preset PyTorch's |H| (Bai et al.'s causal TCN) to 1e-9", () => {
    const torch = torchCase('tcn preset');
    const r = response(presetNetwork('tcn'), { n: 256 });
    let worst = 0;
    r.w.forEach((w, j) => {
      worst = Math.max(worst, Math.abs(r.magnitude[j] - dtftMagnitude(torch.impulse.output, w)));
    });
    expect(worst).toBeLessThan(1e-9);
  });

  it('gives the tcn preset the deaf share of the causal network', () => {
    const torch = torchCase('tcn preset');
    const N = 20000;
    const mags = Array.from({ length: N }, (_, j) =>
      dtftMagnitude(torch.impulse.output, (Math.PI * (j + 0.5)) / N),
    );
    const peak = Math.max(...mags);
    const deaf = mags.filter((m) => m < peak * 10 ** (-20 / 20)).length / N;
    const bands = analyze(presetNetwork('tcn')).deafBands.composite;
    const share = bands.reduce((a, [lo, hi]) => a + hi - lo, 0) / Math.PI;
    expect(share).toBeCloseTo(deaf, 3);
    expect(share).toBeGreaterThan(0.5);
  });

  it('finds the holes of causal two-tap residual blocks at rates 2, 4, 8 that PyTorch reads', () => {
    const torch = torchCase('causal two-tap residual stack');
    const mid = torch.ones[1].grad;
    const read = mid.flatMap((v, i) => (v > 0 ? [i] : []));
    const hull = read[read.length - 1] - read[0] + 1;
    const r = analyze(
      shortFormNetwork({ kernel: 'box:2', rates: [2, 4, 8], mode: 'residual', padding: 'causal' }),
    );
    expect(r.griddingFree).toBe(false);
    expect(r.coverage.holes).toBe(hull - read.length);
    expect(r.receptiveField).toBe(hull);
  });
});

describe('strided networks are judged on the map each layer runs on', () => {
  let cached: ReturnType<typeof analyze> | undefined;
  const os16 = () => {
    cached ??= analyze(presetNetwork('deeplab-v3-os16'), { mapSize: 513 });
    return cached;
  };

  it('judges the layers after output stride 16 on 33×33, not 513×513', () => {
    const atrous = os16().layers[5];
    expect(atrous.scale).toEqual([16, 16]);
    expect(atrous.effectiveDilation).toEqual([32, 32]);
    expect(atrous.border?.mapSize).toBe(33);
    const brute = naiveBorder([3, 3], [2, 2], 33);
    expect(atrous.border?.allTapsFraction).toBeCloseTo(brute.allTapsFraction, 12);
    expect(atrous.border?.allTapsFraction).toBeCloseTo(0.772, 3);
  });

  it.each([
    [0, [1, 1], 1],
    [1, [3, 3], 6],
    [2, [3, 3], 12],
    [3, [3, 3], 18],
  ])('gives ASPP branch %i after the backbone its border validity on 33×33', (b, shape, d) => {
    const entry = os16().layers[8].layerBorders?.[b];
    expect(entry?.path).toBe(`layers[8].branches[${b}]`);
    expect(entry?.mapSize).toBe(33);
    const brute = naiveBorder(shape, [d, d], 33);
    expect(entry?.allTapsFraction).toBeCloseTo(brute.allTapsFraction, 12);
    expect(entry?.centerOnlyFraction).toBeCloseTo(brute.centerOnlyFraction, 12);
  });

  it('reports output stride 16 and the frequencies above π/16 it aliases', () => {
    const r = os16();
    expect(r.outputStride).toEqual([16, 16]);
    expect(r.aliasing.outputStride).toEqual([16, 16]);
    expect(r.aliasing.aliasedAbove).toEqual([Math.PI / 16, Math.PI / 16]);
  });
});

describe('even-span branches and residual bodies after a strided layer read what PyTorch reads', () => {
  // From PyTorch's gradient of one output with all-ones weights (placement.json): the input
  // positions it reads. Their bounding box is the receptive field; the positions in it that
  // are not read are the holes; the gcd of their differences per axis the lattice factor.
  it.each([
    ['residual after a strided layer, even body'],
    ['even branches after a stride (concat)'],
    ['2-D strided, parallel with different paddings'],
  ])('%s: holes and gcd from the PyTorch trace', (name) => {
    const c = torchCase(name);
    const two = c.inputShape.length === 2;
    const C = two ? c.inputShape[1] : c.inputShape[0];
    const readOf = (grad: number[]) =>
      grad.flatMap((g, i) => (g > 0 ? [two ? [Math.floor(i / C), i % C] : [i]] : []));
    // An output whose reads touch no border of the input (padding cuts nothing).
    const interior = c.ones
      .map((o) => readOf(o.grad))
      .find((pts) =>
        c.inputShape.every((L, a) => {
          const v = pts.map((q) => q[a]);
          return Math.min(...v) > 0 && Math.max(...v) < L - 1;
        }),
      );
    if (!interior) throw new Error(`no interior output in ${name}`);
    const lo = c.inputShape.map((_, a) => Math.min(...interior.map((q) => q[a])));
    const hi = c.inputShape.map((_, a) => Math.max(...interior.map((q) => q[a])));
    const read = new Set(interior.map((q) => q.map((v, a) => v - lo[a]).join(',')));
    const holes: number[][] = [];
    const span = hi.map((h, a) => h - lo[a] + 1);
    for (let i = 0; i < span[0]; i++)
      for (let j = 0; j < (two ? span[1] : 1); j++) {
        const q = two ? [i, j] : [i];
        if (!read.has(q.join(','))) holes.push(q);
      }
    const g = c.inputShape.map((_, a) => interior.reduce((acc, q) => gcd(acc, q[a] - lo[a]), 0));
    const r = analyze(parseNetwork(c.spec));
    expect(r.coverage.size).toBe(span.reduce((x, y) => x * y, 1));
    expect(r.coverage.holes).toBe(holes.length);
    expect(r.coverage.holeOffsets).toEqual(two ? holes : holes.map((q) => q[0]));
    expect(r.gcd).toEqual(two ? g : g[0]);
  });
});

describe('residual blocks that change the scale', () => {
  const body = { type: 'stack', layers: [{ kernel: 'box:3', stride: 2 }, { kernel: 'box:3' }] };

  it('refuse a body with stride 2 and no shortcut, naming the block', () => {
    const spec = { type: 'stack', layers: [{ kernel: 'box:3' }, { type: 'residual', body }] };
    expect(() => parseNetwork(spec)).toThrow(FieldError);
    expect(() => parseNetwork(spec)).toThrow(/^layers\[1\] is a residual block .*shortcut/);
  });

  it('accept it with a stride-2 projection shortcut', () => {
    const net = parseNetwork({
      type: 'residual',
      body,
      shortcut: { kernel: 'box:1', stride: 2 },
    });
    expect(analyze(net).outputStride).toBe(2);
  });

  it('refuse a shortcut whose stride differs from the body', () => {
    expect(() =>
      parseNetwork({ type: 'residual', body, shortcut: { kernel: 'box:1', stride: 4 } }),
    ).toThrow(/^shortcut has scale 4 but the residual body has scale 2/);
  });
});

describe('the HDC verdict reports both conditions of the paper', () => {
  it.each([
    [[2, 2, 2], true, false],
    [[1, 2, 5], true, true],
    [[3, 3], true, false],
    [[2, 4, 8], false, false],
    [[1, 2, 9], false, true],
  ])('rates %j: M_2 ≤ K %s, coprime %s', (rates, satisfied, coprime) => {
    const net = shortFormNetwork({ kernel: 'box:3', rates });
    const r = analyze(net);
    expect(r.hdc?.satisfied).toBe(satisfied);
    expect(r.hdc?.coprime).toBe(coprime);
    expect(r.griddingFree).toBe(naiveHoles(naiveTaps(net.root, 1), 1).length === 0);
  });
});

describe('response caches are keyed by the weights, not Kernel.spec', () => {
  const kernel = (weights: number[], shape = [weights.length]): Kernel => ({
    shape,
    weights: Float64Array.from(weights),
    spec: 'mine',
  });
  const a = Array.from({ length: 9 }, (_, i) => (i + 1) / 10);
  const b = Array.from({ length: 9 }, (_, i) => ((i * 7) % 5) - 2);

  it('gives two hand-built 1-D kernels with one spec their own responses', () => {
    const net: Network = {
      dims: 1,
      root: {
        type: 'stack',
        layers: [
          { type: 'layer', kernel: kernel(a), dilation: [1], stride: [1] },
          { type: 'layer', kernel: kernel(b), dilation: [2], stride: [1] },
        ],
      },
    };
    const r = response(net, { n: 64, members: false });
    r.w.forEach((w, j) => {
      const want = dtftMagnitude(a, w) * dtftMagnitude(b, 2 * w);
      expect(Math.abs(r.magnitude[j] - want)).toBeLessThan(1e-9 * Math.max(1, want));
    });
  });

  it('gives two hand-built 2-D kernels with one spec their own responses', () => {
    const net: Network = {
      dims: 2,
      root: {
        type: 'stack',
        layers: [
          { type: 'layer', kernel: kernel(a, [3, 3]), dilation: [1, 1], stride: [1, 1] },
          { type: 'layer', kernel: kernel(b, [3, 3]), dilation: [1, 1], stride: [1, 1] },
        ],
      },
    };
    const n = 16;
    const r = response2d(net, { n, members: false });
    const h2 = (w: number[], wy: number, wx: number) => {
      let re = 0;
      let im = 0;
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          re += w[i * 3 + j] * Math.cos(wy * i + wx * j);
          im -= w[i * 3 + j] * Math.sin(wy * i + wx * j);
        }
      return Math.hypot(re, im);
    };
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const want = h2(a, r.wy[i], r.wx[j]) * h2(b, r.wy[i], r.wx[j]);
        expect(Math.abs(r.magnitude[i * n + j] - want)).toBeLessThan(1e-9 * Math.max(1, want));
      }
  });
});
