import type { Request } from 'express';
import {
  type Network,
  type NetworkSource,
  resolveNetwork,
  SOURCE_KEYS,
  selectSource,
} from '../network/index.ts';
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
import { HttpError } from './errors.ts';

/**
 * Where a request's network comes from (the core's NetworkSource): a preset name, a network
 * spec (an object or JSON/YAML text, docs/network-spec.md), or the CLI's short form (kernel +
 * rates + mode + merge + padding). Plain JSON, so it can key the cache and travel to the
 * worker thread.
 */
export type { NetworkSource } from '../network/index.ts';

/** How one option is read: its name, its type and its bounds. */
export interface OptionSpec {
  name: string;
  kind: 'integer' | 'number' | 'boolean' | 'size' | 'fields' | 'choice';
  /** For choices: the accepted values. */
  values?: readonly string[];
  min?: number;
  max?: number;
  /** For integers: must be a power of two. */
  powerOfTwo?: boolean;
  /** For numbers: must be above 0. */
  positive?: boolean;
}

/** Parsed options: numbers, booleans, [w, h] sizes, choices, or lists of field names. */
export type Options = Record<string, number | boolean | [number, number] | string | string[]>;

/** A request read into a network source and typed options. */
export interface ApiInput {
  source: NetworkSource;
  options: Options;
}

const NETWORK_KEYS = SOURCE_KEYS;

/** The kernel of the short form when only `rates` is given (the CLI's default too). */
export { DEFAULT_KERNEL } from '../network/index.ts';

/** CLI-style spellings accepted in query strings, mapped to the canonical names. */
const QUERY_ALIASES: Record<string, string> = {
  'map-size': 'mapSize',
  'threshold-db': 'thresholdDb',
  'include-nyquist': 'includeNyquist',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKey(field: string, allowed: readonly string[]): FieldError {
  return new FieldError(field, `is not a known parameter (expected one of ${allowed.join(', ')})`);
}

/** Reads a boolean written in a query string: true/1/yes/(empty) or false/0/no. */
function parseBooleanText(field: string, text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  throw new FieldError(field, `must be true or false, got ${show(text)}`);
}

/** Reads an object size `WxH` or `W` (a square) from text or a JSON value. */
function readSize(field: string, value: unknown, max: number): [number, number] {
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
  return [integerIn(`${field}[0]`, parts[0], 1, max), integerIn(`${field}[1]`, parts[1], 1, max)];
}

/**
 * Reads a list of answer field names: `a,b` as text or `["a", "b"]` as JSON; each a name
 * (letters, digits, `_`), at least one; returned sorted without repeats, so two spellings
 * of one request are one cache entry.
 */
function readFields(field: string, value: unknown): string[] {
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
    if (typeof x !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(x))
      throw new FieldError(
        Array.isArray(value) ? `${field}[${i}]` : field,
        `must be a field name (letters, digits, _), got ${show(x)}`,
      );
  });
  return [...new Set(list as string[])].sort();
}

/** Reads one option from text (query) or from a JSON value (body), checking its bounds. */
export function readOption(
  spec: OptionSpec,
  value: unknown,
  fromText: boolean,
): number | boolean | [number, number] | string | string[] {
  const f = spec.name;
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
      if (spec.powerOfTwo && !(typeof v === 'number' && isPowerOfTwo(v) && v >= min && v <= max))
        throw new FieldError(f, `must be a power of two from ${min} to ${max}, got ${show(v)}`);
      return integerIn(
        f,
        v,
        spec.min ?? Number.MIN_SAFE_INTEGER,
        spec.max ?? Number.MAX_SAFE_INTEGER,
      );
    }
    case 'number': {
      const v = fromText && typeof value === 'string' ? parseNumberText(f, value) : value;
      if (spec.positive && !(typeof v === 'number' && Number.isFinite(v) && v > 0))
        throw new FieldError(f, `must be a positive finite number, got ${show(v)}`);
      return finiteIn(f, v, min, max);
    }
    case 'size':
      return readSize(f, value, spec.max ?? Number.MAX_SAFE_INTEGER);
    case 'fields':
      return readFields(f, value);
    case 'choice': {
      const values = spec.values ?? [];
      if (typeof value !== 'string' || !values.includes(value))
        throw new FieldError(f, `must be one of ${values.join(', ')}, got ${show(value)}`);
      return value;
    }
  }
}

function readOptionsFrom(
  values: Record<string, unknown>,
  specs: readonly OptionSpec[],
  fromText: boolean,
): Options {
  const out: Options = {};
  for (const s of specs) {
    const v = values[s.name];
    if (v !== undefined) out[s.name] = readOption(s, v, fromText);
  }
  return out;
}

/**
 * Reads a GET query: network keys (preset | network | kernel+rates+mode+merge+padding) and the
 * options in `specs`, all as text. Unknown or repeated parameters are 400s.
 */
export function readQuery(query: unknown, specs: readonly OptionSpec[]): ApiInput {
  const values: Record<string, unknown> = {};
  const allowed = [...NETWORK_KEYS, ...specs.map((s) => s.name)];
  for (const [rawKey, v] of Object.entries(isObject(query) ? query : {})) {
    const key = QUERY_ALIASES[rawKey] ?? rawKey;
    if (!allowed.includes(key)) throw unknownKey(rawKey, allowed);
    if (typeof v !== 'string') throw new FieldError(rawKey, 'must be given once, as text');
    if (values[key] !== undefined) throw new FieldError(rawKey, 'must be given once');
    values[key] = v;
  }
  return { source: selectSource(values), options: readOptionsFrom(values, specs, true) };
}

/**
 * Reads a POST body `{preset | network | kernel, rates, mode, merge, padding, options: {...}}`.
 * `network` is a spec object or JSON/YAML text; options are typed JSON values.
 */
export function readBody(body: unknown, specs: readonly OptionSpec[]): ApiInput {
  if (!isObject(body)) throw new FieldTypeError('body', `must be a JSON object, got ${show(body)}`);
  const allowed = [...NETWORK_KEYS, 'options'];
  for (const key of Object.keys(body)) if (!allowed.includes(key)) throw unknownKey(key, allowed);
  const options = body.options ?? {};
  if (!isObject(options))
    throw new FieldTypeError('options', `must be an object, got ${show(options)}`);
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(options))
    if (!names.includes(key))
      throw new FieldError(
        `options.${key}`,
        names.length === 0
          ? 'is not a known option (this route takes no options)'
          : `is not a known option (expected one of ${names.join(', ')})`,
      );
  return { source: selectSource(body), options: readOptionsFrom(options, specs, false) };
}

/**
 * Reads the request of a GET or POST API route. A POST must send JSON
 * (`Content-Type: application/json`); an empty POST body reads as `{}`.
 */
export function readRequest(req: Request, specs: readonly OptionSpec[]): ApiInput {
  if (req.method !== 'POST') return readQuery(req.query, specs);
  if (req.body === undefined) {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > 0 || req.headers['transfer-encoding'] !== undefined) {
      throw new HttpError(
        415,
        `body must be sent as JSON with Content-Type: application/json, got ${show(req.headers['content-type'] ?? 'no Content-Type')}`,
        'body',
      );
    }
    return readBody({}, specs);
  }
  return readBody(req.body, specs);
}

/**
 * Builds and validates the network of a source with the core's `resolveNetwork` (errors
 * name the query or body key, which are the source's own keys: `rates[2]`, `padding`).
 */
export function networkFromSource(source: NetworkSource): Network {
  return resolveNetwork(source);
}
