import { float64Arrays } from './alloc.ts';

/**
 * The floor of every magnitude in decibels: 20·log10|H| is reported as at least −300 dB
 * (|H| below 1e−15, or exactly 0), never −Infinity, so results stay valid JSON.
 */
export const DB_FLOOR = -300;

/** 20/ln 10: 20·log10(x) = ln(x)·DB_PER_NEPER (Math.log is faster than Math.log10 in V8). */
export const DB_PER_NEPER = 20 / Math.LN10;

/** 20·log10(magnitude), floored at DB_FLOOR (−300 dB). */
export function toDb(magnitude: number): number {
  if (!(magnitude > 0)) return DB_FLOOR;
  const db = Math.log(magnitude) * DB_PER_NEPER;
  return Math.max(db, DB_FLOOR);
}

/**
 * |H| and 20·log10|H| (floored) of complex samples, evaluated only on the first half of a
 * period P when the samples repeat with period P in j and are Hermitian there
 * (H[P−j] = conj H[j], true of any real kernel on the grid ω_j = 2πj/M when P | M):
 * the rest is mirrored and tiled. Pass period ≥ 2·count to evaluate every point.
 */
export function magnitudes(
  re: Float64Array,
  im: Float64Array,
  period: number,
): { magnitude: Float64Array; magnitudeDb: Float64Array } {
  const count = re.length;
  const [magnitude, magnitudeDb] = float64Arrays(count, 2);
  const direct = Math.min(count, Math.floor(period / 2) + 1);
  // Two loops: V8 runs sqrt and log much faster apart than interleaved in one loop.
  for (let j = 0; j < direct; j++) {
    const r = re[j];
    const i = im[j];
    magnitude[j] = Math.sqrt(r * r + i * i);
  }
  for (let j = 0; j < direct; j++) {
    // Beyond ~1e154 the squares overflow: fall back to hypot.
    if (magnitude[j] === Number.POSITIVE_INFINITY) magnitude[j] = Math.hypot(re[j], im[j]);
  }
  for (let j = 0; j < direct; j++) {
    const db = Math.log(magnitude[j]) * DB_PER_NEPER;
    magnitudeDb[j] = Math.max(db, DB_FLOOR);
  }
  mirrorTile(magnitude, period, direct, 1);
  mirrorTile(magnitudeDb, period, direct, 1);
  return { magnitude, magnitudeDb };
}

/**
 * Phase atan2(im, re) in (−π, π] (−π is reported as π), with the same period shortcut as
 * `magnitudes` (phase[P−j] = −phase[j]).
 */
export function phases(re: Float64Array, im: Float64Array, period: number): Float64Array {
  const count = re.length;
  const [phase] = float64Arrays(count, 1);
  const direct = Math.min(count, Math.floor(period / 2) + 1);
  for (let j = 0; j < direct; j++) {
    const p = Math.atan2(im[j], re[j]);
    phase[j] = p === -Math.PI ? Math.PI : p;
  }
  mirrorTile(phase, period, direct, -1);
  // A mirrored π (a real negative sample) stays π.
  for (let j = direct; j < Math.min(count, period); j++)
    if (phase[j] === -Math.PI) phase[j] = Math.PI;
  return phase;
}

/**
 * Fills a[j] for j ≥ `direct` from a[0..direct): a[j] = sign·a[P−j] for j < P, then
 * a[j] = a[j mod P] up to the end.
 */
export function mirrorTile(a: Float64Array, period: number, direct: number, sign: 1 | -1): void {
  const count = a.length;
  const mirrored = Math.min(count, period);
  if (sign === 1) for (let j = direct; j < mirrored; j++) a[j] = a[period - j];
  else for (let j = direct; j < mirrored; j++) a[j] = -a[period - j];
  for (let filled = mirrored; filled < count; ) {
    const len = Math.min(filled, count - filled);
    a.copyWithin(filled, 0, len);
    filled += len;
  }
}
