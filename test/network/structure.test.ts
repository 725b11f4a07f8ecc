/**
 * `foldSpec` reads the spec's nesting back from the graph: the exported spec and the labels
 * of hand-written networks, checked against the specs and labels written out by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  elementGraph,
  foldSpec,
  networkGraph,
  networkMembers,
  networkToSpec,
  parseNetwork,
} from '../../src/network/index.ts';
import { nodeLabel } from '../../src/response/index.ts';

// [name, spec, the spec networkToSpec gives back (null: the spec as written), label]
const cases: [string, unknown, unknown, string][] = [
  ['a layer', { kernel: 'box:3', dilation: 2 }, { kernel: 'box:3', dilation: 2 }, 'box:3@2'],
  [
    'a layer of weights, causal',
    { kernel: [1, 2, 1], dilation: 3, padding: 'causal' },
    { kernel: 'weights:1,2,1', dilation: 3, padding: 'causal' },
    'weights:1,2,1@3',
  ],
  [
    'nested stacks with a stride and a pool',
    {
      type: 'stack',
      layers: [
        { kernel: 'box:3', dilation: 1 },
        {
          type: 'stack',
          layers: [
            { kernel: 'box:3', dilation: 2, stride: 2 },
            { pool: 'max', size: 2, stride: 2 },
          ],
        },
        { kernel: 'box:5', dilation: 4 },
      ],
    },
    null,
    'stack(box:3@1, stack(box:3@2/s2, maxpool:2/s2), box:5@4)',
  ],
  [
    'a concat set with a causal branch',
    {
      type: 'parallel',
      merge: 'concat',
      branches: [
        { kernel: 'box:3', dilation: 1 },
        { kernel: 'box:3', dilation: 6, padding: 'causal' },
      ],
    },
    null,
    'concat(box:3@1, box:3@6)',
  ],
  [
    'a residual with a projection shortcut',
    {
      type: 'residual',
      body: {
        type: 'stack',
        layers: [
          { kernel: 'box:3', dilation: 1, stride: 2 },
          { kernel: 'box:3', dilation: 2 },
        ],
      },
      shortcut: { kernel: 'box:1', dilation: 1, stride: 2 },
    },
    null,
    'residual(stack(box:3@1/s2, box:3@2))',
  ],
  [
    'a stack of a residual over a sum set, then an avg pool (network padding valid)',
    {
      type: 'stack',
      padding: 'valid',
      layers: [
        {
          type: 'residual',
          body: {
            type: 'parallel',
            branches: [
              { kernel: 'box:3', dilation: 1, padding: 'same' },
              { kernel: 'box:3', dilation: 2, padding: 'same' },
            ],
          },
        },
        { pool: 'avg', size: 3 },
      ],
    },
    {
      type: 'stack',
      layers: [
        {
          type: 'residual',
          body: {
            type: 'parallel',
            merge: 'sum',
            branches: [
              { kernel: 'box:3', dilation: 1 },
              { kernel: 'box:3', dilation: 2 },
            ],
          },
        },
        { pool: 'avg', size: 3, padding: 'valid' },
      ],
    },
    'stack(residual(sum(box:3@1, box:3@2)), avgpool:3)',
  ],
  [
    '2-D rates per axis and explicit padding',
    {
      kernel: 'box:3x3',
      dilation: [2, 4],
      stride: [1, 2],
      padding: [
        [1, 3],
        [0, 8],
      ],
    },
    null,
    'box:3x3@2x4/s1x2',
  ],
];

describe('foldSpec', () => {
  it.each(cases)('%s: networkToSpec gives the spec back', (_name, spec, exported) => {
    const want = exported ?? spec;
    expect(networkToSpec(parseNetwork(spec))).toEqual(want);
    expect(networkToSpec(parseNetwork(want))).toEqual(want);
  });

  it.each(cases)('%s: nodeLabel', (_name, spec, _exported, label) => {
    expect(nodeLabel(networkGraph(parseNetwork(spec)))).toBe(label);
  });

  it('labels each member from its own graph and path', () => {
    const network = parseNetwork(cases[2][1]);
    const labels = networkMembers(network).members.map((m) => nodeLabel(m.graph, m.path));
    expect(labels).toEqual(['box:3@1', 'stack(box:3@2/s2, maxpool:2/s2)', 'box:5@4']);
    // The same member read from the whole network's graph.
    expect(nodeLabel(networkGraph(network), 'layers[1]')).toBe('stack(box:3@2/s2, maxpool:2/s2)');
  });

  it('gives each element its nodes, input scale and own receptive field', () => {
    // box:3 at stride 2, then box:3@2 reading the stride-2 map: its taps 2·2 = 4 apart.
    const network = parseNetwork({
      type: 'stack',
      layers: [
        { kernel: 'box:3', dilation: 1, stride: 2 },
        { kernel: 'box:3', dilation: 2 },
      ],
    });
    const g = networkGraph(network);
    const seen: [string, number[], number[], number][] = [];
    foldSpec<null>(g, {
      layer: (_n, s) => {
        const own = elementGraph(g, s);
        seen.push([
          s.path,
          [...s.ids],
          [...s.inputScale],
          own.placements[own.output].receptiveField[0],
        ]);
        return null;
      },
      pool: () => null,
      stack: () => null,
      parallel: () => null,
      residual: () => null,
    });
    // Alone, layer 1 spans (3 − 1)·2·2 + 1 = 9 input samples.
    expect(seen).toEqual([
      ['layers[0]', [1], [1], 3],
      ['layers[1]', [2], [2], 9],
    ]);
  });

  it('refuses a graph whose paths are not a spec', () => {
    const g = networkGraph(parseNetwork({ kernel: 'box:3', dilation: 1 }));
    expect(() => nodeLabel(g, 'layers[4]')).toThrow(/no spec element at layers\[4\]/);
  });
});
