import type { Request } from 'express';
import {
  assertTextNesting,
  type Network,
  parseNetwork,
  presetNames,
  presetNetwork,
  shortFormNetwork,
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
 * Where a request's network comes from: a preset name, a network spec (an object or
 * JSON/YAML text, docs/network-spec.md), or the CLI's short form (kernel + rates + mode +
 * merge). Plain JSON, so it can key the cache and travel to the worker thread.
 */
export type NetworkSource =
  | { preset: string }
  | { network: unknown }
  | { kernel: unknown; rates: unknown; mode?: unknown; merge?: unknown };

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

const NETWORK_KEYS = ['preset', 'network', 'kernel', 'rates', 'mode', 'merge'] as const;

/** The kernel of the short form when only `rates` is given (the CLI's default too). */
export const DEFAULT_KERNEL = 'box:3';

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

function sourceFrom(values: Record<string, unknown>, fromText: boolean): NetworkSource {
  const given = NETWORK_KEYS.filter((k) => values[k] !== undefined);
  const has = (k: string) => given.includes(k as (typeof NETWORK_KEYS)[number]);
  const ways = ['preset', 'network', 'kernel'].filter(has);
  if (ways.length === 0 && !has('rates')) {
    throw new FieldError(
      'network',
      `is required: give preset=NAME (one of ${presetNames.join(', ')}), network=<JSON or YAML spec>, or kernel=SPEC with rates=R1,R2,...`,
    );
  }
  if (ways.length > 1) {
    throw new FieldError(
      ways[1],
      `cannot be combined with ${ways[0]}: give one of preset, network, or kernel with rates`,
    );
  }
  const way = ways[0] ?? 'kernel';
  if (way === 'preset' || way === 'network') {
    const extra = given.find((k) => k !== way);
    if (extra) throw new FieldError(extra, `only goes with kernel and rates, not with ${way}`);
    if (way === 'preset') {
      if (typeof values.preset !== 'string')
        throw new FieldTypeError('preset', `must be a preset name, got ${show(values.preset)}`);
      return { preset: values.preset };
    }
    return { network: values.network };
  }
  if (values.rates === undefined) throw new FieldError('rates', 'is required with kernel');
  // As on the command line, rates alone mean box:3 kernels.
  let kernel = values.kernel ?? DEFAULT_KERNEL;
  if (fromText && typeof kernel === 'string' && kernel.trim().startsWith('[')) {
    assertTextNesting('kernel', kernel);
    try {
      kernel = JSON.parse(kernel);
    } catch {
      throw new FieldError('kernel', `is not a valid JSON list of weights, got ${show(kernel)}`);
    }
  }
  const out: NetworkSource = { kernel, rates: values.rates };
  if (values.mode !== undefined) out.mode = values.mode;
  if (values.merge !== undefined) out.merge = values.merge;
  return out;
}

/**
 * Reads a GET query: network keys (preset | network | kernel+rates+mode+merge) and the
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
  return { source: sourceFrom(values, true), options: readOptionsFrom(values, specs, true) };
}

/**
 * Reads a POST body `{preset | network | kernel, rates, mode, merge, options: {...}}`.
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
  return { source: sourceFrom(body, false), options: readOptionsFrom(options, specs, false) };
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

/** Builds and validates the network of a source (errors name the field and the value). */
export function networkFromSource(source: NetworkSource): Network {
  if ('preset' in source) return presetNetwork(source.preset);
  if ('network' in source) {
    const spec = source.network;
    if (typeof spec !== 'string' && !isObject(spec))
      throw new FieldTypeError(
        'network',
        `must be a network spec object or JSON/YAML text, got ${show(spec)}`,
      );
    return parseNetwork(spec);
  }
  const { kernel, rates, mode, merge } = source;
  if (typeof kernel !== 'string' && !Array.isArray(kernel))
    throw new FieldTypeError(
      'kernel',
      `must be a preset string such as "box:3" or a list of weights, got ${show(kernel)}`,
    );
  if (typeof rates !== 'string' && !Array.isArray(rates))
    throw new FieldTypeError('rates', `must be "1,2,5" or a list of rates, got ${show(rates)}`);
  if (mode !== undefined && typeof mode !== 'string')
    throw new FieldTypeError(
      'mode',
      `must be "stack", "parallel" or "residual", got ${show(mode)}`,
    );
  if (merge !== undefined && merge !== 'sum' && merge !== 'concat')
    throw new FieldError('merge', `must be "sum" or "concat", got ${show(merge)}`);
  return shortFormNetwork({
    kernel: kernel as string | number[],
    rates: rates as string | number[],
    mode: mode as 'stack' | 'parallel' | 'residual' | undefined,
    merge,
  });
}
