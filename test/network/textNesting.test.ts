import { describe, expect, it } from 'vitest';
import {
  assertTextNesting,
  LIMITS,
  parseNetworkText,
  textNesting,
} from '../../src/network/index.ts';

/** Depth of a flow-only text by counting brackets outside double-quoted strings (JSON only). */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return max;
}

describe('textNesting', () => {
  it.each([
    ['[1, 2]', 1],
    ['{"a": {"b": [[1, 2], [3, 4]]}}', 4],
    ['["]", ["]", ["]", ["]"]]]]', 4],
    ['["\\"[[[[", 1]', 1],
    ['{"layers": [{"kernel": [[1, 2]], "dilation": [1, 2]}]}', 5],
  ])('JSON %s is %i deep, as a bracket count outside strings says', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
    expect(textNesting(text)).toBe(depth);
  });

  it.each([
    // brackets in comments and quoted strings do not count; a quote in a plain scalar opens nothing
    ['# , "\n[[[[[', 5],
    ["a: 'x[[[['", 2],
    ['[a"b, [c]]', 2],
    ['"[[[[[["', 1],
    // block nesting counts open indentation levels (a nested block node is to the right)
    ['a:\n  b:\n    c: 1', 4],
    [`${'- '.repeat(100)}x`, 101],
  ])('YAML %j is %i deep', (text, depth) => {
    expect(textNesting(text)).toBe(depth);
  });

  it('stops early once past the bound', () => {
    expect(textNesting('['.repeat(100_000), 10)).toBe(11);
  });

  it('the deepest spec the other limits allow fits well inside the bound', () => {
    let spec: unknown = {
      kernel: [
        [1, 2],
        [3, 4],
      ],
      dilation: [1, 2],
    };
    for (let i = 0; i < LIMITS.maxDepth; i++)
      spec = i % 2 === 0 ? { type: 'stack', layers: [spec] } : { type: 'residual', body: spec };
    const text = JSON.stringify({ name: 'deepest', network: spec }, null, 2);
    expect(textNesting(text)).toBeLessThanOrEqual(LIMITS.maxTextNesting / 2);
    expect(() => assertTextNesting('network', text)).not.toThrow();
  });

  it.each([
    ['network', '['.repeat(LIMITS.maxTextNesting + 1)],
    ['network', `${'- '.repeat(LIMITS.maxTextNesting + 1)}x`],
    [
      'network',
      `${'{"a":'.repeat(LIMITS.maxTextNesting + 1)}1${'}'.repeat(LIMITS.maxTextNesting + 1)}`,
    ],
  ])('parseNetworkText refuses %s nested one past the limit, naming the field', (field, text) => {
    expect(() => parseNetworkText(text, field)).toThrow(
      expect.objectContaining({ field, message: expect.stringMatching(/nests deeper than 64/) }),
    );
  });

  it('a YAML alias bomb is a FieldError on the source, not a ReferenceError', () => {
    const bomb = [
      'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(() => parseNetworkText(bomb, 'spec.yaml')).toThrow(
      expect.objectContaining({ name: 'RangeError', field: 'spec.yaml' }),
    );
    // a few aliases are fine
    expect(parseNetworkText('k: &k box:3\nlayers: [{kernel: *k}, {kernel: *k}]')).toEqual({
      k: 'box:3',
      layers: [{ kernel: 'box:3' }, { kernel: 'box:3' }],
    });
  });
});
