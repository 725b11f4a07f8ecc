/**
 * The ONNX fixtures against the numbers torch and numpy computed when they were made
 * (test/fixtures/models/make.py): tap sets from autograd, the layer table from the
 * modules' attributes and forward hooks, power responses and singular values from numpy
 * FFTs and SVDs of the weights, the linearised composite from the Jacobian of the model
 * with its activations removed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeModel,
  type ModelConvNode as ConvNode,
  compositePowerAt,
  decodeOnnx,
  type ImportedModel,
  importOnnx,
  linearisedComposite,
  type ModelAnalysis,
  powerAt,
  singularValuesAt,
  summedAutocorrelation,
} from '../../src/model/index.ts';

const dir = new URL('../fixtures/models/', import.meta.url);

interface RefRow {
  module: string;
  onnxNode: string | null;
  op: string;
  kernel: number[];
  dilation: number[];
  stride: number[];
  padding: number[];
  groups?: number;
  channelsIn: number;
  channelsOut: number;
  parameters: number;
  onnxParameters?: number;
  macs?: number;
  outputSize: number[];
  scale?: number[];
  receptiveField?: number[];
  effectiveDilation?: number[];
  global?: boolean;
  power?: { n: number; power: number[]; sigmaMin: number[]; sigmaMax: number[] } | null;
}

interface Ref {
  inputShape: number[];
  taps: { scale: number[]; receptiveField: number[]; offsets: number[][]; count: number };
  layers: RefRow[];
  composite?: { scale: number[]; start: number[]; shape: number[]; values: number[] };
}

const MODELS = ['deeplab_like', 'tcn', 'wavenet', 'bottleneck', 'separable', 'audio1d'] as const;

const cache = new Map<string, { ref: Ref; model: ImportedModel; result: ModelAnalysis }>();
function load(name: string) {
  let c = cache.get(name);
  if (!c) {
    const model = importOnnx(
      decodeOnnx(new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir)))),
    );
    const ref = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Ref;
    c = { ref, model, result: analyzeModel(model) };
    cache.set(name, c);
  }
  return c;
}

const axes = (v: number | number[]) => (Array.isArray(v) ? v : [v]);

describe('tap sets agree with the gradient of one output (all-ones weights, torch autograd)', () => {
  it.each(MODELS)('%s: every offset, the receptive field and the output stride', (name) => {
    const { ref, result } = load(name);
    expect(axes(result.receptiveField)).toEqual(ref.taps.receptiveField);
    expect(axes(result.outputStride)).toEqual(ref.taps.scale);
    const start = axes(result.taps.start);
    const shape = result.taps.shape;
    const mine: number[][] = [];
    // the support's nonzero path counts, as offsets relative to S·p
    const { model } = load(name);
    const counts = pathCounts(model);
    counts.forEach((c, i) => {
      if (c <= 0) return;
      mine.push(
        shape.length === 1
          ? [start[0] + i]
          : [start[0] + Math.floor(i / shape[1]), start[1] + (i % shape[1])],
      );
    });
    expect(mine).toEqual(ref.taps.offsets);
    expect(result.taps.count).toBe(ref.taps.count);
    expect(result.coverage.holes).toBe(shape.reduce((a, b) => a * b, 1) - ref.taps.count);
    expect(result.griddingFree).toBe(result.coverage.holes === 0);
  });

  it('the separable block grids (rates 2 and 3 after a stride-2 dilated pool): 121 of 441 offsets', () => {
    const { result } = load('separable');
    expect(result.griddingFree).toBe(false);
    expect(result.coverage.covered).toBe(121);
    expect(result.coverage.size).toBe(441);
  });

  it('the DeepLab-like net has a global branch (image pooling) that sees the whole input', () => {
    expect(load('deeplab_like').result.global).toBe(true);
    expect(load('tcn').result.global).toBe(false);
  });
});

import { modelTaps } from '../../src/model/index.ts';

function pathCounts(model: ImportedModel): Float64Array {
  return modelTaps(model).counts;
}

describe('the layer table agrees with the modules (attributes, forward hooks, autograd)', () => {
  it.each(MODELS)('%s', (name) => {
    const { ref, result } = load(name);
    const rows = ref.layers.filter((r) => r.onnxNode);
    expect(result.layers.map((l) => l.name).sort()).toEqual(rows.map((r) => r.onnxNode).sort());
    for (const row of rows) {
      const mine = result.layers.find((l) => l.name === row.onnxNode)!;
      const at = `${name} ${row.module}`;
      expect(mine.op, at).toBe(row.op);
      expect(mine.kernel, at).toEqual(row.kernel);
      expect(axes(mine.dilation), at).toEqual(row.dilation);
      expect(axes(mine.stride), at).toEqual(row.stride);
      expect(mine.channelsIn, at).toBe(row.channelsIn);
      expect(mine.channelsOut, at).toBe(row.channelsOut);
      expect(mine.outputSize, at).toEqual(row.outputSize);
      if (row.op === 'Conv') {
        expect(mine.groups, at).toBe(row.groups);
        expect(mine.parameters, at).toBe(row.onnxParameters);
        expect(mine.macs, at).toBe(row.macs);
        // torch pads symmetrically; a chomp (Slice) is a crop after the conv, not less
        // padding; an F.pad before the conv (WaveNet's causal d·(k−1) on the left) is folded in
        const folded = mine.folded.some((f) => f.endsWith('/Pad'));
        const causal = row.dilation.map((d, a) => d * (row.kernel[a] - 1));
        expect(axes(mine.padding.before), at).toEqual(
          folded ? row.padding.map((p, a) => p + causal[a]) : row.padding,
        );
      }
      if (row.global) {
        expect(mine.receptiveField, at).toBeNull();
        expect(mine.global, at).toBe(true);
      } else if (mine.global) {
        // torch's gradient reaches every input through the global branch
        expect(row.receptiveField, at).toEqual(ref.inputShape.slice(2));
      } else {
        expect(axes(mine.scale), at).toEqual(row.scale);
        expect(axes(mine.receptiveField!), at).toEqual(row.receptiveField);
        expect(axes(mine.effectiveDilation), at).toEqual(row.effectiveDilation);
      }
    }
  });
});

describe('power responses and singular values agree with numpy FFTs and SVDs of the weights', () => {
  it.each(MODELS)('%s: P(ω) = ‖K(ω)‖²_F / C_in and σ_min, σ_max on the FFT grid', (name) => {
    const { ref, model } = load(name);
    const convs = model.nodes.filter((n): n is ConvNode => n.op === 'conv');
    let checked = 0;
    for (const row of ref.layers) {
      if (row.op !== 'Conv' || !row.power || !row.onnxNode) continue;
      const conv = convs.find((c) => c.name === row.onnxNode)!;
      const ac = summedAutocorrelation(conv);
      const N = row.power.n;
      row.power.power.forEach((p, j) => {
        const w =
          model.dims === 1
            ? (2 * Math.PI * j) / N
            : [(2 * Math.PI * Math.floor(j / N)) / N, (2 * Math.PI * (j % N)) / N];
        // float32 weights and a float32 epsilon in the ONNX batch norm: 1e-6 relative
        expect(Math.abs(powerAt(ac, w) - p)).toBeLessThanOrEqual(1e-6 * Math.max(p, 1e-3));
        if (j % 5 === 0) {
          const s = singularValuesAt(conv, w);
          if (!s) throw new Error(`${row.module}: no singular values`);
          expect(Math.abs(s.min - row.power!.sigmaMin[j])).toBeLessThanOrEqual(
            1e-6 * Math.max(1, s.max),
          );
          expect(Math.abs(s.max - row.power!.sigmaMax[j])).toBeLessThanOrEqual(
            1e-6 * Math.max(1, s.max),
          );
        }
      });
      checked++;
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('batch norm is folded into the conv before it (the folded node is named)', () => {
    const { result } = load('deeplab_like');
    const stem = result.layers.find((l) => l.name === '/stem/stem.0/Conv')!;
    expect(stem.folded).toEqual(['/stem/stem.1/BatchNormalization']);
  });
});

describe('the linearised composite agrees with the Jacobian of the model without activations', () => {
  it.each(['deeplab_like', 'tcn', 'bottleneck', 'audio1d'])('%s', (name) => {
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
          const got = k.values[(co * k.shape[1] + ci) * kplane + idx];
          maxAbs = Math.max(maxAbs, Math.abs(v));
          maxDiff = Math.max(maxDiff, Math.abs(got - v));
        }
      }
    }
    expect(maxAbs).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThanOrEqual(1e-9 * maxAbs + 1e-12);
  });

  it.each(['deeplab_like', 'bottleneck'])(
    '%s: the reported composite power (computed on axis cuts) is the 2-D composite kernel’s',
    (name) => {
      const { model, result } = load(name);
      const k = linearisedComposite(model);
      expect(result.composite.shape).toEqual(k.shape);
      expect(result.composite.start).toEqual(k.start);
      for (const p of result.composite.power ?? []) {
        p.w.forEach((w, j) => {
          const want = compositePowerAt(k, p.axis, w);
          expect(Math.abs(p.power[j] - want)).toBeLessThanOrEqual(1e-9 * Math.max(want, 1e-12));
        });
      }
    },
  );

  it.each([
    ['wavenet', /a gate/],
    ['separable', /max pool/],
  ])('%s: skipped, saying why', (name, why) => {
    const { result } = load(name);
    expect(result.composite.computed).toBe(false);
    expect(result.composite.note).toMatch(why);
  });
});

describe('what the import says about the model', () => {
  it('the TCN chomp (Slice) is folded into its conv: causal padding d(k−1) before, 0 after', () => {
    const { result } = load('tcn');
    const conv = result.layers.find((l) => l.name === '/blocks/blocks.2/net/net.0/Conv')!;
    expect(conv.padding).toEqual({ before: 8, after: 0 });
    expect(conv.folded).toEqual(['/blocks/blocks.2/net/net.1/Slice']);
    expect(result.taps.start).toBe(-60);
    expect(result.taps.shape).toEqual([61]);
    expect(result.model.passThrough).toEqual([{ op: 'Relu', count: 12 }]);
  });

  it('the audio model ends at Flatten after its global pool, and the analysis says so', () => {
    const { result } = load('audio1d');
    expect(result.model.end).toMatchObject({ node: '/Flatten', op: 'Flatten' });
    expect(result.model.end?.reason).toMatch(/global pool "\/GlobalAveragePool"/);
    expect(result.model.output).toBe('/c3/Conv_output_0');
  });

  it('WaveNet pads (Pad) are folded into the convs after them', () => {
    const { result } = load('wavenet');
    const first = result.layers.find((l) => l.name === '/layers.3/filt/Conv')!;
    expect(first.padding).toEqual({ before: 8, after: 0 });
    expect(first.folded).toEqual(['/layers.3/Pad']);
  });

  it('ASPP branches report border validity on the map they run on', () => {
    const { result } = load('deeplab_like');
    const aspp = result.border.filter((b) => b.name.startsWith('/aspp/'));
    expect(aspp.map((b) => b.name)).toEqual([
      '/aspp/convs.1/convs.1.0/Conv',
      '/aspp/convs.2/convs.2.0/Conv',
    ]);
    // closed form: a 3-tap kernel at rate r with padding r on 49 keeps all taps inside for
    // r ≤ p ≤ 48 − r, i.e. 49 − 2r positions per axis
    aspp.forEach((b, i) => {
      const r = i + 2;
      expect(b.inputSize).toEqual([49, 49]);
      expect(b.branch).toBe(true);
      expect(b.allTapsFraction).toBeCloseTo(((49 - 2 * r) / 49) ** 2, 12);
      expect(b.centerOnlyFraction).toBe(0);
    });
  });
});

describe('an imported model is a network graph (src/network/graph.ts) with pass-through pointwise nodes', () => {
  const decoded = (name: string) =>
    decodeOnnx(new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir))));

  it.each(MODELS)(
    '%s: every ONNX activation the output depends on is a pointwise node, placed where its input is',
    (name) => {
      const { model } = load(name);
      const onnx = decoded(name);
      const g = model.graph;
      expect(g.nodes).toBe(model.nodes);
      expect(g.output).toBe(model.outputNode);
      // the ONNX nodes of the activation ops, by name, against the graph's pointwise nodes
      const activations = new Set(['Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Clip', 'Erf']);
      const kept = new Set(g.nodes.map((n) => n.name));
      const wanted = onnx.nodes
        .filter((n) => activations.has(n.opType) && kept.has(n.name))
        .map((n) => `${n.name} ${n.opType}`);
      const mine = g.nodes
        .filter((n) => n.op === 'pointwise' && activations.has(n.fn))
        .map((n) => `${n.name} ${n.op === 'pointwise' ? n.fn : ''}`);
      expect(mine.sort()).toEqual(wanted.sort());
      for (const n of g.nodes) {
        if (n.op !== 'pointwise') continue;
        const a = g.placements[n.inputs[0]];
        const p = g.placements[n.id];
        expect(p.offset, n.name).toEqual(a.offset);
        expect(p.scale, n.name).toEqual(a.scale);
        expect(p.receptiveField, n.name).toEqual(a.receptiveField);
      }
    },
  );

  it('a pointwise node keeps what the op computes: LeakyRelu’s alpha, Clip’s bounds as constants', () => {
    const { model } = load('audio1d');
    const onnx = decoded('audio1d');
    const leaky = model.nodes.find((n) => n.op === 'pointwise' && n.fn === 'LeakyRelu');
    const ref = onnx.nodes.find((n) => n.opType === 'LeakyRelu')!;
    expect(leaky?.op === 'pointwise' && leaky.attributes.alpha).toBe(ref.attributes.alpha);
    const clip = model.nodes.find((n) => n.op === 'pointwise' && n.fn === 'Clip');
    const clipRef = onnx.nodes.find((n) => n.opType === 'Clip')!;
    const consts = clip?.op === 'pointwise' ? clip.constants : [];
    expect(consts.map((c) => c.index)).toEqual(
      clipRef.inputs.map((_, i) => i).filter((i) => i > 0 && clipRef.inputs[i] !== ''),
    );
  });

  it('torch’s exported Gelu, x·½(1 + erf(x/√2)), is one pointwise node reading x and erf’s chain', () => {
    const { model } = load('audio1d');
    const mul = model.nodes.find((n) => n.name === '/Mul')!;
    expect(mul.op).toBe('pointwise');
    expect(mul.inputs).toHaveLength(2);
    expect(model.nodes[mul.inputs[0]].name).toBe('/c1/Conv');
    expect(model.nodes.some((n) => n.op === 'gate')).toBe(false);
  });

  it('WaveNet’s gate (tanh·σ of two convs) is a gate merge, so no linearised composite', () => {
    const { model } = load('wavenet');
    const gates = model.nodes.filter((n) => n.op === 'gate');
    expect(gates.length).toBeGreaterThan(0);
    for (const gate of gates) {
      const fns = gate.inputs.map((i) => {
        const n = model.nodes[i];
        return n.op === 'pointwise' ? n.fn : n.op;
      });
      expect(fns.sort()).toEqual(['Sigmoid', 'Tanh']);
    }
  });
});
