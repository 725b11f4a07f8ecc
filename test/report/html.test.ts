import { describe, expect, it } from 'vitest';
import { ArrayPool, POOL_DIGITS } from '../../src/report/html.ts';

describe('the shared pool of number lists in index.html', () => {
  const grid = Array.from({ length: 64 }, (_, i) => (Math.PI * i) / 64);

  it('keeps a list that several traces share once, and each different list once', () => {
    const pool = new ArrayPool();
    const a = pool.compact({ x: grid, y: grid.map(Math.sin), name: 'a' }) as Record<
      string,
      unknown
    >;
    const b = pool.compact({ x: [...grid], y: grid.map(Math.cos), name: 'b' }) as Record<
      string,
      unknown
    >;
    expect(a.x).toEqual({ $a: 0 });
    expect(b.x).toEqual({ $a: 0 });
    expect(a.y).toEqual({ $a: 1 });
    expect(b.y).toEqual({ $a: 2 });
    expect(a.name).toBe('a');
    expect(pool.lists).toHaveLength(3);
  });

  it(`rounds to ${POOL_DIGITS} significant digits and keeps gaps as null`, () => {
    const pool = new ArrayPool();
    const list = [...grid.slice(0, 20), Number.NaN, null, Number.NEGATIVE_INFINITY];
    pool.compact(list);
    const kept = pool.lists[0];
    expect(kept).toHaveLength(list.length);
    grid.slice(0, 20).forEach((v, i) => {
      expect(Math.abs(kept[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 1e-6);
    });
    expect(kept.slice(20)).toEqual([null, null, null]);
  });

  it('leaves short lists, strings and the rows of a heatmap as they are or pooled by row', () => {
    const pool = new ArrayPool();
    const z = [grid, grid.map((v) => -v)];
    const out = pool.compact({ z, ticks: [0, 1, 2], text: ['a', 'b'] }) as Record<string, unknown>;
    expect(out.z).toEqual([{ $a: 0 }, { $a: 1 }]);
    expect(out.ticks).toEqual([0, 1, 2]);
    expect(out.text).toEqual(['a', 'b']);
  });
});
