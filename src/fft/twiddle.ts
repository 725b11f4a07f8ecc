/**
 * A twiddle table for an M-point grid: `table[2m] + i·table[2m+1] = e^{−2πi·m/M}` for
 * m = 0..M−1 (interleaved, so one cache line serves both parts). Direct sums on the grid
 * ω_j = 2πj/M then need no trigonometric calls: e^{−iω_j·t} = table at index (j·t) mod M.
 */
export interface Twiddles {
  readonly m: number;
  /** Interleaved [re, im] pairs, length 2M. */
  readonly table: Float64Array;
}

const MAX_TABLES = 8;
const MAX_ENTRIES = 1 << 22;
const tables = new Map<number, Twiddles>();
/** The table asked for last (the newest entry of `tables`). */
let latest: Twiddles | undefined;

/**
 * The cached twiddle table for any M ≥ 1 (not only powers of two). Built from one
 * quarter (M divisible by 4) or one half (M even) of the circle by exact symmetries, so
 * every entry is cos/sin of an angle in [0, π/2] or [0, π] correctly rounded once.
 * The most recently used sizes are kept (at most 8, and 2^22 entries = 64 MiB in all).
 */
export function twiddles(m: number): Twiddles {
  // The most recent size is already last in the order: no re-insertion (a hot path asks often).
  if (latest?.m === m) return latest;
  let t = tables.get(m);
  if (t) {
    latest = t;
    tables.delete(m);
    tables.set(m, t);
    return t;
  }
  t = { m, table: buildTable(m) };
  tables.set(m, t);
  latest = t;
  let total = 0;
  for (const k of tables.keys()) total += k;
  // Evict the least recently used tables beyond 8 sizes or 2^22 entries (64 MiB).
  while (tables.size > 1 && (tables.size > MAX_TABLES || total > MAX_ENTRIES)) {
    const oldest = tables.keys().next().value as number;
    tables.delete(oldest);
    total -= oldest;
  }
  return t;
}

function buildTable(m: number): Float64Array {
  const tw = new Float64Array(2 * m);
  const step = (2 * Math.PI) / m;
  if (m % 4 === 0) {
    const q = m / 4;
    for (let j = 0; j < q; j++) {
      const a = step * j;
      const c = Math.cos(a);
      const s = -Math.sin(a);
      // e^{−2πi(j + kq)/M} = (−i)^k e^{−2πij/M}
      tw[2 * j] = c;
      tw[2 * j + 1] = s;
      tw[2 * (j + q)] = s;
      tw[2 * (j + q) + 1] = -c;
      tw[2 * (j + 2 * q)] = -c;
      tw[2 * (j + 2 * q) + 1] = -s;
      tw[2 * (j + 3 * q)] = -s;
      tw[2 * (j + 3 * q) + 1] = c;
    }
    return tw;
  }
  const half = m % 2 === 0 ? m / 2 : m;
  for (let j = 0; j < half; j++) {
    const a = step * j;
    tw[2 * j] = Math.cos(a);
    tw[2 * j + 1] = -Math.sin(a);
  }
  if (half !== m) {
    // e^{−2πi(M−j)/M} = conj(e^{−2πij/M}); the entry at M/2 is −1.
    for (let j = half; j < m; j++) {
      tw[2 * j] = tw[2 * (m - j)];
      tw[2 * j + 1] = -tw[2 * (m - j) + 1];
    }
    tw[2 * half] = -1;
    tw[2 * half + 1] = 0;
  }
  return tw;
}
