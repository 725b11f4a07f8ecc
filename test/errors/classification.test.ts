/**
 * Whose error is it? Bad input is the user's: exit code 2 with one line on stderr naming
 * the CLI's option (`--rates[1]`), a 4xx JSON naming the query key (`rates[1]`), exit code 2
 * naming the report config key (`experiments[0].networks[0].rates[1]`). An internal bug (here
 * a stubbed `analyze` that throws a plain Error or RangeError) is exit code 1 / a 500 with no
 * field. The rule is structural (`isUserError`), never a match on the message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { TextBuffer } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { closeApp, createApp } from '../../src/server/index.ts';
import { FieldError, isUserError } from '../../src/util/validate.ts';

/** What the stubbed `analyze` throws (null: the real one runs). */
const bug = vi.hoisted(() => ({ error: null as Error | null }));

vi.mock('../../src/analysis/analyze.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/analysis/analyze.ts')>();
  return {
    ...real,
    analyze: (...args: Parameters<typeof real.analyze>) => {
      if (bug.error) throw bug.error;
      return real.analyze(...args);
    },
  };
});

afterEach(() => {
  bug.error = null;
});

const dir = mkdtempSync(path.join(tmpdir(), 'dilation-lab-errors-'));
// Inline jobs only: the stub lives in this thread, not in worker threads.
const app = createApp({ workers: 0, log: () => undefined });
afterAll(() => {
  closeApp(app);
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], config?: string) {
  const stdout = new TextBuffer();
  const stderr = new TextBuffer();
  const code = await main(args, {
    stdout,
    stderr,
    env: {},
    cwd: dir,
    ...(config === undefined ? {} : { readFile: () => config }),
  });
  return { code, out: stdout.text, err: stderr.text };
}

/** A report config with one experiment of one network entry and the coverage figure. */
function config(network: string, options = ''): string {
  return [
    'title: T',
    'experiments:',
    '  - name: e',
    `    networks: [${network}]`,
    '    figures: [coverage]',
    ...(options ? [`    options: ${options}`] : []),
    '',
  ].join('\n');
}

const report = (text: string) =>
  cli(['report', 'c.yaml', '--out', path.join(dir, 'out'), '--formats', 'none', '--quiet'], text);

describe('bad input on the command line is the user’s: exit 2, naming the option', () => {
  it.each<[string, string[], string]>([
    ['a zero rate', ['analyze', '--rates', '1,0'], '--rates[1] '],
    ['a rate that is not a number', ['analyze', '--rates', '1,x'], '--rates[1] '],
    ['a 2-D rate for a 1-D kernel', ['analyze', '--rates', '1x2'], '--rates[0] '],
    ['a kernel of size 0', ['analyze', '--kernel', 'box:0', '--rates', '1'], '--kernel size '],
    [
      'a negative sigma',
      ['analyze', '--kernel', 'gaussian:3:-1', '--rates', '2'],
      '--kernel sigma',
    ],
    [
      'a kernel list that is not JSON',
      ['analyze', '--kernel', '[1,2', '--rates', '1'],
      '--kernel ',
    ],
    ['an unknown mode', ['analyze', '--rates', '1', '--mode', 'diagonal'], '--mode '],
    [
      'an unknown merge',
      ['analyze', '--rates', '1', '--mode', 'parallel', '--merge', 'max'],
      '--merge ',
    ],
    ['a merge on a stack', ['analyze', '--rates', '1', '--merge', 'sum'], '--merge applies only'],
    ['an unknown padding', ['analyze', '--rates', '1', '--padding', 'full'], '--padding '],
    ['a padding on a preset', ['analyze', '--preset', 'hdc', '--padding', 'causal'], '--padding '],
    ['an unknown preset', ['analyze', '--preset', 'nope'], '--preset '],
    ['two sources', ['analyze', '--preset', 'hdc', '--rates', '1'], '--rates cannot be combined'],
    ['a map size of 0', ['analyze', '--rates', '1', '--map-size', '0'], '--map-size '],
    ['an object of 0', ['analyze', '--rates', '1', '--object', '0'], '--object[0] '],
    ['a positive threshold', ['analyze', '--rates', '1', '--threshold-db', '3'], '--threshold-db '],
    ['no channels', ['analyze', '--rates', '1', '--channels', '0'], '--channels '],
    ['an n that is not a power of two', ['response', '--rates', '1', '--n', '1000'], '--n '],
    ['a negative sample rate', ['response', '--rates', '1', '--fs', '-1'], '--fs '],
    ['a missing network file', ['analyze', '--network', 'none.yaml'], '--network cannot read'],
    [
      'a model input size of 0',
      ['analyze', '--model', 'm.onnx', '--input-size', '0x4'],
      '--input-size ',
    ],
    ['no network at all', ['analyze'], 'no network given'],
  ])('%s', async (_name, args, start) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    const lines = run.err.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`dilation-lab: ${start}`), lines[0]).toBe(true);
    expect(lines[0]).not.toMatch(/unexpected error|\n\s+at /);
  });
});

describe('bad input to the server is the user’s: a 400 naming the query key', () => {
  it.each<[string, string, string]>([
    ['a zero rate', '/api/analyze?rates=1,0', 'rates[1]'],
    ['a 2-D rate for a 1-D kernel', '/api/analyze?rates=1x2', 'rates[0]'],
    ['a kernel of size 0', '/api/analyze?kernel=box:0&rates=1', 'kernel size'],
    ['an unknown mode', '/api/analyze?rates=1&mode=diagonal', 'mode'],
    ['an unknown merge', '/api/analyze?rates=1&mode=parallel&merge=max', 'merge'],
    ['a merge on a stack', '/api/analyze?rates=1&merge=sum', 'merge'],
    ['an unknown padding', '/api/analyze?rates=1&padding=full', 'padding'],
    ['a negative padding', '/api/analyze?rates=1&padding=-1', 'padding'],
    ['a padding on a preset', '/api/analyze?preset=hdc&padding=same', 'padding'],
    ['an unknown preset', '/api/analyze?preset=nope', 'preset'],
    ['a map size of 0', '/api/analyze?rates=1&mapSize=0', 'mapSize'],
    ['a map size of 0, CLI spelling', '/api/analyze?rates=1&map-size=0', 'mapSize'],
    ['an object of 0', '/api/analyze?rates=1&object=0', 'object[0]'],
    ['a positive threshold', '/api/analyze?rates=1&thresholdDb=3', 'thresholdDb'],
    ['no channels', '/api/analyze?rates=1&channels=0', 'channels'],
    ['an n that is not a power of two', '/api/response?rates=1&n=1000', 'n'],
    ['a negative sample rate', '/api/response?rates=1&fs=-1', 'fs'],
    [
      'a bad rate in a spec',
      `/api/analyze?network=${encodeURIComponent('{"kernel":"box:3","dilation":0}')}`,
      'dilation',
    ],
    ['no network at all', '/api/analyze', 'network'],
    ['an unknown parameter', '/api/analyze?rates=1&colour=red', 'colour'],
  ])('%s', async (_name, url, field) => {
    const r = await request(app).get(url);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe(field);
    expect(r.body.error.message).toMatch(field === 'network' ? /network/ : /\S/);
    if (field !== 'network') expect(r.body.error.message.startsWith(`${field} `)).toBe(true);
  });

  it('takes padding in the short form (padding=causal, padding=N)', async () => {
    const causal = await request(app).get('/api/analyze?rates=1,2&padding=causal');
    expect(causal.status).toBe(200);
    expect(causal.body.layers.map((l: { padding: unknown }) => l.padding)).toEqual([
      'causal',
      'causal',
    ]);
    const two = await request(app).get('/api/analyze?rates=1&padding=2');
    expect(two.status).toBe(200);
    expect(two.body.layers[0].padding).toEqual([2, 2]);
  });
});

/**
 * The library's names of the search options, which the CLI may not show (`receptiveField`
 * alone is also the name of a constraint in the search counts: "0 pruned by receptiveField").
 */
const LIBRARY_NAMES =
  /\b(maxRate|minRate|mapSize|beamWidth|budget\.\w+)\b|receptiveField\.|search: "beam"/;

describe('a schedule search refused is the user’s, in each adapter’s own option names', () => {
  // The library's error carries its field and its detail and hint in pieces, options by
  // reference; the CLI names them by their flags, the server by its query keys.
  it.each<[string, string[], string, string[]]>([
    [
      'a receptive field the rates cannot reach',
      ['--kernel', '3', '--layers', '6', '--rf-at-least', '500', '--max-rate', '8'],
      '--rf-at-least asks for at least 500',
      ['raise --max-rate to ≥ 42', 'more layers (--layers)'],
    ],
    [
      'a receptive field a gridding-free stack cannot cover',
      ['--kernel', '3', '--layers', '2', '--rf-about', '1000'],
      '--rf-about asks for at least 900',
      ['or a larger --kernel'],
    ],
    [
      'a smallest rate above the largest',
      ['--kernel', '3', '--layers', '3', '--min-rate', '9', '--max-rate', '4'],
      '--min-rate must not exceed --max-rate 4, got 9',
      [],
    ],
    [
      'a map that leaves no usable rate',
      ['--kernel', '3', '--layers', '3', '--map-size', '2'],
      '--map-size 2 leaves no usable rate ≥ --min-rate 1',
      ['a smaller --kernel'],
    ],
    [
      'a largest rate too large for the search tables',
      ['--kernel', '3', '--layers', '3', '--max-rate', '3000'],
      '--max-rate 3000 with box:3 needs about',
      ['lower --max-rate to ≤ 1999'],
    ],
    [
      'a node budget too small for the space',
      ['--kernel', '3', '--layers', '7', '--rf-at-least', '45', '--max-candidates', '50000'],
      '--max-candidates is too small for this search space',
      ['a lower --max-rate', '(--rf-about)', '--map-size', '--beam-width'],
    ],
    [
      'too few usable rates for the branches',
      ['--parallel', '--branches', '3', '--map-size', '5'],
      '--map-size leaves 2 usable rates',
      ['fewer --branches', 'a lower --min-rate'],
    ],
    [
      'a prefix with a zero rate',
      ['--kernel', '3', '--layers', '3', '--prefix', '1,0'],
      '--prefix[1] must be a positive integer',
      [],
    ],
    [
      'no schedule without rate 1',
      ['--kernel', '3', '--layers', '3', '--min-rate', '2'],
      'no schedule within the limits is gridding-free',
      ['(--min-rate is 2)'],
    ],
  ])('on the command line: %s', async (_name, args, start, also) => {
    const run = await cli(['recommend', ...args]);
    expect(run.code).toBe(2);
    const lines = run.err.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`dilation-lab: ${start}`), lines[0]).toBe(true);
    for (const a of also) expect(lines[0]).toContain(a);
    expect(lines[0]).not.toMatch(LIBRARY_NAMES);
  });

  it.each<[string, string, string, string[]]>([
    [
      'a receptive field the rates cannot reach',
      '/api/recommend?kernel=3&layers=6&rfAtLeast=500&maxRate=8',
      'rfAtLeast',
      ['raise maxRate to ≥ 42', 'more layers (layers)'],
    ],
    [
      'a receptive field a gridding-free stack cannot cover',
      '/api/recommend?kernel=3&layers=2&rfAbout=1000',
      'rfAbout',
      ['or a larger kernel'],
    ],
    [
      'a smallest rate above the largest',
      '/api/recommend?kernel=3&layers=3&minRate=9&maxRate=4',
      'minRate',
      ['must not exceed maxRate 4'],
    ],
    [
      'a map that leaves no usable rate',
      '/api/recommend?kernel=3&layers=3&map-size=2',
      'mapSize',
      ['no usable rate ≥ minRate 1'],
    ],
    [
      'a largest rate too large for the search tables',
      '/api/recommend?kernel=3&layers=3&maxRate=3000',
      'maxRate',
      ['lower maxRate to ≤ 1999'],
    ],
    [
      'too few usable rates for the branches',
      '/api/recommend-parallel?branches=3&mapSize=5',
      'mapSize',
      ['fewer branches or a lower minRate'],
    ],
    ['a prefix with a zero rate', '/api/recommend?kernel=3&layers=3&prefix=1,0', 'prefix[1]', []],
    [
      'a layer range from high to low',
      '/api/recommend?kernel=3&layers=5-3',
      'layers',
      ['from low to high'],
    ],
  ])('on the server: %s', async (_name, url, field, also) => {
    const r = await request(app).get(url);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe(field);
    expect(r.body.error.message.startsWith(`${field} `), r.body.error.message).toBe(true);
    for (const a of also) expect(r.body.error.message).toContain(a);
    expect(r.body.error.message).not.toMatch(/--[a-z]|receptiveField|search: "beam"/);
  });
});

describe('bad input in a report config is the user’s: exit 2, naming the config key', () => {
  it.each<[string, string, string]>([
    [
      'a zero rate',
      config('{kernel: box:3, rates: [1, 0]}'),
      'experiments[0].networks[0].rates[1] ',
    ],
    [
      'an unknown padding',
      config('{kernel: box:3, rates: [1], padding: full}'),
      'experiments[0].networks[0].padding ',
    ],
    [
      'an unknown mode',
      config('{kernel: box:3, rates: [1], mode: diagonal}'),
      'experiments[0].networks[0].mode ',
    ],
    [
      'a merge on a stack',
      config('{kernel: box:3, rates: [1], merge: sum}'),
      'experiments[0].networks[0].merge applies only with mode: parallel',
    ],
    ['an unknown preset', config('{preset: nope}'), 'experiments[0].networks[0].preset '],
    [
      'a bad rate in a spec',
      config('{network: {kernel: box:3, dilation: 0}}'),
      'experiments[0].networks[0].network.dilation ',
    ],
    [
      'a missing network file',
      config('{network: nets/none.yaml}'),
      'experiments[0].networks[0].network cannot read "nets/none.yaml"',
    ],
    ['an n that is not a power of two', config('hdc', '{n: 1000}'), 'experiments[0].options.n '],
    [
      'a positive threshold',
      config('hdc', '{thresholdDb: 3}'),
      'experiments[0].options.thresholdDb ',
    ],
    ['a map size of 0', config('hdc', '{mapSize: 0}'), 'experiments[0].options.mapSize '],
    [
      'a figure too narrow',
      config('hdc', '{width: 100}'),
      'experiments[0].options.width must be an integer from 200 to 4000, got 100',
    ],
    [
      'an unknown legend place',
      config('hdc', '{legend: left}'),
      'experiments[0].options.legend must be one of top, right, bottom, none, got "left"',
    ],
    [
      'unknown units',
      config('hdc', '{units: degrees}'),
      'experiments[0].options.units must be one of rad, cycles, hz (or rad/sample, cycles/sample, Hz), got "degrees"',
    ],
    [
      'a font list with markup',
      config('hdc', '{fontFamily: "<b>"}'),
      'experiments[0].options.fontFamily must be a CSS font list of 1 to 200 characters without <>{};, got "<b>"',
    ],
    ['a title that is not a boolean', config('hdc', '{title: 3}'), 'experiments[0].options.title '],
    ['a dpi of 10', config('hdc', '{dpi: 10}'), 'experiments[0].options.dpi '],
  ])('%s', async (_name, text, start) => {
    const run = await report(text);
    expect(run.code).toBe(2);
    const lines = run.err.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`dilation-lab: c.yaml: ${start}`), lines[0]).toBe(true);
  });
});

describe('a bug is not the user’s: exit 1 or a 500, with no field', () => {
  let rate = 20;
  it.each<[string, Error]>([
    ['a plain Error', new Error('internal: the walk lost a node')],
    ['a plain RangeError (no field)', new RangeError('Invalid array length')],
    ['a plain TypeError (no field)', new TypeError('x.map is not a function')],
  ])('%s thrown by analyze', async (_name, error) => {
    expect(isUserError(error)).toBe(false);
    bug.error = error;
    const run = await cli(['analyze', '--rates', '1,2']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^dilation-lab: unexpected error: /);
    expect(run.err).not.toMatch(/--rates|\n\s+at /);

    // A rate no other case asks for: the answer cannot come from the server's cache.
    rate += 1;
    const r = await request(app).get(`/api/analyze?rates=1,${rate}`);
    expect(r.status).toBe(500);
    expect(r.body.error.field).toBeNull();
    expect(r.body.error.message).not.toContain(error.message);

    const rep = await report(config('{kernel: box:3, rates: [1, 2]}'));
    expect(rep.code, rep.err).toBe(1);
    expect(rep.err).toMatch(/unexpected error/);
  });

  it('while a FieldError thrown at the same place is the user’s (the rule sees the structure)', async () => {
    bug.error = new FieldError('channels', 'must be at most 4, got 5');
    expect(isUserError(bug.error)).toBe(true);
    const run = await cli(['analyze', '--rates', '1,2']);
    expect(run.code).toBe(2);
    const r = await request(app).get('/api/analyze?rates=1,7');
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('channels');
  });
});
