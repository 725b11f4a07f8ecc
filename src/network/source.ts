/**
 * Where a network comes from, in one place for the CLI, the server, report configs and the
 * web page: a preset name, a network spec (an object, or JSON / YAML text), or the short
 * form (kernel + rates + mode + merge + padding). Reading files stays in the adapters: they
 * hand the text over as `network`.
 *
 * Errors are FieldErrors whose `field` is the path in the source's own keys (`rates[2]`,
 * `kernel`, `padding`, and for a spec the spec path, `layers[1].dilation`); an adapter names
 * the key its way with `renameField` (`--rates[2]`, `experiments[0].networks[1].rates[2]`).
 * Messages that mention another key (`merge applies only with mode parallel`) name it
 * through `SourceNames`, so they read in the adapter's words without rewriting.
 */
import { kernelDims, parseKernel } from '../kernel/index.ts';
import { FieldError, FieldTypeError, integerIn, show } from '../util/validate.ts';
import { LIMITS } from './limits.ts';
import { PADDING_NAMES, type Padding, parsePadding } from './padding.ts';
import { parseNetwork, parseNetworkText, parseRatesText } from './parse.ts';
import { getPreset, presetNames, presetNetwork } from './presets.ts';
import { assertTextNesting } from './textNesting.ts';
import type { Network } from './types.ts';

/** The keys a network source is given by. */
export const SOURCE_KEYS = [
  'preset',
  'network',
  'kernel',
  'rates',
  'mode',
  'merge',
  'padding',
] as const;

/** One of SOURCE_KEYS. */
export type SourceKey = (typeof SOURCE_KEYS)[number];

/** The kernel of the short form when only `rates` is given (box:3, as on the command line). */
export const DEFAULT_KERNEL = 'box:3';

/** The arrangements of the short form: one layer per rate. */
export const SHORT_FORM_MODES = ['stack', 'parallel', 'residual'] as const;

/** The merges of a parallel short form. */
export const SHORT_FORM_MERGES = ['sum', 'concat'] as const;

/**
 * A network source as an adapter reads it (values are text from a command line or a query
 * string, or JSON values from a request body or a config). Plain JSON, so it can key a cache
 * and travel to a worker thread.
 */
export type NetworkSource =
  | { preset: string }
  | { network: unknown; padding?: unknown }
  | { kernel?: unknown; rates: unknown; mode?: unknown; merge?: unknown; padding?: unknown };

/** How an adapter names the source keys in messages that mention them. */
export interface SourceNames {
  /** The adapter's name of a key: `--rates` (CLI), `rates` (server). */
  name(key: SourceKey): string;
  /** The key given a value, as the user writes it: `--rates 1,2,5`, `rates=1,2,5`. */
  give(key: SourceKey, value: string): string;
}

/** The names of the library and the server: the keys themselves, `key=value`. */
export const KEY_NAMES: SourceNames = {
  name: (key) => key,
  give: (key, value) => `${key}=${value}`,
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Picks the one source in `values` (the keys of SOURCE_KEYS, undefined when not given): a
 * preset, a spec (`network`, with an optional default `padding`), or the short form (`rates`,
 * with `kernel` box:3 by default). No source, two sources, or a key that does not go with the
 * source given is a FieldError naming the key.
 */
export function selectSource(
  values: Readonly<Partial<Record<SourceKey, unknown>>>,
  names: SourceNames = KEY_NAMES,
): NetworkSource {
  const n = names.name;
  const has = (k: SourceKey) => values[k] !== undefined;
  const short = has('kernel') || has('rates');
  const ways = [
    ...(short ? [`${n('kernel')}/${n('rates')}`] : []),
    ...(has('network') ? [n('network')] : []),
    ...(has('preset') ? [n('preset')] : []),
  ];
  if (ways.length === 0) {
    throw new FieldError(
      'network',
      `no network given (one is required): use ${names.give('kernel', 'SPEC')} ${names.give('rates', 'R1,R2,...')}, ${names.give('network', 'SPEC')} or ${names.give('preset', 'NAME')} (one of ${presetNames.join(', ')})`,
      { whole: true },
    );
  }
  if (ways.length > 1) {
    const field: SourceKey = short ? (has('kernel') ? 'kernel' : 'rates') : 'network';
    throw new FieldError(
      field,
      `cannot be combined with ${ways[ways.length - 1]}: give exactly one network source, got ${ways.join(' and ')}`,
    );
  }
  if (has('preset') || has('network')) {
    const way: SourceKey = has('preset') ? 'preset' : 'network';
    for (const k of ['mode', 'merge'] as const) {
      if (has(k))
        throw new FieldError(
          k,
          `applies only to the short form: it only goes with ${n('kernel')} and ${n('rates')}, not with ${n(way)}`,
        );
    }
    if (way === 'preset') {
      if (has('padding'))
        throw new FieldError(
          'padding',
          `applies to ${n('kernel')}/${n('rates')} and ${n('network')}; a preset pads as its paper does`,
        );
      if (typeof values.preset !== 'string')
        throw new FieldTypeError('preset', `must be a preset name, got ${show(values.preset)}`);
      return { preset: values.preset };
    }
    return has('padding')
      ? { network: values.network, padding: values.padding }
      : { network: values.network };
  }
  if (!has('rates')) {
    throw new FieldError(
      'rates',
      `is required with ${n('kernel')} (e.g. ${names.give('kernel', 'box:3')} ${names.give('rates', '1,2,5')})`,
    );
  }
  const out: NetworkSource = { kernel: values.kernel ?? DEFAULT_KERNEL, rates: values.rates };
  for (const k of ['mode', 'merge', 'padding'] as const) if (has(k)) out[k] = values[k];
  return out;
}

/**
 * A kernel of the short form: a bare size means a box (`3` is box:3, `3x3` box:3x3, in every
 * command); text starting with `[` is a JSON list of weights; anything else a kernel spec or
 * a list of weights as JSON.
 */
export function shortFormKernel(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (/^\d+$/.test(t) || /^\d+[x×]\d+$/.test(t)) return `box:${t.replace('×', 'x')}`;
  if (!t.startsWith('[')) return t;
  assertTextNesting('kernel', t);
  try {
    return JSON.parse(t);
  } catch {
    throw new FieldError(
      'kernel',
      `must be a kernel spec or a JSON list of weights, got ${show(value)}`,
    );
  }
}

/**
 * A padding written as text (a command line, a query string): `same`, `causal`, `valid`, `N`
 * (N zeros before and after along every axis) or `B,A` (B before, A after, every axis).
 * Other values (a spec's explicit amounts) are validated as the spec's `padding`.
 */
export function parsePaddingValue(field: string, value: unknown, dims: 1 | 2): Padding {
  if (typeof value !== 'string') return parsePadding(field, value, dims);
  const t = value.trim();
  if ((PADDING_NAMES as readonly string[]).includes(t)) return t as Padding;
  const m = /^(\d+)(?:\s*,\s*(\d+))?$/.exec(t);
  if (!m) {
    throw new FieldError(
      field,
      `must be ${PADDING_NAMES.join(', ')}, N (zeros before and after) or B,A (zeros before, after), got ${show(value)}`,
    );
  }
  const before = Number(m[1]);
  const after = Number(m[2] ?? m[1]);
  const axis = [before, after];
  return parsePadding(field, dims === 1 ? axis : [axis, axis], dims);
}

/** The rates of the short form, each checked: a number, or [dy, dx] for a 2-D kernel. */
function shortFormRates(value: unknown, dims: 1 | 2): (number | [number, number])[] {
  let rates: unknown[];
  if (typeof value === 'string') rates = parseRatesText(value, 'rates');
  else if (Array.isArray(value)) rates = value;
  else throw new FieldTypeError('rates', `must be "1,2,5" or a list of rates, got ${show(value)}`);
  if (rates.length === 0)
    throw new FieldError('rates', `must list at least one rate, got ${show(value)}`);
  if (rates.length > LIMITS.maxLayers)
    throw new FieldError(
      'rates',
      `gives more than ${LIMITS.maxLayers} layers (one per rate), got ${rates.length} rates`,
    );
  return rates.map((r, i) => {
    if (!Array.isArray(r)) return integerIn(`rates[${i}]`, r, 1, LIMITS.maxRate);
    if (dims === 1)
      throw new FieldError(`rates[${i}]`, `must be one integer for a 1-D kernel, got ${show(r)}`);
    if (r.length !== 2)
      throw new FieldError(`rates[${i}]`, `must be an integer or [dy, dx], got ${show(r)}`);
    return [
      integerIn(`rates[${i}][0]`, r[0], 1, LIMITS.maxRate),
      integerIn(`rates[${i}][1]`, r[1], 1, LIMITS.maxRate),
    ];
  });
}

/** Checks a choice of the short form (`mode`, `merge`). */
function choice<T extends string>(key: SourceKey, value: unknown, values: readonly T[]): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw new FieldError(
      key,
      `must be ${values.map((v) => `"${v}"`).join(', ')}, got ${show(value)}`,
    );
  }
  return value as T;
}

/**
 * Builds the network of the short form: one layer per rate with the same kernel, as a stack
 * (default), a parallel set (`merge` sum by default) or a stack of residual layers, every
 * layer with `padding` (same by default). Each value is checked under its own key before the
 * spec is built (`rates[1] must be ...`, `kernel size must be ...`), so no error needs
 * renaming afterwards.
 */
export function shortFormSource(
  source: { kernel?: unknown; rates: unknown; mode?: unknown; merge?: unknown; padding?: unknown },
  names: SourceNames = KEY_NAMES,
): Network {
  const kernelValue = shortFormKernel(source.kernel ?? DEFAULT_KERNEL);
  const dims = kernelDims(parseKernel(kernelValue, 'kernel'));
  const rates = shortFormRates(source.rates, dims);
  const mode = source.mode === undefined ? 'stack' : choice('mode', source.mode, SHORT_FORM_MODES);
  let merge: (typeof SHORT_FORM_MERGES)[number] = 'sum';
  if (source.merge !== undefined) {
    merge = choice('merge', source.merge, SHORT_FORM_MERGES);
    if (mode !== 'parallel')
      throw new FieldError(
        'merge',
        `applies only with ${names.give('mode', 'parallel')}, got ${names.give('mode', mode)}`,
      );
  }
  const padding =
    source.padding === undefined ? undefined : parsePaddingValue('padding', source.padding, dims);
  const layers = rates.map((r) => ({ kernel: kernelValue, dilation: r }));
  const spec =
    mode === 'stack'
      ? { type: 'stack', layers }
      : mode === 'parallel'
        ? { type: 'parallel', merge, branches: layers }
        : { type: 'stack', layers: layers.map((l) => ({ type: 'residual', body: l })) };
  return parseNetwork(spec, { padding });
}

/** Options of the short form `--kernel SPEC --rates 1,2,5 [--mode stack|parallel|residual]`. */
export interface ShortForm {
  kernel: string | number[] | number[][];
  rates: string | readonly number[] | readonly (number | readonly [number, number])[];
  mode?: 'stack' | 'parallel' | 'residual';
  merge?: 'sum' | 'concat';
  /** Padding of every layer: `same` (default), `causal`, `valid`, `N`, `B,A` or explicit amounts. */
  padding?: unknown;
}

/**
 * Builds the network of the short form (see `shortFormSource`): one layer per rate with the
 * same kernel, as a stack, a parallel set or a stack of residual layers.
 */
export function shortFormNetwork(form: ShortForm): Network {
  return shortFormSource(form);
}

/**
 * Builds and validates the network of a source (see `selectSource`). A spec is an object or
 * JSON / YAML text (`sourceName` names it in syntax errors, e.g. the file name); its errors
 * name the spec path (`layers[1].dilation`), and `padding` is the default of its layers.
 */
export function resolveNetwork(
  source: NetworkSource,
  options: { names?: SourceNames; sourceName?: string } = {},
): Network {
  if ('preset' in source) {
    getPreset(source.preset); // the error lists the names that exist
    return presetNetwork(source.preset);
  }
  if ('network' in source) {
    const spec = source.network;
    if (typeof spec !== 'string' && !isObject(spec))
      throw new FieldTypeError(
        'network',
        `must be a network spec object or JSON/YAML text, got ${show(spec)}`,
      );
    const value = typeof spec === 'string' ? parseNetworkText(spec, options.sourceName) : spec;
    let padding = source.padding;
    if (typeof padding === 'string') {
      // A name is valid for any number of axes; amounts need the spec's own.
      const dims = (PADDING_NAMES as readonly string[]).includes(padding.trim())
        ? 1
        : specDims(value);
      padding = parsePaddingValue('padding', padding, dims);
    }
    return parseNetwork(value, { padding });
  }
  return shortFormSource(source, options.names);
}

/** The number of axes of a spec, from its first network built with `same` padding. */
function specDims(value: unknown): 1 | 2 {
  return parseNetwork(value).dims;
}
