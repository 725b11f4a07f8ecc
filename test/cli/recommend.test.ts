import { describe, expect, it } from 'vitest';
import { networkKernel } from '../../src/analysis/composite.ts';
import { TextBuffer } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import * as library from '../../src/index.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { recommend, recommendParallel } from '../../src/recommend/index.ts';
import { cli, expectBadInput, viaJson } from './helpers.ts';

const EXAMPLE = ['recommend', '--kernel', '3x3', '--layers', '4', '--rf-at-least', '45'];

/** The rows of the ranked table: rank and rates (the lines under the dashes, up to a blank line). */
function rankedRows(out: string): { rank: number; rates: number[] }[] {
  const lines = out.split('\n');
  const head = lines.findIndex((l) => /^\s+#\s+rates\s+RF/.test(l));
  const rows: { rank: number; rates: number[] }[] = [];
  for (const l of lines.slice(head + 2)) {
    const m = /^\s+(\d+)\s+([\d,]+)\s/.exec(l);
    if (!m) break;
    rows.push({ rank: Number(m[1]), rates: m[2].split(',').map(Number) });
  }
  return rows;
}

/** The 2-D path counts of a stack of box:3x3 layers, from the naive composite kernel. */
function pathCounts2d(rates: number[]): { shape: number[]; counts: Float64Array } {
  const k = networkKernel(shortFormNetwork({ kernel: 'box:3x3', rates }), true);
  return { shape: k.shape, counts: k.weights };
}

describe('dilation-lab recommend', () => {
  it('answers the issue’s question with gridding-free picks whose receptive field is at least 45', async () => {
    const run = await cli(EXAMPLE);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    const rows = rankedRows(run.out);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const { rates } of rows) {
      // Independent check: the tap set by naive convolution of the layers' unit kernels.
      const { shape, counts } = pathCounts2d(rates);
      const rf = 1 + 2 * rates.reduce((a, b) => a + b, 0);
      expect(shape).toEqual([rf, rf]);
      expect(rf).toBeGreaterThanOrEqual(45);
      expect(counts.every((c) => c > 0)).toBe(true);
      expect(rates.length).toBe(4);
      expect(Math.max(...rates)).toBeLessThanOrEqual(64);
      // The row shows that receptive field and no hole.
      const line = run.out.split('\n').find((l) => l.includes(` ${rates.join(',')} `))!;
      expect(line).toMatch(new RegExp(`\\s${rf}×${rf}\\s+0\\s`));
    }
  });

  it('prints the constraints, the references with the same columns, the search counts and a line to paste', async () => {
    const run = await cli(EXAMPLE);
    const r = recommend({ kernel: 'box:3x3', layers: 4, receptiveField: { atLeast: 45 } });
    expect(run.out).toMatch(/^Recommend: 4 layers of box:3x3 \(2-D.*receptive field ≥ 45 per axis/);
    expect(run.out).toContain('Ranked by: shared nulls > deepest null');
    for (const ref of r.references) {
      const rf = ref.coverage.size;
      const line = run.out.split('\n').find((l) => l.trimStart().startsWith(ref.name))!;
      expect(line).toContain(` ${ref.rates.join(',')} `);
      expect(line).toContain(`${rf}×${rf}`);
      expect(line.trimEnd().endsWith(ref.violations.length ? 'no' : 'yes')).toBe(true);
    }
    // HDC's 1,2,5,1 reaches 1 + 2·9 = 19 < 45: it fails, and the output says so.
    expect(run.out).toContain('HDC 1,2,5 (4 layers) fails: receptive field 19 < 45');
    const s = r.search;
    expect(run.out).toContain(`searched ${s.space.toLocaleString('en-US')} candidates in `);
    expect(run.out).toContain(`${s.feasible.toLocaleString('en-US')} feasible`);
    expect(run.out).toContain('exhaustive depth-first search');
    const top = r.picks[0].rates;
    expect(run.out).toContain(`  dilation = [${top.join(', ')}]\n`);
    expect(run.out).toContain(
      `nn.Conv2d(C, C, 3, padding=d, dilation=d) for d in [${top.join(', ')}]`,
    );
    // Each pick has its one-line reason.
    for (const p of r.picks)
      expect(run.out).toContain(`#${p.rank} ${p.rates.join(',')}: ${p.reason}`);
  });

  it('prints with --json exactly what recommend() returns for the same options', async () => {
    const run = await cli([
      ...EXAMPLE,
      '--max-rate',
      '32',
      '--top',
      '3',
      '--map-size',
      '65',
      '--reference',
      'context-module',
      '--reference',
      '1,2,4,8,16',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    const want = recommend({
      kernel: 'box:3x3',
      layers: 4,
      receptiveField: { atLeast: 45 },
      maxRate: 32,
      top: 3,
      mapSize: 65,
      references: ['context-module', [1, 2, 4, 8, 16]],
    });
    expect(JSON.parse(run.out)).toEqual(viaJson(want));
  });

  it('reads a layer range, an RF window, a prefix and --beam as recommend() does', async () => {
    const run = await cli([
      'recommend',
      '--kernel',
      'box:3',
      '--layers',
      '2-3',
      '--rf-about',
      '40',
      '--tolerance',
      '4',
      '--prefix',
      '1,2',
      '--beam',
      '--beam-width',
      '50',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const want = recommend({
      kernel: 'box:3',
      layers: { min: 2, max: 3 },
      receptiveField: { about: 40, tolerance: 4 },
      prefix: [1, 2],
      search: 'beam',
      beamWidth: 50,
    });
    const got = JSON.parse(run.out);
    expect(got).toEqual(viaJson(want));
    expect(got.search.exhaustive).toBe(false);
  });

  it('says plainly when a beam search is not exhaustive', async () => {
    const run = await cli(['recommend', '--kernel', '3', '--layers', '3', '--beam']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /\(NOT exhaustive: beam search.*heuristic.*; better schedules may exist\)/,
    );
  });

  it('recommends ASPP rate sets with --parallel, next to DeepLab’s, as recommendParallel() does', async () => {
    const args = ['recommend', '--parallel', '--branches', '3', '--map-size', '33'];
    const json = await cli([...args, '--output-stride', '16', '--top', '3', '--json']);
    expect(json.code).toBe(0);
    const want = recommendParallel({ branches: 3, mapSize: 33, outputStride: 16, top: 3 });
    expect(JSON.parse(json.out)).toEqual(viaJson(want));
    const human = await cli(args);
    expect(human.code).toBe(0);
    expect(human.out).toContain('DeepLab v3 (6, 12, 18) at output stride 16');
    expect(human.out).toContain('DeepLab v3 (12, 24, 36) at output stride 8');
    const top = recommendParallel({ branches: 3, mapSize: 33 }).picks[0].rates;
    expect(human.out).toContain(`atrous_rates = [${top.join(', ')}]`);
  });

  describe('bad input: one line, exit code 2', () => {
    it('refuses a receptive field the rates cannot reach, saying which rate would', async () => {
      const run = await cli([
        'recommend',
        '--kernel',
        '3',
        '--layers',
        '6',
        '--rf-at-least',
        '500',
        '--max-rate',
        '8',
      ]);
      // 6 layers of 3 taps at rates ≤ 8 reach 1 + 2·48 = 97; 500 needs Σd ≥ 249.5, a rate ≥ 42
      // (a gridding-free stack of 6 could cover 3^6 = 729, so the rate limit is what binds).
      expectBadInput(run, '--rf-at-least', 'reach at most 97', 'raise --max-rate to ≥ 42');
    });

    it('explains a search with no feasible schedule and names the closest ones', async () => {
      // RF = 1 + 2(d1 + d2) is odd, so exactly 8 is impossible; the closest gridding-free are 9 and 7.
      const run = await cli([
        'recommend',
        '--kernel',
        '3',
        '--layers',
        '2',
        '--rf-about',
        '8',
        '--tolerance',
        '0',
      ]);
      expectBadInput(run, 'no gridding-free schedule', 'closest', '9 with 1,3', '7 with 1,2');
    });

    it('explains that no schedule is gridding-free when rate 1 is excluded', async () => {
      const run = await cli(['recommend', '--kernel', '3', '--layers', '3', '--min-rate', '2']);
      expectBadInput(run, 'gridding-free', 'offset 1 needs a rate 1', '--min-rate is 2');
    });

    it('refuses contradictory limits: a map that leaves no usable rate', async () => {
      const run = await cli(['recommend', '--kernel', '3', '--layers', '3', '--map-size', '2']);
      expectBadInput(run, '--map-size 2 leaves no usable rate');
    });

    it('stops a space too large for the budget with advice on how to narrow it', async () => {
      const run = await cli([
        'recommend',
        '--kernel',
        '3',
        '--layers',
        '7',
        '--rf-at-least',
        '45',
        '--max-candidates',
        '50000',
      ]);
      expectBadInput(
        run,
        '--max-candidates is too small for this search space',
        '--max-rate',
        '--beam',
      );
    });

    it.each([
      [['--kernel', '3', '--layers', 'x'], '--layers must be N or MIN-MAX'],
      [['--kernel', '3', '--layers', '0'], '--layers must be a positive integer'],
      [['--kernel', 'box:3x2', '--layers', '3'], '--kernel must be square'],
      [['--kernel', '3', '--layers', '3', '--prefix', '1,0'], '--prefix[1]'],
      [
        ['--kernel', '3', '--layers', '3', '--reference', 'nope'],
        '--reference must be a preset name (one of',
      ],
      [['--kernel', '3', '--layers', '3', '--rf-at-least', '9', '--rf-about', '9'], 'not both'],
      [['--kernel', '3', '--layers', '3', '--tolerance', '2'], '--tolerance goes with --rf-about'],
      [['--kernel', '3', '--layers', '3', '--top', '0'], '--top must be'],
      [['--kernel', '3', '--layers', '3', '--grid', '100'], '--grid must be a power of two'],
      [['--kernel', '3', '--layers', '3', '--time-limit', '-1'], '--time-limit'],
      [['--layers', '3'], '--kernel is required'],
      [['--kernel', '3'], '--layers is required'],
      [
        ['--kernel', '3', '--layers', '3', '--branches', '3'],
        '--branches applies only with --parallel',
      ],
      [['--parallel', '--map-size', '33'], '--parallel needs --branches'],
      [['--parallel', '--branches', '3'], '--parallel needs --map-size'],
      [
        ['--parallel', '--branches', '3', '--map-size', '33', '--layers', '3'],
        '--layers applies to stacks',
      ],
      [['--parallel', '--branches', '20', '--map-size', '33'], '--branches must be'],
    ])('%j gives one line about the option', async (args, fragment) => {
      expectBadInput(await cli(['recommend', ...args]), fragment);
    });
  });

  it('stops cleanly when interrupted, saying how far it got, with exit code 130', async () => {
    const controller = new AbortController();
    const stdout = new TextBuffer();
    // Interrupted at its first progress report, so mid-search however fast the machine is
    // (a fixed 1.5 s timer let the search finish first on a quiet machine: exit 0).
    const stderr = Object.assign(new TextBuffer(), { isTTY: true });
    const write = stderr.write.bind(stderr);
    stderr.write = (chunk: string) => {
      if (chunk.includes('searching [')) controller.abort();
      return write(chunk);
    };
    // 7 layers of rates ≤ 40: about 5.4e7 candidates and 1.2e6 search nodes (an exhaustive
    // search, chosen from the count), about a second of work.
    const args = ['recommend', '--kernel', '3', '--layers', '7', '--max-rate', '40'];
    const code = await main([...args, '--rf-at-least', '45'], {
      stdout,
      stderr,
      env: { DILATION_LAB_PROGRESS_MS: '0' },
      signal: controller.signal,
    });
    expect(code).toBe(130);
    expect(stdout.text).toBe('');
    expect(stderr.text).toMatch(/searching \[/);
    // After the progress bar, cleared, one line says how far it got.
    const after = stderr.text.slice(stderr.text.lastIndexOf('\x1b[2K') + 4);
    const lines = after.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^dilation-lab: stopped after [\d,]+ of 53,524,680 candidates .*; nothing was recommended$/,
    );
  });

  it('draws a progress bar on a terminal and clears it when done', async () => {
    const stdout = new TextBuffer();
    const stderr = Object.assign(new TextBuffer(), { isTTY: true });
    const code = await main(EXAMPLE, {
      stdout,
      stderr,
      env: { DILATION_LAB_PROGRESS_MS: '0' },
    });
    expect(code).toBe(0);
    expect(stderr.text).toMatch(/^\rsearching \[[█░]{24}\] +\d+%/);
    expect(stderr.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('keeps stderr quiet when it is not a terminal', async () => {
    const run = await cli(EXAMPLE, { env: { DILATION_LAB_PROGRESS_MS: '0' } });
    expect(run.err).toBe('');
  });

  it('has --help with examples, including the issue’s question', async () => {
    const run = await cli(['recommend', '--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Examples:');
    expect(run.out).toContain('$ dilation-lab recommend --kernel 3x3 --layers 4 --rf-at-least 45');
    expect(run.out).toContain('--parallel');
    expect(run.out).toContain('exit code 130');
  });

  it('uses the same recommend() the library entry exports', () => {
    expect(library.recommend).toBe(recommend);
    expect(library.recommendParallel).toBe(recommendParallel);
  });

  it('is listed in the top-level help', async () => {
    const run = await cli(['--help']);
    expect(run.out).toMatch(/recommend \[options\]/);
  });
});
