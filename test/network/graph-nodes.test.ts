/**
 * The node kinds imported models need (global branch, gate, crop, resize, channel
 * selection, pointwise, ceil-mode pooling) against independent computations: placements
 * against a naive dependency simulation that follows each node's definition position by
 * position (no placement formula), ceil-mode output lengths against PyTorch
 * (test/fixtures/pool/make.py), and the walk's defaults.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Graph,
  type GraphNode,
  mapShapes,
  placeNodes,
  walkGraph,
  windowOutputs,
} from '../../src/network/index.ts';

type Node1 = GraphNode;
type WithoutId<T> = T extends unknown ? Omit<T, 'id' | 'path'> : never;

/** A 1-D graph from nodes without ids (ids are positions; paths `n<i>`). */
function graph1(specs: WithoutId<GraphNode>[]): Graph {
  const nodes = specs.map((s, id) => ({ ...s, id, path: `n${id}` }) as Node1);
  return { dims: 1, nodes, output: nodes.length - 1, placements: placeNodes(1, nodes) };
}

const window = (size: number, dilation: number, stride: number, before: number) => ({
  size: [size],
  dilation: [dilation],
  stride: [stride],
  pad: [[before, 0] as const],
});

/**
 * The input positions output p of node `id` reads, by following the definitions: a
 * window reads s·p − before + n·d; a resize f·p + start + t; a crop p + start; merges the
 * union; pointwise and select their input's; a global node `'all'`.
 */
function reads(g: Graph, id: number, p: number): Set<number> | 'all' {
  const n = g.nodes[id];
  const from = (q: number[]): Set<number> | 'all' => {
    const out = new Set<number>();
    for (const x of q) {
      const r = reads(g, n.inputs[0], x);
      if (r === 'all') return 'all';
      for (const v of r) out.add(v);
    }
    return out;
  };
  switch (n.op) {
    case 'input':
      return new Set([p]);
    case 'conv':
    case 'pool': {
      const q: number[] = [];
      for (let t = 0; t < n.size[0]; t++) q.push(n.stride[0] * p - n.pad[0][0] + t * n.dilation[0]);
      return from(q);
    }
    case 'resize': {
      const q: number[] = [];
      for (let t = 0; t < n.size[0]; t++) q.push(n.factor[0] * p + n.start[0] + t);
      return from(q);
    }
    case 'crop':
      return from([p + n.start[0]]);
    case 'pointwise':
    case 'select':
    case 'shortcut':
      return from([p]);
    case 'global':
      return 'all';
    default: {
      const out = new Set<number>();
      for (const i of n.inputs) {
        const r = reads(g, i, p);
        if (r === 'all') continue;
        for (const v of r) out.add(v);
      }
      return out;
    }
  }
}

const pointwise = (input: number): WithoutId<GraphNode> => ({
  op: 'pointwise',
  inputs: [input],
  fn: 'Relu',
  attributes: {},
  constants: [],
  gain: null,
  bias: null,
});

const conv = (input: number, k: number, d: number, s: number, before: number) =>
  ({
    op: 'pool',
    inputs: [input],
    mode: 'avg',
    padding: 'same',
    ...window(k, d, s, before),
  }) as WithoutId<GraphNode>;

const GRAPHS: [string, WithoutId<GraphNode>[]][] = [
  [
    'a causal conv and a crop (the chomp of a TCN: pad both sides, cut the end)',
    [
      { op: 'input', inputs: [] },
      conv(0, 3, 2, 1, 4),
      { op: 'crop', inputs: [1], start: [0], end: [4] },
    ],
  ],
  [
    'a crop after a stride-2 layer shifts by 2 input samples per step',
    [
      { op: 'input', inputs: [] },
      conv(0, 3, 1, 2, 1),
      { op: 'crop', inputs: [1], start: [3], end: [0] },
    ],
  ],
  [
    'a pad no conv absorbs (negative start) before a valid conv',
    [
      { op: 'input', inputs: [] },
      { op: 'crop', inputs: [0], start: [-2], end: [-1] },
      conv(1, 3, 1, 1, 0),
    ],
  ],
  [
    'a linear resize by ½ (two taps at 2p, 2p+1) after a dilated layer',
    [
      { op: 'input', inputs: [] },
      conv(0, 3, 3, 1, 3),
      {
        op: 'resize',
        inputs: [1],
        mode: 'linear',
        factor: [2],
        start: [0],
        size: [2],
        weights: [[0.5, 0.5]],
      },
      conv(2, 3, 2, 1, 2),
    ],
  ],
  [
    'a nearest resize by ⅓ with half-pixel centres (one tap at 3p + 1)',
    [
      { op: 'input', inputs: [] },
      {
        op: 'resize',
        inputs: [0],
        mode: 'nearest',
        factor: [3],
        start: [1],
        size: [1],
        weights: [[1]],
      },
      conv(1, 2, 1, 1, 0),
    ],
  ],
  [
    'a gate of two branches with different paddings, with pointwise ops and channel selections',
    [
      { op: 'input', inputs: [] },
      conv(0, 2, 4, 1, 4),
      { op: 'select', inputs: [1], start: 0, count: 4 },
      { op: 'select', inputs: [1], start: 4, count: 4 },
      pointwise(2),
      pointwise(3),
      conv(5, 3, 1, 1, 1),
      { op: 'gate', inputs: [4, 6] },
    ],
  ],
  [
    'an ASPP-like sum with a global branch (image pooling): only the local branches place it',
    [
      { op: 'input', inputs: [] },
      conv(0, 3, 1, 2, 1),
      conv(1, 3, 6, 1, 6),
      conv(1, 3, 12, 1, 12),
      { op: 'global', inputs: [1] },
      conv(4, 1, 1, 1, 0),
      { op: 'concat', inputs: [2, 3, 5] },
      conv(6, 1, 1, 1, 0),
    ],
  ],
];

describe('placements of the model node kinds agree with following the definitions', () => {
  it.each(GRAPHS)('%s', (_name, specs) => {
    const g = graph1(specs);
    g.nodes.forEach((node, id) => {
      const pl = g.placements[id];
      const at0 = reads(g, id, 0);
      const at1 = reads(g, id, 1);
      if (at0 === 'all' || at1 === 'all') {
        expect(pl.local, node.path).toBe(false);
        expect(pl.global, node.path).toBe(true);
        return;
      }
      const lo0 = Math.min(...at0);
      const hi0 = Math.max(...at0);
      expect(pl.local ?? true, node.path).toBe(true);
      expect(pl.offset[0], node.path).toBe(lo0);
      expect(pl.receptiveField[0], node.path).toBe(hi0 - lo0 + 1);
      expect(pl.scale[0], node.path).toBe(Math.min(...at1) - lo0);
    });
  });

  it('a merge with a global input is marked global, and what follows it too', () => {
    const g = graph1(GRAPHS[6][1]);
    expect(g.placements[6].global).toBe(true);
    expect(g.placements[7].global).toBe(true);
    expect(g.placements[3].global).toBeUndefined();
  });
});

interface CeilCase {
  L: number;
  kernel: number;
  stride: number;
  padding: number;
  dilation: number;
  floor: number;
  ceil: number;
}
const ceilCases = (
  JSON.parse(readFileSync(new URL('../fixtures/pool/ceil_mode.json', import.meta.url), 'utf8')) as {
    cases: CeilCase[];
  }
).cases;

describe('window output counts agree with PyTorch MaxPool1d (floor and ceil_mode)', () => {
  it.each(
    ceilCases.map(
      (c) => [`L=${c.L} k=${c.kernel} s=${c.stride} p=${c.padding} d=${c.dilation}`, c] as const,
    ),
  )('%s', (_n, c) => {
    const w = {
      size: [c.kernel],
      dilation: [c.dilation],
      stride: [c.stride],
      pad: [[c.padding, c.padding] as const],
    };
    expect(windowOutputs([c.L], w)).toEqual([c.floor]);
    expect(windowOutputs([c.L], { ...w, ceilMode: true })).toEqual([c.ceil]);
  });

  it('the fixture has cases where ceil mode adds an output', () => {
    expect(ceilCases.filter((c) => c.ceil > c.floor).length).toBeGreaterThan(50);
  });
});

describe('map shapes through the model node kinds', () => {
  it('a crop drops start + end samples, a resize by ½ halves (floor), a global pool gives 1', () => {
    const g = graph1([
      { op: 'input', inputs: [] },
      { op: 'crop', inputs: [0], start: [2], end: [3] },
      {
        op: 'resize',
        inputs: [1],
        mode: 'nearest',
        factor: [2],
        start: [0],
        size: [1],
        weights: [[1]],
      },
      { op: 'global', inputs: [2] },
      { op: 'sum', inputs: [2, 3] },
    ]);
    expect(mapShapes(g, [20])).toEqual([[20], [15], [7], [1], [7]]);
  });
});

describe('the walk: pointwise nodes pass through; the other model kinds need a handler', () => {
  const algebra = {
    input: () => 1,
    conv: (_n: unknown, x: number) => x + 1,
    pool: (_n: unknown, x: number) => x + 10,
    sum: (_n: unknown, xs: readonly number[]) => xs.reduce((a, b) => a + b, 0),
  };

  it('a pointwise node without a handler is the identity', () => {
    const g = graph1([
      { op: 'input', inputs: [] },
      pointwise(0),
      conv(1, 3, 1, 1, 1),
      pointwise(2),
    ]);
    expect(walkGraph(g, algebra)).toBe(11);
  });

  it.each([
    ['crop', { op: 'crop', inputs: [0], start: [1], end: [0] }],
    ['global', { op: 'global', inputs: [0] }],
    ['select', { op: 'select', inputs: [0], start: 0, count: 1 }],
    ['gate', { op: 'gate', inputs: [0, 0] }],
  ] as [string, WithoutId<GraphNode>][])(
    'a %s node without a handler is an error naming it',
    (op, node) => {
      const g = graph1([{ op: 'input', inputs: [] }, node]);
      expect(() => walkGraph(g, algebra)).toThrow(`does not handle ${op} nodes (at n1)`);
    },
  );
});
