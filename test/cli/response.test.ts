import { describe, expect, it } from 'vitest';
import { LIMITS, shortFormNetwork } from '../../src/network/index.ts';
import { dtft2, dtftMagnitude } from '../../src/response/dtft.ts';
import {
  response,
  response2d,
  response2dToJSON,
  responseToJSON,
} from '../../src/response/index.ts';
import { cli, expectBadInput, viaJson } from './helpers.ts';

const box3 = [1 / 3, 1 / 3, 1 / 3];

/** |H(ω)| of a stack of dilated box:3 layers: the product of |H_box3(dω)| (direct DTFT). */
function stackMagnitude(rates: number[], w: number): number {
  return rates.reduce((p, d) => p * dtftMagnitude(box3, w, d), 1);
}

function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = text.trimEnd().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',').map(Number)) };
}

describe('dilation-lab response --csv', () => {
  it('gives w, magnitude, magnitude_db, phase and one magnitude column per layer, matching a direct DTFT', async () => {
    const rates = [1, 2, 5];
    const run = await cli([
      'response',
      '--kernel',
      'box:3',
      '--rates',
      '1,2,5',
      '--n',
      '64',
      '--csv',
    ]);
    expect(run.code).toBe(0);
    const { header, rows } = parseCsv(run.out);
    expect(header).toEqual([
      'w',
      'magnitude',
      'magnitude_db',
      'phase',
      'magnitude_layer1',
      'magnitude_layer2',
      'magnitude_layer3',
    ]);
    expect(rows).toHaveLength(64);
    rows.forEach(([w, mag, magDb, , ...members], j) => {
      // scipy.signal.freqz(h, 64): w = πj/64 on [0, π).
      expect(w).toBeCloseTo((Math.PI * j) / 64, 12);
      expect(mag).toBeCloseTo(stackMagnitude(rates, w), 12);
      if (mag > 1e-12) expect(magDb).toBeCloseTo(20 * Math.log10(mag), 9);
      members.forEach((m, i) => {
        expect(m).toBeCloseTo(dtftMagnitude(box3, w, rates[i]), 12);
      });
    });
  });

  it('follows scipy for --whole, --include-nyquist and --fs', async () => {
    const whole = parseCsv(
      (await cli(['response', '--rates', '2', '--n', '8', '--whole', '--csv'])).out,
    );
    expect(whole.rows.map((r) => r[0])).toEqual(
      Array.from({ length: 8 }, (_, j) => (2 * Math.PI * j) / 8),
    );
    // include_nyquist: linspace(0, π, n), π included.
    const nyq = parseCsv(
      (await cli(['response', '--rates', '2', '--n', '8', '--include-nyquist', '--csv'])).out,
    );
    nyq.rows.forEach((r, j) => {
      expect(r[0]).toBeCloseTo((Math.PI * j) / 7, 14);
    });
    const hz = parseCsv(
      (await cli(['response', '--rates', '2', '--n', '16', '--fs', '16000', '--csv'])).out,
    );
    // w in Hz: fs·j/(2n); the magnitude is that of ω = 2π·w/fs.
    hz.rows.forEach(([w, mag], j) => {
      expect(w).toBeCloseTo((16000 * j) / 32, 9);
      expect(mag).toBeCloseTo(dtftMagnitude(box3, (2 * Math.PI * w) / 16000, 2), 12);
    });
  });

  it('names the members of a parallel set as branches', async () => {
    const run = await cli([
      'response',
      '--rates',
      '1,3',
      '--mode',
      'parallel',
      '--n',
      '4',
      '--csv',
    ]);
    expect(parseCsv(run.out).header.slice(4)).toEqual(['magnitude_branch1', 'magnitude_branch2']);
  });
});

describe('dilation-lab response --json', () => {
  it('prints responseToJSON(response()) with w, magnitude, magnitudeDb, phase and members', async () => {
    const run = await cli([
      'response',
      '--kernel',
      'box:3',
      '--rates',
      '2,2,2',
      '--n',
      '32',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out);
    const net = shortFormNetwork({ kernel: 'box:3', rates: [2, 2, 2] });
    expect(out).toEqual(
      viaJson(responseToJSON(response(net, { n: 32, whole: false, includeNyquist: false }))),
    );
    for (const key of ['w', 'magnitude', 'magnitudeDb', 'phase', 'members'])
      expect(out).toHaveProperty(key);
    expect(out.members).toHaveLength(3);
    out.w.forEach((w: number, j: number) => {
      expect(out.magnitude[j]).toBeCloseTo(stackMagnitude([2, 2, 2], w), 12);
    });
  });

  it('gives the N×N grid of a 2-D network, matching a direct 2-D DTFT', async () => {
    const run = await cli([
      'response',
      '--kernel',
      'box:3x3',
      '--rates',
      '1,2',
      '--n',
      '8',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out);
    const net = shortFormNetwork({ kernel: 'box:3x3', rates: [1, 2] });
    expect(out).toEqual(viaJson(response2dToJSON(response2d(net, { n: 8 }))));
    const w9 = Array(9).fill(1 / 9);
    for (const [i, j] of [
      [0, 0],
      [3, 5],
      [7, 1],
    ]) {
      const wy = out.wy[i];
      const wx = out.wx[j];
      const a = dtft2(w9, [3, 3], wy, wx, [1, 1]);
      const b = dtft2(w9, [3, 3], wy, wx, [2, 2]);
      expect(out.magnitude[i * 8 + j]).toBeCloseTo(
        Math.hypot(a.re, a.im) * Math.hypot(b.re, b.im),
        12,
      );
    }
  });
});

describe('dilation-lab response (human output)', () => {
  it('summarises gain extremes and the exact nulls with multiplicity', async () => {
    const run = await cli(['response', '--kernel', 'box:3', '--rates', '2,2,2']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('512 points on [0, π)');
    expect(run.out).toMatch(/max \|H\|\s+1\.0000 \(0\.00 dB\) at ω = 0/);
    // Composite nulls: box:3 at d = 2 is null at π/3 and 2π/3, three layers each.
    expect(run.out).toContain('1.0472 (0.3333π) ×3, 2.0944 (0.6667π) ×3');
    expect(run.out).toContain('Sample of 9 rows');
  });

  it('summarises a 2-D response and points to --json for the grid', async () => {
    const run = await cli(['response', '--preset', 'hdc', '--n', '16']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('16×16 points');
    expect(run.out).toContain('box:3x3@5');
    expect(run.out).toContain('--json');
  });
});

describe('dilation-lab response rejects bad input', () => {
  it('refuses --json with --csv', async () => {
    expectBadInput(await cli(['response', '--rates', '1', '--json', '--csv']), '--json or --csv');
  });

  it('refuses 1-D options and a too large grid for a 2-D network', async () => {
    expectBadInput(
      await cli(['response', '--preset', 'hdc', '--csv']),
      '--csv applies to 1-D networks',
    );
    expectBadInput(await cli(['response', '--preset', 'hdc', '--whole']), '--whole');
    const n = String(LIMITS.maxN2d * 2);
    expectBadInput(
      await cli(['response', '--preset', 'hdc', '--n', n]),
      '--n',
      n,
      String(LIMITS.maxN2d),
    );
  });

  it('names a bad --fs and --rows', async () => {
    expectBadInput(await cli(['response', '--rates', '1', '--fs', '0']), '--fs', '0');
    expectBadInput(await cli(['response', '--rates', '1', '--fs', 'fast']), '--fs', 'fast');
    expectBadInput(await cli(['response', '--rates', '1', '--rows', '1']), '--rows', 'got 1');
  });
});
