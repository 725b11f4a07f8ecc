import { describe, expect, it } from 'vitest';
import { analyze, parseNetwork, response, responseToJSON } from '../../src/index.ts';
import { cli, expectBadInput, viaJson } from './helpers.ts';

const boxes = (k: string, rates: number[]) =>
  parseNetwork({ type: 'stack', layers: rates.map((d) => ({ kernel: k, dilation: d })) });

describe('--kernel with a bare size means a box, in every command', () => {
  it.each([
    ['analyze', '3', 'box:3'],
    ['analyze', '5', 'box:5'],
    ['analyze', '3x3', 'box:3x3'],
    ['response', '3', 'box:3'],
  ])('%s --kernel %s is %s', async (command, kernel, spec) => {
    const r = await cli([command, '--kernel', kernel, '--rates', '1,2', '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out);
    const net = boxes(spec, [1, 2]);
    if (command === 'analyze') expect(got.receptiveField).toEqual(analyze(net).receptiveField);
    else expect(got.groupDelay).toEqual(viaJson(responseToJSON(response(net)).groupDelay));
  });
});

describe('--object on a 1-D network', () => {
  it('is a usage error for a 2-D size, naming the option', async () => {
    expectBadInput(
      await cli(['analyze', '--kernel', 'box:3', '--rates', '1,2', '--object', '3x3']),
      '--object 3x3',
      '1-D',
    );
  });

  it('takes a length', async () => {
    const r = await cli([
      'analyze',
      '--kernel',
      'box:3',
      '--rates',
      '1,4',
      '--object',
      '2',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).layers[1].objectHitProbability).toBeCloseTo(2 / 4, 12);
  });
});

describe('response --json and analyze --json carry the panels', () => {
  it('gives the group delay, zeros and info of box:3 at 1, 2', async () => {
    const r = JSON.parse(
      (await cli(['response', '--kernel', '3', '--rates', '1,2', '--n', '8', '--json'])).out,
    );
    expect(r.groupDelay).toHaveLength(8);
    for (const v of r.groupDelay) expect(v).toBeCloseTo(3, 9);
    expect(r.step.at(-1)).toBeCloseTo(1, 12);
    const a = JSON.parse((await cli(['analyze', '--kernel', '3', '--rates', '1,2', '--json'])).out);
    expect(a.info.linearPhaseType).toBe(1);
    expect(
      a.zeros.composite.reduce((s: number, z: { multiplicity: number }) => s + z.multiplicity, 0),
    ).toBe(6);
  });
});
