import { describe, expect, it } from 'vitest';
import {
  allLayers,
  type NetworkSource,
  parseNetwork,
  resolveNetwork,
  type SourceNames,
  selectSource,
} from '../../src/network/index.ts';
import { FieldError, FieldTypeError, renameField } from '../../src/util/validate.ts';

const CLI: SourceNames = { name: (k) => `--${k}`, give: (k, v) => `--${k} ${v}` };

function thrown(f: () => unknown): FieldError | FieldTypeError {
  try {
    f();
  } catch (e) {
    if (e instanceof FieldError || e instanceof FieldTypeError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('where a network comes from', () => {
  it.each<[string, Record<string, unknown>, NetworkSource]>([
    ['a preset', { preset: 'tcn' }, { preset: 'tcn' }],
    ['a spec', { network: '{"kernel":"box:3"}' }, { network: '{"kernel":"box:3"}' }],
    [
      'a spec with a default padding',
      { network: 'x', padding: 'causal' },
      { network: 'x', padding: 'causal' },
    ],
    ['rates alone (box:3)', { rates: '1,2' }, { kernel: 'box:3', rates: '1,2' }],
    [
      'the whole short form',
      { kernel: '3', rates: '1,2', mode: 'parallel', merge: 'concat', padding: 'valid' },
      { kernel: '3', rates: '1,2', mode: 'parallel', merge: 'concat', padding: 'valid' },
    ],
  ])('selects %s', (_name, values, source) => {
    expect(selectSource(values)).toEqual(source);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['nothing', {}, 'network', /^no network given/],
    ['a preset and a short form', { preset: 'tcn', rates: '1' }, 'rates', /cannot be combined/],
    ['a preset and a spec', { preset: 'tcn', network: 'x' }, 'network', /preset/],
    ['a mode with a preset', { preset: 'tcn', mode: 'stack' }, 'mode', /short form/],
    ['a merge with a spec', { network: 'x', merge: 'sum' }, 'merge', /short form/],
    ['a padding with a preset', { preset: 'tcn', padding: 'same' }, 'padding', /its paper/],
    ['a kernel without rates', { kernel: 'box:3' }, 'rates', /required with kernel/],
  ])('refuses %s, naming the key', (_name, values, field, message) => {
    const e = thrown(() => selectSource(values));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it('writes messages that mention other keys in the names it is given', () => {
    const e = thrown(() => selectSource({ preset: 'tcn', mode: 'stack' }, CLI));
    expect(e.field).toBe('mode');
    expect(e.detail).toMatch(/--kernel and --rates, not with --preset/);
  });

  it.each<[string, NetworkSource, string, RegExp]>([
    ['a zero rate', { rates: '1,0' }, 'rates[1]', /got 0/],
    ['a rate that is not a number', { rates: [1, 'x'] }, 'rates[1]', /"x"/],
    ['a 2-D rate on a 1-D kernel', { rates: '1x2' }, 'rates[0]', /1-D kernel/],
    ['too many rates', { rates: Array(65).fill(1) }, 'rates', /more than 64 layers/],
    ['a bad kernel', { kernel: 'box:0', rates: '1' }, 'kernel size', /got 0/],
    ['a kernel list that is not JSON', { kernel: '[1,2', rates: '1' }, 'kernel', /JSON/],
    ['an unknown mode', { rates: '1', mode: 'diagonal' }, 'mode', /"diagonal"/],
    ['an unknown merge', { rates: '1', mode: 'parallel', merge: 'max' }, 'merge', /"max"/],
    ['a merge on a stack', { rates: '1', merge: 'sum' }, 'merge', /mode=parallel/],
    ['an unknown padding', { rates: '1', padding: 'full' }, 'padding', /"full"/],
    ['a negative padding amount', { rates: '1', padding: [-1, 0] }, 'padding[0]', /got -1/],
    ['an unknown preset', { preset: 'nope' }, 'preset', /one of/],
    ['a spec that is a number', { network: 3 }, 'network', /spec/],
    ['a spec with a bad rate', { network: { kernel: 'box:3', dilation: 0 } }, 'dilation', /0/],
  ])('refuses %s, naming the source key', (_name, source, field, message) => {
    const e = thrown(() => resolveNetwork(source));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it.each<[string, unknown, [number, number]]>([
    ['same', 'same', [1, 1]],
    ['causal', 'causal', [2, 0]],
    ['valid', 'valid', [0, 0]],
    ['N', '3', [3, 3]],
    ['B,A', '2,0', [2, 0]],
    ['[B, A]', [0, 2], [0, 2]],
  ])('pads the short form %s', (_name, padding, amounts) => {
    const net = resolveNetwork({ kernel: 'box:3', rates: '1', padding });
    const pad = allLayers(net)[0].padding ?? 'same';
    const [before, after] =
      pad === 'same' ? [1, 1] : pad === 'causal' ? [2, 0] : pad === 'valid' ? [0, 0] : pad[0];
    expect([before, after]).toEqual(amounts);
  });

  it('builds the same network as the spec the short form stands for', () => {
    const short = resolveNetwork({
      kernel: '3',
      rates: '1,2',
      mode: 'residual',
      padding: 'causal',
    });
    const spec = parseNetwork({
      type: 'stack',
      padding: 'causal',
      layers: [
        { type: 'residual', body: { kernel: 'box:3', dilation: 1 } },
        { type: 'residual', body: { kernel: 'box:3', dilation: 2 } },
      ],
    });
    expect(short).toEqual(spec);
  });

  it('gives a spec its default padding from the source', () => {
    const net = resolveNetwork({ network: { kernel: 'box:3', dilation: 2 }, padding: '1,3' });
    expect(allLayers(net)[0].padding).toEqual([[1, 3]]);
  });

  it('renames a field without rewriting the message', () => {
    const e = thrown(() => resolveNetwork({ rates: '1,0' }));
    const r = renameField(e, '--rates[1]');
    expect(r).toBeInstanceOf(FieldError);
    expect(r.message).toBe(`--rates[1] ${e.detail}`);
    expect(r.detail).toBe(e.detail);
  });
});
