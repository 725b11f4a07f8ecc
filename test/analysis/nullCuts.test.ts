import { describe, expect, it } from 'vitest';
import { axisCut, compositeKernel } from '../../src/analysis/composite.ts';
import {
  graphCut,
  responseDegree,
  responseMagnitude,
  responseOnGrid,
} from '../../src/analysis/nullCuts.ts';
import { compileNode, type NetworkNode, parseNetwork } from '../../src/network/index.ts';

/** |Σ_n h_n e^{−iωn}| by the plain sum, written here. */
function directMagnitude(h: ArrayLike<number>, w: number): number {
  let re = 0;
  let im = 0;
  for (let n = 0; n < h.length; n++) {
    re += h[n] * Math.cos(w * n);
    im -= h[n] * Math.sin(w * n);
  }
  return Math.hypot(re, im);
}

const stack = (kernel: string, rates: number[]) => ({
  type: 'stack',
  layers: rates.map((d) => ({ kernel, dilation: d })),
});

/** Networks whose cut is a product, a sum or a residual: |H| is |DTFT| of the composite cut. */
const linear: [string, unknown, 'x' | 'y'][] = [
  ['coprime rates (one base table read by index)', stack('box:5', [3, 7, 11, 13, 17]), 'x'],
  ['equal layers (one evaluation, a power)', stack('binomial:4', [6, 6, 6, 6]), 'x'],
  ['rates with a common factor', stack('random:3:7', [2, 4, 8, 6]), 'x'],
  [
    'a parallel sum after a layer',
    {
      type: 'stack',
      layers: [
        { kernel: 'box:3', dilation: 1 },
        {
          type: 'parallel',
          branches: [
            { kernel: 'box:3', dilation: 2 },
            { kernel: 'binomial:3', dilation: 5 },
          ],
        },
      ],
    },
    'x',
  ],
  ['a residual block', { type: 'residual', body: stack('random:3:3', [1, 3]) }, 'x'],
  ['a 2-D stack, x cut', stack('box:3x5', [2, 3]), 'x'],
  ['a 2-D stack, y cut', stack('random:3x3:4', [1, 4]), 'y'],
];

describe('the cut response of a graph (one walk)', () => {
  it.each(linear)(
    '%s: |H| on the grid and at points equals the DTFT of the composite cut',
    (_n, spec, axis) => {
      const net = parseNetwork(spec);
      const cut = graphCut(compileNode(net.root, net.dims), axis);
      const h = axisCut(compositeKernel(net.root, net.dims), axis);
      let scale = 0;
      for (const v of h) scale += Math.abs(v);
      const M = Math.max(512, 8 * Math.ceil(responseDegree(cut)));
      const grid = responseOnGrid(cut, M, Math.PI / M);
      for (let j = 0; j <= M; j += 7) {
        const want = directMagnitude(h, (Math.PI * j) / M);
        expect(Math.abs(grid[j] - want)).toBeLessThan(1e-12 * scale);
      }
      for (const w of [0.1, 1, 2.2, Math.PI]) {
        expect(Math.abs(responseMagnitude(cut, w) - directMagnitude(h, w))).toBeLessThan(
          1e-12 * scale,
        );
      }
    },
  );

  it('of concatenated branches is the envelope max_b |H_b|', () => {
    const branches: NetworkNode[] = [];
    const net = parseNetwork({
      type: 'parallel',
      merge: 'concat',
      branches: [
        { kernel: 'box:3', dilation: 2 },
        { kernel: 'binomial:5', dilation: 3 },
        { kernel: 'random:4:9', dilation: 7 },
      ],
    });
    if (net.root.type === 'parallel') branches.push(...net.root.branches);
    const hs = branches.map((b) => compositeKernel(b, 1).weights);
    const cut = graphCut(compileNode(net.root, 1));
    expect(cut.kind).toBe('envelope');
    const M = Math.max(512, 8 * Math.ceil(responseDegree(cut)));
    const grid = responseOnGrid(cut, M, Math.PI / M);
    for (let j = 0; j <= M; j += 5) {
      const w = (Math.PI * j) / M;
      const want = Math.max(...hs.map((h) => directMagnitude(h, w)));
      expect(Math.abs(grid[j] - want)).toBeLessThan(1e-12 * 3);
    }
  });
});
