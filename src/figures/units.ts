import { FieldError, show } from '../util/validate.ts';
import { axis } from './palette.ts';
import type { Axis, FrequencyUnits } from './types.ts';

/** The unit names accepted by `frequencyUnits`. */
export const FREQUENCY_UNITS: readonly FrequencyUnits[] = ['rad', 'cycles', 'hz'];

/**
 * Checks a units name and a sample rate: units one of 'rad', 'cycles', 'hz'; fs a finite
 * number > 0 (samples per second, used only for 'hz').
 */
export function frequencyUnits(
  units: unknown = 'rad',
  fs: unknown = 1,
): {
  units: FrequencyUnits;
  fs: number;
} {
  if (units !== 'rad' && units !== 'cycles' && units !== 'hz')
    throw new FieldError('units', `must be "rad", "cycles" or "hz", got ${show(units)}`);
  if (typeof fs !== 'number' || !Number.isFinite(fs) || fs <= 0)
    throw new FieldError('fs', `must be a positive number, got ${show(fs)}`);
  return { units, fs };
}

/**
 * The factor that turns rad/sample into the units: 1 (rad/sample), 1/(2π) (cycles/sample),
 * fs/(2π) (Hz). A frequency ω in rad/sample is ω·factor in the units.
 */
export function frequencyFactor(units: FrequencyUnits = 'rad', fs = 1): number {
  if (units === 'rad') return 1;
  if (units === 'cycles') return 1 / (2 * Math.PI);
  return fs / (2 * Math.PI);
}

/**
 * Converts a frequency in rad/sample to the units: ω (rad), ω/(2π) (cycles/sample),
 * (ω/(2π))·fs (Hz). π rad/sample is exactly 0.5 cycles/sample and fs/2 Hz (Nyquist): the
 * division by 2π comes first, so the Nyquist value carries no rounding.
 */
export function convertFrequency(w: number, units: FrequencyUnits = 'rad', fs = 1): number {
  if (units === 'rad') return w;
  if (units === 'cycles') return w / (2 * Math.PI);
  return (w / (2 * Math.PI)) * fs;
}

/** Converts a list of frequencies in rad/sample (see `convertFrequency`). */
export function convertFrequencies(
  w: ArrayLike<number>,
  units: FrequencyUnits = 'rad',
  fs = 1,
): number[] {
  return Array.from(w, (v) => convertFrequency(v, units, fs));
}

/** The axis title of a frequency axis, with its units: 'ω (rad/sample)', 'f (cycles/sample)', 'f (Hz)'. */
export function frequencyAxisTitle(units: FrequencyUnits = 'rad', axisName = ''): string {
  const suffix = axisName ? `<sub>${axisName}</sub>` : '';
  if (units === 'rad') return `ω${suffix} (rad/sample)`;
  if (units === 'cycles') return `f${suffix} (cycles/sample)`;
  return `f${suffix} (Hz)`;
}

/** The unit text of a frequency: 'rad/sample', 'cycles/sample' or 'Hz' (for hovers and tables). */
export function frequencyUnitText(units: FrequencyUnits = 'rad'): string {
  return units === 'rad' ? 'rad/sample' : units === 'cycles' ? 'cycles/sample' : 'Hz';
}

/** The column name of a frequency in exported tables, e.g. 'frequency (rad/sample)'. */
export function frequencyColumn(units: FrequencyUnits = 'rad', axisName = ''): string {
  const unit = frequencyUnitText(units);
  return axisName ? `frequency ${axisName} (${unit})` : `frequency (${unit})`;
}

/**
 * Tick values and labels for rad/sample: multiples of π/4 over [lo, hi] labelled
 * 0, π/4, π/2, 3π/4, π, ... (negative ones with a minus sign). Other units use Plotly's ticks.
 */
export function piTicks(lo: number, hi: number): { tickvals: number[]; ticktext: string[] } {
  const tickvals: number[] = [];
  const ticktext: string[] = [];
  const q = Math.PI / 4;
  const span = hi - lo;
  const step = span > 2 * Math.PI + 1e-9 ? 4 : span > Math.PI + 1e-9 ? 2 : 1;
  for (let m = Math.ceil(lo / q - 1e-9); m <= Math.floor(hi / q + 1e-9); m++) {
    if (m % step !== 0) continue;
    tickvals.push(m * q);
    ticktext.push(piLabel(m));
  }
  return { tickvals, ticktext };
}

/** The label of m·π/4 in lowest terms: 0, π/4, π/2, 3π/4, π, 5π/4, ... */
function piLabel(m: number): string {
  if (m === 0) return '0';
  const sign = m < 0 ? '−' : '';
  let num = Math.abs(m);
  let den = 4;
  while (den > 1 && num % 2 === 0) {
    num /= 2;
    den /= 2;
  }
  const n = num === 1 ? 'π' : `${num}π`;
  return den === 1 ? `${sign}${n}` : `${sign}${n}/${den}`;
}

/**
 * A frequency axis over [lo, hi] rad/sample drawn in the units: the range converted, the
 * title with its units, and π-fraction ticks for rad/sample.
 */
export function frequencyAxis(
  units: FrequencyUnits = 'rad',
  fs = 1,
  lo = 0,
  hi = Math.PI,
  axisName = '',
): Axis {
  return axis(frequencyAxisTitle(units, axisName), {
    range: [convertFrequency(lo, units, fs), convertFrequency(hi, units, fs)],
    ...(units === 'rad' ? piTicks(lo, hi) : {}),
  });
}
