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
import { cliFlag, SOURCE_OPTIONS } from '../options/index.ts';
import { FieldError, FieldTypeError, fieldHead, renameField, show } from '../util/validate.ts';
import { UsageError, unreadableFile } from './errors.ts';
import { type CliIO, readTextFileBounded } from './io.ts';
import { addOption } from './options.ts';

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

/** Declares the network-source options on a command, from the option schema. */
export function addNetworkOptions(cmd: Command): Command {
  for (const key of SOURCE_KEYS_IN_HELP) addOption(cmd, SOURCE_OPTIONS[key]);
  return cmd;
}

/** The order the source options appear in --help. */
const SOURCE_KEYS_IN_HELP = [
  'kernel',
  'rates',
  'mode',
  'merge',
  'padding',
  'network',
  'preset',
] as const;

/**
 * The CLI's names of the source keys: `--rates`; the spec comes from a file
 * (`--network FILE`).
 */
export const CLI_SOURCE_NAMES: SourceNames = {
  name: (key) => cliFlag(SOURCE_OPTIONS[key]),
  give: (key, value) =>
    `${cliFlag(SOURCE_OPTIONS[key])} ${key === 'network' && value === 'SPEC' ? 'FILE' : value}`,
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
