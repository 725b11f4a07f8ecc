import { describe, expect, it } from 'vitest';
import { recommendParallel } from '../../src/recommend/index.ts';
import { dtftMagnitude } from '../../src/response/dtft.ts';

const box3 = [1 / 3, 1 / 3, 1 / 3];

/** Nulls of box:3 at rate r in [0, π]: r·ω ≡ ±2π/3 (mod 2π). */
function box3Nulls(r: number): number[] {
  const out: number[] = [];
  for (let t = 0; t <= r; t++)
    for (const th of [(2 * Math.PI) / 3, (4 * Math.PI) / 3]) {
      const w = (th + 2 * Math.PI * t) / r;
      if (w <= Math.PI) out.push(w);
    }
  return out;
}

/** Direct count of the 1-D positions whose taps p + (n − 1)·r, n = 0..2, lie in [0, S). */
function axisCounts(r: number, S: number) {
  let all = 0;
  let total = 0;
  for (let p = 0; p < S; p++) {
    let c = 0;
    for (let n = 0; n < 3; n++) {
      const x = p + (n - 1) * r;
      if (x >= 0 && x < S) c++;
    }
    if (c === 3) all++;
    total += c;
  }
  return { all: all / S, mean: total / (3 * S) };
}

/** A slow scorer of a rate set with box:3x3 (cut box:3), keys in the documented order. */
function slowKeys(rates: number[], S: number, G = 256) {
  const env = new Float64Array(G).fill(Number.NEGATIVE_INFINITY);
  for (let j = 0; j < G; j++) {
    const w = (Math.PI * (j + 0.5)) / G;
    for (const r of rates) {
      const m = dtftMagnitude(box3, w * r);
      env[j] = Math.max(env[j], Math.log10(Math.max(m * m, 1e-30)));
    }
  }
  const max = Math.max(...env);
  const min = Math.min(...env);
  let deaf = 0;
  for (const v of env) if (v - max < -2) deaf++;
  let shared = 0;
  for (const w of box3Nulls(rates[0]))
    if (rates.every((r) => dtftMagnitude(box3, w * r) < 1e-9)) shared++;
  const pts = [0, ...rates.map((r) => Math.log(Math.min(2 * r + 1, S))), Math.log(S)];
  let sq = 0;
  for (let i = 1; i < pts.length; i++) sq += (pts[i] - pts[i - 1]) ** 2;
  const gap = Math.sqrt(sq / (pts.length - 1)) / Math.log(S);
  const meanValid = Math.min(...rates.map((r) => axisCounts(r, S).mean ** 2));
  return { rates, shared, gapQ: Math.round(100 * gap), deaf, meanValid, minGain: 10 * (min - max) };
}

describe('recommendParallel', () => {
  it('returns rate sets whose branches share no null, checked by direct DTFT', () => {
    const r = recommendParallel({ branches: 3, mapSize: 33, top: 5 });
    expect(r.picks.length).toBe(5);
    for (const p of r.picks) {
      expect(p.sharedNulls).toEqual([]);
      for (const w of box3Nulls(p.rates[0])) {
        const passing = p.rates.some((d) => dtftMagnitude(box3, w * d) > 1e-6);
        expect(passing).toBe(true);
      }
      for (const b of p.branches) {
        const c = axisCounts(b.rate, 33);
        expect(b.allTapsFraction).toBeCloseTo(c.all ** 2, 12);
        expect(b.meanValidFraction).toBeCloseTo(c.mean ** 2, 12);
        expect(b.allTapsFraction).toBeGreaterThan(0);
      }
    }
  });

  it('ranks like a brute force over every set of 3 rates from 1..10 on a 21-map', () => {
    const r = recommendParallel({ branches: 3, mapSize: 21, top: 6 });
    expect(r.constraints.borderRateCap).toBe(10); // 2·10 = 20 < 21
    const all: ReturnType<typeof slowKeys>[] = [];
    for (let a = 1; a <= 10; a++)
      for (let b = a + 1; b <= 10; b++)
        for (let c = b + 1; c <= 10; c++) all.push(slowKeys([a, b, c], 21));
    const ok = all.filter((x) => x.shared === 0);
    ok.sort(
      (x, y) =>
        x.gapQ - y.gapQ ||
        x.deaf - y.deaf ||
        (Math.abs(x.meanValid - y.meanValid) > 1e-9 ? y.meanValid - x.meanValid : 0) ||
        (Math.abs(x.minGain - y.minGain) > 1e-6 ? y.minGain - x.minGain : 0) ||
        x.rates[0] - y.rates[0] ||
        x.rates[1] - y.rates[1] ||
        x.rates[2] - y.rates[2],
    );
    expect(r.picks.map((p) => p.rates)).toEqual(ok.slice(0, 6).map((x) => x.rates));
    expect(r.search.space).toBe(120);
    expect(r.search.feasible).toBe(ok.length);
  });

  it("places DeepLab's (6,12,18) at output stride 16 and (12,24,36) at output stride 8 beside the picks", () => {
    const r = recommendParallel({ branches: 3, mapSize: 33, outputStride: 16 });
    const [os16, os8] = r.references;
    expect(os16.rates).toEqual([6, 12, 18]);
    expect(os16.mapSize).toBe(33);
    expect(os8.rates).toEqual([12, 24, 36]);
    expect(os8.mapSize).toBe(65); // (33 − 1)·16/8 + 1
    // Rate 18 on 33: 2·18 = 36 ≥ 33, so no position keeps all 9 taps.
    expect(os16.branches[2].allTapsFraction).toBe(0);
    expect(os16.violations.join(' ')).toMatch(
      /rate 18 fails the border limit on its 33-map \(largest usable rate 16\)/,
    );
    expect(os8.violations.join(' ')).toMatch(/rate 36 fails the border limit on its 65-map/);
    // (6, 12, 18) share no null: checked directly on the nulls of rate 6.
    for (const w of box3Nulls(6))
      expect([6, 12, 18].some((d) => dtftMagnitude(box3, w * d) > 1e-6)).toBe(true);
    expect(os16.sharedNulls).toEqual([]);
    const c = axisCounts(12, 33);
    expect(os16.branches[1].meanValidFraction).toBeCloseTo(c.mean ** 2, 12);
    expect(os16.reason).toMatch(/below #1 on scaleGap/);
  });

  it('reports no pick, with the reason and the closest sets, when every set shares a null', () => {
    // One box:3 branch always has its own nulls, which are then "shared" by the whole set.
    const r = recommendParallel({ branches: 1, mapSize: 33 });
    expect(r.picks).toEqual([]);
    expect(r.reason).toMatch(/every one of the 16 sets of 1 rates from 1\.\.16 has a shared null/);
    expect(r.closest!.length).toBe(3);
  });

  it('rejects a map with fewer usable rates than branches, and even kernels, by field', () => {
    expect(() => recommendParallel({ branches: 5, mapSize: 9 })).toThrow(
      /^mapSize leaves 4 usable rates/,
    );
    expect(() => recommendParallel({ branches: 3, mapSize: 33, kernel: 'box:2x2' })).toThrow(
      /^kernel must have an odd size/,
    );
    expect(() => recommendParallel({ branches: 0, mapSize: 33 })).toThrow(/^branches must be/);
  });

  it('stops when the signal is aborted', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => recommendParallel({ branches: 4, mapSize: 129, signal: ac.signal })).toThrow(
      /abort/i,
    );
  });
});
