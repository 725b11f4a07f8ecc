/**
 * Parsing of the command's option values (text) into checked numbers. Errors are
 * FieldErrors that name the option and the value, e.g. `--n must be a power of two from 2
 * to 1048576, got 1000` (exit code 2).
 */
import { LIMITS } from '../network/limits.ts';
import {
  FieldError,
  finiteIn,
  integerIn,
  isPowerOfTwo,
  parseIntegerText,
  parseNumberText,
  show,
} from '../util/validate.ts';

/** `--n N`: a number of points, a power of two from 1 to `max` (LIMITS.maxN, or LIMITS.maxN2d for 2-D). */
export function parseFftSize(text: string, max: number = LIMITS.maxN, field = '--n'): number {
  const n = parseIntegerText(field, text);
  if (!isPowerOfTwo(n) || n > max) {
    throw new FieldError(field, `must be a power of two from 1 to ${max}, got ${show(n)}`);
  }
  return n;
}

/** `--fs FS`: a sample rate, a finite positive number (Hz, cycles per unit, ...). */
export function parseSampleRate(text: string, field = '--fs'): number {
  const fs = parseNumberText(field, text);
  if (!(fs > 0)) throw new FieldError(field, `must be a positive number, got ${show(text)}`);
  return fs;
}

/** `--map-size S`: the side of a square feature map, 1..LIMITS.maxMapSize. */
export function parseMapSize(text: string, field = '--map-size'): number {
  return integerIn(field, parseIntegerText(field, text), 1, LIMITS.maxMapSize);
}

/** `--object WxH` (or `--object W` for a square): object size in samples/pixels. */
export function parseObjectSize(text: string, field = '--object'): [number, number] {
  const m = /^\s*(\d+)\s*(?:[x×]\s*(\d+))?\s*$/.exec(text);
  if (!m) throw new FieldError(field, `must be W or WxH with positive integers, got ${show(text)}`);
  const w = integerIn(field, Number(m[1]), 1, LIMITS.maxMapSize);
  const h = integerIn(field, Number(m[2] ?? m[1]), 1, LIMITS.maxMapSize);
  return [w, h];
}

/** `--threshold-db DB`: the deaf-band threshold relative to max|H|, a negative number of dB. */
export function parseThresholdDb(text: string, field = '--threshold-db'): number {
  const v = parseNumberText(field, text);
  if (!(v < 0))
    throw new FieldError(field, `must be a negative number of dB (e.g. -20), got ${show(text)}`);
  return finiteIn(field, v);
}

/** `--channels C`: channels in and out for the cost, 1..65536. */
export function parseChannels(text: string, field = '--channels'): number {
  return integerIn(field, parseIntegerText(field, text), 1, 65536);
}

/** `--port P`: a TCP port, 0..65535 (0 picks a free port). */
export function parsePort(text: string, field = '--port'): number {
  return integerIn(field, parseIntegerText(field, text), 0, 65535);
}

/** `--rows R`: sample rows in a human table, 2..1000. */
export function parseRows(text: string, field = '--rows'): number {
  return integerIn(field, parseIntegerText(field, text), 2, 1000);
}
