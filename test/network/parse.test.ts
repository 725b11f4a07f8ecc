import { describe, expect, it } from 'vitest';
import {
  parseNetwork,
  parseNetworkText,
  presetNames,
  presetNetwork,
  shortFormNetwork,
} from '../../src/network/index.ts';

describe('parseNetwork', () => {
  it('builds a stack of layers from the short form', () => {
    const n = shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' });
    expect(n.dims).toBe(1);
    expect(n.root.type).toBe('stack');
    if (n.root.type !== 'stack') throw new Error('unreachable');
    expect(n.root.layers.map((l) => (l.type === 'layer' ? l.dilation[0] : 0))).toEqual([1, 2, 5]);
  });

  it('names the bad rate and its value', () => {
    expect(() => shortFormNetwork({ kernel: 'box:3', rates: '1,2,0' })).toThrow(
      'rates[2] must be a positive integer no larger than 4096, got 0',
    );
    expect(() => shortFormNetwork({ kernel: 'box:3', rates: '1,1.5' })).toThrow(/rates\[1\]/);
    expect(() => shortFormNetwork({ kernel: 'box:3', rates: '' })).toThrow(
      /rates must list at least one rate/,
    );
  });

  it('rejects NaN, Infinity and all-zero weights by field', () => {
    expect(() => parseNetwork({ kernel: [1, Number.NaN], dilation: 1 })).toThrow(
      'kernel[1] must be a finite number, got NaN',
    );
    expect(() => shortFormNetwork({ kernel: 'weights:0,0', rates: '1' })).toThrow(
      /kernel must not be all zero/,
    );
  });

  it('gives the line of a YAML syntax error', () => {
    expect(() => parseNetworkText('type: stack\nlayers:\n  - kernel: [1, 2\n')).toThrow(/line \d+/);
  });

  it('rejects mixing 1-D and 2-D kernels', () => {
    expect(() =>
      parseNetwork({
        layers: [
          { kernel: 'box:3', dilation: 1 },
          { kernel: 'box:3x3', dilation: 2 },
        ],
      }),
    ).toThrow(/layers\[1\]\.kernel is 2-D but the network is 1-D/);
  });

  it('rejects parallel branches whose outputs lie on different grids (different total strides)', () => {
    expect(() =>
      parseNetwork({
        type: 'parallel',
        branches: [
          { kernel: 'box:3', dilation: 1 },
          { kernel: 'box:3', dilation: 2, stride: 2 },
        ],
      }),
    ).toThrow('branches[1] must have the same total stride as branches[0] (1), got 2');
    expect(() =>
      parseNetwork({
        type: 'parallel',
        branches: [
          { kernel: 'box:3x3', stride: [2, 1] },
          { kernel: 'box:3x3', stride: [1, 2] },
        ],
      }),
    ).toThrow('branches[1] must have the same total stride as branches[0] (2×1), got 1×2');
    // Equal total strides reached differently are fine.
    const ok = parseNetwork({
      type: 'parallel',
      branches: [
        {
          layers: [
            { kernel: 'box:3', stride: 2 },
            { kernel: 'box:3', stride: 2 },
          ],
        },
        { kernel: 'box:5', stride: 4 },
      ],
    });
    expect(ok.root.type).toBe('parallel');
  });

  it('parses every preset', () => {
    for (const name of presetNames) expect(presetNetwork(name).name).toBe(name);
    expect(() => presetNetwork('nope')).toThrow(/must be one of deeplab-v2-aspp/);
  });
});
