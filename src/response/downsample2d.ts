import type { NetworkResponse2d } from './response2d.ts';

/** How the cells of a block are pooled: the largest value (peaks kept) or the smallest (nulls kept). */
export type Pool2d = 'max' | 'min';

/**
 * Pools an n×n row-major grid into s×s blocks of f×f cells, f = n/s (s must divide n):
 * out[by·s + bx] = max (or min) over 0 ≤ i, j < f of grid[(by·f + i)·n + bx·f + j].
 * Because 20·log10 is increasing, pooling |H| and pooling its dB pick the same cell, so the
 * pooled dB is the dB of the pooled |H| (both floors alike).
 */
export function poolGrid(
  grid: ArrayLike<number>,
  n: number,
  s: number,
  pool: Pool2d = 'max',
): Float64Array {
  if (!(Number.isInteger(s) && s >= 1 && n % s === 0))
    throw new RangeError(`pool side ${s} must be a whole divisor of the grid side ${n}`);
  const f = n / s;
  const out = new Float64Array(s * s).fill(
    pool === 'max' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
  );
  for (let y = 0; y < n; y++) {
    const row = ((y / f) | 0) * s;
    const base = y * n;
    for (let bx = 0; bx < s; bx++) {
      let v = out[row + bx];
      const from = base + bx * f;
      if (pool === 'max') {
        for (let j = 0; j < f; j++) if (grid[from + j] > v) v = grid[from + j];
      } else {
        for (let j = 0; j < f; j++) if (grid[from + j] < v) v = grid[from + j];
      }
      out[row + bx] = v;
    }
  }
  return out;
}

/** The centre of each block of f = n/s consecutive axis values: their mean (rad/sample). */
export function poolAxis(axis: ArrayLike<number>, s: number): Float64Array {
  const n = axis.length;
  if (!(Number.isInteger(s) && s >= 1 && n % s === 0))
    throw new RangeError(`pool side ${s} must be a whole divisor of the axis length ${n}`);
  const f = n / s;
  const out = new Float64Array(s);
  for (let b = 0; b < s; b++) {
    let sum = 0;
    for (let j = 0; j < f; j++) sum += axis[b * f + j];
    out[b] = sum / f;
  }
  return out;
}

/**
 * A 2-D response brought down to at most `size`×`size` cells, the size of the figure that
 * shows it: when n > size (both powers of two), every grid — |H|, its dB, each member's,
 * the envelope — is pooled over blocks of (n/size)² cells (`poolGrid`: the loudest cell of
 * each block with 'max', the deepest with 'min'), and each axis holds its blocks' centres
 * (`poolAxis`: ω = 2π(b·f + (f−1)/2 − n/2)/n for block b). `n` becomes `size`; the impulse
 * and step responses (spatial) are unchanged. A response already that small is returned as is.
 */
export function downsampleResponse2d(
  r: NetworkResponse2d,
  size: number,
  pool: Pool2d = 'max',
): NetworkResponse2d {
  if (!(Number.isInteger(size) && size >= 1))
    throw new RangeError(`size must be a positive integer, got ${size}`);
  if (r.n <= size) return r;
  const out: NetworkResponse2d = {
    ...r,
    n: size,
    wy: poolAxis(r.wy, size),
    wx: poolAxis(r.wx, size),
    magnitude: poolGrid(r.magnitude, r.n, size, pool),
    magnitudeDb: poolGrid(r.magnitudeDb, r.n, size, pool),
    members: r.members.map((m) => ({
      label: m.label,
      magnitude: poolGrid(m.magnitude, r.n, size, pool),
      magnitudeDb: poolGrid(m.magnitudeDb, r.n, size, pool),
    })),
  };
  if (r.envelope !== undefined) out.envelope = poolGrid(r.envelope, r.n, size, pool);
  return out;
}
