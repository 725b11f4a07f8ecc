import { describe, expect, it } from 'vitest';
import { BINARY_MIN_LENGTH, decodeBinary, encodeBinary } from '../../src/util/binary.ts';

describe('the binary form of an answer', () => {
  it('keeps short lists, strings and nesting in the header and long lists as Float32', () => {
    const long = Array.from({ length: 40 }, (_, i) => Math.sin(i) * 1e3);
    const value = {
      dims: 2,
      units: 'rad/sample',
      short: [1, 2, 3],
      long,
      typed: new Float64Array(long),
      members: [{ label: 'a', magnitude: long.map((x) => -x) }],
      db: [Number.NEGATIVE_INFINITY, ...long.slice(0, 20)],
      nothing: null,
    };
    const back = decodeBinary<Record<string, unknown>>(encodeBinary(value));
    expect(back.dims).toBe(2);
    expect(back.units).toBe('rad/sample');
    expect(back.short).toEqual([1, 2, 3]);
    expect(back.nothing).toBeNull();
    expect(Array.from(back.long as Float32Array)).toEqual(long.map(Math.fround));
    expect(Array.from(back.typed as Float32Array)).toEqual(long.map(Math.fround));
    const m = (back.members as { label: string; magnitude: Float32Array }[])[0];
    expect(m.label).toBe('a');
    expect(Array.from(m.magnitude)).toEqual(long.map((x) => Math.fround(-x)));
    expect((back.db as Float32Array)[0]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('takes 4 bytes a value plus the header', () => {
    const n = 1000;
    const bytes = encodeBinary({ a: new Array(n).fill(0.1) });
    expect(bytes.byteLength).toBeGreaterThanOrEqual(4 * n + 8);
    expect(bytes.byteLength).toBeLessThan(4 * n + 64);
    expect(bytes.byteLength % 4).toBe(0);
  });

  it(`leaves a list shorter than ${BINARY_MIN_LENGTH} in the JSON header`, () => {
    const list = Array.from({ length: BINARY_MIN_LENGTH - 1 }, (_, i) => i + 0.1);
    const back = decodeBinary<{ list: number[] }>(encodeBinary({ list }));
    expect(back.list).toEqual(list);
  });

  it('decodes from an unaligned copy too', () => {
    const bytes = encodeBinary({ a: Array.from({ length: 20 }, (_, i) => i / 3) });
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    const back = decodeBinary<{ a: Float32Array }>(shifted.subarray(1));
    expect(back.a[19]).toBe(Math.fround(19 / 3));
  });

  it.each([
    ['not the magic', new TextEncoder().encode('{"json": true}'), /not a DLB1 binary answer/],
    ['cut short', encodeBinary({ a: new Array(20).fill(1) }).subarray(0, 30), /cut short/],
  ])('refuses bytes that are %s', (_what, bytes, message) => {
    expect(() => decodeBinary(bytes)).toThrow(message);
  });
});
