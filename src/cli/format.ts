/**
 * Number formatting for the human output of the command. Frequencies are rad/sample and
 * are shown with their multiple of π as well (2.0944 rad/sample = 0.6667π).
 */

/** `x` with `digits` decimals; −0 prints as 0; integers print without decimals. */
export function num(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** `x` always with `digits` decimals (for table columns): 1 → `1.0000`; −0 prints as 0. */
export function dec(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return num(x);
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** An integer with thousands separators (12,345). */
export function int(x: number): string {
  if (!Number.isFinite(x)) return num(x);
  return Math.round(x).toLocaleString('en-US');
}

/** A frequency ω in rad/sample as a multiple of π: 2.0944 → `0.6667π`. */
export function piMultiple(w: number, digits = 4): string {
  return `${dec(w / Math.PI, digits)}π`;
}

/** A frequency in rad/sample with its multiple of π: `2.0944 (0.6667π)`. */
export function radPi(w: number, digits = 4): string {
  return `${num(w, digits)} (${piMultiple(w, digits)})`;
}

/** A fraction as a percentage with one decimal: 0.4615 → `46.2%`. */
export function percent(x: number, digits = 1): string {
  return `${dec(100 * x, digits)}%`;
}

/** A ratio with two decimals and a times sign: 2.6 → `2.60×`. */
export function times(x: number): string {
  return `${dec(x, 2)}×`;
}

/** A per-axis value: 13 → `13`, [13, 13] → `13×13` (rows × cols). */
export function perAxis(v: number | readonly number[], digits = 4): string {
  return typeof v === 'number' ? num(v, digits) : v.map((x) => num(x, digits)).join('×');
}

/** Decibels with two decimals: −20 → `-20.00 dB`. */
export function db(x: number): string {
  return `${dec(x, 2)} dB`;
}
