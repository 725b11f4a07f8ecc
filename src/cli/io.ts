import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

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

/** A file the command refuses to read: not a regular file, or larger than the bound. */
export class FileRefusedError extends Error {
  /** ENOTREG (a FIFO, device, socket or directory) or EFBIG (over the bound). */
  readonly code: 'ENOTREG' | 'EFBIG';
  constructor(code: 'ENOTREG' | 'EFBIG', message: string) {
    super(message);
    this.name = 'FileRefusedError';
    this.code = code;
  }
}

function fileKind(st: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a UTF-8 text file of at most `maxBytes` bytes, safely: it is opened without
 * blocking (a FIFO with no writer does not hang), must be a regular file (not /dev/zero, a
 * FIFO, a socket or a directory: FileRefusedError ENOTREG), its size is checked before
 * reading (EFBIG), and at most `maxBytes + 1` bytes are ever read, so a file that grows while
 * it is read cannot exhaust memory either.
 */
export async function readTextFileBounded(file: string, maxBytes: number): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new FileRefusedError('ENOTREG', `it is ${fileKind(st)}`);
    if (st.size > maxBytes)
      throw new FileRefusedError('EFBIG', `it is larger than ${maxBytes} bytes (${st.size})`);
    const buf = Buffer.alloc(maxBytes + 1);
    let n = 0;
    while (n < buf.length) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    if (n > maxBytes) throw new FileRefusedError('EFBIG', `it is larger than ${maxBytes} bytes`);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    await handle.close();
  }
}
