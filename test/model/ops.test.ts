/**
 * The ops of test/fixtures/models/make_ops.py against the numbers torch computed when it
 * made them: channel Split and Slice (a gated WaveNet whose halves come from one conv, a
 * linear net through channel selections), integer downsampling Resize (nearest ½,
 * bilinear ½, nearest ⅓), ConvTranspose of stride 1 (exact: a conv with the kernel
 * flipped), and ConvTranspose of stride 2 and upsampling Resize (the analysis ends at their
 * input, naming the node). Taps against the gradient of one output of an all-ones copy,
 * the linearised composite against the Jacobian of the model, output sizes against the
 * forward pass.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeModel,
  decodeOnnx,
  type ImportedModel,
  importOnnx,
  linearisedComposite,
  type ModelAnalysis,
  ModelError,
  modelTaps,
} from '../../src/model/index.ts';

const dir = new URL('../fixtures/models/', import.meta.url);

interface Ref {
  inputShape: number[];
  outputShape?: number[];
  taps: { scale: number[]; receptiveField: number[]; offsets: number[][]; count: number };
  composite?: { scale: number[]; start: number[]; shape: number[]; values: number[] };
  layers?: {
    module: string;
    transposed: boolean;
    kernel: number[];
    dilation: number[];
    padding: number[];
    groups: number;
    channelsIn: number;
    channelsOut: number;
  }[];
}

const bytes = (name: string) => new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir)));
const cache = new Map<string, { ref: Ref; model: ImportedModel; result: ModelAnalysis }>();
function load(name: string) {
  let c = cache.get(name);
  if (!c) {
    const model = importOnnx(decodeOnnx(bytes(name)));
    const ref = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Ref;
    c = { ref, model, result: analyzeModel(model) };
    cache.set(name, c);
  }
  return c;
}

const REFERENCED = ['gated_split', 'split_linear', 'resize_down', 'transposed'] as const;
const LINEAR = ['split_linear', 'resize_down', 'transposed'] as const;
const axes = (v: number | number[]) => (Array.isArray(v) ? v : [v]);

describe('tap sets agree with torch autograd (all-ones weights)', () => {
  it.each(REFERENCED)('%s: every offset, the receptive field and the output stride', (name) => {
    const { ref, model, result } = load(name);
    expect(axes(result.receptiveField)).toEqual(ref.taps.receptiveField);
    expect(axes(result.outputStride)).toEqual(ref.taps.scale);
    const t = modelTaps(model);
    const mine: number[][] = [];
    t.counts.forEach((c, i) => {
      if (c <= 0) return;
      mine.push(
        t.shape.length === 1
          ? [t.start[0] + i]
          : [t.start[0] + Math.floor(i / t.shape[1]), t.start[1] + (i % t.shape[1])],
      );
    });
    expect(mine).toEqual(ref.taps.offsets);
    expect(result.taps.count).toBe(ref.taps.count);
  });

  it.each(REFERENCED)('%s: the output size is the forward pass’s', (name) => {
    const { ref, model } = load(name);
    const out = model.nodes[model.outputNode];
    expect(out.outputSize).toEqual(ref.outputShape!.slice(2));
    expect(out.channels).toBe(ref.outputShape![1]);
  });
});

describe('the linearised composite agrees with the Jacobian of the model', () => {
  it.each(LINEAR)('%s', (name) => {
    const { ref, model, result } = load(name);
    expect(result.composite.computed).toBe(true);
    const k = linearisedComposite(model);
    const rc = ref.composite!;
    const box = rc.shape.slice(2);
    const kb = k.shape.slice(2);
    const plane = box.reduce((a, b) => a * b, 1);
    const kplane = kb.reduce((a, b) => a * b, 1);
    const off = rc.start.map((s, a) => s - k.start[a]);
    expect(off.every((o) => o >= 0)).toBe(true);
    let maxAbs = 0;
    let maxDiff = 0;
    for (let co = 0; co < rc.shape[0]; co++) {
      for (let ci = 0; ci < rc.shape[1]; ci++) {
        for (let u = 0; u < plane; u++) {
          const v = rc.values[(co * rc.shape[1] + ci) * plane + u];
          const idx =
            box.length === 1
              ? off[0] + u
              : (off[0] + Math.floor(u / box[1])) * kb[1] + off[1] + (u % box[1]);
          maxAbs = Math.max(maxAbs, Math.abs(v));
          maxDiff = Math.max(
            maxDiff,
            Math.abs(k.values[(co * k.shape[1] + ci) * kplane + idx] - v),
          );
        }
      }
    }
    expect(maxAbs).toBeGreaterThan(0);
    // float32 weights; the reference is rounded to 12 significant digits
    expect(maxDiff).toBeLessThanOrEqual(1e-9 * maxAbs + 1e-12);
  });
});

describe('how the ops are read', () => {
  it('torch’s chunk(2) (Slice with split sizes computed in int64) and Slice select channel halves', () => {
    const { model } = load('gated_split');
    const selects = model.nodes.filter((n) => n.op === 'select');
    expect(selects.map((n) => (n.op === 'select' ? [n.start, n.count] : []))).toEqual([
      [0, 4],
      [4, 4],
      [0, 4],
      [4, 4],
      [0, 4],
      [4, 4],
    ]);
    expect(model.nodes.filter((n) => n.op === 'gate')).toHaveLength(3);
  });

  it('Split([2, 4]) gives two selections of 2 and 4 channels', () => {
    const { model } = load('split_linear');
    const split = model.nodes.filter((n) => n.op === 'select' && n.onnxOp === 'Split');
    expect(split.map((n) => (n.op === 'select' ? [n.start, n.count] : []))).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it('the Resizes are windows: nearest ½ one tap at 2p, bilinear ½ two taps of ½, nearest ⅓ one tap at 3p', () => {
    const { model } = load('resize_down');
    const r = model.nodes.filter((n) => n.op === 'resize');
    expect(
      r.map((n) =>
        n.op === 'resize' ? { f: n.factor, s: n.start, k: n.size, w: n.weights, m: n.mode } : null,
      ),
    ).toEqual([
      { f: [2, 2], s: [0, 0], k: [1, 1], w: [[1], [1]], m: 'nearest' },
      {
        f: [2, 2],
        s: [0, 0],
        k: [2, 2],
        w: [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        m: 'linear',
      },
      { f: [3, 3], s: [0, 0], k: [1, 1], w: [[1], [1]], m: 'nearest' },
    ]);
  });

  it('a ConvTranspose of stride 1 is a conv reading o − (d(k−1) − pad) + n·d', () => {
    const { ref, result } = load('transposed');
    const rows = ref.layers!.filter((l) => l.transposed);
    const mine = result.layers.filter((l) => l.op === 'ConvTranspose');
    expect(mine).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const m = mine[i];
      expect(m.kernel).toEqual(row.kernel);
      expect(axes(m.dilation)).toEqual(row.dilation);
      expect(m.groups).toBe(row.groups);
      expect(m.channelsIn).toBe(row.channelsIn);
      expect(m.channelsOut).toBe(row.channelsOut);
      const total = row.dilation[0] * (row.kernel[0] - 1);
      expect(m.padding).toEqual({ before: total - row.padding[0], after: total - row.padding[0] });
    });
  });
});

describe('upsampling ops end the analysis at their input, naming the op and the node', () => {
  it.each([
    ['transposed_up', 'ConvTranspose', /transposed convolution with stride 2/],
    ['upsample', 'Resize', /resizes by 2×2 \(it upsamples/],
  ] as const)('%s: %s', (name, op, why) => {
    const model = importOnnx(decodeOnnx(bytes(name)));
    expect(model.end?.op).toBe(op);
    expect(model.end?.reason).toMatch(why);
    expect(model.nodes.filter((n) => n.op === 'conv')).toHaveLength(1);
    const decoded = decodeOnnx(bytes(name));
    const after = decoded.nodes[decoded.nodes.length - 1].outputs[0];
    let err: unknown;
    try {
      importOnnx(decoded, { output: after });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toContain(`(#${model.end?.index}, ${op})`);
    expect((err as Error).message).toMatch(why);
  });
});
