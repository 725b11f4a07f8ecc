import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { summaryRows } from '../../web/src/summary.ts';

const hdcRow = (rates: number[]) => {
  const a = analyze(shortFormNetwork({ kernel: 'box:3', rates }));
  const row = summaryRows(a, { units: 'rad', fs: undefined } as never).find((r) => r.key === 'hdc');
  if (!row) throw new Error('no HDC row');
  return row;
};

describe("the page's HDC row", () => {
  it.each([
    { rates: [2, 2, 2], verdict: 'violated: rates not coprime', bad: true },
    { rates: [1, 2, 5], verdict: 'satisfied', bad: false },
    { rates: [2, 4, 6], verdict: 'violated: rates not coprime', bad: true },
  ])('calls the rates $rates "$verdict" beside the M₂ ≤ K rule', ({ rates, verdict, bad }) => {
    const row = hdcRow(rates);
    expect(row.value.startsWith(verdict)).toBe(true);
    expect(row.value).toMatch(/M₂ = \d+ [≤>] K = 3/);
    expect(row.tone === 'bad').toBe(bad);
  });
});
