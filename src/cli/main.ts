/**
 * `dilation-lab`: the command. `main(argv, io)` parses the arguments with commander,
 * runs one subcommand and returns the exit code: 0 success, 1 failure, 2 bad input.
 * Everything is written through `io`, so tests capture it all.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import type { CliContext } from './context.ts';
import { EXIT, firstLine, reportError } from './errors.ts';
import type { CliIO } from './io.ts';

/** The package version, read from package.json (the CLI may touch the file system). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Commander's error text (`error: unknown option '--jsn'\n(Did you mean --json?)`) as one
 * line: `dilation-lab: unknown option '--jsn' (Did you mean --json?)`.
 */
export function commanderMessage(text: string): string {
  const joined = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return `dilation-lab: ${joined.replace(/^error:\s*/, '')}`;
}

/** Builds a fresh commander program for one `main` call (commander keeps parse state). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('dilation-lab');
  program
    .description(
      'A lab for dilated (atrous) convolutions: receptive field, holes, exact nulls, shared nulls, aliasing.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s),
      writeErr: (s) => ctx.err(s),
      outputError: (s, write) => write(`${commanderMessage(s)}\n`),
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Exit codes: 0 success, 1 failure, 2 bad input (the message names the field and the value).
Docs: README.md, docs/cli.md, docs/network-spec.md, docs/api.md.

Examples:
  $ dilation-lab analyze --kernel box:3 --rates 2,2,2
  $ dilation-lab analyze --kernel box:3x3 --rates 1,2,5 --map-size 64 --object 5x3
  $ dilation-lab response --preset wavenet-block --n 4096 --csv > response.csv
  $ dilation-lab recommend --kernel 3x3 --layers 4 --rf-at-least 45
  $ dilation-lab report docs/examples/gridding.yaml --out report-gridding
  $ dilation-lab presets
  $ dilation-lab serve --port 8080`,
    );
  for (const command of COMMANDS) command.register(program, ctx);
  return program;
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code.
 * Unknown options and commands, bad values and unreadable files give one line on stderr
 * and exit code 2; unexpected errors give one line and exit code 1; never a stack trace
 * (unless DILATION_LAB_DEBUG is set).
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const ctx: CliContext = {
    io,
    out: (s) => {
      io.stdout.write(s);
    },
    err: (s) => {
      io.stderr.write(s);
    },
    exitCode: EXIT.ok,
  };
  try {
    const program = buildProgram(ctx);
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      if (e.code === 'commander.help') {
        // `dilation-lab help CMD` asked for help (exit code 0); `dilation-lab` with no
        // command printed it to stderr (commander's exit code 1): bad input.
        return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
      }
      if (e.code === 'commander.executeSubCommandAsync') {
        ctx.err(`dilation-lab: ${firstLine(e.message)}\n`);
        return EXIT.failure;
      }
      // Unknown option or command, missing option argument, too many arguments: already
      // printed as one line by outputError.
      return EXIT.badInput;
    }
    return reportError(e, io.stderr, io.env);
  }
}
