/**
 * The feasible-schedule count (src/recommend/count.ts) against brute-force enumeration:
 * every non-decreasing tuple of rates, its tap set built as a set of sums (prefix
 * included), holes and the receptive field checked directly. Nothing here calls the
 * search or the counting code's helpers.
 */
import { describe, expect, it } from 'vitest';
import { countFeasibleStacks } from '../../src/recommend/count.ts';
import { recommend } from '../../src/recommend/index.ts';

interface Case {
  k: number;
  prefix: number[];
  minLayers: number;
  maxLayers: number;
  minRate: number;
  maxRate: number;
  rfMin: number;
  rfMax: number;
}

/** The tap set {Σ t_i·d_i : 0 ≤ t_i < k} of a rate list, as a Set. */
function tapSet(k: number, rates: number[]): Set<number> {
  let set = new Set([0]);
  for (const d of rates) {
    const next = new Set<number>();
    for (const o of set) for (let t = 0; t < k; t++) next.add(o + t * d);
    set = next;
  }
  return set;
}

function brute(c: Case): { feasible: number; partial: number } {
  let feasible = 0;
  let partial = 0;
  const rec = (chosen: number[], from: number) => {
    if (chosen.length > 0) {
      const all = [...c.prefix, ...chosen];
      const taps = tapSet(c.k, all);
      const rf = Math.max(...taps) + 1;
      const holes = rf - taps.size;
      // A partial schedule the search would still expand: no hole it cannot fill and RF ≤ max.
      if (holes === 0 && rf <= c.rfMax) partial++;
      if (chosen.length >= c.minLayers && holes === 0 && rf >= c.rfMin && rf <= c.rfMax) feasible++;
    }
    if (chosen.length === c.maxLayers) return;
    for (let d = from; d <= c.maxRate; d++) rec([...chosen, d], d);
  };
  rec([], c.minRate);
  return { feasible, partial };
}

const base: Case = {
  k: 3,
  prefix: [],
  minLayers: 1,
  maxLayers: 4,
  minRate: 1,
  maxRate: 9,
  rfMin: 1,
  rfMax: Number.POSITIVE_INFINITY,
};

describe('countFeasibleStacks equals brute-force enumeration', () => {
  it.each<[string, Partial<Case>]>([
    ['box:3, 1–4 layers, rates ≤ 9', {}],
    ['exactly 4 layers', { minLayers: 4 }],
    ['k = 2, 5 layers, rates ≤ 12', { k: 2, maxLayers: 5, minLayers: 5, maxRate: 12 }],
    ['k = 5, rates 2..11 (no rate 1: nothing covers)', { k: 5, minRate: 2, maxRate: 11 }],
    ['an RF window [20, 40]', { rfMin: 20, rfMax: 40 }],
    ['RF at least 30, no upper bound', { rfMin: 30 }],
    ['a prefix 1, 2 with rates from 3', { prefix: [1, 2], minRate: 3, maxRate: 14 }],
    ['k = 4, 3 layers, RF ≤ 25', { k: 4, maxLayers: 3, rfMax: 25 }],
    ['k = 1 (every rate covers)', { k: 1, maxRate: 5, maxLayers: 3 }],
  ])('%s', (_, over) => {
    const c = { ...base, ...over };
    const want = brute(c);
    const got = countFeasibleStacks(c);
    expect(got).not.toBeNull();
    expect(got!.feasible).toBe(want.feasible);
    expect(got!.partial).toBe(want.partial);
    expect(got!.exact).toBe(true);
  });

  it('refuses (null) a prefix whose tap set has holes, where coverage is no interval', () => {
    expect(countFeasibleStacks({ ...base, prefix: [2] })).toBeNull();
  });
});

describe('recommend reports the count and chooses the search from it', () => {
  it('the exhaustive search finds exactly the counted feasible schedules', () => {
    const r = recommend({
      kernel: 'box:3',
      layers: { min: 1, max: 4 },
      maxRate: 9,
      search: 'exhaustive',
    });
    expect(r.search.feasibleCount).toBe(brute(base).feasible);
    expect(r.search.feasible).toBe(r.search.feasibleCount);
    expect(r.search.strategy).toBe('exhaustive');
  });

  it('8 layers at rates ≤ 64 without an RF bound: counts at once and switches to beam', () => {
    const r = recommend({ kernel: 'box:3', layers: 8, maxRate: 64, beamWidth: 50 });
    expect(r.search.strategy).toBe('beam');
    expect(r.search.feasibleCount).toBeGreaterThan(1e6);
    expect(r.search.choice).toMatch(/beam/);
    expect(r.picks.length).toBeGreaterThan(0);
    for (const p of r.picks) expect(p.coverage.holes).toBe(0);
  });

  it('an explicit exhaustive search of a space past the node budget fails at once, with the count', () => {
    expect(() =>
      recommend({ kernel: 'box:3', layers: 8, maxRate: 64, search: 'exhaustive' }),
    ).toThrow(/feasible schedules/);
  });
});
