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

describe("the page's summary past the listed maximum", () => {
  const rows = (rates: number[]) =>
    summaryRows(analyze(shortFormNetwork({ kernel: 'box:3', rates })), {
      units: 'rad',
      fs: undefined,
    } as never);
  const row = (rs: ReturnType<typeof rows>, key: string) => {
    const r = rs.find((x) => x.key === key);
    if (!r) throw new Error(`no ${key} row`);
    return r;
  };

  it('counts every shared null of box:3 at 2048, 2048, not the 1024 listed', () => {
    // Closed form: box:3 is null where dω ≡ ±2π/3 (mod 2π), so in [0, π] at ω = 2πn/(3d) for
    // 1 ≤ n ≤ 1.5d with 3 ∤ n: 3072 − 1024 = 2048 frequencies at d = 2048.
    const a = analyze(shortFormNetwork({ kernel: 'box:3', rates: [2048, 2048] }));
    expect(a.nulls.truncated).toBe(true);
    expect(a.nulls.shared.length).toBeLessThan(2048);
    expect(row(rows([2048, 2048]), 'shared-nulls').value).toContain('… (2048)');
  });

  it('gives the deaf share of the full band list: the same at rates 2048, 2048 as at 1, 1', () => {
    // |H(dω)| on [0, π] is d/2 periods of |H| on [0, 2π), which for a real kernel is |H| on
    // [0, π] mirrored: the share of [0, π] below the threshold does not depend on an even d.
    const share = (rates: number[]) => Number.parseFloat(row(rows(rates), 'deaf').value);
    expect(share([1, 1])).toBeGreaterThan(0);
    expect(Math.abs(share([2048, 2048]) - share([1, 1]))).toBeLessThanOrEqual(0.2);
  });
});
