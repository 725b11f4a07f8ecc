/**
 * Parsing of the command's option values (text) into checked numbers. Errors are
 * FieldErrors that name the option and the value, e.g. `--n must be a power of two from 1
 * to 1048576, got 1000` (exit code 2). The options shared with the server and report
 * configs are declared and read from the one option schema (src/options).
 */
import type { Command } from 'commander';
import { LIMITS } from '../network/index.ts';
import {
  cliFlag,
  helpText,
  OPTIONS,
  type OptionSpec,
  type OptionValue,
  readOption,
  withRange,
} from '../options/index.ts';
import { integerIn, parseIntegerText } from '../util/validate.ts';

/**
 * Declares an option of the schema on a command: its flag (`--map-size <S>`), and its help
 * with the default (`(default 65)`); `help` replaces the schema's help line.
 */
export function addOption(cmd: Command, spec: OptionSpec, help?: string): Command {
  const flag = cliFlag(spec);
  const text = help ?? helpText(spec);
  return cmd.option(
    spec.kind === 'boolean' ? flag : `${flag} ${spec.placeholder ?? '<value>'}`,
    text,
  );
}

/** Reads an option's text by its schema; errors name the flag (`--map-size must be ...`). */
export function cliValue(spec: OptionSpec, text: string, field = cliFlag(spec)): OptionValue {
  return readOption(spec, text, true, field);
}

/** `--n N`: a number of points, a power of two from 1 to `max` (LIMITS.maxN, or LIMITS.maxN2d for 2-D). */
export function parseFftSize(text: string, max: number = LIMITS.maxN, field = '--n'): number {
  return cliValue(withRange(OPTIONS.n, { max }), text, field) as number;
}

/** `--fs FS`: a sample rate, a finite positive number (Hz, cycles per unit, ...). */
export function parseSampleRate(text: string, field = '--fs'): number {
  return cliValue(OPTIONS.fs, text, field) as number;
}

/** `--map-size S`: the side of a square feature map, 1..LIMITS.maxMapSize. */
export function parseMapSize(text: string, field = '--map-size'): number {
  return cliValue(OPTIONS.mapSize, text, field) as number;
}

/** `--object WxH` (or `--object W` for a square): object size in samples/pixels. */
export function parseObjectSize(text: string, field = '--object'): [number, number] {
  return cliValue(OPTIONS.object, text, field) as [number, number];
}

/** `--threshold-db DB`: the deaf-band threshold relative to max|H|, a negative number of dB. */
export function parseThresholdDb(text: string, field = '--threshold-db'): number {
  return cliValue(OPTIONS.thresholdDb, text, field) as number;
}

/** `--channels C`: channels in and out for the cost, 1..MAX_CHANNELS (65536). */
export function parseChannels(text: string, field = '--channels'): number {
  return cliValue(OPTIONS.channels, text, field) as number;
}

/** `--port P`: a TCP port, 0..65535 (0 picks a free port). */
export function parsePort(text: string, field = '--port'): number {
  return integerIn(field, parseIntegerText(field, text), 0, 65535);
}

/** `--rows R`: sample rows in a human table, 2..1000. */
export function parseRows(text: string, field = '--rows'): number {
  return integerIn(field, parseIntegerText(field, text), 2, 1000);
}
