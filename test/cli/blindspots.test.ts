import { describe, expect, it } from 'vitest';
import { cli, expectBadInput } from './helpers.ts';

const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url).pathname;

describe('dilation-lab erf --model shows the blind-spot proof beside the ERF when it has holes', () => {
  it('blind2d: 208 holes perturbed, centre output change 0, the control moves', async () => {
    const model = fixture('blindspots/blind2d.onnx');
    const json = await cli(['erf', '--model', model, '--samples', '2', '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(r.holes).toBe(208);
    expect(r.blindspots.holes).toBe(208);
    expect(r.blindspots.perturbed).toBe(208);
    expect(r.blindspots.maxOutputChange).toBe(0);
    expect(r.blindspots.controlOutputChange).toBeGreaterThan(0);
    const text = await cli(['erf', '--model', model, '--samples', '2']);
    expect(text.out).toMatch(/blind spots {5}\+10 at the 208 samples .* by 0 exactly/);
  });

  it('tcn (no holes): blindspots is null and no line is printed', async () => {
    const model = fixture('models/tcn.onnx');
    const json = await cli(['erf', '--model', model, '--samples', '1', '--json']);
    expect(JSON.parse(json.out).blindspots).toBeNull();
    const text = await cli(['erf', '--model', model, '--samples', '1']);
    expect(text.out).not.toMatch(/blind spots/);
  });
});

describe('dilation-lab blindspots --model', () => {
  it('prints the JSON proof for an ONNX model with holes: exactly 0 at the holes, the control moves', async () => {
    const run = await cli(['blindspots', '--model', fixture('blindspots/blind2d.onnx'), '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    // rates 2, 2, 4 on a 17×17 window: 9×9 even offsets reached, 289 − 81 holes.
    expect(r.holes).toHaveLength(289 - 81);
    expect(r.holes.every(([dy, dx]: number[]) => dy % 2 !== 0 || dx % 2 !== 0)).toBe(true);
    expect(r.perturbedInputs).toHaveLength(208);
    expect(r.maxOutputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });

  it('takes --input-size as erf --model does', async () => {
    const run = await cli([
      'blindspots',
      '--model',
      fixture('blindspots/blind1d.onnx'),
      '--input-size',
      '64',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.inputSize).toEqual([64]);
    expect(r.unread).toBe(32);
    expect(r.maxOutputChange).toBe(0);
  });

  it('says clearly that a model without holes has none, and exits 0 (holes: [])', async () => {
    const model = fixture('models/tcn.onnx');
    const text = await cli(['blindspots', '--model', model]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/holes of its receptive field\s+0 {2}\(no holes/);
    const json = await cli(['blindspots', '--model', model, '--json']);
    expect(JSON.parse(json.out).holes).toEqual([]);
  });

  it.each([
    [['--rates', '1,2'], '--rates does not go with --model'],
    [['--activation', 'relu'], '--activation does not go with --model'],
  ])('refuses %j beside --model (exit 2)', async (extra, message) => {
    expectBadInput(
      await cli(['blindspots', '--model', fixture('models/tcn.onnx'), ...extra]),
      message,
    );
  });

  it('refuses --output without --model, and an unreadable model (exit 2)', async () => {
    expectBadInput(
      await cli(['blindspots', '--kernel', 'box:3', '--rates', '2,2', '--output', 'y']),
      '--output applies only with --model',
    );
    expectBadInput(await cli(['blindspots', '--model', 'nowhere.onnx']), 'no such file');
  });
});
