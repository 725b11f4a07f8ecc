/**
 * Edges of the ONNX import (test/fixtures/models/make_edges.py made the fixtures and
 * torch's numbers): a zero Pad followed by a pointwise op that does not keep 0 at 0 is run
 * in ONNX's order (the border holds sigmoid(0) = ½, not 0), checked by a naive forward pass
 * of the imported graph against torch's output; a model whose receptive field is above the
 * exact tap-set limit is a ModelError naming `model`, on the library and on the CLI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeModel,
  decodeOnnx,
  type ImportedModel,
  importOnnx,
  ModelError,
  type ModelNode,
} from '../../src/model/index.ts';
import { cli } from '../cli/helpers.ts';

const dir = new URL('../fixtures/models/', import.meta.url);
const file = (name: string) => new URL(`${name}.onnx`, dir).pathname;
const load = (name: string) => importOnnx(decodeOnnx(new Uint8Array(readFileSync(file(name)))));

type Map1d = Float64Array[]; // [channel][position]

/** Runs a 1-D imported graph of conv, crop and pointwise (Sigmoid, Relu, Add of a constant) nodes directly. */
function naiveForward(model: ImportedModel, input: readonly number[]): Map1d {
  const out: Map1d[] = [];
  const run = (n: ModelNode): Map1d => {
    switch (n.op) {
      case 'input':
        return [Float64Array.from(input)];
      case 'crop': {
        const x = out[n.inputs[0]];
        const L = x[0].length - n.start[0] - n.end[0];
        return x.map((c) => {
          const y = new Float64Array(L);
          for (let p = 0; p < L; p++) {
            const i = p + n.start[0];
            y[p] = i >= 0 && i < c.length ? c[i] : 0;
          }
          return y;
        });
      }
      case 'pointwise': {
        const x = out[n.inputs[0]];
        const f =
          n.fn === 'Sigmoid'
            ? (v: number) => 1 / (1 + Math.exp(-v))
            : n.fn === 'Relu'
              ? (v: number) => Math.max(0, v)
              : n.fn === 'Add'
                ? (v: number) => v + n.constants[0].data[0]
                : null;
        if (!f) throw new Error(`naiveForward has no ${n.fn}`);
        return x.map((c) => c.map(f));
      }
      case 'conv': {
        const x = out[n.inputs[0]];
        const [k] = n.size;
        const [d] = n.dilation;
        const [s] = n.stride;
        const [before, after] = n.pad[0];
        const L = Math.floor((x[0].length + before + after - d * (k - 1) - 1) / s) + 1;
        const w = n.weights.data;
        const cin = x.length;
        return Array.from({ length: n.channels }, (_, co) => {
          const y = new Float64Array(L);
          for (let p = 0; p < L; p++) {
            let acc = n.bias ? n.bias[co] : 0;
            for (let ci = 0; ci < cin; ci++) {
              for (let t = 0; t < k; t++) {
                const i = s * p - before + t * d;
                if (i >= 0 && i < x[ci].length) acc += w[(co * cin + ci) * k + t] * x[ci][i];
              }
            }
            y[p] = acc;
          }
          return y;
        });
      }
      default:
        throw new Error(`naiveForward has no ${n.op}`);
    }
  };
  for (const n of model.nodes) out[n.id] = run(n);
  return out[model.graph.output];
}

describe('a zero Pad before a pointwise op runs in ONNX order', () => {
  const ref = JSON.parse(readFileSync(new URL('pad_pointwise.json', dir), 'utf8')) as {
    input: number[];
    output: number[];
    outputShape: number[];
  };
  const model = load('pad_pointwise');

  it('the imported graph computes what torch computed (Pad → Sigmoid, Pad → +½, Pad → Relu)', () => {
    const y = naiveForward(model, ref.input);
    expect(y.length).toBe(ref.outputShape[1]);
    expect(y[0].length).toBe(ref.outputShape[2]);
    const got = Array.from(y[0]);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(ref.output[i], 5);
    });
  });

  it.each([
    ['Sigmoid', 'settled first: it reads a crop that adds the zeros', 'crop'],
    ['Add', 'settled first: it reads a crop that adds the zeros', 'crop'],
  ])('a pad before %s is %s', (fn, _how, before) => {
    const node = model.nodes.find((n) => n.op === 'pointwise' && n.fn === fn)!;
    expect(model.nodes[node.inputs[0]].op).toBe(before);
  });

  it('a pad before Relu (relu(0) = 0) stays folded into the conv after it', () => {
    const relu = model.nodes.find((n) => n.op === 'pointwise' && n.fn === 'Relu')!;
    expect(model.nodes[relu.inputs[0]].op).toBe('conv');
    const last = model.nodes[model.graph.output];
    expect(last.op === 'conv' && last.pad).toEqual([[3, 3]]);
  });
});

describe('a receptive field above the exact tap-set limit names the model', () => {
  const ref = JSON.parse(readFileSync(new URL('rf_too_large.json', dir), 'utf8')) as {
    receptiveField: number;
  };

  it('analyzeModel throws a ModelError with field model and the receptive field', () => {
    let err: unknown;
    try {
      analyzeModel(load('rf_too_large'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).field).toBe('model');
    expect((err as Error).message).toContain(`receptive field of ${ref.receptiveField}`);
  });

  it('analyze --model exits 2 with the file named and no mention of a network', async () => {
    const run = await cli(['analyze', '--model', file('rf_too_large')]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('rf_too_large.onnx: model has a receptive field of 1200001');
    expect(run.err).not.toMatch(/\bnetwork\b/);
  });
});
