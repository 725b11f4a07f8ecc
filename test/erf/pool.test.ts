/**
 * Spec networks with pooling layers in the ERF runtime: erf, blindspots and apply run them
 * (max and avg, with stride, "same" padding as PyTorch places it). Checked against torch
 * autograd on the same inputs (test/fixtures/erf/pool.json, made by make.py beside it), a
 * direct-loop forward pass (test/erf/naive.ts) and the exact proof of blind spots.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyNetwork,
  blindspots,
  erf,
  exactErfView,
  exactGivenErf,
  testCard,
} from '../../src/erf/index.ts';
import { parseNetwork } from '../../src/network/index.ts';
import { expectTorchErf, fullMap, type TorchErfCase } from '../support/erf.ts';
import { impulseGradient, naiveForward } from './naive.ts';

const fixtures: TorchErfCase[] = JSON.parse(
  readFileSync(new URL('../fixtures/erf/pool.json', import.meta.url), 'utf8'),
).cases;

/** The network of the issue: box 3×3 at rate 2, a 2×2 max pool of stride 2, box 3×3 at rate 2. */
const maxPoolNet = parseNetwork({
  layers: [
    { kernel: 'box:3x3', dilation: 2 },
    { pool: 'max', size: 2, stride: 2 },
    { kernel: 'box:3x3', dilation: 2 },
  ],
});

/** A linear network with an avg pool: learned 3×3, a 3×3 avg pool of stride 2, 3×3 at rate 2. */
const avgPoolNet = parseNetwork({
  layers: [
    { kernel: 'random:3x3:7', dilation: 1 },
    { pool: 'avg', size: 3, stride: 2 },
    { kernel: 'random:3x3:8', dilation: 2 },
  ],
});

/** 1-D, with holes: taps {0,1,2} + a 2-tap max pool, then rate 3 at scale 2 (taps 6 apart). */
const holedPoolNet = parseNetwork({
  layers: [
    { kernel: 'random:3:4', dilation: 1 },
    { pool: 'max', size: 2, stride: 2 },
    { kernel: 'random:3:5', dilation: 3 },
  ],
});

describe('the ERF of a spec network with pooling layers', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))(
    'matches torch autograd on the same inputs (ReLU after the first conv): %s',
    async (_, f) => {
      await expectTorchErf(f);
    },
  );

  it('runs the network of a max pool between dilated layers, with no exact form (a max pool is not linear)', async () => {
    const r = await erf(maxPoolNet, { samples: 4 });
    expect(r.exact).toBeNull();
    expect(r.erf.length).toBe(14);
    expect(Math.max(...r.erf.flat())).toBe(1);
    expect(r.warnings).toEqual([]);
    expect(() => exactGivenErf(maxPoolNet)).toThrow(/network.*max pool, which is not linear/);
    expect(() => exactErfView(maxPoolNet)).toThrow(/max pool/);
  });

  it('of a linear network with an avg pool of stride 2: measured = exact = the squared gradient of a direct loop', async () => {
    const r = await erf(avgPoolNet, { samples: 2 });
    expect(r.exact).not.toBeNull();
    const [H, W] = r.inputSize;
    // ∂y_c/∂x_u by pushing every impulse through a direct-loop forward pass (no tfjs, no graph).
    const { gradient, centre } = impulseGradient(avgPoolNet.root, [H, W]);
    expect(centre).toEqual(r.outputPosition);
    const sq = gradient.values.map((g) => g * g);
    const peak = Math.max(...sq);
    const naive = sq.map((v) => v / peak);
    const exact = fullMap({ erf: r.exact!, windowStart: r.windowStart }, H, W);
    const measured = fullMap(r, H, W);
    for (let i = 0; i < naive.length; i++) {
      expect(Math.abs(exact[i] - naive[i])).toBeLessThan(1e-9);
      expect(Math.abs(measured[i] - naive[i])).toBeLessThan(1e-6);
    }
    // The window holds every input the centre output reads.
    expect(naive.reduce((a, b) => a + b, 0)).toBeCloseTo(
      exact.reduce((a, b) => a + b, 0),
      9,
    );
  });
});

describe('the blind-spot proof of a spec network with pooling layers', () => {
  it.each([
    ['linear', 'none'],
    ['with a ReLU', 'relu'],
  ] as const)(
    'a max pool between dilated layers with holes, %s: the holes change the centre output by exactly 0, the control does not',
    async (_, activation) => {
      const r = await blindspots(holedPoolNet, { seed: 2, activation });
      // Taps {0..3} + {0, 6, 12}: holes at 4, 5, 10, 11 of the 16-sample field.
      expect(r.holes.length).toBe(4);
      expect(r.perturbedInputs.length).toBeGreaterThanOrEqual(4);
      expect(r.inputChange).toBe(10);
      expect(r.maxOutputChange).toBe(0);
      expect(r.controlOutputChange).toBeGreaterThan(0);
    },
  );

  it('agrees with a direct-loop forward pass: the perturbed input leaves the centre output unchanged', async () => {
    const r = await blindspots(holedPoolNet, { seed: 2 });
    const n = r.inputSize[0];
    const x = new Float64Array(n).map((_, i) => Math.sin(1.7 * i + 0.3));
    const bumped = Float64Array.from(x);
    for (const [i] of r.perturbedInputs) bumped[i] += 10;
    const c = r.outputPosition[0];
    const y0 = naiveForward(holedPoolNet.root, { shape: [n], values: x }).values[c];
    const y1 = naiveForward(holedPoolNet.root, { shape: [n], values: bumped }).values[c];
    expect(y1).toBe(y0);
    const control = Float64Array.from(x);
    control[r.controlInput[0]] += r.controlBump;
    expect(naiveForward(holedPoolNet.root, { shape: [n], values: control }).values[c]).not.toBe(y0);
  });

  it('the network of the issue (no holes: the pool fills the odd offsets) has nothing to perturb and a reached control', async () => {
    const r = await blindspots(maxPoolNet);
    expect(r.holes).toEqual([]);
    expect(r.maxOutputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });
});

describe('apply with a pooling layer', () => {
  it('runs the network on the test card: the output is the pooled size and equals a direct loop', async () => {
    const card = testCard(32, 32);
    const r = await applyNetwork(maxPoolNet, card, { compareRates: null });
    expect(r.output.shape).toEqual([16, 16]);
    const naive = naiveForward(maxPoolNet.root, {
      shape: [32, 32],
      values: Float64Array.from(card.values),
    });
    let worst = 0;
    for (let i = 0; i < naive.values.length; i++)
      worst = Math.max(worst, Math.abs(naive.values[i] - r.output.values[i]));
    expect(worst).toBeLessThan(1e-4);
  });
});
