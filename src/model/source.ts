/**
 * A model read from a file, in one place for every adapter that reads one (the CLI's
 * `--model FILE`, a report config's `model: m.onnx`): the adapter reads bytes, this module
 * decodes and imports them, with the one rule for external data — a tensor's `location` is
 * read next to the model and only there (an absolute location or one with a `..` part is
 * refused, so a model cannot make the adapter read elsewhere). Pure: reading is the
 * adapter's `read`.
 */
import { decodeOnnx } from './decode.ts';
import { type ImportOptions, importOnnx } from './import.ts';
import type { ExternalDataResolver } from './tensor.ts';
import type { ImportedModel } from './types.ts';

/** Reads a file's bytes by path (the adapter's file system); throws when it cannot. */
export type ReadBytes = (path: string) => Uint8Array;

/** True for a location that leaves the model's folder: absolute, a drive, or a `..` part. */
function leavesFolder(location: string): boolean {
  return /^([/\\]|[A-Za-z]:)/.test(location) || location.split(/[\\/]/).includes('..');
}

/**
 * The external-data resolver of the model at `modelPath`: location L is read as
 * dirname(modelPath)/L through `read`; undefined (the decoder's "missing external data"
 * error names L) when L leaves the folder or cannot be read.
 */
export function externalDataResolver(modelPath: string, read: ReadBytes): ExternalDataResolver {
  const dir = modelPath.replace(/[^/\\]*$/, '');
  return (location) => {
    if (leavesFolder(location)) return undefined;
    try {
      return read(dir + location);
    } catch {
      return undefined;
    }
  };
}

/**
 * Decodes and imports the model whose bytes are `bytes`, read from `modelPath` (its
 * external data read next to it by `read`). Every problem with the model is a ModelError
 * (field `model`); the adapter puts the file name beside it.
 */
export function importModelFile(
  bytes: Uint8Array,
  modelPath: string,
  read: ReadBytes,
  options: ImportOptions & { maxBytes?: number } = {},
): ImportedModel {
  const decoded = decodeOnnx(bytes, {
    resolveExternal: externalDataResolver(modelPath, read),
    maxBytes: options.maxBytes,
  });
  return importOnnx(decoded, { output: options.output, inputSize: options.inputSize });
}
