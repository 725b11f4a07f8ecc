import { describe, expect, it } from 'vitest';
import { isBadInput, reportError, UsageError } from '../../src/cli/errors.ts';
import { num, perAxis, percent, piMultiple, radPi, times } from '../../src/cli/format.ts';
import { TextBuffer } from '../../src/cli/io.ts';
import { commanderMessage } from '../../src/cli/main.ts';
import { keyValues, table } from '../../src/cli/table.ts';
import { FieldError, FieldTypeError } from '../../src/util/validate.ts';

describe('number formatting', () => {
  it('shows frequencies as multiples of π', () => {
    expect(piMultiple((2 * Math.PI) / 3)).toBe('0.6667π');
    expect(piMultiple(Math.PI)).toBe('1.0000π');
    expect(radPi(Math.PI / 3)).toBe('1.0472 (0.3333π)');
  });

  it('prints integers without decimals and never prints −0', () => {
    expect(num(13)).toBe('13');
    expect(num(-1e-12)).toBe('0.0000');
    expect(num(2 / 3, 3)).toBe('0.667');
  });

  it('formats percentages, ratios and per-axis values', () => {
    expect(percent(6 / 13)).toBe('46.2%');
    expect(percent(0)).toBe('0.0%');
    expect(times(13 / 5)).toBe('2.60×');
    expect(perAxis([67, 67])).toBe('67×67');
    expect(perAxis(21)).toBe('21');
  });
});

describe('tables', () => {
  it('aligns text left and numbers right under a rule', () => {
    const t = table(
      ['name', 'value'],
      [
        ['a', '1'],
        ['longer', '123'],
      ],
    ).split('\n');
    expect(t[0]).toBe('  name    value');
    expect(t[1]).toBe('  ------  -----');
    expect(t[2]).toBe('  a           1');
    expect(t[3]).toBe('  longer    123');
  });

  it('wraps the last column at the given width', () => {
    const t = table(['k', 'text'], [['x', 'one two three four five six']], {
      width: 14,
      align: ['left', 'left'],
    });
    for (const l of t.trimEnd().split('\n')) expect(l.length).toBeLessThanOrEqual(14);
    expect(t.replace(/\s+/g, ' ')).toContain('one two three four five six');
  });

  it('pads keys to one width', () => {
    expect(
      keyValues([
        ['a', '1'],
        ['bbb', '2'],
      ]),
    ).toBe('  a    1\n  bbb  2\n');
  });
});

describe('error reporting', () => {
  it('turns library errors into one line and exit code 2', () => {
    for (const e of [
      new FieldError('rates[0]', 'must be a positive integer, got 0'),
      new FieldTypeError('kernel', 'must be a list'),
      Object.assign(new RangeError('n must be a power of two, got 3'), { field: 'n' }),
      new UsageError('no network given'),
    ]) {
      const err = new TextBuffer();
      expect(reportError(e, err)).toBe(2);
      expect(err.text).toBe(`dilation-lab: ${e.message}\n`);
    }
  });

  it.each([
    ['an engine TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a plain RangeError without a field', new RangeError('n must be a power of two, got 3')],
  ])('treats %s as a failure (exit code 1), not bad input', (_name, bug) => {
    expect(isBadInput(bug)).toBe(false);
    const err = new TextBuffer();
    expect(reportError(bug, err)).toBe(1);
    expect(err.text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(err.text).toContain('unexpected error');
    expect(err.text).not.toContain('    at ');
  });

  it('prints the stack only when DILATION_LAB_DEBUG is set', () => {
    const err = new TextBuffer();
    reportError(new Error('boom'), err, { DILATION_LAB_DEBUG: '1' });
    expect(err.text).toContain('    at ');
  });

  it('joins commander messages into one line', () => {
    expect(commanderMessage("error: unknown option '--jsn'\n(Did you mean --json?)\n")).toBe(
      "dilation-lab: unknown option '--jsn' (Did you mean --json?)",
    );
  });
});
