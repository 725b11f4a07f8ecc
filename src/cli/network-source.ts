/**
 * The network a command works on, from exactly one source: the short form
 * (`--kernel SPEC --rates R1,R2,... [--mode stack|parallel|residual] [--merge sum|concat]
 * [--padding same|causal|valid]`),
 * a spec file (`--network FILE`, JSON or YAML), or a preset (`--preset NAME`).
 */
import path from 'node:path';
import type { Command } from 'commander';
import {
  assertTextNesting,
  getPreset,
  type Network,
  PADDING_NAMES,
  parseNetwork,
  parseNetworkText,
  presetNetwork,
  shortFormNetwork,
} from '../network/index.ts';
import { FieldError, FieldTypeError, show } from '../util/validate.ts';
import { UsageError, unreadableFile } from './errors.ts';
import { type CliIO, readTextFileBounded } from './io.ts';

/** The options `addNetworkOptions` declares, as commander parses them (text). */
export interface NetworkSourceOptions {
  kernel?: string;
  rates?: string;
  mode?: string;
  merge?: string;
  padding?: string;
  network?: string;
  preset?: string;
}

/** Largest network file read, in bytes (a spec is a few kB at most). */
export const MAX_NETWORK_FILE = 1 << 20;

/** Declares the network-source options on a command. */
export function addNetworkOptions(cmd: Command): Command {
  return cmd
    .option(
      '--kernel <spec>',
      'kernel for the short form: box:K, box:KxK, binomial:K, gaussian:K:SIGMA, random:K:SEED, weights:w0,w1,... or a JSON list (default box:3 when --rates is given)',
    )
    .option(
      '--rates <list>',
      'dilation rates of the short form, e.g. 1,2,5 (2-D per axis: 1x2,2x4)',
    )
    .option('--mode <mode>', 'short form: stack (default), parallel or residual')
    .option('--merge <merge>', 'short form with --mode parallel: sum (default) or concat')
    .option(
      '--padding <padding>',
      'padding of the layers of the short form or of a --network file that set none: same (default), causal or valid',
    )
    .option('--network <file>', 'network spec file, JSON or YAML (docs/network-spec.md)')
    .option('--preset <name>', 'a named network (see: dilation-lab presets)');
}

/**
 * `--kernel`: a bare size means a box, as in `recommend`: `3` is box:3, `3x3` is box:3x3;
 * a JSON list is weights; anything else is a kernel spec.
 */
function kernelValue(text: string): string | number[] | number[][] {
  const t = text.trim();
  if (/^\d+$/.test(t) || /^\d+[x×]\d+$/.test(t)) return `box:${t.replace('×', 'x')}`;
  if (!t.startsWith('[')) return t;
  assertTextNesting('kernel', t);
  try {
    return JSON.parse(t);
  } catch {
    throw new FieldError(
      'kernel',
      `must be a kernel spec or a JSON list of weights, got ${show(text)}`,
    );
  }
}

function shortForm(opts: NetworkSourceOptions): Network {
  if (opts.rates === undefined) {
    throw new UsageError('--kernel needs --rates (e.g. --kernel box:3 --rates 1,2,5)', 'rates');
  }
  const mode = opts.mode ?? 'stack';
  if (mode !== 'stack' && mode !== 'parallel' && mode !== 'residual') {
    throw new FieldError('mode', `must be "stack", "parallel" or "residual", got ${show(mode)}`);
  }
  const merge = opts.merge;
  if (merge !== undefined) {
    if (merge !== 'sum' && merge !== 'concat')
      throw new FieldError('merge', `must be "sum" or "concat", got ${show(merge)}`);
    if (mode !== 'parallel')
      throw new UsageError(
        `--merge applies only with --mode parallel, got --mode ${mode}`,
        'merge',
      );
  }
  return shortFormNetwork({
    kernel: kernelValue(opts.kernel ?? 'box:3'),
    rates: opts.rates,
    mode,
    merge,
    padding: paddingOption(opts.padding),
  });
}

/** `--padding`: one of PADDING_NAMES (explicit amounts are written in a spec file). */
function paddingOption(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!(PADDING_NAMES as readonly string[]).includes(text)) {
    throw new FieldError('padding', `must be ${PADDING_NAMES.join(', ')}, got ${show(text)}`);
  }
  return text;
}

function readError(file: string, e: unknown): UsageError {
  return unreadableFile('--network cannot read', file, e, 'network');
}

async function fromFile(file: string, io: CliIO, padding?: string): Promise<Network> {
  const full = path.resolve(io.cwd ?? process.cwd(), file);
  const read = io.readFile ?? ((p: string) => readTextFileBounded(p, MAX_NETWORK_FILE));
  let text: string;
  try {
    text = await read(full);
  } catch (e) {
    throw readError(file, e);
  }
  if (text.length > MAX_NETWORK_FILE) {
    throw new UsageError(
      `--network ${show(file)} is larger than ${MAX_NETWORK_FILE} bytes; a network spec is a few kB`,
      'network',
    );
  }
  // Syntax errors name the file and the line: `net.yaml is not valid JSON or YAML at line 3 ...`.
  const value = parseNetworkText(text, file);
  try {
    return parseNetwork(value, { padding });
  } catch (e) {
    if (e instanceof FieldError || e instanceof FieldTypeError) {
      throw new UsageError(`${file}: ${e.message}`, e.field);
    }
    throw e;
  }
}

/**
 * Builds the network from exactly one source. No source, or more than one, is bad input
 * (UsageError, exit 2) with a message that says what to give.
 */
export async function networkFromOptions(opts: NetworkSourceOptions, io: CliIO): Promise<Network> {
  const given: string[] = [];
  if (opts.kernel !== undefined || opts.rates !== undefined) given.push('--kernel/--rates');
  if (opts.network !== undefined) given.push('--network');
  if (opts.preset !== undefined) given.push('--preset');
  if (given.length === 0) {
    throw new UsageError(
      'no network given: use --kernel SPEC --rates R1,R2,..., --network FILE or --preset NAME',
    );
  }
  if (given.length > 1) {
    throw new UsageError(`give exactly one network source, got ${given.join(' and ')}`);
  }
  if (given[0] !== '--kernel/--rates') {
    for (const o of ['mode', 'merge'] as const) {
      if (opts[o] !== undefined)
        throw new UsageError(`--${o} applies only to the short form --kernel/--rates`, o);
    }
  }
  if (opts.network !== undefined) return fromFile(opts.network, io, paddingOption(opts.padding));
  if (opts.preset !== undefined) {
    if (opts.padding !== undefined) {
      throw new UsageError(
        '--padding applies to --kernel/--rates and --network; a preset pads as its paper does',
        'padding',
      );
    }
    getPreset(opts.preset); // the error lists the names that exist
    return presetNetwork(opts.preset);
  }
  return shortForm(opts);
}
