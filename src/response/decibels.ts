import { float64Arrays } from './alloc.ts';
import {
  DB_FLOOR,
  DB_PER_NEPER,
  derivedInto,
  type LinearPhaseOutputs,
  magnitudeDbInto,
  phaseInto,
} from './derived.ts';

export { DB_FLOOR, DB_PER_NEPER } from './derived.ts';

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
  magnitudeDbInto(re, im, direct, magnitude, magnitudeDb);
  mirrorTile(magnitude, period, direct, 1);
  mirrorTile(magnitudeDb, period, direct, 1);
  return { magnitude, magnitudeDb };
}

/**
 * Phase atan2(im, re) in (−π, π] (−π is reported as π), with the same period shortcut as
 * `magnitudes` (phase[P−j] = −phase[j]).
 */
export function phases(
  re: Float64Array,
  im: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  const count = re.length;
  const phase = out ?? float64Arrays(count, 1)[0];
  const direct = Math.min(count, Math.floor(period / 2) + 1);
  phaseInto(re, im, direct, phase);
  mirrorPhase(phase, period, direct);
  return phase;
}

/** phase[P − j] = −phase[j], a mirrored π (a real negative sample) staying π; then tiled. */
function mirrorPhase(phase: Float64Array, period: number, direct: number): void {
  mirrorTile(phase, period, direct, -1);
  for (let j = direct; j < Math.min(phase.length, period); j++)
    if (phase[j] === -Math.PI) phase[j] = Math.PI;
}

/**
 * `magnitudes` and `phases` of the same samples in one pass (derived.ts `derivedInto`),
 * written into `out`'s arrays (of re's length) when given.
 */
export function magnitudesAndPhases(
  re: Float64Array,
  im: Float64Array,
  period: number,
  out?: Pick<LinearPhaseOutputs, 'magnitude' | 'magnitudeDb' | 'phase'>,
): { magnitude: Float64Array; magnitudeDb: Float64Array; phase: Float64Array } {
  const count = re.length;
  const [magnitude, magnitudeDb, phase] = out
    ? [out.magnitude, out.magnitudeDb, out.phase]
    : float64Arrays(count, 3);
  const direct = Math.min(count, Math.floor(period / 2) + 1);
  derivedInto(re, im, direct, magnitude, magnitudeDb, phase);
  mirrorTile(magnitude, period, direct, 1);
  mirrorTile(magnitudeDb, period, direct, 1);
  mirrorPhase(phase, period, direct);
  return { magnitude, magnitudeDb, phase };
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
