/**
 * The network a command works on, from exactly one source: the short form
 * (`--kernel SPEC --rates R1,R2,... [--mode stack|parallel|residual] [--merge sum|concat]
 * [--padding same|causal|valid]`),
 * a spec file (`--network FILE`, JSON or YAML), or a preset (`--preset NAME`).
 */
import path from 'node:path';
import type { Command } from 'commander';
import {
  type Network,
  parseNetworkText,
  resolveNetwork,
  SOURCE_KEYS,
  type SourceKey,
  type SourceNames,
  selectSource,
} from '../network/index.ts';
import { FieldError, FieldTypeError, fieldHead, renameField, show } from '../util/validate.ts';
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
      'padding of the layers of the short form or of a --network file that set none: same (default), causal, valid, N (zeros before and after) or B,A',
    )
    .option('--network <file>', 'network spec file, JSON or YAML (docs/network-spec.md)')
    .option('--preset <name>', 'a named network (see: dilation-lab presets)');
}

/**
 * The CLI's names of the source keys: `--rates`; the spec comes from a file
 * (`--network FILE`).
 */
export const CLI_SOURCE_NAMES: SourceNames = {
  name: (key) => `--${key}`,
  give: (key, value) => `--${key} ${key === 'network' && value === 'SPEC' ? 'FILE' : value}`,
};

/** A library error about a source key, named as the option: `rates[1]` → `--rates[1]`. */
export function asCliError(e: unknown): unknown {
  if (!(e instanceof FieldError || e instanceof FieldTypeError)) return e;
  const [head, rest] = fieldHead(e.field);
  if (!(SOURCE_KEYS as readonly string[]).includes(head)) return e;
  return renameField(e, `${CLI_SOURCE_NAMES.name(head as SourceKey)}${rest}`);
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
    return resolveNetwork({ network: value, padding });
  } catch (e) {
    if (e instanceof FieldError || e instanceof FieldTypeError) {
      // `--padding` is the option's; the rest is a path in the file.
      if (e.field === 'padding') throw asCliError(e);
      throw new UsageError(`${file}: ${e.message}`, e.field);
    }
    throw e;
  }
}

/**
 * Builds the network from exactly one source (the core's `selectSource` and
 * `resolveNetwork`, named as the options). No source, or more than one, is bad input
 * (exit 2) with a message that says what to give.
 */
export async function networkFromOptions(opts: NetworkSourceOptions, io: CliIO): Promise<Network> {
  try {
    const source = selectSource(opts, CLI_SOURCE_NAMES);
    if ('network' in source) {
      return await fromFile(source.network as string, io, source.padding as string | undefined);
    }
    return resolveNetwork(source, { names: CLI_SOURCE_NAMES });
  } catch (e) {
    throw asCliError(e);
  }
}
