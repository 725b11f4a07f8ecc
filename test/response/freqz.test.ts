import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dilatedResponse, freqz } from '../../src/response/index.ts';
import { relativeError } from './helpers.ts';

interface Case {
  kernel: string;
  worN: number | number[];
  whole: boolean;
  fs: number | null;
  includeNyquist: boolean;
  w: number[];
  re: number[];
  im: number[];
}
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/response/freqz.json', import.meta.url), 'utf8'),
) as { kernels: Record<string, number[]>; cases: Case[] };

function describeCase(c: Case): string {
  const worN = Array.isArray(c.worN) ? `[${c.worN.length} frequencies]` : c.worN;
  return `${c.kernel}, worN ${worN}, whole ${c.whole}, fs ${c.fs ?? '2π'}, includeNyquist ${c.includeNyquist}`;
}

describe('freqz agrees with scipy.signal.freqz', () => {
  it.each(fixtures.cases.map((c) => [describeCase(c), c] as const))('for %s', (_name, c) => {
    const got = freqz(fixtures.kernels[c.kernel], {
      worN: c.worN,
      whole: c.whole,
      includeNyquist: c.includeNyquist,
      ...(c.fs === null ? {} : { fs: c.fs }),
    });
    expect(got.w.length).toBe(c.w.length);
    const wScale = Math.max(1, ...c.w.map(Math.abs));
    for (let j = 0; j < c.w.length; j++)
      expect(Math.abs(got.w[j] - c.w[j])).toBeLessThan(1e-12 * wScale);
    expect(relativeError(got, c)).toBeLessThan(1e-9);
  });
});

describe('dilatedResponse', () => {
  it('equals scipy.signal.freqz of the zero-stuffed kernel', () => {
    // box3_d4 is box:3 dilated by 4 with its zeros written out.
    const stuffed = fixtures.cases.filter((c) => c.kernel === 'box3_d4' && !Array.isArray(c.worN));
    expect(stuffed.length).toBeGreaterThan(4);
    for (const c of stuffed) {
      const got = dilatedResponse([1 / 3, 1 / 3, 1 / 3], 4, {
        worN: c.worN as number,
        whole: c.whole,
        includeNyquist: c.includeNyquist,
      });
      expect(relativeError(got, c)).toBeLessThan(1e-9);
    }
  });

  it('names the dilation when it is not a positive integer', () => {
    expect(() => dilatedResponse([1, 1], 0)).toThrow('dilation must be a positive integer');
  });
});

describe('freqz input checks', () => {
  it('names worN, fs, whole and the weights with their values', () => {
    expect(() => freqz([1, 2], { worN: -1 })).toThrow(
      'worN must be an integer from 0 to 1048576, got -1',
    );
    expect(() => freqz([1, 2], { worN: 2 ** 21 })).toThrow(/^worN must be .* got 2097152$/);
    expect(() => freqz([1, 2], { fs: 0 })).toThrow('fs must be a finite number > 0, got 0');
    expect(() => freqz([1, 2], { whole: 'yes' as unknown as boolean })).toThrow(
      'whole must be true or false, got "yes"',
    );
    expect(() => freqz([1, Number.NaN])).toThrow('weights[1] must be a finite number, got NaN');
    expect(() => freqz([])).toThrow('weights must have at least one weight, got []');
    expect(() => freqz([1], { worN: [0, Number.POSITIVE_INFINITY] })).toThrow(
      'worN[1] must be a finite number, got Infinity',
    );
  });

  it('returns empty arrays for worN = 0, as scipy does', () => {
    const r = freqz([1, 2, 3], { worN: 0 });
    expect([r.w.length, r.re.length, r.im.length]).toEqual([0, 0, 0]);
  });
});

describe('result arrays', () => {
  it('belong to their own call, even when small results share one allocation', () => {
    const a = dilatedResponse([1, 2], 3, { worN: 8 });
    const b = dilatedResponse([1, 2], 3, { worN: 8 });
    const c = freqz([1, 2, 0, 0, 0, 0, 0], { worN: 8 });
    a.re.fill(99);
    a.w.fill(99);
    expect(b.re[0]).toBe(3);
    expect(c.re[0]).toBe(3);
    expect(b.w[1]).toBeCloseTo(Math.PI / 8, 15);
    expect([a.w.length, a.re.length, a.im.length]).toEqual([8, 8, 8]);
  });
});
