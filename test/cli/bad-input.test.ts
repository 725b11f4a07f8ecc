import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextBuffer } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { LIMITS, presetNames } from '../../src/network/index.ts';
import { cli, expectBadInput, tempDir } from './helpers.ts';

describe('dilation-lab rejects bad input with one line and exit code 2', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir({
      'bad.json':
        '{\n  "type": "stack",\n  "layers": [\n    { "kernel": "box:3", "dilation": 1 },\n    { "kernel": "box:3" "dilation": 2 }\n  ]\n}\n',
      'bad.yaml':
        'type: stack\nlayers:\n  - kernel: box:3\n    dilation: 1\n  - kernel: [1, 2\n    dilation: 2\n',
      'zero-rate.yaml': 'type: stack\nlayers:\n  - kernel: box:3\n    dilation: 0\n',
      'nan.yaml': 'layers:\n  - kernel: [1, .nan, 1]\n    dilation: 1\n',
      'inf.yaml': 'layers:\n  - kernel: [1, .inf, 1]\n    dilation: 1\n',
      'typo.json': '{"layers": [{"kernel": "box:3", "dilaton": 2}]}',
    }));
  });
  afterAll(() => cleanup());

  it('names a rate that is 0', async () => {
    expectBadInput(
      await cli(['analyze', '--kernel', 'box:3', '--rates', '1,0']),
      'rates[1]',
      'got 0',
    );
  });

  it('names a negative rate', async () => {
    expectBadInput(await cli(['analyze', '--rates', '1,-2']), 'rates[1]', '-2');
  });

  it('names a fractional rate', async () => {
    expectBadInput(await cli(['analyze', '--rates', '1.5,2']), 'rates[0]', '1.5');
  });

  it('names a rate that is not a number', async () => {
    expectBadInput(await cli(['analyze', '--rates', '1,two']), 'rates[1]', 'two');
  });

  it('names a rate above the limit', async () => {
    const big = String(LIMITS.maxRate + 1);
    expectBadInput(await cli(['analyze', '--rates', big]), 'rates[0]', big);
  });

  it('rejects an empty rate list', async () => {
    expectBadInput(
      await cli(['analyze', '--kernel', 'box:3', '--rates', '']),
      'rates',
      'at least one rate',
    );
  });

  it('names a NaN weight on the command line and in a YAML file', async () => {
    expectBadInput(
      await cli(['analyze', '--kernel', 'weights:1,NaN,1', '--rates', '1']),
      'kernel',
      'NaN',
    );
    expectBadInput(
      await cli(['analyze', '--network', 'nan.yaml'], { cwd: dir }),
      'layers[0].kernel[1]',
      'NaN',
    );
  });

  it('names an infinite weight on the command line and in a YAML file', async () => {
    expectBadInput(
      await cli(['analyze', '--kernel', 'weights:1,Infinity', '--rates', '1']),
      'kernel',
      'Infinity',
    );
    expectBadInput(
      await cli(['analyze', '--network', 'inf.yaml'], { cwd: dir }),
      'layers[0].kernel[1]',
      'Infinity',
    );
  });

  it('rejects all-zero weights', async () => {
    expectBadInput(
      await cli(['analyze', '--kernel', 'weights:0,0,0', '--rates', '1,2']),
      'kernel',
      'all zero',
    );
    expectBadInput(
      await cli(['analyze', '--kernel', '[0, 0]', '--rates', '1']),
      'kernel',
      'all zero',
    );
  });

  it('rejects an --n that is not a power of two', async () => {
    expectBadInput(
      await cli(['response', '--rates', '1,2', '--n', '1000']),
      '--n',
      '1000',
      'power of two',
    );
    expectBadInput(await cli(['response', '--rates', '1,2', '--n', 'many']), '--n', 'many');
  });

  it('rejects an --n above LIMITS.maxN', async () => {
    const n = String(LIMITS.maxN * 2);
    expectBadInput(
      await cli(['response', '--rates', '1,2', '--n', n]),
      '--n',
      n,
      String(LIMITS.maxN),
    );
  });

  it('names the file and the line of a malformed JSON network file', async () => {
    expectBadInput(
      await cli(['analyze', '--network', 'bad.json'], { cwd: dir }),
      'bad.json',
      'line 5',
    );
  });

  it('names the file and the line of a malformed YAML network file', async () => {
    const run = await cli(['analyze', '--network', 'bad.yaml'], { cwd: dir });
    expectBadInput(run, 'bad.yaml', 'line');
    expect(run.err).toMatch(/line [56]/);
  });

  it('names the file and the field of a spec with a bad value or an unknown key', async () => {
    expectBadInput(
      await cli(['analyze', '--network', 'zero-rate.yaml'], { cwd: dir }),
      'zero-rate.yaml',
      'layers[0].dilation',
      'got 0',
    );
    expectBadInput(
      await cli(['analyze', '--network', 'typo.json'], { cwd: dir }),
      'layers[0].dilaton',
    );
  });

  it('says when the network file cannot be read', async () => {
    expectBadInput(
      await cli(['analyze', '--network', 'missing.yaml'], { cwd: dir }),
      '--network',
      'missing.yaml',
      'no such file',
    );
  });

  it('lists the preset names for an unknown preset', async () => {
    expectBadInput(
      await cli(['analyze', '--preset', 'deeplab-v9']),
      'preset',
      'deeplab-v9',
      ...presetNames,
    );
  });

  it('rejects an unknown option with a suggestion', async () => {
    expectBadInput(
      await cli(['analyze', '--rates', '1,2', '--jsno']),
      "unknown option '--jsno'",
      '--json',
    );
  });

  it('rejects an unknown command', async () => {
    expectBadInput(
      await cli(['analyse', '--rates', '1,2']),
      "unknown command 'analyse'",
      'analyze',
    );
  });

  it('rejects extra arguments and a missing option value', async () => {
    expectBadInput(await cli(['analyze', '--rates', '1,2', 'extra']), 'too many arguments');
    expectBadInput(await cli(['analyze', '--rates']), "'--rates <list>' argument missing");
  });

  it('asks for a network when none is given, and for one when several are', async () => {
    expectBadInput(await cli(['analyze']), 'no network given', '--preset');
    expectBadInput(
      await cli(['analyze', '--preset', 'hdc', '--rates', '1,2']),
      'exactly one network source',
      '--kernel/--rates and --preset',
    );
    expectBadInput(
      await cli(['analyze', '--preset', 'hdc', '--network', 'x.json']),
      '--network and --preset',
    );
  });

  it('rejects options that do not fit the network source', async () => {
    expectBadInput(
      await cli(['analyze', '--preset', 'hdc', '--mode', 'parallel']),
      '--mode applies only',
    );
    expectBadInput(
      await cli(['analyze', '--rates', '1,2', '--merge', 'concat']),
      '--merge applies only with --mode parallel',
    );
    expectBadInput(
      await cli(['analyze', '--rates', '1,2', '--mode', 'diagonal']),
      'mode',
      'diagonal',
    );
    expectBadInput(
      await cli([
        'analyze',
        '--kernel',
        'box:3',
        '--rates',
        '1,2',
        '--mode',
        'parallel',
        '--merge',
        'max',
      ]),
      'merge',
      'max',
    );
  });

  it('names bad analysis options and their values', async () => {
    expectBadInput(
      await cli(['analyze', '--rates', '1,2', '--map-size', '0']),
      '--map-size',
      'got 0',
    );
    expectBadInput(
      await cli(['analyze', '--rates', '1,2', '--object', '5by3']),
      '--object',
      '5by3',
    );
    expectBadInput(
      await cli(['analyze', '--rates', '1,2', '--threshold-db', '20']),
      '--threshold-db',
      '20',
    );
    expectBadInput(
      await cli(['analyze', '--rates', '1,2', '--threshold-db', 'loud']),
      '--threshold-db',
      'loud',
    );
    expectBadInput(
      await cli(['analyze', '--kernel', 'box:3', '--rates', '1,2', '--channels', '0']),
      '--channels',
      'got 0',
    );
  });

  it('names a bad kernel spec', async () => {
    expectBadInput(
      await cli(['analyze', '--kernel', 'triangle:3', '--rates', '1']),
      'kernel',
      'triangle:3',
    );
    expectBadInput(await cli(['analyze', '--kernel', '[1, 2', '--rates', '1']), 'kernel', '[1, 2');
  });

  it('rejects a network too large for exact analysis with the limit', async () => {
    const rates = Array(LIMITS.maxLayers + 1)
      .fill(1)
      .join(',');
    expectBadInput(await cli(['analyze', '--rates', rates]), String(LIMITS.maxLayers));
  });
});

describe('dilation-lab with no command', () => {
  it('prints the usage on stderr and exits with 2', async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain('Usage: dilation-lab');
  });
});

describe('dilation-lab on an unexpected failure', () => {
  it('exits with 1 and one line, without a stack trace', async () => {
    const stderr = new TextBuffer();
    const stdout = {
      write(): boolean {
        throw new Error('disk full');
      },
    };
    const code = await main(['presets'], { stdout, stderr, env: {} });
    expect(code).toBe(1);
    expect(stderr.text).toBe(
      'dilation-lab: unexpected error: disk full (set DILATION_LAB_DEBUG=1 for details)\n',
    );
  });
});
