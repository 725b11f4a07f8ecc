/**
 * Argument validation shared by every module. Errors name the field and the value,
 * e.g. `rates[2] must be a positive integer, got 0`.
 */

/** Formats a user value for an error message (strings quoted, arrays and objects as JSON). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'undefined';
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/**
 * An option named inside a message: its library name (`maxRate`, `receptiveField.about`,
 * `search`) and, for advice such as "use search: beam", the value it would take. An adapter
 * names it its own way (`--max-rate`, `--beam`; `maxRate`, `search=beam`).
 */
export interface OptionRef {
  readonly option: string;
  readonly value?: string | number;
}

/** A message in pieces: text, and options named by reference (see `OptionRef`). */
export type MessagePart = string | OptionRef;

/** How an adapter names an option reference in its messages. */
export type OptionNamer = (ref: OptionRef) => string;

/** The library's names: `maxRate`, `search: "beam"`. */
export const libraryNames: OptionNamer = (r) =>
  r.value === undefined ? r.option : `${r.option}: ${show(r.value)}`;

/** A message's text, its option references named by `name` (default: the library's names). */
export function partsText(parts: readonly MessagePart[], name: OptionNamer = libraryNames): string {
  return parts.map((p) => (typeof p === 'string' ? p : name(p))).join('');
}

/** What a FieldError or FieldTypeError carries besides its field. */
export interface FieldErrorOptions {
  /** The detail is the whole message (a sentence about the input as a whole). */
  whole?: boolean;
  /** Advice on what to change, after the detail and `; ` (`raise `, {option: 'maxRate'}, ` to ≥ 42`). */
  hint?: readonly MessagePart[];
}

/** Detail and hint as one text, named by `name`. */
function detailText(
  parts: readonly MessagePart[],
  hint: readonly MessagePart[] | undefined,
  name: OptionNamer,
): string {
  const d = partsText(parts, name);
  return hint === undefined ? d : `${d}; ${partsText(hint, name)}`;
}

/** What a FieldError and a FieldTypeError carry about their field, beside the message. */
export interface FieldStructure {
  /** The path of the field (`rates[2]`, `layers[1].dilation`). */
  readonly field: string;
  /** The message without the field name in front (the detail and the hint, in the library's names). */
  readonly detail: string;
  /** The detail in pieces, options by reference. */
  readonly parts: readonly MessagePart[];
  /** Advice on which option to change, options by reference. */
  readonly hint?: readonly MessagePart[];
}

/** The structure of an error about `field` (its detail as text and in pieces). */
function structure(
  field: string,
  detail: string | readonly MessagePart[],
  hint: readonly MessagePart[] | undefined,
): FieldStructure {
  const parts = typeof detail === 'string' ? [detail] : detail;
  const text = detailText(parts, hint, libraryNames);
  return hint === undefined ? { field, detail: text, parts } : { field, detail: text, parts, hint };
}

/**
 * An error about one named field of the input: the user's mistake, never a bug. `field` is
 * the path of the field (`rates[2]`, `layers[1].dilation`) and `detail` the rest of the
 * message (`must be a positive integer, got 0`), so an adapter can name the field its own
 * way (`--rates[2]`, `experiments[0].networks[1].rates[2]`) with `renameField`, without
 * rewriting the message. A detail given in pieces (`parts`) names other options by
 * reference, and `hint` says which option to change: an adapter names them its own way too
 * (`renameField(e, '--min-rate', cliNames)`, `detailIn(e, cliNames)`).
 */
export class FieldError extends RangeError implements FieldStructure {
  readonly field: string;
  readonly detail: string;
  /** True when `detail` is the whole message (a sentence about the input as a whole). */
  readonly whole: boolean;
  readonly parts: readonly MessagePart[];
  readonly hint?: readonly MessagePart[];
  constructor(
    field: string,
    detail: string | readonly MessagePart[],
    options: FieldErrorOptions = {},
  ) {
    const s = structure(field, detail, options.hint);
    super(options.whole ? s.detail : `${field} ${s.detail}`);
    this.name = 'RangeError';
    ({ field: this.field, detail: this.detail, parts: this.parts, hint: this.hint } = s);
    this.whole = options.whole ?? false;
  }
}

/** A TypeError variant that also carries the field name (a value of the wrong type). */
export class FieldTypeError extends TypeError implements FieldStructure {
  readonly field: string;
  readonly detail: string;
  readonly parts: readonly MessagePart[];
  readonly hint?: readonly MessagePart[];
  constructor(
    field: string,
    detail: string | readonly MessagePart[],
    options: Pick<FieldErrorOptions, 'hint'> = {},
  ) {
    const s = structure(field, detail, options.hint);
    super(`${field} ${s.detail}`);
    this.name = 'TypeError';
    ({ field: this.field, detail: this.detail, parts: this.parts, hint: this.hint } = s);
  }
}

/** The detail (and hint) of an error with its option references named by `name`. */
export function detailIn(e: FieldError | FieldTypeError, name: OptionNamer): string {
  return detailText(e.parts, e.hint, name);
}

/**
 * The same error about `field` instead of `e.field`: same class, same detail; with `name`,
 * the options its detail and hint refer to are named that way (an adapter's words).
 */
export function renameField(
  e: FieldError | FieldTypeError,
  field: string,
  name: OptionNamer = libraryNames,
): FieldError | FieldTypeError {
  // The library's names keep the references (a later rename may name them otherwise).
  const keep = name === libraryNames;
  const parts = keep ? e.parts : [partsText(e.parts, name)];
  const hint = e.hint === undefined || keep ? e.hint : [partsText(e.hint, name)];
  const options = hint === undefined ? {} : { hint };
  return e instanceof FieldTypeError
    ? new FieldTypeError(field, parts, options)
    : new FieldError(field, parts, { ...options, whole: e.whole });
}

/**
 * The head of a field path (the key the input gave) and the rest: `rates[2]` → [`rates`,
 * `[2]`], `layers[1].dilation` → [`layers`, `[1].dilation`], `kernel sigma` → [`kernel`, ` sigma`].
 */
export function fieldHead(field: string): [string, string] {
  let i = 0;
  while (i < field.length && !'[. '.includes(field[i])) i++;
  return [field.slice(0, i), field.slice(i)];
}

/**
 * True when `error` is the user's mistake (bad input: exit code 2 in the CLI, a 4xx in the
 * server), decided by its structure, never by its text: a FieldError or FieldTypeError, or
 * an error that carries a string `field` or `userError: true` (the CLI's UsageError, an
 * error rebuilt from a worker thread). Anything else, a plain RangeError or TypeError
 * included, is a bug.
 */
export function isUserError(error: unknown): error is Error {
  if (error instanceof FieldError || error instanceof FieldTypeError) return true;
  if (!(error instanceof Error)) return false;
  const e = error as { field?: unknown; userError?: unknown };
  return typeof e.field === 'string' || e.userError === true;
}

/** Throws unless `value` is an integer in [min, max]; returns it. */
export function integerIn(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const what =
      min === 1
        ? max === Number.MAX_SAFE_INTEGER
          ? 'a positive integer'
          : `a positive integer no larger than ${max}`
        : max === Number.MAX_SAFE_INTEGER
          ? `an integer >= ${min}`
          : `an integer from ${min} to ${max}`;
    throw new FieldError(field, `must be ${what}, got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number in [min, max]; returns it. */
export function finiteIn(
  field: string,
  value: unknown,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === Number.NEGATIVE_INFINITY && max === Number.POSITIVE_INFINITY
        ? 'a finite number'
        : max === Number.POSITIVE_INFINITY
          ? `a finite number >= ${min}`
          : min === Number.NEGATIVE_INFINITY
            ? `a finite number <= ${max}`
            : `a finite number from ${min} to ${max}`;
    throw new FieldError(field, `must be ${range}, got ${show(value)}`);
  }
  return value;
}

/** Parses a decimal integer written as text (CLI, query strings) strictly. */
export function parseIntegerText(field: string, text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new FieldError(field, `must be an integer, got ${show(text)}`);
  return Number(t);
}

/**
 * The one grammar of a number written as text (CLI flags, query strings, kernel specs):
 * decimal, optional sign, optional fraction and exponent — `2`, `-0.5`, `1e-3`, `.5`. No hex
 * (`0x10`), binary, octal, `Infinity` or digit separators, which `Number()` would accept.
 */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a number written as text strictly: the DECIMAL grammar, nothing else. */
export function parseNumberText(field: string, text: string): number {
  const t = text.trim();
  const v = DECIMAL.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(v))
    throw new FieldError(field, `must be a finite number, got ${show(text)}`);
  return v;
}

/** Greatest common divisor of non-negative integers (gcd(0, n) = n). */
export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Greatest common divisor of a list; 0 for an empty list. */
export function gcdAll(values: readonly number[]): number {
  return values.reduce((g, v) => gcd(g, v), 0);
}

/** True when n is a power of two (1, 2, 4, ...). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}
