import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeOnnx, halfToNumber, ModelError } from '../../src/model/index.ts';

const dir = new URL('../fixtures/models/', import.meta.url);
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const json = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

interface Summary {
  irVersion: number;
  opset: number;
  nodes: [string, string][];
  initializers: Record<string, number[]>;
  inputs: [string, (number | string)[]][];
  outputs: string[];
}

const MODELS = ['deeplab_like', 'tcn', 'wavenet', 'bottleneck', 'separable', 'audio1d'];

describe('decodeOnnx reads what python-onnx reads', () => {
  it.each(MODELS)('%s: nodes, initialiser dims, inputs and outputs', (name) => {
    const model = decodeOnnx(bytes(`${name}.onnx`));
    const ref: Summary = json(`${name}.json`).onnx;
    expect(model.irVersion).toBe(ref.irVersion);
    expect(model.opset).toBe(ref.opset);
    expect(model.nodes.map((n) => [n.name, n.opType])).toEqual(ref.nodes);
    expect(Object.fromEntries([...model.initializers].map(([k, t]) => [k, t.dims]))).toEqual(
      ref.initializers,
    );
    expect(model.inputs.map((i) => [i.name, i.shape])).toEqual(
      ref.inputs.filter(([n]) => !(n in ref.initializers)),
    );
    expect(model.outputs.map((o) => o.name)).toEqual(ref.outputs);
    for (const t of model.initializers.values()) {
      expect(t.data.length).toBe(t.dims.reduce((a, b) => a * b, 1));
    }
  });

  it('reads Conv attributes as numbers (int64 lists), not Long objects', () => {
    const model = decodeOnnx(bytes('tcn.onnx'));
    const conv = model.nodes.find((n) => n.name === '/blocks/blocks.1/net/net.0/Conv');
    expect(conv?.attributes).toMatchObject({ dilations: [2], kernel_shape: [3], pads: [4, 4] });
  });
});

describe('initialiser encodings', () => {
  const ref = json('reader.json');
  it.each([
    ['float_data', 'autopad_same_upper.onnx', 'weights'],
    ['raw float16', 'autopad_same_lower.onnx', 'float16'],
    ['float16 bit patterns in int32_data', 'autopad_valid.onnx', 'float16'],
    ['raw bfloat16', 'autopad_notset_bf16.onnx', 'bfloat16'],
  ])('%s gives the values numpy wrote', (_what, file, key) => {
    const w = decodeOnnx(bytes(file)).initializers.get('w');
    expect(w?.dims).toEqual([2, 1, 4, 4]);
    expect(Array.from(w?.data ?? [])).toEqual(ref[key]);
  });

  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x0001, 2 ** -24],
    [0x7bff, 65504],
    [0x7c00, Number.POSITIVE_INFINITY],
  ])('half-precision bits %s are %s', (bits, value) => {
    expect(halfToNumber(bits)).toBe(value);
  });
});

describe('external data', () => {
  const weights = json('external.json').weights;
  const model = bytes('external/external.onnx');
  it('is read through the resolver from the file next to the model', () => {
    const seen: string[] = [];
    const m = decodeOnnx(model, {
      resolveExternal: (loc) => {
        seen.push(loc);
        return loc === 'external.weights' ? bytes('external/external.weights') : undefined;
      },
    });
    expect(seen).toEqual(['external.weights']);
    expect(Array.from(m.initializers.get('w')?.data ?? [])).toEqual(weights);
  });

  it('missing: the error names the tensor and the file', () => {
    expect(() =>
      decodeOnnx(bytes('missing_external.onnx'), { resolveExternal: () => undefined }),
    ).toThrow(
      /^model tensor "w" keeps its data in the external file "missing_external.weights", which is missing/,
    );
    expect(() => decodeOnnx(bytes('missing_external.onnx'))).toThrow(ModelError);
  });

  it('too short: the error says the external file is truncated', () => {
    const short = bytes('external/external.weights').subarray(0, 40);
    expect(() => decodeOnnx(model, { resolveExternal: () => short })).toThrow(
      /external file "external.weights", which has 40: it is truncated/,
    );
  });
});

describe('bad bytes give one-line ModelErrors naming what is wrong', () => {
  const good = bytes('tcn.onnx');
  it.each([
    [
      'truncated',
      good.subarray(0, Math.floor(good.length / 2)),
      /^model is truncated or not an ONNX file/,
    ],
    [
      'text',
      new TextEncoder().encode('name: not a model\nlayers: []\n'),
      /^model is (truncated or )?not an ONNX/,
    ],
    ['empty', new Uint8Array(0), /^model is empty, not an ONNX file$/],
    ['zeros', new Uint8Array(64), /^model is (truncated or )?not an ONNX/],
  ])('%s', (_what, input, message) => {
    let error: unknown;
    try {
      decodeOnnx(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('over the size limit', () => {
    expect(() => decodeOnnx(good, { maxBytes: 1000 })).toThrow(
      `model is ${good.length} bytes, over the limit of 1000 bytes`,
    );
  });
});
