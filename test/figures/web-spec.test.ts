import { describe, expect, it } from 'vitest';
import { parseNetwork, presetNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { checkSpec, fieldKeys, fieldPosition, lineStart, specText } from '../../web/src/spec.ts';

const yamlSpec = [
  'type: stack', // 1
  'layers:', // 2
  '  - kernel: box:3', // 3
  '    dilation: 1', // 4
  '  - type: residual', // 5
  '    body:', // 6
  '      type: stack', // 7
  '      layers:', // 8
  '        - {kernel: box:3, dilation: 4}', // 9
  '',
].join('\n');

describe('the spec editor’s checks', () => {
  it('splits a field path into keys', () => {
    expect(fieldKeys('layers[1].body.layers[0].dilation')).toEqual([
      'layers',
      1,
      'body',
      'layers',
      0,
      'dilation',
    ]);
  });

  it.each([
    ['layers[0].dilation', 4, 15],
    ['layers[1].body.layers[0].dilation', 9, 37],
    ['layers[1].body.layers[0]', 9, 11],
    // a missing key: the nearest node that exists
    ['layers[1].body.layers[0].stride', 9, 11],
    ['layers', 3, 3],
  ])('finds %s at line %i, column %i', (field, line, column) => {
    expect(fieldPosition(yamlSpec, field)).toEqual({ line, column });
    // the line's text holds the field's value
    const text = yamlSpec.slice(lineStart(yamlSpec, line)).split('\n')[0];
    expect(text.length).toBeGreaterThanOrEqual(column);
  });

  it('finds a field of a {name, network} spec under network, in JSON too', () => {
    const json =
      '{\n  "name": "n",\n  "network": {"type": "stack", "layers": [\n    {"kernel": "box:3", "dilation": 0}]}}';
    expect(fieldPosition(json, 'layers[0].dilation')).toEqual({ line: 4, column: 37 });
    const r = checkSpec(json);
    expect('problem' in r && r.problem).toMatchObject({
      field: 'layers[0].dilation',
      line: 4,
    });
  });

  it('gives a syntax error the parser’s line and column', () => {
    const r = checkSpec('type: stack\nlayers:\n  - kernel: [1, 2\n  - x: 1\n');
    expect('problem' in r && r.problem).toMatchObject({ field: 'network', line: 4, column: 3 });
  });

  it('returns the network of a good spec, the same as the library parses', () => {
    const r = checkSpec(yamlSpec);
    expect('network' in r && r.network).toEqual(parseNetwork(yamlSpec));
  });

  it.each([
    ['a 1-D short form', shortFormNetwork({ kernel: 'weights:0.2,0.5,0.3', rates: '1,2,5' })],
    ['a parallel set', shortFormNetwork({ kernel: 'binomial:5', rates: '6,12', mode: 'parallel' })],
    ['DeepLab v3 (strides, pooling, 2-D)', presetNetwork('deeplab-v3-os16')],
  ])('writes %s as YAML that parses back to the same network', (_what, net) => {
    const text = specText(net);
    expect(parseNetwork(text).root).toEqual(net.root);
  });

  it('writes lists of numbers on one line', () => {
    const text = specText(
      parseNetwork({ type: 'stack', layers: [{ kernel: 'box:3x3', dilation: [1, 2] }] }),
    );
    expect(text).toBe('type: stack\nlayers:\n  - kernel: box:3x3\n    dilation: [ 1, 2 ]\n');
  });
});
