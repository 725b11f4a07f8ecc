/**
 * The command's connection to the outside world. `main` writes only through these, so
 * tests capture everything; `run()` passes the real process streams.
 */

/** Something text can be written to (process.stdout, a test buffer). */
export interface TextSink {
  write(chunk: string): unknown;
}

/** Streams, environment and file access of one `main` call. */
export interface CliIO {
  stdout: TextSink;
  stderr: TextSink;
  /** Environment variables (PORT, HOST, DILATION_LAB_DEBUG); default: none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory that relative file names are resolved against; default: process.cwd(). */
  cwd?: string;
  /** Reads a UTF-8 text file by absolute path; default: node:fs/promises readFile. */
  readFile?: (path: string) => Promise<string> | string;
  /** Aborting it stops long-running commands (`serve` closes its server). */
  signal?: AbortSignal;
}

/** A text buffer that collects everything written to it (for tests and embedding). */
export class TextBuffer implements TextSink {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
