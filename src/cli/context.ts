import type { Command } from 'commander';
import type { CliIO } from './io.ts';

/** What a command's action gets: the io of this `main` call and the exit code to return. */
export interface CliContext {
  readonly io: CliIO;
  /** Writes text to stdout. */
  out(text: string): void;
  /** Writes text to stderr. */
  err(text: string): void;
  /** The exit code `main` returns when the action finishes without throwing (default 0). */
  exitCode: number;
}

/**
 * One subcommand: a file under src/cli/commands/ exports one of these, and
 * src/cli/commands/index.ts lists it. `register` declares the command on `program`
 * (with `program.command(name)`, so it inherits exitOverride and the output settings),
 * its options, its help examples and its action.
 */
export interface CommandModule {
  readonly name: string;
  register(program: Command, ctx: CliContext): Command;
}

/** Appends an "Examples:" section to a command's --help. */
export function withExamples(cmd: Command, examples: readonly string[]): Command {
  return cmd.addHelpText(
    'after',
    `\nExamples:\n${examples.map((e) => (e.startsWith('#') ? `  ${e}` : `  $ ${e}`)).join('\n')}`,
  );
}
