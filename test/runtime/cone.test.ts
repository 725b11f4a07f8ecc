/**
 * The cone of one output position (src/runtime/cone.ts) against the whole program: the same
 * squared input gradient (zeros outside the cone included) and the same output value, on the
 * fixture models lowered with their nonlinearities and on a program that has every op kind,
 * at the centre and at a corner (where the windows pass the border and the padding counts).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lowerModel, randomInputs } from '../../src/erf/index.ts';
import { decodeOnnx, importOnnx } from '../../src/model/index.ts';
import {
  type Batch,
  coneProgram,
  forward,
  initRuntime,
  type Op,
  type Program,
  programShapes,
  squaredInputGradient,
} from '../../src/runtime/index.ts';

function model(file: string, size: number): Program {
  const bytes = readFileSync(new URL(`../fixtures/${file}`, import.meta.url));
  return lowerModel(importOnnx(decodeOnnx(bytes), { inputSize: [size, size] }), {
    nonlinear: true,
  });
}

const conv = (input: number, cIn: number, cOut: number, extra: Partial<Op> = {}): Op =>
  ({
    op: 'conv',
    input,
    weights: Float32Array.from({ length: cOut * cIn * 9 }, (_, i) => Math.sin(1 + i * 0.7) * 0.4),
    shape: [cOut, cIn, 3, 3],
    bias: Float32Array.from({ length: cOut }, (_, i) => 0.1 * i - 0.05),
    dilation: [1, 1],
    stride: [1, 1],
    padding: { mode: 'same' },
    groups: 1,
    ...extra,
  }) as Op;

/** Every op kind: strided, dilated and 'same' convs, pools (max padded, avg ceil), crop, global, merges. */
const everyOp: Program = {
  inputChannels: 2,
  ops: [
    conv(0, 2, 4, { stride: [2, 2] }), // 1
    { op: 'relu', input: 1 }, // 2
    {
      op: 'pool',
      kind: 'max',
      input: 2,
      size: [3, 3],
      stride: [1, 1],
      padding: { mode: 'explicit', top: 1, bottom: 1, left: 1, right: 1 },
    }, // 3
    conv(3, 4, 4, {
      dilation: [2, 2],
      padding: { mode: 'explicit', top: 2, bottom: 2, left: 2, right: 2 },
    }), // 4
    { op: 'tanh', input: 4 }, // 5
    { op: 'add', inputs: [5, 3] }, // 6
    { op: 'relu', input: 6 }, // 7
    {
      op: 'pool',
      kind: 'avg',
      input: 7,
      size: [2, 2],
      stride: [2, 2],
      padding: { mode: 'explicit', top: 0, bottom: 0, left: 0, right: 0 },
      ceil: true,
      countIncludePad: false,
    }, // 8
    { op: 'crop', input: 7, start: [1, -1], size: [8, 8] }, // 9
    { op: 'select', input: 8, start: 1, count: 2 }, // 10
    { op: 'global', input: 10 }, // 11
    { op: 'sigmoid', input: 9 }, // 12
    conv(12, 4, 2, { padding: { mode: 'explicit', top: 1, bottom: 1, left: 0, right: 2 } }), // 13
    { op: 'mul', inputs: [13, 11] }, // 14
    { op: 'concat', inputs: [14, 10] }, // 15
    {
      op: 'scale',
      input: 15,
      scale: Float32Array.from([1, -2, 0.5, 3]),
      bias: Float32Array.from([0, 0.1, 0, -0.1]),
    }, // 16
    { op: 'clip', input: 16, min: -1, max: 1.5 }, // 17
    conv(17, 4, 3, { padding: { mode: 'explicit', top: 0, bottom: 0, left: 0, right: 0 } }), // 18
  ],
};

/** everyOp's ops 1–10 and its sigmoid and conv, without the global branch: its cone is smaller than the input. */
const local: Program = {
  inputChannels: 2,
  ops: [
    ...everyOp.ops.slice(0, 10),
    { op: 'sigmoid', input: 9 }, // 11
    { ...(everyOp.ops[12] as Op & { op: 'conv' }), input: 11 }, // 12
    { op: 'add', inputs: [12, 10] }, // 13
  ],
};

function batchOf(shape: [number, number, number], seed: number): Batch {
  return randomInputs(shape, seed, 0, 2);
}

async function compare(
  program: Program,
  shape: [number, number, number],
  position: [number, number],
) {
  const batch = batchOf(shape, 5);
  const cone = coneProgram(program, shape, position);
  const whole = await squaredInputGradient(program, batch, { position }, { cone: false });
  const part = await squaredInputGradient(program, batch, { position });
  let peak = 0;
  for (const v of whole) peak = Math.max(peak, v);
  expect(peak).toBeGreaterThan(0);
  let worst = 0;
  for (let u = 0; u < whole.length; u++) worst = Math.max(worst, Math.abs(whole[u] - part[u]));
  expect(worst).toBeLessThanOrEqual(1e-6 * peak);
  return { cone, whole };
}

describe('the cone of one output position', () => {
  beforeAll(() => initRuntime({ backend: 'wasm' }));

  it.each([
    ['bottleneck (grouped strided dilated conv, residual)', 'models/bottleneck.onnx', 48],
    ['deeplab_like (ASPP with a global branch)', 'models/deeplab_like.onnx', 40],
    ['separable (depthwise)', 'models/separable.onnx', 33],
    ['nonlinear (ReLU6, tanh, sigmoid, batch norm)', 'erf/nonlinear.onnx', 24],
    ['ops (selections, resizes, dilated max pools)', 'erf/ops.onnx', 40],
  ])('gives the whole program’s gradient for %s', async (_, file, size) => {
    const program = model(file, size);
    const C = program.inputChannels;
    const shapes = programShapes(program, [C, size, size]);
    const [, Ho, Wo] = shapes[program.output ?? program.ops.length];
    await compare(program, [C, size, size], [Math.floor((Ho - 1) / 2), Math.floor((Wo - 1) / 2)]);
    await compare(program, [C, size, size], [0, Wo - 1]);
  });

  it('reads only the receptive field: bottleneck’s centre output at 48×48', () => {
    const cone = coneProgram(model('models/bottleneck.onnx', 48), [16, 48, 48], [11, 11]);
    expect(cone).not.toBeNull();
    const box = cone?.input;
    // 1×1, then 3×3 at stride 2 and dilation 2: rows 2·11 − 2 … 2·11 + 2 of the input.
    expect(box).toEqual({ r0: 20, r1: 25, c0: 20, c1: 25 });
    expect(cone?.position).toEqual([0, 0]);
  });

  it.each([
    ['the centre', [2, 3]],
    ['a corner', [0, 0]],
    ['the last row', [5, 1]],
  ] as const)(
    'gives the whole program’s gradient and value for every op kind at %s',
    async (_, p) => {
      const shape: [number, number, number] = [2, 29, 31];
      const shapes = programShapes(everyOp, shape);
      const [, Ho, Wo] = shapes[everyOp.ops.length];
      expect([Ho, Wo]).toEqual([6, 6]);
      const { cone } = await compare(everyOp, shape, [p[0], p[1]]);
      expect(cone).not.toBeNull();
      // The global branch reads the whole input.
      expect(cone?.input).toEqual({ r0: 0, r1: 29, c0: 0, c1: 31 });
      const { cone: small } = await compare(local, shape, [p[0], p[1]]);
      const b = small?.input;
      expect(b && (b.r1 - b.r0) * (b.c1 - b.c0)).toBeLessThan(29 * 31);
      // The cone's value at its position is the whole program's at the original one.
      const batch = batchOf(shape, 9);
      for (const [program, c] of [
        [everyOp, cone],
        [local, small],
      ] as const) {
        if (!c) throw new Error('no cone');
        const whole = await forward(program, batch);
        const inner = {
          count: batch.count,
          shape: [2, c.input.r1 - c.input.r0, c.input.c1 - c.input.c0] as [number, number, number],
          values: new Float32Array(
            batch.count * 2 * (c.input.r1 - c.input.r0) * (c.input.c1 - c.input.c0),
          ),
        };
        let k = 0;
        for (let n = 0; n < batch.count; n++)
          for (let ch = 0; ch < 2; ch++)
            for (let r = c.input.r0; r < c.input.r1; r++)
              for (let col = c.input.c0; col < c.input.c1; col++)
                inner.values[k++] = batch.values[((n * 2 + ch) * 29 + r) * 31 + col];
        const part = await forward(c.program, inner);
        const [C, H, W] = whole.shape;
        const [, h, w] = part.shape;
        for (let n = 0; n < batch.count; n++)
          for (let ch = 0; ch < C; ch++) {
            const a = whole.values[((n * C + ch) * H + p[0]) * W + p[1]];
            const b2 = part.values[((n * C + ch) * h + c.position[0]) * w + c.position[1]];
            expect(Math.abs(a - b2)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a)));
          }
      }
    },
  );

  it('is null when the output needs every tensor whole', () => {
    const p: Program = { inputChannels: 1, ops: [conv(0, 1, 1), { op: 'global', input: 1 }] };
    expect(coneProgram(p, [1, 8, 8], [3, 3])).toBeNull();
  });
});
