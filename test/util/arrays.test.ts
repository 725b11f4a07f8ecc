import { describe, expect, it } from 'vitest';
import { toNullableArray, toNumberArray } from '../../src/util/arrays.ts';

describe('toNumberArray / toNullableArray', () => {
  it.each([
    [
      'a Float64Array',
      Float64Array.of(1.5, -0, 3e-300, Number.POSITIVE_INFINITY),
      [1.5, -0, 3e-300, Number.POSITIVE_INFINITY],
    ],
    ['a Float32Array', Float32Array.of(0.25, 2), [0.25, 2]],
    ['an empty array', new Float64Array(0), []],
    ['a plain array', [4, 5, 6], [4, 5, 6]],
  ])('copies %s into a plain array, value for value', (_what, input, want) => {
    const out = toNumberArray(input);
    expect(Array.isArray(out)).toBe(true);
    expect(out).toEqual(want);
    expect(Object.is(out[1], want[1])).toBe(true);
    expect(JSON.stringify(out)).toBe(JSON.stringify(want));
  });

  it('writes NaN as null, as JSON does, and keeps the rest', () => {
    const out = toNullableArray(Float64Array.of(1, Number.NaN, -2));
    expect(out).toEqual([1, null, -2]);
    expect(JSON.stringify(out)).toBe(JSON.stringify([1, Number.NaN, -2]));
  });
});
