import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { testCard } from '../../src/erf/index.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { naiveForward } from '../erf/naive.ts';
import { cli, expectBadInput, tempDir } from './helpers.ts';

function grayPng(width: number, height: number, pixel: (i: number) => number, color = false) {
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

/** The byte a map value becomes in the PNG: its own min…max scaled to 0…255. */
function scaled(values: ArrayLike<number>): number[] {
  const v = Array.from(values);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return v.map((x) => Math.round((255 * (x - lo)) / (hi - lo)));
}

describe('dilation-lab apply', () => {
  it('writes input | output | gridding-free output; the output is the direct-loop convolution', async () => {
    const { dir, cleanup } = tempDir({});
    try {
      const run = await cli(
        [
          'apply',
          '--kernel',
          'box:3x3',
          '--rates',
          '2,2',
          '--size',
          '24,20',
          '--out',
          'g.png',
          '--json',
        ],
        { cwd: dir },
      );
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      const r = JSON.parse(run.out);
      expect(r.compareRates).toEqual([1, 2]);
      expect(r.holes).toBeGreaterThan(0);
      expect(r.compareHoles).toBe(0);
      expect(r.png).toBe('g.png');
      // The PNG: three panels, 2 white pixels… 4 apart, top-aligned.
      const png = PNG.sync.read(readFileSync(path.join(dir, 'g.png')));
      expect([png.width, png.height]).toEqual([20 * 3 + 8, 24]);
      const card = testCard(24, 20);
      const network = shortFormNetwork({ kernel: 'box:3x3', rates: '2,2' });
      const want = naiveForward(network.root, {
        shape: [24, 20],
        values: Float64Array.from(card.values),
      });
      const got = (r.output.rows as number[][]).flat();
      want.values.forEach((v, i) => {
        expect(Math.abs(got[i] - v)).toBeLessThan(1e-5);
      });
      // Middle panel = the output scaled to its range (± 1 for float32 rounding).
      const bytes = scaled(want.values);
      for (let row = 0; row < 24; row++)
        for (let col = 0; col < 20; col++) {
          const px = png.data[4 * (row * png.width + 24 + col)];
          expect(Math.abs(px - bytes[row * 20 + col])).toBeLessThanOrEqual(1);
        }
      // The gap between panels is white.
      expect(png.data[4 * 20]).toBe(255);
      // Nothing left beside it but the PNG (the temporary file was renamed into place).
      expect(readdirSync(dir)).toEqual(['g.png']);
    } finally {
      cleanup();
    }
  });

  it('reads a gray PNG and prints a summary; --no-compare writes two panels', async () => {
    const { dir, cleanup } = tempDir({});
    try {
      writeFileSync(
        path.join(dir, 'in.png'),
        grayPng(30, 16, (i) => (i * 53) % 256),
      );
      const run = await cli(
        [
          'apply',
          '--kernel',
          'box:3x3',
          '--rates',
          '2,2,2',
          '--image',
          'in.png',
          '--out',
          'o.png',
          '--no-compare',
        ],
        { cwd: dir },
      );
      expect(run.code).toBe(0);
      expect(run.out).toMatch(/applied to in\.png → 16×30 output/);
      expect(run.out).toMatch(/checkerboard 0\.\d+/);
      expect(run.out).not.toMatch(/gridding-free rates/);
      const png = PNG.sync.read(readFileSync(path.join(dir, 'o.png')));
      expect([png.width, png.height]).toEqual([64, 16]);
      // Left panel = the input, scaled to its own range.
      const input = Array.from({ length: 30 * 16 }, (_, i) => (i * 53) % 256);
      const bytes = scaled(input);
      for (let i = 0; i < 30 * 16; i++) {
        const px = png.data[4 * (Math.floor(i / 30) * 64 + (i % 30))];
        expect(px).toBe(bytes[i]);
      }
    } finally {
      cleanup();
    }
  });

  it('replaces an existing PNG whole, and leaves it alone when the write cannot start', async () => {
    const { dir, cleanup } = tempDir({});
    try {
      writeFileSync(path.join(dir, 'o.png'), 'old');
      const ok = await cli(
        ['apply', '--kernel', 'box:3x3', '--rates', '2', '--size', '16', '--out', 'o.png'],
        {
          cwd: dir,
        },
      );
      expect(ok.code).toBe(0);
      expect(PNG.sync.read(readFileSync(path.join(dir, 'o.png'))).height).toBe(16);
      // Another run's temporary file is in the way: refused, both files untouched.
      const tmp = path.join(dir, `.o.png.${process.pid}.tmp`);
      writeFileSync(tmp, 'theirs');
      writeFileSync(path.join(dir, 'o.png'), 'old');
      expectBadInput(
        await cli(
          ['apply', '--kernel', 'box:3x3', '--rates', '2', '--size', '16', '--out', 'o.png'],
          {
            cwd: dir,
          },
        ),
        '--out cannot write "o.png": another run is writing it',
      );
      expect(readFileSync(path.join(dir, 'o.png'), 'utf8')).toBe('old');
      expect(readFileSync(tmp, 'utf8')).toBe('theirs');
      // A missing directory: exit 2, nothing written.
      expectBadInput(
        await cli(['apply', '--kernel', 'box:3x3', '--rates', '2', '--out', 'nope/o.png'], {
          cwd: dir,
        }),
        '--out cannot write "nope/o.png": its directory does not exist',
      );
      expect(existsSync(path.join(dir, 'nope'))).toBe(false);
      // A directory in the way.
      mkdirSync(path.join(dir, 'd.png'));
      writeFileSync(path.join(dir, 'd.png', 'x'), 'x');
      const run = await cli(['apply', '--kernel', 'box:3x3', '--rates', '2', '--out', 'd.png'], {
        cwd: dir,
      });
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/--out cannot write "d\.png"/);
      expect(readdirSync(dir).sort()).toEqual(
        [`.o.png.${process.pid}.tmp`, 'd.png', 'o.png'].sort(),
      );
    } finally {
      cleanup();
    }
  });

  it.each([
    [[], '--out FILE.png is required'],
    [['--out', 'o.txt'], '--out must name a .png file, got "o.txt"'],
    [
      ['--out', 'o.png', '--compare-rates', '1,2,3'],
      'compareRates must have one rate per layer (2), got 3',
    ],
    [['--out', 'o.png', '--compare-rates', '1,x'], '--compare-rates'],
    [
      ['--out', 'o.png', '--compare-rates', '1,2', '--no-compare'],
      '--compare-rates does not go with --no-compare',
    ],
    [['--out', 'o.png', '--size', '4'], '--size must be'],
    [['--out', 'o.png', '--size', '9000'], '--size must be'],
    [
      ['--out', 'o.png', '--activation', 'gelu'],
      '--activation must be one of none, relu, sigmoid, tanh, got "gelu"',
    ],
    [
      ['--out', 'o.png', '--image', 'missing.png'],
      '--image cannot read "missing.png": no such file',
    ],
    [
      ['--out', 'o.png', '--image', 'in.png', '--size', '20'],
      '--size applies to the test card only',
    ],
  ])('rejects %j with exit 2', async (extra, message) => {
    const { dir, cleanup } = tempDir({});
    try {
      writeFileSync(
        path.join(dir, 'in.png'),
        grayPng(8, 8, (i) => i),
      );
      expectBadInput(
        await cli(['apply', '--kernel', 'box:3x3', '--rates', '2,2', ...extra], { cwd: dir }),
        message,
      );
      expect(readdirSync(dir)).toEqual(['in.png']);
    } finally {
      cleanup();
    }
  });

  it('rejects a colour PNG, a file that is not a PNG and a 1-D network with exit 2', async () => {
    const { dir, cleanup } = tempDir({ 'fake.png': 'not a png' });
    try {
      writeFileSync(
        path.join(dir, 'rgb.png'),
        grayPng(8, 8, (i) => i, true),
      );
      const base = ['apply', '--kernel', 'box:3x3', '--rates', '2', '--out', 'o.png'];
      expectBadInput(
        await cli([...base, '--image', 'rgb.png'], { cwd: dir }),
        '--image "rgb.png" has 3 channels; the network has 1: give a gray PNG',
      );
      expectBadInput(
        await cli([...base, '--image', 'fake.png'], { cwd: dir }),
        '--image "fake.png" is not a readable PNG',
      );
      expectBadInput(
        await cli(['apply', '--kernel', 'box:3', '--rates', '2', '--out', 'o.png'], { cwd: dir }),
        'network must be 2-D',
      );
      expect(existsSync(path.join(dir, 'o.png'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});

describe('dilation-lab smooth', () => {
  it('prints the comparison: holes gone and 4 of 4 sub-grids mixed with ssc and gi', async () => {
    const json = await cli(['smooth', '--kernel', 'box:3x3', '--rates', '2,2', '--json']);
    expect(json.code).toBe(0);
    const c = JSON.parse(json.out);
    expect(c.r).toEqual([2, 2]);
    expect(c.rows.map((r: { variant: string }) => r.variant)).toEqual(['none', 'ssc', 'gi']);
    expect(c.rows.map((r: { holes: number }) => r.holes)).toEqual([56, 0, 0]);
    expect(c.rows.map((r: { polyphase: { mixed: number } }) => r.polyphase.mixed)).toEqual([
      1, 4, 4,
    ]);
    const text = await cli(['smooth', '--kernel', 'box:3x3', '--rates', '2,2']);
    expect(text.out).toMatch(/no smoothing +9×9 +56 +1 of 4/);
    expect(text.out).toMatch(/ssc \(pre-filter\) +13×13 +0 +4 of 4/);
  });

  it('lists the network as given first when it already smooths a layer', async () => {
    const { dir, cleanup } = tempDir({
      'net.json': JSON.stringify({
        type: 'stack',
        layers: [
          { kernel: 'box:3', dilation: 3, smooth: 'gi' },
          { kernel: 'box:3', dilation: 3 },
        ],
      }),
    });
    try {
      const run = await cli(['smooth', '--network', 'net.json', '--json'], { cwd: dir });
      const c = JSON.parse(run.out);
      expect(c.r).toEqual([3]);
      expect(c.rows.map((r: { variant: string }) => r.variant)).toEqual([
        'given',
        'none',
        'ssc',
        'gi',
      ]);
      expect(c.rows[0].holes).toBe(0);
      expect(c.rows[1].holes).toBeGreaterThan(0);
      expectBadInput(await cli(['smooth', '--network', 'bad.json'], { cwd: dir }), 'bad.json');
    } finally {
      cleanup();
    }
  });
});
