import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { erfModel } from '../../src/erf/index.ts';
import { decodeOnnx, importOnnx } from '../../src/model/index.ts';
import { cli } from '../cli/helpers.ts';
import { correlation, fullMap } from '../support/erf.ts';

/** Reference: test/fixtures/erf/make_models.py (torch autograd on the same inputs). */
const ref: {
  shape: [number, number, number];
  count: number;
  inputs: number[];
  position: [number, number];
  erf: number[];
} = JSON.parse(readFileSync(new URL('../fixtures/erf/nonlinear.json', import.meta.url), 'utf8'));
const file = new URL('../fixtures/erf/nonlinear.onnx', import.meta.url).pathname;
const model = () => importOnnx(decodeOnnx(readFileSync(file)), { inputSize: [24, 24] });

describe('the ERF of a nonlinear ONNX model (ReLU, ReLU6, tanh, sigmoid, folded batch norm)', () => {
  const inputs = {
    count: ref.count,
    shape: ref.shape,
    values: Float32Array.from(ref.inputs),
  };
  const [, H, W] = ref.shape;
  const peak = Math.max(...ref.erf);
  const want = ref.erf.map((v) => v / peak);

  it('matches torch autograd on the same inputs with --nonlinear (correlation > 0.999)', async () => {
    const r = await erfModel(model(), { inputs, nonlinear: true });
    expect(r.outputPosition).toEqual(ref.position);
    expect(r.exact).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/Relu ×2, Clip ×1, Tanh ×1, Sigmoid ×1/);
    const got = fullMap(r, H, W);
    expect(correlation(got, want)).toBeGreaterThan(0.999);
    const worst = Math.max(...want.map((v, i) => Math.abs(v - got[i])));
    expect(worst).toBeLessThan(1e-3);
  });

  it('differs from the linearised model of the same weights (the nonlinearities matter)', async () => {
    const r = await erfModel(model(), { inputs });
    expect(r.exact).not.toBeNull();
    expect(correlation(fullMap(r, H, W), want)).toBeLessThan(0.99);
  });

  it('--nonlinear on the CLI, and refused without --model', async () => {
    const run = await cli(['erf', '--model', file, '--nonlinear', '--samples', '2', '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.exact).toBeNull();
    const bad = await cli(['erf', '--kernel', 'box:3', '--rates', '1,2', '--nonlinear']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--nonlinear applies only with --model');
  });
});
