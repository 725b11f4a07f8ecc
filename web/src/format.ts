/** Number and frequency formatting for the summary panel. */

import { convertFrequency } from '../../src/figures/units.ts';
import type { State } from './state.ts';

/** A per-axis value: 13 or 13×13 (rows×cols). */
export function perAxis(v: number | readonly number[]): string {
  if (typeof v === 'number') return fmt(v);
  return `${fmt(v[0])}×${fmt(v[1])}`;
}

/**
 * One Intl.NumberFormat per digit count, made once: `toLocaleString` with options builds a
 * new formatter on every call (about 0.1 ms each, most of the summary cards' time).
 */
const formats = new Map<number, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let f = formats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', digits > 0 ? { maximumSignificantDigits: digits } : {});
    formats.set(digits, f);
  }
  return f;
}

/** A number with at most 4 significant decimals, thousands grouped. */
export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return numberFormat(0).format(v);
  return numberFormat(digits).format(Number(v.toPrecision(digits)));
}

/** A percentage with one decimal: 46.2 %. */
export function pct(v: number): string {
  return `${(100 * v).toFixed(v === 0 || v === 1 ? 0 : 1)} %`;
}

/** ω as a fraction of π when it is one with a small denominator (π/3, 2π/5), else decimals. */
export function piFraction(w: number): string {
  if (Math.abs(w) < 1e-12) return '0';
  for (let q = 1; q <= 24; q++) {
    const p = Math.round((w / Math.PI) * q);
    if (p !== 0 && Math.abs((p * Math.PI) / q - w) < 1e-9) {
      let a = p;
      let b = q;
      const g = gcd(Math.abs(a), b);
      a /= g;
      b /= g;
      const num = a === 1 ? 'π' : a === -1 ? '−π' : `${a}π`;
      return b === 1 ? num : `${num}/${b}`;
    }
  }
  return w.toFixed(4);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A frequency given in rad/sample, shown in the page's units. */
export function freq(w: number, s: Pick<State, 'units' | 'fs'>): string {
  if (s.units === 'rad') return piFraction(w);
  const v = convertFrequency(w, s.units, s.fs);
  return s.units === 'hz' ? `${fmt(v, 5)} Hz` : fmt(v, 4);
}

/** The unit suffix of the page's units. */
export function unitName(s: Pick<State, 'units'>): string {
  return s.units === 'rad' ? 'rad/sample' : s.units === 'cycles' ? 'cycles/sample' : 'Hz';
}
