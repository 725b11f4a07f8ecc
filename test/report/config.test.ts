import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTIONS,
  figureKindNames,
  parseReportConfig,
  slugify,
} from '../../src/report/index.ts';

const minimal = (extra: Record<string, unknown> = {}) => ({
  title: 'T',
  experiments: [
    {
      name: 'e',
      networks: [{ kernel: 'box:3', rates: [2, 2, 2] }],
      figures: ['coverage'],
      ...extra,
    },
  ],
});

describe('parseReportConfig', () => {
  it('fills the defaults and names one figure file per experiment-wide kind', () => {
    const c = parseReportConfig(minimal());
    expect(c.title).toBe('T');
    const e = c.experiments[0];
    expect(e.options).toEqual({ ...DEFAULT_OPTIONS });
    expect(e.networks[0].label).toBe('box:3 rates 2,2,2');
    expect(e.networks[0].slug).toBe('box-3-rates-2-2-2');
    expect(e.figures.map((f) => f.name)).toEqual(['e-coverage']);
  });

  it('accepts presets, the short form and full specs, in YAML text', () => {
    const c = parseReportConfig(`
title: Mixed
experiments:
  - name: mix
    networks:
      - hdc
      - { preset: context-module, label: "Yu & Koltun" }
      - { label: spec, network: { type: stack, layers: [ { kernel: box:3x3, dilation: 2 } ] } }
    figures: [coverage, { kind: response-2d, name: heat, caption: "The 2-D response" }]
`);
    const e = c.experiments[0];
    expect(e.networks.map((n) => n.label)).toEqual(['hdc', 'Yu & Koltun', 'spec']);
    expect(e.networks.every((n) => n.network?.dims === 2)).toBe(true);
    expect(e.figures.map((f) => f.name)).toEqual(['mix-coverage', 'heat']);
    expect(e.figures[1].caption).toBe('The 2-D response');
  });

  it('makes one periodicity figure per network, at its largest rate unless a rate is given', () => {
    const c = parseReportConfig({
      title: 'P',
      experiments: [
        {
          name: 'p',
          networks: [
            { label: 'a', kernel: 'box:3', rates: [1, 2, 5] },
            { label: 'b', kernel: 'box:3', rates: [2, 2, 2] },
          ],
          figures: ['periodicity', { kind: 'periodicity', name: 'p3', options: { rate: 3 } }],
        },
      ],
    });
    const f = c.experiments[0].figures;
    expect(f.map((x) => [x.name, x.options.rate])).toEqual([
      ['p-periodicity-a', 5],
      ['p-periodicity-b', 2],
      ['p3-a', 3],
      ['p3-b', 3],
    ]);
  });

  it('merges options from the top level, the experiment and the figure', () => {
    const c = parseReportConfig({
      title: 'O',
      options: { n: 256, units: 'cycles/sample' },
      experiments: [
        {
          name: 'o',
          options: { mapSize: 33, object: [3, 2] },
          networks: ['hdc'],
          figures: [{ kind: 'coverage', options: { width: 700, scale: 3 } }],
        },
      ],
    });
    const o = c.experiments[0].figures[0].options;
    expect(o).toMatchObject({
      n: 256,
      units: 'cycles',
      mapSize: 33,
      object: [3, 2],
      width: 700,
      scale: 3,
    });
  });

  it('treats a sample rate without units as Hz, and asks for one with Hz', () => {
    const c = parseReportConfig(minimal({ options: { fs: 16000 } }));
    expect(c.experiments[0].options).toMatchObject({ units: 'hz', fs: 16000 });
    expect(() => parseReportConfig(minimal({ options: { units: 'Hz' } }))).toThrow(
      'experiments[0].options.fs is required when units is "hz"',
    );
  });

  it('names the bad figure kind with its path and the kinds that exist', () => {
    const bad = minimal({ figures: ['coverage', 'x'] });
    expect(() => parseReportConfig(bad)).toThrow(
      `experiments[0].figures[1] must be one of ${figureKindNames.join(', ')}, got "x"`,
    );
    const badObject = minimal({ figures: [{ kind: 'nope' }] });
    expect(() => parseReportConfig(badObject)).toThrow(
      /^experiments\[0\]\.figures\[0\]\.kind must be one of/,
    );
  });

  it('names the bad field inside a network with the config path in front', () => {
    const bad = minimal({ networks: [{ kernel: 'box:3', rates: [1, 0] }] });
    expect(() => parseReportConfig(bad)).toThrow(
      'experiments[0].networks[0].rates[1] must be a positive integer no larger than 4096, got 0',
    );
    const spec = minimal({
      networks: [{ network: { layers: [{ kernel: 'box:3', dilation: -1 }] } }],
    });
    expect(() => parseReportConfig(spec)).toThrow(
      /^experiments\[0\]\.networks\[0\]\.network\.layers\[0\]\.dilation/,
    );
    expect(() => parseReportConfig(minimal({ networks: ['nope'] }))).toThrow(
      /^experiments\[0\]\.networks\[0\] must be a preset name/,
    );
  });

  it('rejects unknown keys, bad options and bad names by path', () => {
    expect(() => parseReportConfig({ ...minimal(), colour: 1 })).toThrow(
      /^colour is not a known field/,
    );
    expect(() => parseReportConfig(minimal({ options: { n: 1000 } }))).toThrow(
      'experiments[0].options.n must be a power of two, got 1000',
    );
    expect(() => parseReportConfig(minimal({ options: { units: 'parsec' } }))).toThrow(
      /^experiments\[0\]\.options\.units must be one of rad, cycles, hz/,
    );
    expect(() => parseReportConfig(minimal({ options: { thresholdDb: 3 } }))).toThrow(
      /^experiments\[0\]\.options\.thresholdDb/,
    );
    expect(() => parseReportConfig(minimal({ name: 'Bad Name' }))).toThrow(
      /^experiments\[0\]\.name must be lowercase letters/,
    );
    expect(() => parseReportConfig({ title: 'x', experiments: [] })).toThrow(
      'experiments must be a non-empty list, got []',
    );
  });

  it('refuses two experiments or figures with the same file name', () => {
    const e = minimal().experiments[0];
    expect(() => parseReportConfig({ title: 't', experiments: [e, e] })).toThrow(
      'experiments[1].name must be unique, got "e" twice',
    );
    expect(() => parseReportConfig(minimal({ figures: ['coverage', 'coverage'] }))).toThrow(
      /^experiments\[0\]\.figures\[1\] gives the figure name "e-coverage" a second time/,
    );
  });

  it('refuses figures the networks cannot draw, and mixed dimensions', () => {
    expect(() => parseReportConfig(minimal({ figures: ['response-2d'] }))).toThrow(
      /^experiments\[0\]\.figures\[0\] "response-2d" needs a 2-D network/,
    );
    expect(() => parseReportConfig(minimal({ figures: ['branch-coverage'] }))).toThrow(
      /needs a parallel network/,
    );
    expect(() =>
      parseReportConfig(minimal({ networks: ['hdc', { kernel: 'box:3', rates: [1] }] })),
    ).toThrow(/^experiments\[0\]\.networks\[1\] is 1-D but experiments\[0\]\.networks\[0\] is 2-D/);
  });

  it('gives the line of a YAML syntax error and the source name', () => {
    expect(() => parseReportConfig('title: x\nexperiments:\n  - name: [a\n', 'my.yaml')).toThrow(
      /^my\.yaml is not valid JSON or YAML at line \d+/,
    );
  });

  it('turns labels into file-name slugs', () => {
    expect(slugify('box:3 2,2,2')).toBe('box-3-2-2-2');
    expect(slugify('Yu & Koltun (2016)')).toBe('yu-koltun-2016');
    expect(slugify('***')).toBe('network');
  });
});

describe('a config that names a network file', () => {
  const files = (texts: Record<string, string>) => ({
    readText(file: string): string {
      const t = texts[file];
      if (t === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return t;
    },
  });
  const withNet = (entry: Record<string, unknown>) => minimal({ networks: [entry] });

  it('reads the spec from the file, labels it by its path, and applies the padding', () => {
    const c = parseReportConfig(withNet({ network: 'nets/a.yaml', padding: 'causal' }), 'c.yaml', {
      files: files({ 'nets/a.yaml': 'layers:\n  - {kernel: box:3, dilation: 2}\n' }),
    });
    const n = c.experiments[0].networks[0];
    expect(n.label).toBe('nets/a.yaml');
    const net = n.network!;
    expect(net.dims).toBe(1);
    const layer = net.root.type === 'stack' ? net.root.layers[0] : net.root;
    expect(layer.type === 'layer' && layer.dilation).toEqual([2]);
    expect(layer.type === 'layer' && layer.padding).toBe('causal');
  });

  it.each([
    [
      'a missing file',
      { network: 'nets/none.yaml' },
      {},
      'experiments[0].networks[0].network cannot read "nets/none.yaml": no such file',
    ],
    [
      'a bad field in the file',
      { network: 'nets/bad.json' },
      { 'nets/bad.json': '{"kernel": "box:3", "dilation": 0}' },
      /^experiments\[0\]\.networks\[0\]\.network\.dilation must be .* got 0 \(in nets\/bad\.json\)$/,
    ],
    [
      'a syntax error in the file',
      { network: 'nets/bad.yaml' },
      { 'nets/bad.yaml': 'layers: [\n' },
      /^experiments\[0\]\.networks\[0\]\.network is not valid JSON or YAML at line \d+.*\(in nets\/bad\.yaml\)$/,
    ],
    [
      'a bad padding beside the file',
      { network: 'nets/a.yaml', padding: 'full' },
      { 'nets/a.yaml': '{"kernel": "box:3"}' },
      /^experiments\[0\]\.networks\[0\]\.padding must be/,
    ],
  ])('names the key and the path for %s', (_name, entry, texts, message) => {
    expect(() => parseReportConfig(withNet(entry), 'c.yaml', { files: files(texts) })).toThrow(
      message,
    );
  });

  it('says so when the config came as text with no folder to read from', () => {
    expect(() => parseReportConfig(withNet({ network: 'nets/a.yaml' }))).toThrow(
      /network names the file "nets\/a\.yaml", but this config was given as text/,
    );
  });

  it('says so for a model too, naming the key', () => {
    expect(() => parseReportConfig(withNet({ model: 'm.onnx' }))).toThrow(
      /^experiments\[0\]\.networks\[0\]\.model names the model "m\.onnx", but this config was given as text/,
    );
  });

  it('still takes spec text in network', () => {
    const c = parseReportConfig(withNet({ network: '{"kernel": "box:3", "dilation": 3}' }));
    expect(c.experiments[0].networks[0].network?.dims).toBe(1);
  });
});
