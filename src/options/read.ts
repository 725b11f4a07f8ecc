/**
 * Reads one option's value, from text (a command line, a query string) or from a JSON value
 * (a request body, a config), by its schema (schema.ts). Errors are FieldErrors naming
 * `field` (the adapter's name of the option: `--map-size`, `mapSize`,
 * `experiments[0].options.mapSize`) and the value.
 */
import { assertTextNesting } from '../network/index.ts';
import {
  FieldError,
  FieldTypeError,
  finiteIn,
  integerIn,
  isPowerOfTwo,
  parseIntegerText,
  parseNumberText,
  show,
} from '../util/validate.ts';
import type { OptionSpec } from './schema.ts';

/** A range of layer counts, `3-5`. */
export interface CountRange {
  min: number;
  max: number;
}

/**
 * A value read by `readOption`: numbers, booleans, [w, h] sizes, choices and text, field
 * lists, kernels (a spec or weights), layer counts and ranges, rate lists.
 */
export type OptionValue =
  | number
  | boolean
  | [number, number]
  | number[]
  | number[][]
  | string
  | string[]
  | CountRange;

/**
 * Reads a kernel written as text: a size `3` (box:3) or `3x3` (box:3x3), a JSON list of
 * weights (`[0.25, 0.5, 0.25]`, rows for 2-D), or a spec for parseKernel (`binomial:5`).
 */
export function readKernelText(field: string, text: string): string | number[] | number[][] {
  const t = text.trim();
  const size = /^(\d+)\s*(?:[x×]\s*(\d+))?$/.exec(t);
  if (size) return size[2] === undefined ? `box:${size[1]}` : `box:${size[1]}x${size[2]}`;
  if (!t.startsWith('[')) return t;
  assertTextNesting(field, t);
  try {
    return JSON.parse(t);
  } catch {
    throw new FieldError(
      field,
      `must be a size (3, 3x3), a spec or a JSON list of weights, got ${show(text)}`,
    );
  }
}

/**
 * Reads a number of layers: `4` or a range `3-5` (also `3..5`, `3–5`) as text, a number or
 * `{min, max}` as JSON; each an integer in [min, max], the range from low to high.
 */
export function readLayers(
  field: string,
  value: unknown,
  max: number,
  min = 1,
): number | CountRange {
  if (typeof value === 'string') {
    const m = /^\s*(\d+)\s*(?:(?:-|\.\.|–)\s*(\d+)\s*)?$/.exec(value);
    if (!m) throw new FieldError(field, `must be N or MIN-MAX (e.g. 4 or 3-5), got ${show(value)}`);
    if (m[2] === undefined) return integerIn(field, Number(m[1]), min, max);
    if (Number(m[2]) < Number(m[1]))
      throw new FieldError(field, `range must go from low to high (MIN-MAX), got ${show(value)}`);
    return {
      min: integerIn(field, Number(m[1]), min, max),
      max: integerIn(field, Number(m[2]), min, max),
    };
  }
  if (typeof value === 'number') return integerIn(field, value, min, max);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const r = value as { min?: unknown; max?: unknown };
    const lo = integerIn(`${field}.min`, r.min, min, max);
    return { min: lo, max: integerIn(`${field}.max`, r.max, lo, max) };
  }
  throw new FieldTypeError(field, `must be a number or {min, max}, got ${show(value)}`);
}

/**
 * Reads a list of rates: `1,2,5` as text or `[1, 2, 5]` as JSON, each an integer in
 * [min, max]; an element's error names it (`prefix[1]`).
 */
export function readRates(field: string, value: unknown, max: number, min = 1): number[] {
  let list: unknown[];
  if (typeof value === 'string') {
    const parts = value.split(',').map((p) => p.trim());
    if (parts.some((p) => p === ''))
      throw new FieldError(
        field,
        `must be rates separated by commas (e.g. 1,2,5), got ${show(value)}`,
      );
    list = parts.map((p, i) => parseIntegerText(`${field}[${i}]`, p));
  } else if (Array.isArray(value)) list = value;
  else throw new FieldTypeError(field, `must be a list of rates, got ${show(value)}`);
  return list.map((d, i) => integerIn(`${field}[${i}]`, d, min, max));
}

/**
 * Reads a reference schedule: rates (`1,2,4,8`, or a JSON list) or, when `presets` lists
 * any, one of those preset names.
 */
export function readReference(
  field: string,
  value: unknown,
  presets: readonly string[],
  max: number,
): string | number[] {
  const rates = Array.isArray(value) || (typeof value === 'string' && /^[\d\s,]+$/.test(value));
  if (rates) return readRates(field, typeof value === 'string' ? value.trim() : value, max);
  const name = typeof value === 'string' ? value.trim() : value;
  if (typeof name === 'string' && presets.includes(name)) return name;
  throw new FieldError(
    field,
    presets.length
      ? `must be a preset name (one of ${presets.join(', ')}) or a list of rates such as 1,2,4,8, got ${show(value)}`
      : `must be a list of rates such as 6,12,18, got ${show(value)}`,
  );
}

/** Reads a boolean written as text: true/1/yes/(empty) or false/0/no. */
export function parseBooleanText(field: string, text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  throw new FieldError(field, `must be true or false, got ${show(text)}`);
}

/** Reads a size `WxH` or `W` (a square) from text, a number or a JSON [w, h]: sides in [min, max]. */
export function readSize(field: string, value: unknown, max: number, min = 1): [number, number] {
  let parts: unknown[];
  if (typeof value === 'string') {
    const m = /^\s*(\d+)\s*(?:[x×]\s*(\d+)\s*)?$/.exec(value);
    if (!m) throw new FieldError(field, `must be WxH (e.g. 5x3) or W, got ${show(value)}`);
    parts = m[2] === undefined ? [Number(m[1]), Number(m[1])] : [Number(m[1]), Number(m[2])];
  } else if (Array.isArray(value) && value.length === 2) {
    parts = value;
  } else if (typeof value === 'number') {
    parts = [value, value];
  } else {
    throw new FieldError(field, `must be WxH (e.g. "5x3") or [w, h], got ${show(value)}`);
  }
  return [
    integerIn(`${field}[0]`, parts[0], min, max),
    integerIn(`${field}[1]`, parts[1], min, max),
  ];
}

/**
 * Reads the sides of an input: `L` (1-D), `HxW` or `S` as text (`x`, `×` or `,` between), or
 * a number or a list of one or two numbers as JSON; each an integer in [min, max].
 */
export function readSides(field: string, value: unknown, max: number, min = 1): number[] {
  const parts =
    typeof value === 'string'
      ? value
          .trim()
          .split(/[x×,]/i)
          .map((p) => (/^\d+$/.test(p.trim()) ? Number(p) : Number.NaN))
      : typeof value === 'number'
        ? [value]
        : Array.isArray(value)
          ? value
          : [Number.NaN];
  if (
    parts.length < 1 ||
    parts.length > 2 ||
    parts.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
  ) {
    throw new FieldError(
      field,
      `must be L or HxW with sizes from ${min} to ${max}, got ${show(value)}`,
    );
  }
  return parts as number[];
}

/**
 * Reads a list of answer field names: `a,b` as text or `["a", "b"]` as JSON; each a name
 * (letters, digits, `_`), at least one; returned sorted without repeats, so two spellings
 * of one request are one cache entry.
 */
export function readFields(field: string, value: unknown): string[] {
  const list =
    typeof value === 'string'
      ? value.split(',').map((x) => x.trim())
      : Array.isArray(value)
        ? value
        : null;
  if (list === null || list.length === 0)
    throw new FieldTypeError(
      field,
      `must be field names, as "w,magnitude" or ["w", "magnitude"], got ${show(value)}`,
    );
  list.forEach((x, i) => {
    if (typeof x !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(x))
      throw new FieldError(
        Array.isArray(value) ? `${field}[${i}]` : field,
        `must be a field name (letters, digits, _; a.b for field b of a's items), got ${show(x)}`,
      );
  });
  return [...new Set(list as string[])].sort();
}

/**
 * Reads one option from text (`fromText`: a command line or a query string) or from a JSON
 * value (a body, a config), checking its type and bounds; errors name `field` (default the
 * option's name). A power of two out of its range names the range; one in range but not a
 * power of two says so and gives the range after the value.
 */
export function readOption(
  spec: OptionSpec,
  value: unknown,
  fromText: boolean,
  field: string = spec.name,
): OptionValue {
  const f = field;
  const min = spec.min ?? Number.NEGATIVE_INFINITY;
  const max = spec.max ?? Number.POSITIVE_INFINITY;
  switch (spec.kind) {
    case 'boolean':
      if (fromText && typeof value === 'string') return parseBooleanText(f, value);
      if (typeof value !== 'boolean')
        throw new FieldTypeError(f, `must be true or false, got ${show(value)}`);
      return value;
    case 'integer': {
      const v = fromText && typeof value === 'string' ? parseIntegerText(f, value) : value;
      const inRange = typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
      if (spec.powerOfTwo && !inRange)
        throw new FieldError(f, `must be a power of two from ${min} to ${max}, got ${show(v)}`);
      const n = integerIn(
        f,
        v,
        spec.min ?? Number.MIN_SAFE_INTEGER,
        spec.max ?? Number.MAX_SAFE_INTEGER,
      );
      if (spec.powerOfTwo && !isPowerOfTwo(n))
        throw new FieldError(f, `must be a power of two, got ${show(n)} (from ${min} to ${max})`);
      return n;
    }
    case 'number': {
      const v = fromText && typeof value === 'string' ? parseNumberText(f, value) : value;
      const unit = spec.unit ? ` of ${spec.unit}` : '';
      if (spec.positive && !(typeof v === 'number' && Number.isFinite(v) && v > 0))
        throw new FieldError(f, `must be a positive finite number${unit}, got ${show(value)}`);
      if (spec.negative && !(typeof v === 'number' && Number.isFinite(v) && v < 0))
        throw new FieldError(
          f,
          `must be a negative number${unit} (below 0${spec.unit === 'dB' ? ', e.g. -20' : ''}), got ${show(value)}`,
        );
      return finiteIn(f, v, min, max);
    }
    case 'size':
      return readSize(f, value, spec.max ?? Number.MAX_SAFE_INTEGER, spec.min ?? 1);
    case 'sides':
      return readSides(f, value, spec.max ?? Number.MAX_SAFE_INTEGER, spec.min ?? 1);
    case 'fields':
      return readFields(f, value);
    case 'kernel':
      return fromText && typeof value === 'string' ? readKernelText(f, value) : (value as string);
    case 'layers':
      return readLayers(f, value, spec.max ?? Number.MAX_SAFE_INTEGER, spec.min ?? 1);
    case 'rates':
      return readRates(f, value, spec.max ?? Number.MAX_SAFE_INTEGER, spec.min ?? 1);
    case 'reference':
      return readReference(f, value, spec.values ?? [], spec.max ?? Number.MAX_SAFE_INTEGER);
    case 'choice': {
      const values = spec.values ?? [];
      const synonyms = spec.synonyms ?? {};
      if (typeof value === 'string' && values.includes(value)) return value;
      if (typeof value === 'string' && Object.hasOwn(synonyms, value)) return synonyms[value];
      const more = Object.keys(synonyms);
      throw new FieldError(
        f,
        `must be one of ${values.join(', ')}${more.length ? ` (or ${more.join(', ')})` : ''}, got ${show(value)}`,
      );
    }
    case 'text': {
      const limited = spec.maxLength !== undefined || spec.forbidden !== undefined;
      const ok =
        typeof value === 'string' &&
        (!limited ||
          (value.length >= 1 &&
            value.length <= (spec.maxLength ?? Number.POSITIVE_INFINITY) &&
            ![...(spec.forbidden ?? '')].some((c) => value.includes(c))));
      if (ok) return value;
      const what = spec.what ?? 'text';
      if (!limited) throw new FieldTypeError(f, `must be ${what}, got ${show(value)}`);
      const length = spec.maxLength === undefined ? '' : ` of 1 to ${spec.maxLength} characters`;
      const without = spec.forbidden === undefined ? '' : ` without ${spec.forbidden}`;
      throw new FieldError(f, `must be ${what}${length}${without}, got ${show(value)}`);
    }
  }
}
