/**
 * `--model FILE.onnx`: reads an ONNX file and the external data files next to it, and
 * runs the model analysis. Errors name the file: `m.onnx: model is truncated ...`, exit 2.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  analyzeOnnx,
  externalDataResolver,
  MODEL_LIMITS,
  type ModelAnalysis,
} from '../model/index.ts';
import { OPTIONS, readOption } from '../options/index.ts';
import { FieldError } from '../util/validate.ts';
import { UsageError, unreadableFile } from './errors.ts';
import type { CliIO } from './io.ts';

/** The options `--model` goes with, as commander parses them (text). */
export interface ModelSourceOptions {
  model?: string;
  inputSize?: string;
  output?: string;
  thresholdDb?: string;
}

/**
 * Parses `--input-size`: `L` (1-D), `HxW` or `S` (2-D: S×S), by the option schema; errors
 * name the flag (`--input-size must be L or HxW ...`).
 */
export function parseInputSize(text: string, field = '--input-size'): number[] {
  return readOption(OPTIONS.inputSize, text, true, field) as number[];
}

/**
 * Reads the bytes of `file` (relative to io.cwd), with a resolver for its external data:
 * read from files next to the model, and only there (`externalDataResolver` of src/model,
 * the rule report configs use too).
 */
export function readModelFile(
  file: string,
  io: CliIO,
): { bytes: Uint8Array; resolveExternal: (location: string) => Uint8Array | undefined } {
  const full = path.resolve(io.cwd ?? process.cwd(), file);
  let bytes: Uint8Array;
  try {
    const st = statSync(full);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (st.size > MODEL_LIMITS.maxBytes) {
      throw new UsageError(
        `${file}: model is ${st.size} bytes, over the limit of ${MODEL_LIMITS.maxBytes} bytes (512 MiB)`,
        'model',
      );
    }
    bytes = new Uint8Array(readFileSync(full));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw unreadableFile('--model cannot read', file, e, 'model');
  }
  const resolveExternal = externalDataResolver(full, (p) => new Uint8Array(readFileSync(p)));
  return { bytes, resolveExternal };
}

/** Reads `file` (see `readModelFile`) and analyses it. */
export function modelFromFile(
  file: string,
  io: CliIO,
  options: { inputSize?: number[]; output?: string; thresholdDb?: number },
): ModelAnalysis {
  const { bytes, resolveExternal } = readModelFile(file, io);
  try {
    return analyzeOnnx(bytes, { ...options, resolveExternal });
  } catch (e) {
    if (e instanceof FieldError) throw new UsageError(`${file}: ${e.message}`, e.field);
    throw e;
  }
}
