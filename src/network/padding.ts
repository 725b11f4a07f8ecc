import { FieldError, integerIn, show } from '../util/validate.ts';

/**
 * How a layer pads its input (docs/network-spec.md, "Padding"):
 * - `same` (the default): PyTorch's rule, a total of d(k−1) zeros per axis, ⌊d(k−1)/2⌋
 *   before and the extra one after. With stride 1 the output has the input's length.
 * - `causal`: all d(k−1) before and none after; output t reads t − (k−1)d … t.
 * - `valid`: no padding; the output is d(k−1) shorter (before striding).
 * - explicit amounts: `[[before, after]]` in 1-D, `[[top, bottom], [left, right]]` in 2-D
 *   (the spec also accepts `[before, after]` for 1-D).
 */
export type Padding = 'same' | 'causal' | 'valid' | readonly (readonly [number, number])[];

/** The padding names a spec, the CLI (`--padding`) and the server accept. */
export const PADDING_NAMES = ['same', 'causal', 'valid'] as const;

/** Largest explicit padding amount on one side of one axis. */
export const MAX_PADDING = 1 << 20;

/**
 * The zeros a layer adds before and after its input along each axis, in samples of that
 * input: [before, after] per axis for a kernel of `size` taps at dilation `dilation`.
 * `same`: before = ⌊d(k−1)/2⌋, after = d(k−1) − before; `causal`: [d(k−1), 0];
 * `valid`: [0, 0]; explicit: as given. Output p of a layer with stride s then reads inputs
 * s·p − before + n·d, n = 0..k−1 (PyTorch's placement).
 */
export function paddingAmounts(
  padding: Padding,
  size: readonly number[],
  dilation: readonly number[],
): [number, number][] {
  return size.map((k, a) => {
    const total = dilation[a] * (k - 1);
    if (padding === 'same') {
      const before = Math.floor(total / 2);
      return [before, total - before];
    }
    if (padding === 'causal') return [total, 0];
    if (padding === 'valid') return [0, 0];
    const p = padding[a];
    return [p[0], p[1]];
  });
}

/** The text of a padding for outputs and labels: `same`, `causal`, `valid` or `[[1,0]]`. */
export function paddingText(padding: Padding): string {
  return typeof padding === 'string' ? padding : JSON.stringify(padding);
}

/**
 * The JSON form of a padding, as the spec writes it: the name, `[before, after]` for 1-D,
 * `[[top, bottom], [left, right]]` for 2-D.
 */
export function paddingToSpec(padding: Padding): unknown {
  if (typeof padding === 'string') return padding;
  return padding.length === 1 ? [...padding[0]] : padding.map((p) => [...p]);
}

function amount(field: string, v: unknown): number {
  return integerIn(field, v, 0, MAX_PADDING);
}

/**
 * Validates a spec's `padding` value for a `dims`-axis network: one of `same`, `causal`,
 * `valid`, or explicit non-negative amounts (`[before, after]` or `[[before, after]]` for
 * 1-D, `[[top, bottom], [left, right]]` for 2-D). Throws a FieldError naming `field`.
 */
export function parsePadding(field: string, value: unknown, dims: 1 | 2): Padding {
  if (value === 'same' || value === 'causal' || value === 'valid') return value;
  const expected =
    dims === 1
      ? '"same", "causal", "valid" or [before, after]'
      : '"same", "causal", "valid" or [[top, bottom], [left, right]]';
  if (!Array.isArray(value)) throw new FieldError(field, `must be ${expected}, got ${show(value)}`);
  if (dims === 1 && value.length === 2 && value.every((v) => !Array.isArray(v))) {
    return [[amount(`${field}[0]`, value[0]), amount(`${field}[1]`, value[1])]];
  }
  if (value.length !== dims || !value.every((v) => Array.isArray(v) && v.length === 2)) {
    throw new FieldError(field, `must be ${expected}, got ${show(value)}`);
  }
  return value.map(
    (pair: unknown[], a) =>
      [amount(`${field}[${a}][0]`, pair[0]), amount(`${field}[${a}][1]`, pair[1])] as const,
  );
}
