import { encodeBinary } from '../util/binary.ts';
import { FieldError } from '../util/validate.ts';
import type { Options } from './input.ts';

/** The answer formats of the compute routes: JSON text, or the Float32 binary form. */
export type AnswerFormat = 'json' | 'f32';

/**
 * Keeps only the named top-level fields of an answer object (`fields=w,magnitude`), in the
 * answer's own order. A name the answer does not have is a FieldError naming `fields` and
 * listing the fields it has.
 */
export function pickFields(value: unknown, fields: readonly string[] | undefined): unknown {
  if (fields === undefined) return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new FieldError('fields', 'cannot select fields: this answer is not an object');
  const record = value as Record<string, unknown>;
  const have = Object.keys(record);
  const missing = fields.filter((f) => !have.includes(f));
  if (missing.length > 0)
    throw new FieldError(
      'fields',
      `names ${missing.map((m) => JSON.stringify(m)).join(', ')}, not a field of this answer (it has ${have.join(', ')})`,
    );
  const out: Record<string, unknown> = {};
  for (const k of have) if (fields.includes(k)) out[k] = record[k];
  return out;
}

/**
 * The bytes sent for a job's answer: `fields` applied (pickFields), then JSON text, or the
 * binary form of src/util/binary.ts when `format` is `f32`.
 */
export function serialiseAnswer(value: unknown, options: Options): string | Uint8Array {
  const picked = pickFields(value, options.fields as string[] | undefined);
  return options.format === 'f32' ? encodeBinary(picked) : JSON.stringify(picked);
}
