import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { exactGivenErf } from '../../src/erf/index.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { cli, expectBadInput, tempDir } from './helpers.ts';

function png(width: number, height: number, color: boolean, pixel: (i: number) => number): Buffer {
  const img = new PNG({ width, height, colorType: color ? 2 : 0, inputColorType: 6 });
  for (let i = 0; i < width * height; i++) {
    const v = pixel(i);
    img.data[4 * i] = v;
    img.data[4 * i + 1] = color ? 255 - v : v;
    img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(img, { colorType: color ? 2 : 0, inputColorType: 6 });
}

describe('dilation-lab erf', () => {
  it('prints the JSON contract, with the exact form of a linear network', async () => {
    const run = await cli([
      'erf',
      '--kernel',
      'box:3x3',
      '--rates',
      '2,2',
      '--samples',
      '2',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    for (const key of ['erf', 'origin', 'exact', 'areaRatio', 'griddingIndex', 'samples', 'seed'])
      expect(r).toHaveProperty(key);
    expect(Object.keys(r.areaRatio)).toEqual(['0.2', '0.3', '0.5', '0.99']);
    expect(r.erf).toHaveLength(9);
    expect(r.origin).toEqual([4, 4]);
    expect(Math.max(...r.erf.flat())).toBe(1);
    expect(r.samples).toBe(2);
    expect(r.seed).toBe(0);
    expect(r.griddingIndex).toBe(1);
    const exact = exactGivenErf(shortFormNetwork({ kernel: 'box:3x3', rates: '2,2' }));
    const max = Math.max(...exact.values);
    expect(r.exact.flat()).toEqual(Array.from(exact.values, (v) => v / max));
  });

  it('has no exact form with ReLUs, and reads tables by default', async () => {
    const json = await cli([
      'erf',
      '--kernel',
      'random:3:4',
      '--rates',
      '1,2',
      '--activation',
      'relu',
      '--samples',
      '3',
      '--json',
    ]);
    expect(JSON.parse(json.out).exact).toBeNull();
    const text = await cli(['erf', '--kernel', 'box:3', '--rates', '1,2', '--samples', '2']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/gridding index/);
    expect(text.out).toMatch(/area ratio +t=0\.2/);
  });

  it('averages over PNG images; the ERF of a linear network does not depend on them', async () => {
    const { dir, cleanup } = tempDir({});
    try {
      mkdirSync(path.join(dir, 'imgs'));
      writeFileSync(
        path.join(dir, 'imgs', 'a.png'),
        png(20, 20, false, (i) => (i * 37) % 256),
      );
      writeFileSync(
        path.join(dir, 'imgs', 'b.png'),
        png(20, 20, false, (i) => (i * 11) % 256),
      );
      const run = await cli(
        ['erf', '--kernel', 'box:3x3', '--rates', '1,3', '--images', 'imgs', '--json'],
        { cwd: dir },
      );
      expect(run.err).toBe('');
      const r = JSON.parse(run.out);
      expect(r.samples).toBe(2);
      expect(r.inputs).toBe('given');
      expect(r.inputSize).toEqual([20, 20]);
      r.erf.flat().forEach((v: number, i: number) => {
        expect(Math.abs(v - r.exact.flat()[i])).toBeLessThan(1e-6);
      });
    } finally {
      cleanup();
    }
  });

  it.each([
    [['--samples', '0'], '--samples must be a positive integer no larger than 1024, got 0'],
    [['--samples', '100000'], '--samples must be'],
    [
      ['--input-size', '8,8,8'],
      '--input-size must be L or HxW with sizes from 1 to 65536, got "8,8,8"',
    ],
    [['--input-size', '8'], 'inputSize must have 2 entries'],
    [['--activation', 'gelu'], '--activation must be one of none, relu, sigmoid, tanh, got "gelu"'],
  ])('rejects %j with exit 2', async (extra, message) => {
    expectBadInput(await cli(['erf', '--kernel', 'box:3x3', '--rates', '1,2', ...extra]), message);
  });

  it('rejects colour images for a single-channel network and images of different sizes', async () => {
    const { dir, cleanup } = tempDir({});
    try {
      mkdirSync(path.join(dir, 'rgb'));
      writeFileSync(
        path.join(dir, 'rgb', 'a.png'),
        png(12, 12, true, (i) => i % 256),
      );
      expectBadInput(
        await cli(['erf', '--kernel', 'box:3x3', '--rates', '1', '--images', 'rgb'], { cwd: dir }),
        'images must have 1 channel for a single-channel network, got 3',
      );
      mkdirSync(path.join(dir, 'mixed'));
      writeFileSync(
        path.join(dir, 'mixed', 'a.png'),
        png(12, 12, false, (i) => i % 256),
      );
      writeFileSync(
        path.join(dir, 'mixed', 'b.png'),
        png(10, 12, false, (i) => i % 256),
      );
      expectBadInput(
        await cli(['erf', '--kernel', 'box:3x3', '--rates', '1', '--images', 'mixed'], {
          cwd: dir,
        }),
        'every image must have the same size',
      );
      expectBadInput(
        await cli(
          [
            'erf',
            '--kernel',
            'box:3x3',
            '--rates',
            '1',
            '--images',
            'mixed',
            '--input-size',
            '12,12',
          ],
          { cwd: dir },
        ),
      );
      expectBadInput(
        await cli(['erf', '--kernel', 'box:3x3', '--rates', '1', '--images', 'nowhere'], {
          cwd: dir,
        }),
        'no such file',
      );
    } finally {
      cleanup();
    }
  });

  it('stops cleanly when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await cli(['erf', '--kernel', 'box:3', '--rates', '1,2', '--samples', '8'], {
      signal: controller.signal,
    });
    expect(run.code).toBe(130);
    expect(run.out).toBe('');
    expect(run.err).toMatch(/stopped after 0 of/);
  });
});

describe('dilation-lab blindspots', () => {
  it('prints the JSON proof: holes perturbed, output change exactly 0, control non-zero', async () => {
    const run = await cli(['blindspots', '--kernel', 'random:3x3:2', '--rates', '2,2', '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.holes).toHaveLength(56);
    expect(r.perturbedInputs).toHaveLength(56);
    expect(r.maxOutputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });
  it('says there is nothing to perturb for a gridding-free network', async () => {
    const run = await cli(['blindspots', '--kernel', 'box:3', '--rates', '1,2,5']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/nothing to perturb/);
  });
  it('rejects a bad input size with exit 2', async () => {
    expectBadInput(
      await cli(['blindspots', '--kernel', 'box:3', '--rates', '1,2', '--input-size', '0']),
      '--input-size must be L or HxW with sizes from 1 to 65536, got "0"',
    );
  });
});

describe('dilation-lab erf --model', () => {
  const model = new URL('../fixtures/models/bottleneck.onnx', import.meta.url).pathname;
  it('measures an ONNX model with its learned weights, next to its linearised exact form', async () => {
    const run = await cli(['erf', '--model', model, '--samples', '2', '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.erf.length).toBe(r.exact.length);
    r.erf.flat().forEach((v: number, i: number) => {
      expect(Math.abs(v - r.exact.flat()[i])).toBeLessThan(1e-6);
    });
  });
  it('prints a trained model with holes as the issue asks: its ERF, gridding index, the exact tap set beside it and the blind-spot proof', async () => {
    const blind2d = new URL('../fixtures/blindspots/blind2d.onnx', import.meta.url).pathname;
    const run = await cli(['erf', '--model', blind2d, '--nonlinear', '--samples', '4']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /gridding index {2}1\.00 \(measured\) {3}1\.00 \(exact tap set; 1 = holes\)/,
    );
    expect(run.out).toMatch(
      /blind spots {5}\+10 at the 208 samples no path reaches changed the centre output by 0 exactly; [+-]10 at a reached sample by [0-9.]+/,
    );
    // The 17×17 ERF map and the tap set side by side: 17 rows of "ERF   taps".
    const at = run.out.split('\n').findIndex((l) => l.includes('beside it the exact tap set'));
    const rows = run.out.split('\n').slice(at + 1, at + 18);
    const taps = rows.map((l) => l.slice(-17));
    expect(taps.join('').replace(/[^+o]/g, '')).toHaveLength(81);
    expect(taps.join('').replace(/[^-]/g, '')).toHaveLength(208);
    expect(taps[8][8]).toBe('o');
    // Every hole of the tap set is blank in the ERF map beside it (an exact zero).
    rows.forEach((l, r) => {
      for (let c = 0; c < 17; c++) if (taps[r][c] === '-') expect(l[c] ?? ' ').toBe(' ');
    });
  });

  it('refuses a network source beside it, and an unreadable file', async () => {
    expectBadInput(
      await cli(['erf', '--model', model, '--rates', '1,2']),
      '--rates does not go with --model',
    );
    expectBadInput(await cli(['erf', '--model', 'nowhere.onnx']), 'no such file');
  });
});
