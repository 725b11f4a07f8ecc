import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compositeKernel, receptiveFieldOf } from '../../src/analysis/composite.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { recommend } from '../../src/recommend/index.ts';
import { stackCoverage } from '../../src/recommend/score.ts';
import type { RecommendOptions, StackScore } from '../../src/recommend/types.ts';
import type { FieldError } from '../../src/util/validate.ts';
import { type BaseNull, type BruteStackOptions, bruteRecommend, bruteScore } from './bruteForce.ts';

const boxNulls = (k: number): BaseNull[] =>
  Array.from({ length: k - 1 }, (_, j) => ({ theta: (2 * Math.PI * (j + 1)) / k, m: 1 }));

/** Checks a schedule independently: naive tap-set convolution for holes, the RF formula. */
function checkIndependently(kernel: string, s: StackScore) {
  const net = shortFormNetwork({ kernel, rates: s.rates });
  const paths = compositeKernel(net.root, net.dims, true);
  const zeros = paths.weights.filter((v) => v === 0).length;
  expect(zeros === 0).toBe(s.griddingFree);
  const rf = receptiveFieldOf(net.root, net.dims);
  const k =
    net.dims === 2 ? Math.round(Math.sqrt(s.parameters / s.layers)) : s.parameters / s.layers;
  const formula = 1 + (k - 1) * s.rates.reduce((a, d) => a + d, 0);
  expect(rf[0]).toBe(formula);
  expect(Array.isArray(s.receptiveField) ? s.receptiveField[0] : s.receptiveField).toBe(formula);
  expect(paths.shape[0]).toBe(formula);
}

interface Case {
  name: string;
  options: RecommendOptions;
  brute: BruteStackOptions;
  useMinGain: boolean;
}

const cases: Case[] = [
  {
    name: 'box:3, three layers, rates up to 8',
    options: { kernel: 3, layers: 3, maxRate: 8, top: 10 },
    brute: {
      kernel: 'box:3',
      baseNulls: boxNulls(3),
      minLayers: 3,
      maxLayers: 3,
      minRate: 1,
      maxRate: 8,
    },
    useMinGain: false,
  },
  {
    name: 'box:3, two or three layers with a receptive field about 20 ± 4',
    options: {
      kernel: 'box:3',
      layers: { min: 2, max: 3 },
      maxRate: 9,
      receptiveField: { about: 20, tolerance: 4 },
      top: 8,
    },
    brute: {
      kernel: 'box:3',
      baseNulls: boxNulls(3),
      minLayers: 2,
      maxLayers: 3,
      minRate: 1,
      maxRate: 9,
      rfMin: 16,
      rfMax: 24,
    },
    useMinGain: false,
  },
  {
    name: 'binomial:3 (a double null at π), three layers',
    options: { kernel: 'binomial:3', layers: 3, maxRate: 7, top: 6 },
    brute: {
      kernel: 'binomial:3',
      baseNulls: [{ theta: Math.PI, m: 2 }],
      minLayers: 3,
      maxLayers: 3,
      minRate: 1,
      maxRate: 7,
    },
    useMinGain: false,
  },
  {
    name: 'gaussian:5:1 (no exact null, so the minimum gain ranks), two or three layers',
    options: { kernel: 'gaussian:5:1', layers: { min: 2, max: 3 }, maxRate: 6, top: 6 },
    brute: {
      kernel: 'gaussian:5:1',
      baseNulls: [],
      minLayers: 2,
      maxLayers: 3,
      minRate: 1,
      maxRate: 6,
    },
    useMinGain: true,
  },
  {
    name: 'box:3 after a prefix with holes (rate 2), two layers',
    options: { kernel: 3, layers: 2, maxRate: 6, prefix: [2], top: 6 },
    brute: {
      kernel: 'box:3',
      baseNulls: boxNulls(3),
      minLayers: 2,
      maxLayers: 2,
      minRate: 1,
      maxRate: 6,
      prefix: [2],
    },
    useMinGain: false,
  },
  {
    name: 'box:2 (a null at π), four layers, rates 1..8, at least 10',
    options: { kernel: 2, layers: 4, maxRate: 8, receptiveField: { atLeast: 10 }, top: 6 },
    brute: {
      kernel: 'box:2',
      baseNulls: boxNulls(2),
      minLayers: 4,
      maxLayers: 4,
      minRate: 1,
      maxRate: 8,
      rfMin: 10,
    },
    useMinGain: false,
  },
  {
    name: 'box:3x3 (2-D), three layers',
    options: { kernel: 'box:3x3', layers: 3, maxRate: 6, top: 5 },
    brute: {
      kernel: 'box:3x3',
      baseNulls: boxNulls(3),
      minLayers: 3,
      maxLayers: 3,
      minRate: 1,
      maxRate: 6,
    },
    useMinGain: false,
  },
];

describe('recommend: the search equals a brute force on small spaces', () => {
  for (const c of cases) {
    it(`returns the brute force's answers in the same order for ${c.name}`, () => {
      const r = recommend(c.options);
      const brute = bruteRecommend(c.brute, c.useMinGain, c.options.top ?? 5);
      expect(brute.length).toBeGreaterThan(0);
      expect(r.picks.map((p) => p.rates)).toEqual(brute.map((b) => b.rates));
      r.picks.forEach((p, i) => {
        const b = brute[i];
        expect(p.deafFraction).toBe(b.deafFraction);
        expect(p.flatness).toBeCloseTo(b.flatness, 9);
        expect(Math.abs(p.minGainDb - b.minGainDb)).toBeLessThan(1e-6);
        expect(p.maxNullMultiplicity).toBe(b.maxNullMultiplicity);
        expect(p.sharedNulls.length).toBe(b.sharedNulls.length);
        p.sharedNulls.forEach((w, j) => {
          expect(Math.abs(w - b.sharedNulls[j])).toBeLessThan(1e-9);
        });
        checkIndependently(c.brute.kernel, p);
      });
      expect(r.search.exhaustive).toBe(true);
      expect(r.ranking.includes('minGainDb')).toBe(c.useMinGain);
    });
  }

  it('finds the same answers with the pruning rules turned off, and every candidate is accounted for', () => {
    for (const c of cases) {
      const a = recommend(c.options);
      const b = recommend({ ...c.options, pruning: false });
      expect(b.picks.map((p) => p.rates)).toEqual(a.picks.map((p) => p.rates));
      expect(b.search.feasible).toBe(a.search.feasible);
      const pruned = Object.values(a.search.pruned).reduce((s, v) => s + v, 0);
      expect(a.search.evaluated + pruned).toBe(a.search.space);
      expect(b.search.evaluated).toBe(b.search.space);
    }
  });

  it('counts the space as the number of rate multisets (17,550 for 4 layers from 24 rates)', () => {
    const r = recommend({ kernel: 3, layers: 4, maxRate: 24, pruning: false });
    // C(24 + 4 − 1, 4)
    expect(r.search.space).toBe((27 * 26 * 25 * 24) / 24);
    expect(r.search.evaluated).toBe(17550);
  });
});

describe('recommend: the example of the issue', () => {
  it('says, as data, which measure put each pick above the next and with which values', () => {
    const r = recommend({ kernel: 'box:3x3', layers: 4, receptiveField: { atLeast: 45 } });
    r.picks.forEach((p, i) => {
      const next = r.picks[i + 1];
      if (!next) {
        expect(p.comparison).toBeNull();
        return;
      }
      expect(p.comparison).not.toBeNull();
      const c = p.comparison!;
      expect([c.side, c.rank, c.key]).toEqual(['above', p.rank + 1, p.decidedBy]);
      if (c.key === 'maxNullMultiplicity') {
        expect(c.values).toEqual([`×${p.maxNullMultiplicity}`, `×${next.maxNullMultiplicity}`]);
      }
      expect(p.reason).toContain(`(${c.values[0]} vs ${c.values[1]})`);
    });
    // #1 (1,3,9,27: every offset reached once) beats #2 on the deepest null, ×1 against ×2.
    expect(r.picks[0].comparison?.key).toBe('maxNullMultiplicity');
    for (const ref of r.references) {
      expect(ref.comparison?.key ?? null).toBe(ref.versusTop);
      if (ref.comparison) expect(ref.comparison.rank).toBe(1);
    }
  });

  it('gives gridding-free schedules with RF ≥ 45 for 4 layers of 3×3 kernels', () => {
    const r = recommend({ kernel: 'box:3x3', layers: 4, receptiveField: { atLeast: 45 } });
    expect(r.picks.length).toBe(5);
    for (const p of r.picks) {
      expect(p.griddingFree).toBe(true);
      const rf = p.receptiveField as [number, number];
      expect(rf[0]).toBeGreaterThanOrEqual(45);
      expect(rf[1]).toBe(rf[0]);
      checkIndependently('box:3x3', p);
      expect(p.reason).toMatch(/gridding-free, RF \d+×\d+/);
    }
    // The 2-D tap set is checked in full, too.
    const net = shortFormNetwork({ kernel: 'box:3x3', rates: r.picks[0].rates });
    const paths = compositeKernel(net.root, 2, true);
    expect(paths.weights.every((v) => v > 0)).toBe(true);
    // Decisions name the measure, and the numbers match a direct scoring.
    for (let i = 0; i + 1 < r.picks.length; i++) expect(r.picks[i].decidedBy).not.toBeNull();
    const b = bruteScore(
      {
        kernel: 'box:3x3',
        baseNulls: boxNulls(3),
        minLayers: 4,
        maxLayers: 4,
        minRate: 1,
        maxRate: 64,
      },
      r.picks[0].rates,
    );
    expect(r.picks[0].deafFraction).toBe(b.deafFraction);
    expect(r.picks[0].flatness).toBeCloseTo(b.flatness, 9);
  });

  it('places HDC and powers of two next to the picks, with the constraints they fail', () => {
    const r = recommend({
      kernel: 'box:3x3',
      layers: 4,
      receptiveField: { atLeast: 45 },
      references: ['hdc', [1, 2, 4, 8]],
    });
    const names = r.references.map((x) => x.name);
    expect(names[0]).toBe('HDC 1,2,5 (4 layers)');
    expect(r.references[0].rates).toEqual([1, 2, 5, 1]);
    expect(r.references[1].rates).toEqual([1, 2, 4, 8]);
    expect(r.references[2].rates).toEqual([1, 2, 5]);
    // 1 + 2·(1+2+5+1) = 19 and 1 + 2·15 = 31: both below 45.
    expect(r.references[0].violations).toContain('receptive field 19 < 45');
    expect(r.references[1].violations).toContain('receptive field 31 < 45');
    expect(r.references[2].violations.join(' ')).toMatch(/3 layers, outside 4/);
    for (const ref of r.references) {
      checkIndependently('box:3x3', ref);
      expect(ref.reference).toBe(true);
      expect(ref.versusTop).not.toBeNull();
    }
    // A reference with holes says so: rates 2,4 leave odd offsets uncovered.
    const h = recommend({ kernel: 3, layers: 2, maxRate: 8, references: [[2, 4]] });
    const holey = h.references.find((x) => x.name === 'rates 2,4')!;
    expect(holey.griddingFree).toBe(false);
    expect(holey.violations[0]).toMatch(/not gridding-free: \d+ of 13 offsets/);
  });
});

describe('recommend: exact coverage', () => {
  it('agrees with the naive tap-set convolution and with the interval rule for sorted rates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
        (k, raw) => {
          const rates = [...raw].sort((a, b) => a - b);
          const cov = stackCoverage(k, rates);
          const net = shortFormNetwork({ kernel: `box:${k}`, rates });
          const paths = compositeKernel(net.root, 1, true);
          expect(cov.holes).toBe(paths.weights.filter((v) => v === 0).length);
          // d_1 = 1 and d_{i+1} ≤ 1 + (k−1)·Σ_{j≤i} d_j  ⇔  gridding-free
          let rf = 1;
          let ok = true;
          for (const d of rates) {
            if (d > rf) ok = false;
            rf += (k - 1) * d;
          }
          expect(cov.holes === 0).toBe(ok);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('recommend: the border limit', () => {
  it('keeps (k−1)·d < S for every chosen rate and reports the cap', () => {
    const r = recommend({ kernel: 'box:3x3', layers: 3, mapSize: 17, maxRate: 32 });
    expect(r.constraints.borderRateCap).toBe(8); // 2·8 = 16 < 17, 2·9 = 18 ≥ 17
    for (const p of r.picks) {
      expect(Math.max(...p.rates)).toBeLessThanOrEqual(8);
      // direct count: positions whose 3 taps (p−d, p, p+d) all lie in [0, 17)
      for (const d of p.rates) {
        let inside = 0;
        for (let q = 0; q < 17; q++) if (q - d >= 0 && q + d < 17) inside++;
        expect(inside).toBeGreaterThan(0);
      }
      expect(p.border!.minAllTapsFraction).toBeGreaterThan(0);
    }
  });

  it('applies a stated threshold on allTapsFraction', () => {
    const r = recommend({
      kernel: 3,
      layers: 2,
      mapSize: 20,
      minAllTapsFraction: 0.5,
      maxRate: 20,
    });
    // (20 − 2d)/20 > 0.5 ⇔ d < 5
    expect(r.constraints.borderRateCap).toBe(4);
  });
});

describe('recommend: bad inputs get clear messages', () => {
  const field = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      return `${(e as FieldError).field}: ${(e as Error).message}`;
    }
    throw new Error('did not throw');
  };

  it('names a maxRate too small for the receptive field, with the rate needed', () => {
    const m = field(() =>
      recommend({ kernel: 3, layers: 3, maxRate: 4, receptiveField: { atLeast: 27 } }),
    );
    // 1 + 2·(3·4) = 25 < 27; Σd ≥ 13 needs a rate ≥ 13/3, so 5. (3^3 = 27 is within the
    // gridding-free bound, so the rate limit is what binds.)
    expect(m).toMatch(
      /^receptiveField: receptiveField asks for at least 27, but 3 layers of 3 taps at rates ≤ 4 reach at most 25/,
    );
    expect(m).toMatch(/raise maxRate to ≥ 5/);
  });

  it('names a receptive field no gridding-free stack can reach (k^L)', () => {
    const m = field(() =>
      recommend({ kernel: 3, layers: 3, maxRate: 64, receptiveField: { atLeast: 30 } }),
    );
    expect(m).toMatch(/covers at most 1·3\^3 = 27 offsets/);
  });

  it('names the gridding-free bound first when raising maxRate would not help either', () => {
    // 2 layers of 3 taps: rates ≤ 8 reach 33, and no gridding-free pair covers more than 9.
    const m = field(() =>
      recommend({ kernel: 3, layers: 2, maxRate: 8, receptiveField: { atLeast: 1000 } }),
    );
    expect(m).toMatch(/covers at most 1·3\^2 = 9 offsets/);
    expect(m).not.toMatch(/raise maxRate/);
  });

  it('names a map too small for any rate', () => {
    expect(field(() => recommend({ kernel: 'box:3x3', layers: 2, mapSize: 2 }))).toMatch(
      /^mapSize: /,
    );
  });

  it('rejects bad layer counts, kernels and options by field', () => {
    expect(field(() => recommend({ kernel: 3, layers: 0 }))).toMatch(/^layers: layers must be/);
    expect(field(() => recommend({ kernel: 'box:3x5', layers: 2 }))).toMatch(
      /^kernel: kernel must be square/,
    );
    expect(field(() => recommend({ kernel: 3, layers: { min: 3, max: 2 } }))).toMatch(
      /^layers.max/,
    );
    expect(field(() => recommend({ kernel: 3, layers: 2, grid: 100 }))).toMatch(
      /^grid: grid must be a power of two/,
    );
    expect(field(() => recommend({ kernel: 3, layers: 2, minRate: 9, maxRate: 4 }))).toMatch(
      /^minRate/,
    );
    expect(field(() => recommend({ kernel: 3, layers: 2, prefix: [1, 0] }))).toMatch(
      /^prefix\[1\]/,
    );
    expect(() => recommend({ kernel: 3, layers: 2, budget: { maxMs: 10 } })).toThrow(
      /budget.now must be a clock function/,
    );
    expect(
      field(() =>
        recommend({ kernel: 3, layers: 2, receptiveField: { atLeast: 5, about: 9 } as never }),
      ),
    ).toMatch(/not both/);
  });

  it('throws with advice when the space is too large for the budget', () => {
    const m = field(() =>
      recommend({
        kernel: 3,
        layers: 6,
        maxRate: 32,
        pruning: false,
        budget: { maxCandidates: 10_000 },
      }),
    );
    expect(m).toMatch(
      /^budget.maxCandidates: .*10000 search nodes were not enough for a space of 2.32e\+6 schedules/,
    );
    expect(m).toMatch(/narrow the search/);
  });

  it('stops on a time budget measured with the injected clock', () => {
    let t = 0;
    const now = () => (t += 1);
    const m = field(() =>
      recommend({ kernel: 3, layers: 6, maxRate: 32, pruning: false, budget: { maxMs: 5, now } }),
    );
    expect(m).toMatch(/^budget.maxMs: .*did not finish within 5 ms/);
  });

  it('explains an infeasible search and gives the closest candidates', () => {
    // RF = 1 + 2·Σd is odd: a window {12} cannot be met.
    const r = recommend({
      kernel: 3,
      layers: 3,
      maxRate: 8,
      receptiveField: { about: 12, tolerance: 0 },
    });
    expect(r.picks).toEqual([]);
    expect(r.reason).toMatch(/no gridding-free schedule has a receptive field 12\.\.12/);
    expect(r.closest!.length).toBeGreaterThan(0);
    for (const c of r.closest!) {
      expect(c.griddingFree).toBe(true);
      expect([11, 13]).toContain(c.coverage.size);
      checkIndependently('box:3', c);
    }
  });

  it('explains that without rate 1 nothing is gridding-free', () => {
    const r = recommend({ kernel: 3, layers: 3, minRate: 2, maxRate: 8 });
    expect(r.picks).toEqual([]);
    expect(r.reason).toMatch(
      /no schedule within the limits is gridding-free .*offset 1 needs a rate 1/,
    );
  });
});

describe('recommend: cancellation and progress', () => {
  it('stops when the signal is aborted', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => recommend({ kernel: 3, layers: 6, maxRate: 32, signal: ac.signal })).toThrow(
      /abort/i,
    );
  });

  it('stops mid-search when aborted from the progress callback, after reporting progress', () => {
    const ac = new AbortController();
    const seen: [number, number][] = [];
    expect(() =>
      recommend({
        kernel: 3,
        layers: 6,
        maxRate: 32,
        pruning: false,
        signal: ac.signal,
        onProgress: (done, total) => {
          seen.push([done, total]);
          if (seen.length === 3) ac.abort(new Error('stopped by the user'));
        },
      }),
    ).toThrow('stopped by the user');
    expect(seen.length).toBe(3);
    expect(seen[2][0]).toBeGreaterThan(seen[0][0]);
    expect(seen[2][0]).toBeLessThan(seen[2][1]);
  });

  it('reports done = total at the end', () => {
    let last: [number, number] = [0, 0];
    recommend({ kernel: 3, layers: 3, maxRate: 10, onProgress: (d, t) => (last = [d, t]) });
    expect(last[0]).toBe(last[1]);
  });
});

describe('recommend: beam search', () => {
  it('names itself, is not exhaustive, and returns valid gridding-free schedules', () => {
    const r = recommend({
      kernel: 3,
      layers: 4,
      maxRate: 16,
      receptiveField: { atLeast: 30 },
      search: 'beam',
      beamWidth: 50,
    });
    expect(r.search.strategy).toBe('beam');
    expect(r.search.exhaustive).toBe(false);
    expect(r.search.method).toMatch(/beam search of width 50/);
    expect(r.picks.length).toBeGreaterThan(0);
    for (const p of r.picks) {
      checkIndependently('box:3', p);
      expect(p.griddingFree).toBe(true);
      expect(p.coverage.size).toBeGreaterThanOrEqual(30);
    }
  });

  it('finds the exhaustive answers when the beam is wide enough to hold the whole space', () => {
    const a = recommend({ kernel: 3, layers: 3, maxRate: 8 });
    const b = recommend({ kernel: 3, layers: 3, maxRate: 8, search: 'beam', beamWidth: 10_000 });
    expect(b.picks.map((p) => p.rates)).toEqual(a.picks.map((p) => p.rates));
  });
});
