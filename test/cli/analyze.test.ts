import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { piMultiple } from '../../src/cli/format.ts';
import { parseNetwork, presetNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { cli, tempDir, viaJson } from './helpers.ts';

/** Naive tap set of a 1-D stack of k-tap layers: offsets reachable as Σ n_l·d_l. */
function naiveTapSet(k: number, rates: number[]): Set<number> {
  let set = new Set([0]);
  for (const d of rates) {
    const next = new Set<number>();
    for (const s of set) for (let n = 0; n < k; n++) next.add(s + n * d);
    set = next;
  }
  return set;
}

/** The line of the human output that starts with `key` (after the indentation). */
function line(out: string, key: string): string {
  const l = out.split('\n').find((s) => s.trimStart().startsWith(key));
  if (l === undefined) throw new Error(`no line starting with ${key}`);
  return l;
}

describe('dilation-lab analyze --json', () => {
  it('prints exactly what analyze() returns for the short form', async () => {
    const run = await cli(['analyze', '--kernel', 'box:3', '--rates', '1,2,5', '--json']);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    const expected = analyze(shortFormNetwork({ kernel: 'box:3', rates: [1, 2, 5] }));
    expect(JSON.parse(run.out)).toEqual(viaJson(expected));
    expect(run.out).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('passes map size, object and threshold to analyze()', async () => {
    const run = await cli([
      'analyze',
      '--kernel',
      'box:3x3',
      '--rates',
      '1,2,5',
      '--map-size',
      '33',
      '--object',
      '5x3',
      '--threshold-db',
      '-30',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const network = shortFormNetwork({ kernel: 'box:3x3', rates: [1, 2, 5] });
    const expected = analyze(network, { mapSize: 33, object: [5, 3], thresholdDb: -30 });
    expect(JSON.parse(run.out)).toEqual(viaJson(expected));
  });

  it('reads a YAML network file and equals analyze() of the parsed spec', async () => {
    const yaml =
      'type: parallel\nmerge: concat\nbranches:\n  - { kernel: box:3, dilation: 6 }\n  - { kernel: box:3, dilation: 12 }\n';
    const { dir, cleanup } = tempDir({ 'aspp.yaml': yaml });
    try {
      const run = await cli(['analyze', '--network', 'aspp.yaml', '--json'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toEqual(viaJson(analyze(parseNetwork(yaml))));
    } finally {
      cleanup();
    }
  });

  it('analyzes a preset like presetNetwork()', async () => {
    const run = await cli(['analyze', '--preset', 'hdc', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual(viaJson(analyze(presetNetwork('hdc'))));
  });
});

describe('dilation-lab analyze (human output)', () => {
  it('shows a gridding stack with its holes, gcd, period and shared nulls', async () => {
    const run = await cli(['analyze', '--kernel', 'box:3', '--rates', '2,2,2']);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    // Independent: r = 1 + Σ (k−1)d = 13; the naive tap set reaches only the even offsets.
    const taps = naiveTapSet(3, [2, 2, 2]);
    const holes = 13 - taps.size;
    expect(line(run.out, 'receptive field')).toContain('13 samples');
    expect(line(run.out, 'gridding-free')).toContain(`no: ${holes} holes of 13 offsets`);
    expect(line(run.out, 'gridding-free')).toContain((holes / 13).toFixed(4));
    expect(line(run.out, 'gcd of tap offsets')).toMatch(/\s2$/);
    // Period 2π/2 = π.
    expect(line(run.out, 'period of H')).toContain(`${Math.PI.toFixed(4)} (1.0000π)`);
    expect(line(run.out, 'aliasing')).toContain('1 of 2 interleaved');
    // box:3 is null at 2π/3; at d = 2 at π/3 and 2π/3, shared by all three layers (×3).
    expect(line(run.out, 'shared')).toContain('0.3333π');
    expect(line(run.out, 'shared')).toContain('0.6667π');
    const composite = run.out.split('\n').filter((l) => /^\s+1\.0472\s+0\.3333π\s+3$/.test(l));
    expect(composite).toHaveLength(1);
  });

  it('shows a hybrid stack as gridding-free with the HDC rule next to exact coverage', async () => {
    const run = await cli(['analyze', '--kernel', 'box:3', '--rates', '1,2,5']);
    expect(run.code).toBe(0);
    expect(naiveTapSet(3, [1, 2, 5]).size).toBe(17);
    expect(line(run.out, 'receptive field')).toContain('17 samples');
    expect(line(run.out, 'gridding-free')).toContain('yes');
    expect(line(run.out, 'HDC rule')).toContain('satisfied');
    expect(line(run.out, 'exact coverage says')).toContain('agrees');
    // 2π/3 is a null of box:3 at d = 1, 2 and 5 (5·2π/3 ≡ −2π/3 mod 2π); π/3 is not at d = 1.
    expect(line(run.out, 'shared')).toContain('0.6667π');
    expect(line(run.out, 'shared')).not.toContain('0.3333π');
  });

  it('lists every number of analyze() for each layer', async () => {
    const run = await cli(['analyze', '--kernel', 'box:5', '--rates', '1,3']);
    const r = analyze(shortFormNetwork({ kernel: 'box:5', rates: [1, 3] }));
    // Layer 2: the article's 5-tap kernel at d = 3 spans 13 inputs, 13/5 = 2.6× fewer weights,
    // blind fraction (k−1)(d−1)/(d(k−1)+1) = 8/13.
    expect(r.layers[1].effectiveSize).toBe(13);
    const row = run.out.split('\n').find((l) => /^\s+2\s+box:5\s+3\s/.test(l));
    expect(row).toBeDefined();
    expect(row).toContain('13');
    expect(row).toContain('2.60×');
    expect(row).toContain((8 / 13).toFixed(4));
    for (const [i, ns] of r.nulls.byLayer.entries()) {
      for (const n of ns) expect(line(run.out, `layer ${i + 1} (d=`)).toContain(piMultiple(n.w));
    }
    expect(line(run.out, 'parameters')).toContain(String(r.parameters));
    expect(line(run.out, 'dense kernel, same span')).toContain(String(r.cost.dense.parameters));
  });

  it('shows the object hit probability and border columns when asked (2-D)', async () => {
    const run = await cli([
      'analyze',
      '--kernel',
      'box:3x3',
      '--rates',
      '1,2,8',
      '--map-size',
      '64',
      '--object',
      '5x3',
    ]);
    expect(run.code).toBe(0);
    expect(line(run.out, 'receptive field')).toContain('23×23 pixels');
    expect(run.out).toContain('hit P');
    expect(run.out).toContain('all taps');
    // The article's number: a 5×3 object against rate 8 is touched with probability 15/64.
    const row = run.out.split('\n').find((l) => /^\s+3\s+box:3x3\s+8\s/.test(l));
    expect(row).toContain((15 / 64).toFixed(4));
    const r = analyze(shortFormNetwork({ kernel: 'box:3x3', rates: [1, 2, 8] }), {
      mapSize: 64,
      object: [5, 3],
    });
    expect(row).toContain(`${(100 * r.layers[2].border!.allTapsFraction).toFixed(1)}%`);
    expect(run.out).toContain('Nulls of the y cut');
  });

  it('labels the members of a parallel set as branches', async () => {
    const run = await cli([
      'analyze',
      '--kernel',
      'box:3',
      '--rates',
      '6,12,18',
      '--mode',
      'parallel',
    ]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('parallel set of 3 branches, sum merge');
    expect(line(run.out, 'branch 3 (d=18)')).toBeTruthy();
    expect(run.out).toContain('shared (every branch null)');
  });
});

describe('dilation-lab analyze with blocks as members', () => {
  it('names the type of each member and its rates', async () => {
    const run = await cli(['analyze', '--preset', 'tcn']);
    expect(run.code).toBe(0);
    const r = analyze(presetNetwork('tcn'));
    // Each TCN level is a residual block of two 3-tap layers at rate d: span 1 + 2·2·d.
    r.layers.forEach((l, i) => {
      const d = 2 ** i;
      expect(l.effectiveSize).toBe(1 + 4 * d);
      const row = run.out
        .split('\n')
        .find((s) =>
          new RegExp(
            `^\\s+${i + 1}\\s+residual\\s+box:3\\s+causal\\s+\\(${d},${d}\\)\\s+${1 + 4 * d}\\s`,
          ).test(s),
        );
      expect(row).toBeDefined();
    });
  });
});

describe('analyze with more nulls than the JSON lists', () => {
  it('counts the full lists and says how many --json lists (box:3 at rate 2048)', async () => {
    const json = await cli(['analyze', '--kernel', 'box:3', '--rates', '2048', '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(r.nulls.composite).toHaveLength(1024);
    expect(r.nulls.counts.composite).toBe(2048);
    expect(r.nulls.truncated).toBe(true);
    expect(r.deafBands.counts.composite).toBe(2048);
    const text = await cli(['analyze', '--kernel', 'box:3', '--rates', '2048']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('more (--json lists the first 1024)');
    const summary = await cli(['analyze', '--kernel', 'box:3', '--rates', '2048', '--summary']);
    expect(summary.out).toMatch(/nulls of the whole H\s+2048 on \[0, π\]/);
    expect(summary.out).toMatch(/in 2048 bands/);
  });
});
