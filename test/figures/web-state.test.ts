import { describe, expect, it } from 'vitest';
import { compositeKernel } from '../../src/analysis/composite.ts';
import {
  allLayers,
  parseNetwork,
  presetNetwork,
  shortFormNetwork,
} from '../../src/network/index.ts';
import { parseHere, sourceValues } from '../../web/src/source.ts';
import {
  DEFAULT_STATE,
  kernelForDims,
  type State,
  stateFromQuery,
  stateToQuery,
} from '../../web/src/state.ts';
import { analogueSpec, axisCutSpec } from '../../web/src/transform.ts';
import { stackPathCounts } from './helpers.ts';

describe('the page state in the URL', () => {
  it('opens on a gridding stack against a hybrid schedule when the link says nothing', () => {
    const s = stateFromQuery('');
    expect(s.nets.map((n) => [n.kernel, n.rates])).toEqual([
      ['box:3', '2,2,2'],
      ['box:3', '1,2,5'],
    ]);
    expect(stateToQuery(s)).toBe('a.kernel=box:3&a.rates=2,2,2&b.kernel=box:3&b.rates=1,2,5');
  });

  it('round-trips every setting and up to three networks through the query string', () => {
    const s: State = {
      ...DEFAULT_STATE,
      nets: [
        {
          preset: '',
          spec: '',
          kernel: 'weights:0.2,0.5,0.3',
          rates: '1,3',
          mode: 'residual',
          merge: 'sum',
        },
        { preset: 'hdc', spec: '', kernel: 'box:3', rates: '1', mode: 'stack', merge: 'sum' },
        {
          preset: '',
          spec: '',
          kernel: 'binomial:5',
          rates: '6,12,18',
          mode: 'parallel',
          merge: 'concat',
        },
      ],
      n: 4096,
      n2d: 64,
      thresholdDb: -30,
      units: 'hz',
      fs: 44100,
      mapSize: 129,
      object: '5x3',
      scale: 'db',
      layers: false,
      norm: false,
    };
    const back = stateFromQuery(`?${stateToQuery(s)}`);
    expect(back.nets[0]).toEqual(s.nets[0]);
    expect(back.nets[1].preset).toBe('hdc');
    expect(back.nets[2]).toEqual(s.nets[2]);
    expect({ ...back, nets: [] }).toEqual({ ...s, nets: [] });
  });

  it('round-trips a network given as a spec text, newlines, colons and # included', () => {
    const spec =
      'type: stack # two layers\nlayers:\n  - {kernel: box:3, dilation: 1}\n  - {kernel: [0.25, 0.5, 0.25], dilation: 3}\n';
    const s: State = {
      ...DEFAULT_STATE,
      nets: [{ ...DEFAULT_STATE.nets[0], spec }, DEFAULT_STATE.nets[1]],
    };
    const q = stateToQuery(s);
    expect(q.startsWith('a.spec=type%3A%20stack%20%23')).toBe(true);
    expect(q).not.toContain('a.kernel');
    const back = stateFromQuery(q);
    expect(back.nets[0].spec).toBe(spec);
    expect(back.nets[1]).toEqual(DEFAULT_STATE.nets[1]);
  });

  it.each([
    ['causal', 'a.padding=causal', 'causal'],
    ['valid', 'a.padding=valid', 'valid'],
    ['same (the default, not written)', '', undefined],
  ] as const)(
    'round-trips a short form padded %s, and asks the server with it',
    (_n, key, padding) => {
      const net = {
        preset: '',
        spec: '',
        kernel: 'box:3',
        rates: '1,2',
        mode: 'stack' as const,
        merge: 'sum' as const,
        ...(padding ? { padding } : {}),
      };
      const s: State = { ...DEFAULT_STATE, nets: [net] };
      const q = stateToQuery(s);
      expect(q).toBe(['a.kernel=box:3&a.rates=1,2', key].filter(Boolean).join('&'));
      expect(stateFromQuery(q).nets[0].padding).toBe(padding);
      expect(sourceValues(net, 1).padding).toBe(padding);
      const layers = allLayers(parseHere(net, 1));
      expect(layers.map((l) => l.padding ?? 'same')).toEqual([
        padding ?? 'same',
        padding ?? 'same',
      ]);
    },
  );

  it('reads the plot switches written by hand as false, off or no, not only as 0', () => {
    for (const off of ['0', 'false', 'off', 'no', 'FALSE']) {
      const s = stateFromQuery(`layers=${off}&norm=${off}`);
      expect([s.layers, s.norm]).toEqual([false, false]);
    }
    for (const on of ['1', 'true', '']) expect(stateFromQuery(`layers=${on}`).layers).toBe(true);
  });

  it('keeps a bad value as typed, so the page can show its error', () => {
    expect(stateFromQuery('a.kernel=box:3&a.rates=2,0,2').nets[0].rates).toBe('2,0,2');
  });

  it('turns box:3 into box:3x3 for 2-D and back, leaving explicit weights alone', () => {
    expect(kernelForDims('box:3', 2)).toBe('box:3x3');
    expect(kernelForDims('gaussian:7:1.5', 2)).toBe('gaussian:7x7:1.5');
    expect(kernelForDims('binomial:5x5', 1)).toBe('binomial:5');
    expect(kernelForDims('box:3x5', 1)).toBe('box:3x5');
    expect(kernelForDims('weights:1,2,1', 2)).toBe('weights:1,2,1');
    expect(stateFromQuery('dims=2').nets[0].kernel).toBe('box:3x3');
  });
});

describe('the network transforms of the page', () => {
  it('gives the 2-D analogue of a 1-D stack: path counts are the outer product of the 1-D ones', () => {
    const net = shortFormNetwork({ kernel: 'box:3', rates: '2,2,2' });
    const twoD = parseNetwork(analogueSpec(net));
    expect(twoD.dims).toBe(2);
    const c = compositeKernel(twoD.root, 2, true);
    const one = stackPathCounts(3, [2, 2, 2]);
    expect(c.shape).toEqual([13, 13]);
    c.weights.forEach((v, idx) => {
      expect(v).toBe(one[Math.floor(idx / 13)] * one[idx % 13]);
    });
  });

  it('gives the 2-D analogue of explicit weights as their outer product', () => {
    const net = shortFormNetwork({ kernel: 'weights:1,2', rates: '3' });
    const spec = analogueSpec(net) as { layers: { kernel: number[][]; dilation: number }[] };
    expect(spec.layers[0].kernel).toEqual([
      [1, 2],
      [2, 4],
    ]);
    expect(spec.layers[0].dilation).toBe(3);
  });

  // Branches and shortcuts land where their padding (or projection) puts them along x, so
  // the cut's composite kernel is still the column sums of the 2-D one.
  it.each([
    ['the deeplab-v2-aspp preset', presetNetwork('deeplab-v2-aspp')],
    [
      'a causal residual with a 1×1 projection of weight 2',
      parseNetwork({
        type: 'residual',
        body: { kernel: 'box:3x3', dilation: 2, stride: 2, padding: 'causal' },
        shortcut: { kernel: [[2]], dilation: 1, stride: 2 },
      }),
    ],
    [
      'a sum set whose branch pads [2, 0] along x, then a causal avg pool',
      parseNetwork({
        type: 'stack',
        layers: [
          {
            type: 'parallel',
            branches: [
              {
                kernel: 'binomial:3x3',
                dilation: 1,
                padding: [
                  [1, 1],
                  [2, 0],
                ],
              },
              { kernel: [[1]], dilation: 1 },
            ],
          },
          { pool: 'avg', size: 2, padding: 'causal' },
        ],
      }),
    ],
  ])('gives the x cut of %s as the column sums of its composite kernel', (_name, net) => {
    const cut = parseNetwork(axisCutSpec(net));
    expect(cut.dims).toBe(1);
    const full = compositeKernel(net.root, 2);
    const [R, C] = full.shape;
    const sums = Array.from({ length: C }, (_, j) => {
      let s = 0;
      for (let i = 0; i < R; i++) s += full.weights[i * C + j];
      return s;
    });
    const cutKernel = compositeKernel(cut.root, 1);
    expect(cutKernel.shape).toEqual([C]);
    sums.forEach((v, j) => {
      expect(cutKernel.weights[j]).toBeCloseTo(v, 12);
    });
  });

  it('gives the 2-D analogue of a causal 1-D residual with causal padding on both axes', () => {
    const net = parseNetwork({
      type: 'residual',
      body: { kernel: 'box:3', dilation: 2, padding: [4, 0] },
    });
    expect(analogueSpec(net)).toEqual({
      type: 'residual',
      body: {
        kernel: 'box:3x3',
        dilation: 2,
        padding: [
          [4, 0],
          [4, 0],
        ],
      },
    });
  });

  it('cuts an unevenly dilated 2-D layer along its x rate', () => {
    const net = parseNetwork({
      kernel: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      dilation: [2, 5],
    });
    expect(axisCutSpec(net)).toEqual({ kernel: [5, 7, 9], dilation: 5 });
  });
});
