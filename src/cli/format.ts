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

/** Longest kernel text the human output prints whole; longer weight lists are shortened. */
export const KERNEL_TEXT_MAX = 36;

/** A weight with 4 significant digits, a true minus sign for negatives: −1.023. */
export function weight(x: number): string {
  if (x === 0) return '0';
  const s = Number(x.toPrecision(4)).toString();
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/**
 * A kernel's text for a table or a header line: as written when short; a long list of
 * explicit weights (`weights:w0,w1,...`, `[w0, ...]`, `[[...], ...]`) as its first two and
 * last weights with 4 significant digits and its size, `weights:0.1235,0.2346,…,0.789 (7 taps)`
 * or `[[0.1235,0.2346,…,0.789]] (3×3 weights)`. The full list is in `--json`. A member of
 * several kernels (`a, b`) is shortened part by part.
 */
export function kernelText(spec: string, max = KERNEL_TEXT_MAX): string {
  if (spec.length <= max) return spec;
  const parts = spec.split(', ');
  if (parts.length > 1) return parts.map((p) => kernelText(p, max)).join(', ');
  const isList = spec.startsWith('weights:') || spec.startsWith('[');
  if (!isList) return spec;
  const numbers = (spec.match(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number);
  if (numbers.length < 4) return spec;
  const head = `${weight(numbers[0])},${weight(numbers[1])},…,${weight(numbers[numbers.length - 1])}`;
  if (spec.startsWith('[[')) {
    const rows = (spec.match(/\[(?!\[)/g) ?? []).length;
    const cols = rows > 0 ? numbers.length / rows : numbers.length;
    return `[[${head}]] (${rows}×${cols} weights)`;
  }
  const prefix = spec.startsWith('[') ? '[' : 'weights:';
  return `${prefix}${head}${prefix === '[' ? ']' : ''} (${numbers.length} taps)`;
}

/**
 * A list of rates, runs shortened: four or more doublings as `1, 2, …, 512`, three or more
 * equal rates as `2 ×5`; anything else as written (`1, 2, 5`). Rates that are not plain
 * numbers (`2x4`) only have their equal runs shortened.
 */
export function rateRunText(rates: readonly string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < rates.length) {
    const v = Number(rates[i]);
    let j = i;
    if (Number.isInteger(v) && /^\d+$/.test(rates[i])) {
      while (j + 1 < rates.length && Number(rates[j + 1]) === 2 * Number(rates[j])) j++;
      if (j - i + 1 >= 4) {
        out.push(`${rates[i]}, ${rates[i + 1]}, …, ${rates[j]}`);
        i = j + 1;
        continue;
      }
    }
    j = i;
    while (j + 1 < rates.length && rates[j + 1] === rates[i]) j++;
    out.push(j - i + 1 >= 3 ? `${rates[i]} ×${j - i + 1}` : rates.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return out.join(', ');
}

/** A 1-based index range: `3` or `3–10`. */
export function indexRange(first: number, last: number): string {
  return first === last ? String(first) : `${first}–${last}`;
}

/** Splits `text` at `, ` outside parentheses and brackets. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && c === ',' && text[i + 1] === ' ') {
      out.push(text.slice(start, i));
      start = i + 2;
    }
  }
  out.push(text.slice(start));
  return out;
}

/**
 * A network label (`stack(box:3@1, box:3@2, …)`, from the graph's nodeLabel) made readable:
 * each long weight list shortened (`kernelText`) and each run of MIN 3 consecutive layers of
 * one kernel written once with its rates, `box:2@[1, 2, …, 512]`, nested nodes alike.
 */
export function labelText(label: string): string {
  const open = label.indexOf('(');
  const kernelOf = (s: string) =>
    !s.includes('(') && s.includes('@') ? s.slice(0, s.lastIndexOf('@')) : null;
  const rateOf = (s: string) => s.slice(s.lastIndexOf('@') + 1);
  if (open < 0 || !label.endsWith(')')) {
    const k = kernelOf(label);
    return k === null ? label : `${kernelText(k)}@${rateOf(label)}`;
  }
  const raw = splitTop(label.slice(open + 1, -1));
  const out: string[] = [];
  let i = 0;
  while (i < raw.length) {
    const k = kernelOf(raw[i]);
    let j = i;
    if (k !== null) {
      while (j + 1 < raw.length && kernelOf(raw[j + 1]) === k) j++;
      if (j - i + 1 >= 3) {
        out.push(`${kernelText(k)}@[${rateRunText(raw.slice(i, j + 1).map(rateOf))}]`);
        i = j + 1;
        continue;
      }
    }
    j = i;
    while (j + 1 < raw.length && raw[j + 1] === raw[i]) j++;
    if (j - i + 1 >= 3) out.push(`${labelText(raw[i])} ×${j - i + 1}`);
    else out.push(...raw.slice(i, j + 1).map(labelText));
    i = j + 1;
  }
  return `${label.slice(0, open)}(${out.join(', ')})`;
}
