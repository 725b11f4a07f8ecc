import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { erfModel, lowerModel } from '../../src/erf/index.ts';
import { decodeOnnx, importOnnx } from '../../src/model/index.ts';
import type { ConvOp } from '../../src/runtime/index.ts';
import { correlation, fullMap } from '../support/erf.ts';

/** Reference: test/fixtures/erf/make_ops.py (torch autograd, float64, on the same inputs). */
const ref: {
  shape: [number, number, number];
  count: number;
  inputs: number[];
  outputShape: [number, number, number];
  position: [number, number];
  erf: number[];
} = JSON.parse(readFileSync(new URL('../fixtures/erf/ops.json', import.meta.url), 'utf8'));
const file = new URL('../fixtures/erf/ops.onnx', import.meta.url).pathname;
const model = () => importOnnx(decodeOnnx(readFileSync(file)), { inputSize: [40, 40] });

describe('the ERF runtime on channel selections, integer-down resizes and dilated max pools', () => {
  it('lowers Split/Slice to select ops, each Resize to a strided depthwise conv, and keeps the pools’ dilation', () => {
    const p = lowerModel(model(), { nonlinear: true });
    const selects = p.ops.filter((o) => o.op === 'select');
    expect(selects.map((o) => [o.start, o.count])).toEqual([
      [0, 2],
      [2, 4],
      [1, 3],
    ]);
    const pools = p.ops.filter((o) => o.op === 'pool');
    expect(pools.map((o) => [o.dilation, o.stride])).toEqual([
      [
        [2, 2],
        [1, 1],
      ],
      [
        [2, 2],
        [2, 2],
      ],
    ]);
    const resizes = p.ops.filter((o): o is ConvOp => o.op === 'conv' && o.groups === 7);
    // bilinear ½ (half-pixel): 2×2 taps of ¼ at stride 2; nearest ⅓: one tap at stride 3.
    expect(resizes.map((o) => [o.shape, o.stride, [...o.weights.slice(0, 4)]])).toEqual([
      [
        [7, 1, 2, 2],
        [2, 2],
        [0.25, 0.25, 0.25, 0.25],
      ],
      [
        [7, 1, 1, 1],
        [3, 3],
        [1, 1, 1, 1],
      ],
    ]);
  });

  it('matches torch autograd on the same inputs with --nonlinear (correlation > 0.999)', async () => {
    const inputs = { count: ref.count, shape: ref.shape, values: Float32Array.from(ref.inputs) };
    const [, H, W] = ref.shape;
    const r = await erfModel(model(), { inputs, nonlinear: true });
    expect(r.outputPosition).toEqual(ref.position);
    expect(r.exact).toBeNull();
    const peak = Math.max(...ref.erf);
    const want = ref.erf.map((v) => v / peak);
    const got = fullMap(r, H, W);
    expect(correlation(got, want)).toBeGreaterThan(0.999);
    const worst = Math.max(...want.map((v, i) => Math.abs(v - got[i])));
    expect(worst).toBeLessThan(1e-3);
  });
});
