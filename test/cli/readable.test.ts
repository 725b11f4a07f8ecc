/**
 * The command's text stays readable for long and learned networks (issue 13): weight lists
 * shortened (the full list in --json), runs of alike layers grouped, `--summary`, and the
 * seeded weights of `random:K:SEED` shown.
 */
import { describe, expect, it } from 'vitest';
import { compositeKernel } from '../../src/analysis/composite.ts';
import { kernelText, labelText, rateRunText, weight } from '../../src/cli/format.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { cli } from './helpers.ts';

const LONG = 'weights:0.1234567,0.2345678,0.3456789,0.456789,0.5678901,0.6789012,0.7890123';

describe('shortened text', () => {
  it.each([
    ['box:3', 'box:3'],
    ['weights:0.2,0.5,0.3', 'weights:0.2,0.5,0.3'],
    [LONG, 'weights:0.1235,0.2346,…,0.789 (7 taps)'],
    [
      '[0.1234567,-0.2345678,0.3456789,0.456789,0.5678901,0.6789012]',
      '[0.1235,−0.2346,…,0.6789] (6 taps)',
    ],
    [
      '[[0.1234567,0.2345678,0.3456789],[0.456789,0.5678901,0.6789012],[1,2,3.25]]',
      '[[0.1235,0.2346,…,3.25]] (3×3 weights)',
    ],
  ])('writes the kernel %s as %s', (spec, text) => {
    expect(kernelText(spec)).toBe(text);
  });

  it.each([
    [['1', '2', '5'], '1, 2, 5'],
    [['1', '2', '4', '8', '16', '32'], '1, 2, …, 32'],
    [['1', '2', '4'], '1, 2, 4'],
    [['2', '2', '2', '2', '2'], '2 ×5'],
    [['1', '2', '4', '8', '1', '2', '4', '8', '3'], '1, 2, …, 8, 1, 2, …, 8, 3'],
    [['2x4', '2x4', '2x4'], '2x4 ×3'],
  ])('writes the rates %j as %s', (rates, text) => {
    expect(rateRunText(rates)).toBe(text);
  });

  it('rounds weights to 4 significant digits with a true minus sign', () => {
    expect(weight(-1.0231234)).toBe('−1.023');
    expect(weight(0.000123456)).toBe('0.0001235');
    expect(weight(0)).toBe('0');
  });

  it('groups a network label’s runs of one kernel and of equal blocks', () => {
    expect(labelText('stack(box:2@1, box:2@2, box:2@4, box:2@8, box:3@1)')).toBe(
      'stack(box:2@[1, 2, …, 8], box:3@1)',
    );
    expect(labelText('stack(residual(box:3@2), residual(box:3@2), residual(box:3@2))')).toBe(
      'stack(residual(box:3@2) ×3)',
    );
    expect(labelText('concat(box:1x1@1, box:3x3@6, box:3x3@12)')).toBe(
      'concat(box:1x1@1, box:3x3@6, box:3x3@12)',
    );
  });
});

describe('analyze and response text of long and learned networks', () => {
  const rates = '1,2,4,8,16,32,64,128,256,512,1,2,4,8,16,32,64,128';

  it('groups a long stack’s alike layers into one row whose columns give their range', async () => {
    const r = await cli(['analyze', '--kernel', 'box:2', '--rates', rates]);
    expect(r.code).toBe(0);
    const row = r.out.split('\n').find((l) => /^\s+1–18\s/.test(l));
    expect(row).toBeDefined();
    expect(row).toContain('1, 2, …, 512, 1, 2, …, 128');
    // effective size (k−1)d + 1 from d = 1 to 512: 2 … 513
    expect(row).toContain('2 … 513');
    // a long network lists three nulls a layer: each line stays short
    const nulls = r.out.split('Nulls (')[1].split('shared (')[0].split('\n').slice(1, -1);
    expect(nulls).toHaveLength(18);
    for (const l of nulls) expect(l.length).toBeLessThanOrEqual(110);
    expect(nulls[9]).toMatch(
      /^ {2}layer 10 \(d=512\)\s+0\.0061 \(0\.0020π\), .* 253 more \(see --json\)$/,
    );
    // the JSON still has every layer and its full kernel text
    const json = JSON.parse(
      (await cli(['analyze', '--kernel', 'box:2', '--rates', rates, '--json'])).out,
    );
    expect(json.layers).toHaveLength(18);
  });

  it('keeps a short stack’s table one row per layer', async () => {
    const r = await cli(['analyze', '--kernel', 'box:3', '--rates', '1,2,5']);
    expect(r.out).toMatch(/^\s+3\s+box:3\s+5\s/m);
    expect(r.out).not.toContain('a row such as');
  });

  it('shortens explicit weights in the text and keeps them whole in --json', async () => {
    const r = await cli(['analyze', '--kernel', LONG, '--rates', '1,2,4']);
    expect(r.out).not.toContain('0.1234567');
    expect(r.out.split('\n')[0]).toContain('weights:0.1235,0.2346,…,0.789 (7 taps)');
    const json = JSON.parse(
      (await cli(['analyze', '--kernel', LONG, '--rates', '1,2,4', '--json'])).out,
    );
    expect(json.layers[0].kernel).toBe(LONG);
    const resp = await cli(['response', '--kernel', LONG, '--rates', '1,2,4,8']);
    expect(resp.out.split('\n')[0]).toBe(
      'dilation-lab response: 1-D stack(weights:0.1235,0.2346,…,0.789 (7 taps)@[1, 2, …, 8])',
    );
  });

  it('shows random:K:SEED weights: the one-layer composite kernel’s, the same in every layer', async () => {
    const r = await cli(['analyze', '--kernel', 'random:3:7', '--rates', '1,2,5']);
    const line = r.out.split('\n').find((l) => l.includes('random:3:7 = ['));
    expect(line).toBeDefined();
    const shown = /\[(.*)\]/
      .exec(line!)![1]
      .split(', ')
      .map((t) => Number(t.replace('−', '-')));
    const h = compositeKernel(
      shortFormNetwork({ kernel: 'random:3:7', rates: '1' }).root,
      1,
    ).weights;
    expect(shown).toHaveLength(3);
    shown.forEach((w, i) => {
      expect(Math.abs(w - h[i])).toBeLessThanOrEqual(5e-4 * Math.abs(h[i]));
    });
    expect(line).toContain('the same weights in all 3 layers');
  });

  it('--summary prints the summary and the network as runs, without the tables', async () => {
    const r = await cli(['analyze', '--preset', 'wavenet-block', '--summary']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('layers 1–10  box:2, d = 1, 2, …, 512, padding causal');
    expect(r.out).toContain('receptive field       1024 samples');
    expect(r.out).not.toContain('Deaf bands (');
    expect(r.out).not.toContain('eff. size');
    expect(r.out).toMatch(/nulls of the whole H\s+512 on \[0, π\]/);
  });
});
