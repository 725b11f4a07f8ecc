import { isUserError } from '../util/validate.ts';

/** Exit codes of `dilation-lab`: 0 success, 1 failure, 2 bad input. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/**
 * Bad input found by the command itself (no network given, two sources, an unreadable
 * file). Exit code 2, like the library's field errors. `field` names the option.
 */
export class UsageError extends Error {
  readonly field: string | undefined;
  /** Marks the error as the user's (see `isUserError`), with or without a field. */
  readonly userError = true;
  constructor(message: string, field?: string) {
    super(message);
    this.name = 'UsageError';
    this.field = field;
  }
}

/** A file that could not be read, as a usage error: `PREFIX FILE: no such file` etc. */
export function unreadableFile(
  prefix: string,
  file: string,
  error: unknown,
  field: string,
): UsageError {
  const code = (error as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : error instanceof Error
            ? error.message
            : String(error);
  return new UsageError(`${prefix} ${JSON.stringify(file)}: ${why}`, field);
}

/**
 * True when `error` is bad input (exit code 2): the core's `isUserError`, decided by the
 * error's structure (a FieldError, FieldTypeError or UsageError, or an error carrying a
 * `field`), never by its message. A plain RangeError or TypeError is a bug (exit 1).
 */
export function isBadInput(error: unknown): error is Error {
  return isUserError(error);
}

/** The first line of an error's message (never a stack trace). */
export function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim();
}

/**
 * Writes one line about `error` to `stderr` and returns the exit code: 2 for bad input,
 * 1 for anything else. The stack trace is printed only when DILATION_LAB_DEBUG is set.
 */
export function reportError(
  error: unknown,
  stderr: { write(chunk: string): unknown },
  env: Readonly<Record<string, string | undefined>> = {},
): number {
  const debug = Boolean(env.DILATION_LAB_DEBUG);
  if (isBadInput(error)) {
    stderr.write(`dilation-lab: ${firstLine(error.message)}\n`);
    if (debug && error.stack) stderr.write(`${error.stack}\n`);
    return EXIT.badInput;
  }
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  stderr.write(
    `dilation-lab: unexpected error: ${message || 'unknown'} (set DILATION_LAB_DEBUG=1 for details)\n`,
  );
  if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return EXIT.failure;
}
