import { encodeBinary } from '../util/binary.ts';
import { FieldError } from '../util/validate.ts';
import type { Options } from './input.ts';

/** The answer formats of the compute routes: JSON text, or the Float32 binary form. */
export type AnswerFormat = 'json' | 'f32';

/** The names an object has, or a FieldError naming `fields` (`what`: the answer or its field). */
function keysOf(value: unknown, what: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new FieldError('fields', `cannot select fields: ${what} is not an object`);
  return Object.keys(value);
}

/** `record` with only the fields of `names` (in its own order), or a FieldError naming a missing one. */
function pick(
  record: Record<string, unknown>,
  names: readonly string[],
  prefix: string,
  what: string,
) {
  const have = keysOf(record, what);
  const missing = names.filter((f) => !have.includes(f));
  if (missing.length > 0)
    throw new FieldError(
      'fields',
      `names ${missing.map((m) => JSON.stringify(prefix + m)).join(', ')}, not a field of ${what} (it has ${have.join(', ')})`,
    );
  const out: Record<string, unknown> = {};
  for (const k of have) if (names.includes(k)) out[k] = record[k];
  return out;
}

/**
 * Keeps only the named fields of an answer object (`fields=w,magnitude`), in the answer's
 * own order. `a.b` keeps field `a` with only field `b` of each of its items (a list of
 * objects, or one object): `fields=w,members.magnitude` sends each member's |H| without its
 * re and im. A name the answer does not have is a FieldError naming `fields` and listing
 * the fields it has.
 */
export function pickFields(value: unknown, fields: readonly string[] | undefined): unknown {
  if (fields === undefined) return value;
  keysOf(value, 'this answer');
  const whole = fields.filter((f) => !f.includes('.'));
  const inner = new Map<string, string[]>();
  for (const f of fields) {
    const dot = f.indexOf('.');
    if (dot < 0) continue;
    const head = f.slice(0, dot);
    inner.set(head, [...(inner.get(head) ?? []), f.slice(dot + 1)]);
  }
  const out = pick(
    value as Record<string, unknown>,
    [...new Set([...whole, ...inner.keys()])],
    '',
    'this answer',
  );
  for (const [head, names] of inner) {
    if (whole.includes(head)) continue;
    const what = `each item of ${head}`;
    const v = out[head];
    out[head] = Array.isArray(v)
      ? v.map((item) => pick(item as Record<string, unknown>, names, `${head}.`, what))
      : pick(v as Record<string, unknown>, names, `${head}.`, head);
  }
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
