import { describe, expect, it } from 'vitest';
import {
  applyNetwork,
  erf,
  type GrayMap,
  polyphase,
  smoothComparison,
  testCard,
} from '../../src/erf/index.ts';
import { type Network, parseNetwork } from '../../src/network/index.ts';

/** Direct-loop 2-D correlation, zero "same" padding (before = ⌊(K − 1)/2⌋, K = d(k − 1) + 1). */
function conv(x: GrayMap, w: number[][], d: number): Float64Array {
  const [R, C] = x.shape;
  const k = w.length;
  const before = Math.floor((d * (k - 1)) / 2);
  const out = new Float64Array(R * C);
  for (let p = 0; p < R; p++)
    for (let q = 0; q < C; q++) {
      let s = 0;
      for (let a = 0; a < k; a++)
        for (let b = 0; b < w[a].length; b++) {
          const i = p - before + a * d;
          const j = q - before + b * d;
          if (i >= 0 && i < R && j >= 0 && j < C) s += w[a][b] * x.values[i * C + j];
        }
      out[p * C + q] = s;
    }
  return out;
}

const box = (k: number) => Array.from({ length: k }, () => new Array(k).fill(1 / (k * k)));
const weights = [
  [0.3, -0.2, 0.5],
  [0.1, 0.9, -0.4],
  [0.2, 0.6, -0.7],
];
const layer = (d: number, smooth?: string) =>
  parseNetwork({ kernel: weights, dilation: d, ...(smooth ? { smooth } : {}) });

describe('smoothed dilation', () => {
  const card = testCard(24, 24, 5);

  it.each([2, 3])('ssc: a (2r−1)² box pre-filter, then the dilated conv (r = %i)', async (r) => {
    const got = await applyNetwork(layer(r, 'ssc'), card, { compareRates: null });
    const pre = conv(card, box(2 * r - 1), 1);
    const want = conv({ shape: card.shape, values: pre }, weights, r);
    want.forEach((v, i) => {
      expect(Math.abs(got.output.values[i] - v)).toBeLessThan(1e-5);
    });
  });

  it.each(['ssc', 'gi'])('%s: no nonlinearity between the filter and its layer', async (smooth) => {
    // A lone smoothed layer ends the network: with ReLUs on, nothing may be rectified.
    const signed: GrayMap = { shape: card.shape, values: card.values.map((v) => v - 0.5) };
    const relu = await applyNetwork(layer(2, smooth), signed, {
      activation: 'relu',
      compareRates: null,
    });
    const linear = await applyNetwork(layer(2, smooth), signed, { compareRates: null });
    expect(linear.output.values.some((v) => v < -1e-3)).toBe(true);
    expect(Array.from(relu.output.values)).toEqual(Array.from(linear.output.values));
  });

  it('gi: the paper’s group interaction with uniform weights, at every output phase (r = 2)', async () => {
    // Paper (Wang & Ji 2018): y = the dilated conv; the r² groups (phases p mod r) mixed by
    // W, output of group i = Σ_j W[j, i]·y_j; with W = 1/r² every output of the r×r block
    // r·m + {0..r−1}² is the block's mean of y.
    const r = 2;
    const got = await applyNetwork(layer(r, 'gi'), card, { compareRates: null });
    const y = conv(card, weights, r);
    const [R, C] = card.shape;
    const blockMean = (p: number, q: number) => {
      const p0 = p - (p % r);
      const q0 = q - (q % r);
      let s = 0;
      for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) s += y[(p0 + a) * C + q0 + b];
      return s / (r * r);
    };
    let checked = 0;
    for (let p = 0; p < R; p++)
      for (let q = 0; q < C; q++) {
        // The lab's filter is shift-invariant: at phase (i, j) it is the paper's output of
        // the block starting at p − i + ⌊(r−1)/2⌋ (here ⌊1/2⌋ = 0), i.e. the block of p when
        // p is at phase 0, shifted by the phase otherwise.
        const i = p % r;
        const j = q % r;
        if (p + r - 1 - i >= R || q + r - 1 - j >= C) continue;
        const lab = got.output.values[(p - i) * C + (q - j)];
        expect(Math.abs(lab - blockMean(p, q))).toBeLessThan(1e-5);
        checked++;
      }
    expect(checked).toBe(R * C);
  });

  it.each([
    [2, undefined, 1, 4],
    [2, 'ssc', 4, 4],
    [2, 'gi', 4, 4],
    [3, undefined, 1, 9],
    [3, 'ssc', 9, 9],
    [3, 'gi', 9, 9],
  ])('polyphase view: rate %i with smooth %s mixes %i of %i sub-grids', (r, smooth, mixed, of) => {
    const p = polyphase(layer(r, smooth), [r, r]);
    expect([p.mixed, p.of]).toEqual([mixed, of]);
    if (!smooth) expect(p.classes[0][0] && !p.classes.flat().slice(1).some(Boolean)).toBe(true);
  });

  it('removes the holes: tap set, nulls, deaf bands and the ERF change (box 3×3, rates 2,2)', () => {
    const net = parseNetwork({
      type: 'stack',
      layers: [
        { kernel: 'box:3x3', dilation: 2 },
        { kernel: 'box:3x3', dilation: 2 },
      ],
    });
    const c = smoothComparison(net);
    expect(c.r).toEqual([2, 2]);
    const [none, ssc, gi] = c.rows;
    expect(c.rows.map((r) => r.variant)).toEqual(['none', 'ssc', 'gi']);
    // Two 5×5 spans: 9×9, taps on the even offsets only (25 of 81).
    expect(none.receptiveField).toEqual([9, 9]);
    expect(none.holes).toBe(81 - 25);
    expect(none.erfGriddingIndex).toBe(1);
    // ssc adds two 3×3 boxes: 9 + 2·2 = 13; gi two 2×2 boxes: 9 + 2 = 11.
    expect(ssc.receptiveField).toEqual([13, 13]);
    expect(gi.receptiveField).toEqual([11, 11]);
    for (const row of [ssc, gi]) {
      expect(row.holes).toBe(0);
      expect(row.polyphase.mixed).toBe(4);
      expect(row.erfGriddingIndex).toBeLessThan(1);
      // A product can only add nulls: the smoothing filters are low-pass.
      expect(row.deafFraction).toBeGreaterThan(none.deafFraction);
    }
    // Box 3 at rate 2 is null at π/3 and 2π/3 (1 + 2cos 2ω = 0), twice; the 3-tap box adds
    // 2π/3 twice more (ssc); the 2-tap box adds π twice (gi).
    const mult = (row: typeof none, w: number) =>
      row.nulls.find((n) => Math.abs(n.w - w) < 1e-9)?.multiplicity ?? 0;
    expect(mult(none, Math.PI / 3)).toBe(2);
    expect(mult(none, (2 * Math.PI) / 3)).toBe(2);
    expect(mult(ssc, (2 * Math.PI) / 3)).toBe(4);
    expect(mult(gi, Math.PI)).toBe(2);
    expect(mult(none, Math.PI)).toBe(0);
  });

  it('the measured ERF of a smoothed linear layer is its squared impulse response (direct loops)', async () => {
    const net: Network = layer(2, 'ssc');
    const r = await erf(net, { samples: 2, inputSize: [21, 21] });
    // ∂y_c/∂x_u by pushing impulses through the direct loops (linear: y_c(e_u)).
    const size: [number, number] = [21, 21];
    const g = new Float64Array(21 * 21);
    for (let u = 0; u < g.length; u++) {
      const x = new Float64Array(g.length);
      x[u] = 1;
      const pre = conv({ shape: size, values: x }, box(3), 1);
      const y = conv({ shape: size, values: pre }, weights, 2);
      g[u] = y[10 * 21 + 10] ** 2;
    }
    const max = Math.max(...g);
    const [r0, c0] = r.windowStart;
    r.erf.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(Math.abs(v - g[(i + r0) * 21 + j + c0] / max)).toBeLessThan(1e-5);
      });
    });
    expect(r.holes).toBe(0);
    expect(r.griddingIndex).toBeLessThan(1);
  });

  it.each([
    [
      { kernel: 'box:3', dilation: 2, smooth: 'blur' },
      'smooth must be "ssc", "gi" or "none", got "blur"',
    ],
    [
      { kernel: 'box:3', dilation: 2, stride: 2, smooth: 'ssc' },
      'smooth is defined for stride-1 layers',
    ],
    [
      {
        type: 'residual',
        body: { kernel: 'box:3', dilation: 2, stride: 2 },
        shortcut: { kernel: 'box:1', stride: 2, smooth: 'gi' },
      },
      'shortcut.smooth does not apply to a shortcut projection',
    ],
  ])('refuses %j', (spec, message) => {
    expect(() => parseNetwork(spec)).toThrow(message);
  });
});
