import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/network/index.ts';
import { recommend } from '../../src/recommend/index.ts';
import { MAX_NULL_ENTRIES } from '../../src/recommend/options.ts';

// Issue 8 items 2 and 9: the reference schedules sized the search tables (powers of two
// 2^(layers−1) whatever maxRate said), so small searches allocated gigabytes or failed with
// messages about rates nobody asked for.
const few = { maxCandidates: 200_000 };

describe('recommend tables are bounded by the request’s own limits', () => {
  it('layers 18, maxRate 2, grid 4096 fits in 2 MB of tables (it took 4.4 GB)', () => {
    const r = recommend({
      kernel: 'weights:1,0.5',
      layers: 18,
      maxRate: 2,
      grid: 4096,
      budget: { maxBytes: 2 * 2 ** 20 },
    });
    expect(r.picks.length).toBeGreaterThan(0);
    expect(Math.max(...r.picks[0].rates)).toBeLessThanOrEqual(2);
    // 2^17 is above the lab's rate limit: that reference is left out, not allowed to fail it
    expect(r.references.map((x) => x.name)).toEqual(['HDC 1,2,5 (18 layers)']);
  });

  it.each([12, 13])(
    'box:3 with %i layers at maxRate 8 is searched (it failed on "maxRate 2048")',
    (layers) => {
      const r = recommend({ kernel: 'box:3', layers, maxRate: 8, budget: few, top: 1 });
      expect(r.constraints.maxRate).toBe(8);
      const names = r.references.map((x) => x.name);
      expect(names.some((n) => n.startsWith('powers of two'))).toBe(
        2 ** (layers - 1) <= LIMITS.maxRate,
      );
    },
  );

  it('layers 1-64 never mentions a rate of 2^63', () => {
    let message = '';
    try {
      recommend({ kernel: 'box:3', layers: { min: 1, max: 64 }, maxRate: 2, budget: few, top: 1 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toMatch(/9223372036854776000|e\+18/);
  });

  it('64 layers of a null-free kernel is not an "Invalid typed array length"', () => {
    const r = recommend({ kernel: 'weights:1,0.5', layers: 64, maxRate: 2, budget: few, top: 1 });
    expect(r.picks.length).toBeGreaterThan(0);
    expect(r.picks[0].layers).toBe(64);
  });

  it('too many exact nulls names maxRate and the largest that fits, which then works', () => {
    // box:3 has one null pair at ±2π/3: rate d has d nulls in (0, π]... R(R+1)/2 in all
    let fit = 0;
    while (((fit + 1) * (fit + 2)) / 2 <= MAX_NULL_ENTRIES) fit++;
    expect(() => recommend({ kernel: 'box:3', layers: 2, maxRate: 4096, budget: few })).toThrow(
      expect.objectContaining({
        field: 'maxRate',
        message: expect.stringContaining(`lower maxRate to ≤ ${fit}`),
      }),
    );
    expect(() => recommend({ kernel: 'box:3', layers: 2, maxRate: fit + 1, budget: few })).toThrow(
      expect.objectContaining({ field: 'maxRate' }),
    );
    const ok = recommend({ kernel: 'box:3', layers: 1, maxRate: fit, budget: few, top: 1 });
    expect(ok.constraints.maxRate).toBe(fit);
  });

  it('a search over its memory budget is refused before allocating, with advice that works', () => {
    const opts = { kernel: 'weights:1,0.5', layers: 2, grid: 1024 } as const;
    const maxBytes = 4 * 2 ** 20;
    let advice = 0;
    try {
      recommend({ ...opts, maxRate: 4096, budget: { ...few, maxBytes } });
    } catch (e) {
      expect((e as { field?: string }).field).toBe('maxRate');
      const m = /maxRate ≤ (\d+)/.exec((e as Error).message);
      expect(m).not.toBeNull();
      advice = Number(m![1]);
      expect((e as Error).message).toMatch(/above the limit of 4 MB/);
    }
    expect(advice).toBeGreaterThan(1);
    // at the advised rate the memory check passes (the node budget may still stop it)
    const at = () => recommend({ ...opts, maxRate: advice, budget: { ...few, maxBytes }, top: 1 });
    expect(at).not.toThrow(expect.objectContaining({ field: 'maxRate' }));
    expect(() =>
      recommend({ ...opts, maxRate: advice + 1, budget: { ...few, maxBytes }, top: 1 }),
    ).toThrow(expect.objectContaining({ field: 'maxRate' }));
  });
});
