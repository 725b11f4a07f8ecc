import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, expectBadInput } from './helpers.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/models');
const fixture = (name: string) => path.join(fixtures, name);
const tmp = mkdtempSync(path.join(tmpdir(), 'dilation-lab-model-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The per-layer keys docs/cli.md promises (a contract). */
const LAYER_KEYS = [
  'name',
  'op',
  'kernel',
  'dilation',
  'stride',
  'padding',
  'groups',
  'channelsIn',
  'channelsOut',
  'parameters',
  'macs',
  'scale',
  'effectiveDilation',
  'receptiveField',
];

describe('analyze --model', () => {
  it('prints the layer table, the taps and the border validity of the ASPP branches', async () => {
    const run = await cli(['analyze', '--model', fixture('deeplab_like.onnx')]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('receptive field  55×55 input samples');
    expect(run.out).toContain('gridding-free    no: 24 holes of 3025 offsets');
    expect(run.out).toMatch(/\/aspp\/convs\.2\/convs\.2\.0\/Conv\s+49×49\s+yes\s+77\.0%/);
    expect(run.out).toContain('global branch    yes');
  });

  it('--json has the contract keys per layer and for the output', async () => {
    const run = await cli(['analyze', '--model', fixture('tcn.onnx'), '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    for (const key of [
      'receptiveField',
      'outputStride',
      'taps',
      'coverage',
      'griddingFree',
      'deafBands',
      'border',
      'layers',
      'power',
      'composite',
      'model',
    ]) {
      expect(r, key).toHaveProperty(key);
    }
    expect(r.deafBands).toHaveProperty('byLayer');
    expect(r.deafBands).toHaveProperty('shared');
    for (const l of r.layers) for (const key of LAYER_KEYS) expect(l, key).toHaveProperty(key);
    expect(r.receptiveField).toBe(61);
    expect(r.griddingFree).toBe(true);
  });

  it('--input-size changes sizes, MACs and border validity (a 2-D model given S means S×S)', async () => {
    const run = await cli([
      'analyze',
      '--model',
      fixture('bottleneck.onnx'),
      '--input-size',
      '48',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.model.inputSize).toEqual([48, 48]);
    const conv2 = r.layers.find((l: { name: string }) => l.name === '/block/conv2/Conv');
    // width = ⌊8·32/64⌋·4 = 16 channels, group 4: 24×24 outputs (stride 2), 16 out, 4 in per group, 3×3
    expect(conv2.outputSize).toEqual([24, 24]);
    expect(conv2.groups).toBe(4);
    expect(conv2.macs).toBe(24 * 24 * 16 * 4 * 9);
  });

  it('--output picks an earlier tensor', async () => {
    const run = await cli([
      'analyze',
      '--model',
      fixture('tcn.onnx'),
      '--output',
      '/blocks/blocks.1/Relu_output_0',
      '--json',
    ]);
    expect(run.err).toBe('');
    const r = JSON.parse(run.out);
    // blocks 0 and 1: 1 + 2·2·(1 + 2) = 13
    expect(r.receptiveField).toBe(13);
    expect(r.model.output).toBe('/blocks/blocks.1/Relu_output_0');
  });

  it('response --model prints per-layer power in dB and the composite', async () => {
    const run = await cli(['response', '--model', fixture('audio1d.onnx')]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Power response P(ω) = ‖K(ω)‖²_F / C_in');
    expect(run.out).toContain('linearised composite');
    const json = JSON.parse(
      (await cli(['response', '--model', fixture('audio1d.onnx'), '--json'])).out,
    );
    expect(json.power.length).toBeGreaterThan(0);
    expect(json.power[0].w).toHaveLength(129);
  });
});

describe('analyze --model: bad input is one line naming the file and what is wrong, exit 2', () => {
  const good = readFileSync(fixture('tcn.onnx'));
  const truncated = path.join(tmp, 'truncated.onnx');
  writeFileSync(truncated, good.subarray(0, 3000));
  const notOnnx = path.join(tmp, 'notes.onnx');
  writeFileSync(notOnnx, 'this is a text file, not a model\n');
  const huge = path.join(tmp, 'huge.onnx');
  writeFileSync(huge, '');
  truncateSync(huge, 512 * 1024 * 1024 + 1); // sparse: takes no disk
  const lonely = path.join(tmp, 'lonely.onnx');
  copyFileSync(fixture('missing_external.onnx'), lonely);

  it.each([
    ['truncated', truncated, ['truncated.onnx: model is truncated or not an ONNX file']],
    ['not ONNX', notOnnx, ['notes.onnx: model is', 'not an ONNX']],
    [
      'unsupported op',
      fixture('unsupported_op.onnx'),
      ['unsupported_op.onnx', '"the_norm" (#1, LpNormalization)', '--output NAME', '"a"'],
    ],
    [
      'missing external data',
      lonely,
      ['lonely.onnx', 'external file "missing_external.weights", which is missing'],
    ],
    ['3-D conv', fixture('conv3d.onnx'), ['conv3d.onnx', 'is a 3-D convolution']],
    ['over the size limit', huge, ['huge.onnx: model is 536870913 bytes, over the limit']],
    ['no such file', path.join(tmp, 'nothing.onnx'), ['--model cannot read', 'no such file']],
  ])('%s', async (_what, file, fragments) => {
    expectBadInput(await cli(['analyze', '--model', file]), ...fragments);
  });

  it.each([
    [['--kernel', 'box:3', '--rates', '1,2'], '--kernel does not go with --model'],
    [['--map-size', '64'], '--map-size does not go with --model'],
  ])('%j with --model is a usage error', async (extra, message) => {
    expectBadInput(await cli(['analyze', '--model', fixture('tcn.onnx'), ...extra]), message);
  });

  it('--output without --model is a usage error', async () => {
    expectBadInput(
      await cli(['analyze', '--preset', 'hdc', '--output', 'x']),
      '--output applies only with --model',
    );
  });

  it('--output naming no tensor lists some that exist', async () => {
    expectBadInput(
      await cli(['analyze', '--model', fixture('tcn.onnx'), '--output', 'nope']),
      'has no spatial tensor named "nope"',
    );
  });
});
