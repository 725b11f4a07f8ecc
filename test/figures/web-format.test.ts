import { describe, expect, it } from 'vitest';
import { fmt } from '../../web/src/format.ts';

describe('web fmt (the summary cards’ numbers)', () => {
  it.each([
    [1234567, 4, '1,234,567'],
    [0, 4, '0'],
    [-42, 4, '-42'],
    [0.123456, 4, '0.1235'],
    [2 / 3, 3, '0.667'],
    [12345.678, 4, '12,350'],
    [1.5, 4, '1.5'],
    [1e-7, 2, '0.0000001'],
    [Number.POSITIVE_INFINITY, 4, 'Infinity'],
    [Number.NaN, 4, 'NaN'],
  ])('fmt(%s, %s) is %s', (v, digits, want) => {
    expect(fmt(v, digits)).toBe(want);
  });

  it('gives the same text when called again with other digit counts in between', () => {
    const first = fmt(Math.PI, 3);
    fmt(Math.E, 5);
    expect(fmt(Math.PI, 3)).toBe(first);
    expect(first).toBe('3.14');
  });
});
