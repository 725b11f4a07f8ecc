/**
 * Reports of ONNX models (`model: m.onnx` entries): the figure data of a report built from
 * the committed fixtures (test/fixtures/models/make.py) against the numbers torch and numpy
 * computed when they were made — the tap offsets from autograd, each layer's power response
 * from numpy FFTs of its weights, the receptive field of each layer from forward hooks, and
 * border validity counted directly from the modules' attributes — and the config errors of
 * bad model files and of figure kinds a model cannot have.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layerLabel } from '../../src/figures/index.ts';
import {
  type BuiltFigure,
  buildReport,
  type ConfigFiles,
  filesIn,
  parseReportConfig,
} from '../../src/report/index.ts';
import { cli } from '../cli/helpers.ts';

const fixtures = new URL('../fixtures/models/', import.meta.url).pathname;
const files = filesIn(fixtures);

interface RefRow {
  onnxNode: string | null;
  op: string;
  kernel: number[];
  dilation: number[];
  stride: number[];
  padding: number[];
  outputSize: number[];
  receptiveField?: number[];
  effectiveDilation?: number[];
  power?: { n: number; power: number[] } | null;
}
interface Ref {
  taps: { receptiveField: number[]; offsets: number[][]; count: number };
  layers: RefRow[];
}
const ref = (name: string): Ref =>
  JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as Ref;

const config = {
  title: 'Models',
  experiments: [
    {
      name: 'tcn',
      networks: [{ model: 'tcn.onnx', label: 'TCN' }],
      figures: ['coverage', 'rf-growth', 'power', 'null-map', 'erf'],
    },
    {
      name: 'deeplab',
      networks: [{ model: 'deeplab_like.onnx', label: 'DeepLab-like' }],
      figures: ['coverage', 'rf-growth', 'power', 'border-validity', 'object-hit'],
    },
  ],
};
const report = buildReport(parseReportConfig(config, 'models.yaml', { files }));
const figure = (name: string): BuiltFigure => {
  const f = report.experiments.flatMap((e) => e.figures).find((g) => g.name === name);
  if (!f) throw new Error(`no figure ${name}`);
  return f;
};
const rowsOf = (f: BuiltFigure, series?: string) =>
  f.figure.table.rows.filter((r) => series === undefined || r[1] === series);

describe('a report of a model draws its figures from the model (against torch and numpy)', () => {
  it('the TCN coverage bars are exactly the offsets autograd found (−60..0)', () => {
    const want = ref('tcn').taps;
    const reached = rowsOf(figure('tcn-coverage'), 'paths')
      .filter((r) => (r[3] as number) > 0)
      .map((r) => r[2] as number);
    expect(reached).toEqual(want.offsets.map((o) => o[0]));
    expect(reached).toHaveLength(want.count);
    expect(rowsOf(figure('tcn-coverage'), 'paths')).toHaveLength(want.receptiveField[0]);
  });

  it('the DeepLab-like 2-D coverage reaches exactly the offsets autograd found (3001 of 55×55)', () => {
    const want = ref('deeplab_like').taps;
    // Rows: network, series, dx, dy, paths.
    const reached = rowsOf(figure('deeplab-coverage'), 'paths')
      .filter((r) => (r[4] as number) > 0)
      .map((r) => `${r[3]},${r[2]}`)
      .sort();
    expect(reached).toEqual(want.offsets.map((o) => `${o[0]},${o[1]}`).sort());
    expect(reached).toHaveLength(3001);
  });

  it.each([
    ['tcn', 'tcn-power'],
    ['deeplab_like', 'deeplab-power'],
  ])('%s: each layer’s power curve has the shape numpy’s FFT of its weights gives', (name, fig) => {
    const rows = rowsOf(figure(fig));
    let checked = 0;
    for (const layer of ref(name).layers) {
      if (layer.op !== 'Conv' || !layer.power || !layer.onnxNode) continue;
      if (layer.kernel[layer.kernel.length - 1] === 1) continue;
      const curve = rows.filter((r) => r[0] === layer.onnxNode);
      expect(curve).toHaveLength(1025); // n = 1024: 1025 points on [0, π]
      const { n, power } = layer.power;
      const dims = layer.kernel.length;
      // numpy's bins along x (P(0, ωx) in 2-D): ω = 2πj/n per sample of the layer's input.
      const half = n / 2;
      const refX = dims === 1 ? power.slice(0, half + 1) : power.slice(0, half + 1);
      // The figure's ω is per input sample: the layer's input is `scale` samples apart.
      // effectiveDilation = dilation × the stride before the layer (torch's hooks).
      const scale = layer.effectiveDilation!.at(-1)! / layer.dilation.at(-1)!;
      for (let j = 0; j <= half; j++) {
        const wLayer = (2 * Math.PI * j) / n;
        const index = Math.round((wLayer / scale / Math.PI) * 1024);
        if (index > 1024 || Math.abs((index * Math.PI) / 1024 - wLayer / scale) > 1e-12) continue;
        const got = (curve[index][2] as number) - (curve[0][2] as number);
        const want = 10 * Math.log10(refX[j] / refX[0]);
        if ((curve[index][2] as number) <= -79.9) continue; // the −80 dB floor
        expect(Math.abs(got - want)).toBeLessThan(1e-6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('the growth figure follows the receptive fields forward hooks measured, ending at the taps’ span', () => {
    for (const [name, fig] of [
      ['tcn', 'tcn-rf-growth'],
      ['deeplab_like', 'deeplab-rf-growth'],
    ] as const) {
      const r = ref(name);
      const own = new Set(
        r.layers.filter((l) => l.receptiveField).map((l) => l.receptiveField!.at(-1)!),
      );
      const values = rowsOf(figure(fig)).filter((row) => row[0] === 'A');
      expect(values.length).toBeGreaterThan(3);
      for (const v of values) expect(own.has(v[3] as number)).toBe(true);
      expect(values.at(-1)![3]).toBe(r.taps.receptiveField.at(-1));
    }
  });

  it('border validity of each dilated layer agrees with a direct count from the module attributes', () => {
    const rows = rowsOf(figure('deeplab-border-validity'));
    const dilated = ref('deeplab_like').layers.filter(
      (l) => l.op === 'Conv' && l.dilation.some((d) => d > 1),
    );
    expect(rows.map((r) => r[0])).toEqual(dilated.map((l) => l.onnxNode));
    dilated.forEach((l, i) => {
      // Stride 1 and "same" padding here: the map it reads is its output size.
      expect(l.stride).toEqual([1, 1]);
      const L = l.outputSize;
      const inside = (a: number, p: number) => {
        let c = 0;
        for (let t = 0; t < l.kernel[a]; t++) {
          const x = p - l.padding[a] + t * l.dilation[a];
          if (x >= 0 && x < L[a]) c++;
        }
        return c;
      };
      let all = 0;
      for (let y = 0; y < L[0]; y++)
        for (let x = 0; x < L[1]; x++)
          if (inside(0, y) * inside(1, x) === l.kernel[0] * l.kernel[1]) all++;
      expect(rows[i][1]).toBe(L.join('x'));
      expect(rows[i][3]).toBeCloseTo(all / (L[0] * L[1]), 12);
    });
  });

  it('the TCN’s exact ERF is positive exactly at the offsets autograd found, on the window −60..0', () => {
    // The fixture's Jacobian keeps only 2 of the 6 output channels, so the values of the
    // ERF (all channels) are not in it; its support is: the taps of the all-ones copy.
    const want = ref('tcn').taps.offsets.map((o) => o[0]);
    // Rows: network, series, offset, value (1-D).
    const rows = rowsOf(figure('tcn-erf'));
    expect(rows.map((r) => r[2])).toEqual(Array.from({ length: 61 }, (_, u) => u - 60));
    expect(rows.filter((r) => (r[3] as number) > 0).map((r) => r[2])).toEqual(want);
    expect(Math.max(...rows.map((r) => r[3] as number))).toBe(1);
  });

  it('the tables are the model analysis: one row per conv or pool layer, the summary per model', () => {
    const e = report.experiments[1];
    const table = e.layerTables[0];
    const convs = ref('deeplab_like').layers.filter((l) => l.op === 'Conv');
    expect(table.rows.map((r) => r.label)).toEqual(convs.map((l) => l.onnxNode));
    const rf = e.summary.rows.find((r) => r.key === 'receptiveField')!;
    expect(rf.values).toEqual([[55, 55]]);
    expect(e.summary.rows.find((r) => r.key === 'coverage.holes')!.values).toEqual([24]);
  });
});

describe('layer names in the figures are the PyTorch module paths of the ONNX node names', () => {
  it.each([
    ['/backbone/layer3/layer3.1/conv2/Conv', 'backbone.layer3.1.conv2'],
    ['/classifier/classifier.0/convs.1/convs.1.0/Conv', 'classifier.0.convs.1.0'],
    ['/blocks/blocks.0/net/net.0/Conv', 'blocks.0.net.0'],
    ['/stem/stem.0/Conv', 'stem.0'],
    ['conv_7', 'conv_7'],
    ['#3 Conv', '#3 Conv'],
  ])('%s → %s', (name, label) => {
    expect(layerLabel(name)).toBe(label);
  });
});

const tmp = mkdtempSync(join(tmpdir(), 'dl-report-model-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Config files of a test: the named fixtures, or bytes given here. */
function filesWith(extra: Record<string, Uint8Array>): ConfigFiles {
  return {
    readText: (f) => files.readText(f),
    readBytes: (f) => extra[f] ?? files.readBytes!(f),
  };
}
const entry = (e: Record<string, unknown>, figures: unknown[] = ['coverage']) => ({
  title: 'T',
  experiments: [{ name: 'e', networks: [e], figures }],
});
const tcnBytes = new Uint8Array(readFileSync(join(fixtures, 'tcn.onnx')));

describe('bad models and kinds a model cannot have are config errors naming the key and the file', () => {
  it.each([
    [
      'a missing file',
      entry({ model: 'nope.onnx' }),
      /^experiments\[0\]\.networks\[0\]\.model cannot read "nope\.onnx": no such file$/,
    ],
    [
      'a truncated file',
      entry({ model: 'cut.onnx' }),
      /^experiments\[0\]\.networks\[0\]\.model is truncated or not an ONNX file .*\(in cut\.onnx\)$/,
    ],
    [
      'a file that is not ONNX',
      entry({ model: 'text.onnx' }),
      /^experiments\[0\]\.networks\[0\]\.model is (truncated or )?not an ONNX (file|model).*\(in text\.onnx\)$/,
    ],
    [
      'a model with an unsupported op',
      entry({ model: 'unsupported_op.onnx' }),
      /^experiments\[0\]\.networks\[0\]\.model node "the_norm" \(#1, LpNormalization\): this op is not supported; analyse an earlier tensor with experiments\[0\]\.networks\[0\]\.output: NAME \(e\.g\. output: "a"\) \(in unsupported_op\.onnx\)$/,
    ],
    [
      'an output tensor the model does not have',
      entry({ model: 'tcn.onnx', output: 'nothing' }),
      /^experiments\[0\]\.networks\[0\]\.model .*nothing.*\(in tcn\.onnx\)$/,
    ],
    [
      'a bad input size',
      entry({ model: 'tcn.onnx', inputSize: [0] }),
      /^experiments\[0\]\.networks\[0\]\.inputSize /,
    ],
    [
      'an unknown key',
      entry({ model: 'tcn.onnx', padding: 'same' }),
      /^experiments\[0\]\.networks\[0\]\.padding is not a known field \(expected one of model, output, inputSize, label\)$/,
    ],
    [
      'a kind that needs one transfer function H',
      entry({ model: 'tcn.onnx' }, ['magnitude']),
      /^experiments\[0\]\.figures\[0\] "magnitude" cannot draw an ONNX model \(experiments\[0\]\.networks\[0\]\.model\): .*use power/,
    ],
    [
      'the z-plane',
      entry({ model: 'tcn.onnx' }, ['coverage', 'zplane']),
      /^experiments\[0\]\.figures\[1\] "zplane" cannot draw an ONNX model/,
    ],
    [
      'branch coverage',
      entry({ model: 'deeplab_like.onnx' }, ['branch-coverage']),
      /^experiments\[0\]\.figures\[0\] "branch-coverage" cannot draw an ONNX model.*parallel network spec/,
    ],
    [
      'the exact ERF of a gated model',
      entry({ model: 'wavenet.onnx' }, ['erf']),
      /^experiments\[0\]\.figures\[0\] "erf" cannot be drawn for "wavenet\.onnx" \(experiments\[0\]\.networks\[0\]\.model\): .*gate.*dilation-lab erf --model/,
    ],
    [
      'the exact ERF with image pooling',
      entry({ model: 'deeplab_like.onnx' }, ['erf-radial']),
      /"erf-radial" cannot be drawn for .*global branch/,
    ],
    [
      'power for a spec network',
      entry({ kernel: 'box:3', rates: [1, 2] }, ['power']),
      /^experiments\[0\]\.figures\[0\] "power" needs an ONNX model \(model: m\.onnx\) in the experiment/,
    ],
    [
      'a model beside a spec network',
      {
        title: 'T',
        experiments: [
          {
            name: 'e',
            networks: [{ kernel: 'box:3', rates: [1, 2] }, { model: 'tcn.onnx' }],
            figures: ['coverage'],
          },
        ],
      },
      /^experiments\[0\]\.networks\[1\]\.model is an ONNX model but experiments\[0\]\.networks\[0\] is a network spec/,
    ],
  ])('%s', (_what, cfg, message) => {
    const f = filesWith({
      'cut.onnx': tcnBytes.subarray(0, 3000),
      'text.onnx': new TextEncoder().encode('title: not a model\n'),
    });
    expect(() => parseReportConfig(cfg, 'c.yaml', { files: f })).toThrow(message);
  });

  it('dilation-lab report exits 2 on a missing model and writes nothing', async () => {
    const cfg = join(tmp, 'bad.yaml');
    writeFileSync(
      cfg,
      'title: T\nexperiments:\n  - {name: e, networks: [{model: gone.onnx}], figures: [coverage]}\n',
    );
    const out = join(tmp, 'out');
    const run = await cli(['report', cfg, '--out', out, '--formats', 'none']);
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      'bad.yaml: experiments[0].networks[0].model cannot read "gone.onnx": no such file',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('dilation-lab report reads a model relative to the config file', async () => {
    const cfg = join(tmp, 'good.yaml');
    writeFileSync(
      cfg,
      `title: T\nexperiments:\n  - {name: e, networks: [{model: ${relative(tmp, join(fixtures, 'tcn.onnx'))}}], figures: [coverage, power]}\n`,
    );
    const out = join(tmp, 'good');
    const run = await cli(['report', cfg, '--out', out, '--formats', 'none', '--quiet']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const csv = readFileSync(join(out, 'data', 'e-coverage.csv'), 'utf8');
    expect(csv).toContain('A,paths,-60,');
  });
});
