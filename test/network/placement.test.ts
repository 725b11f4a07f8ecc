/**
 * The graph's placement against PyTorch: test/fixtures/placement/placement.json, made by
 * test/fixtures/placement/make.py (torch, float64). For each case and each recorded output
 * position p, the gradient of output p with respect to the input must be the composite
 * kernel placed at scale·p + offset (cut by the zero padding at the borders): with all-ones
 * weights the path counts, with the case's weights the weights; and the output for a unit
 * impulse must be the kernel read backwards from the impulse.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphKernel } from '../../src/analysis/index.ts';
import { mapShapes, networkGraph, parseNetwork } from '../../src/network/index.ts';

interface Case {
  name: string;
  dims: 1 | 2;
  spec: unknown;
  inputShape: number[];
  outputShape: number[];
  weighted: { p: number[]; grad: number[] }[];
  ones: { p: number[]; grad: number[] }[];
  impulse: { at: number[]; output: number[] };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/placement/placement.json', import.meta.url), 'utf8'),
) as { cases: Case[] };
const cases = fixture.cases.map((c) => [c.name, c] as const);

/** The value of a dense kernel (entry 0 at `offset`) at absolute input position `x`, or 0. */
function kernelAt(
  k: { shape: number[]; weights: Float64Array },
  offset: readonly number[],
  x: readonly number[],
): number {
  const t = x.map((v, a) => v - offset[a]);
  if (t.some((v, a) => v < 0 || v >= k.shape[a])) return 0;
  return k.shape.length === 1 ? k.weights[t[0]] : k.weights[t[0] * k.shape[1] + t[1]];
}

/** Every position of a shape, row-major. */
function positions(shape: readonly number[]): number[][] {
  if (shape.length === 1) return Array.from({ length: shape[0] }, (_, i) => [i]);
  return Array.from({ length: shape[0] * shape[1] }, (_, i) => [
    Math.floor(i / shape[1]),
    i % shape[1],
  ]);
}

/** Is the span read by an output placed at `at` inside the input? */
const inside = (at: readonly number[], span: readonly number[], shape: readonly number[]) =>
  at.every((v, a) => v >= 0 && v + span[a] <= shape[a]);

describe('placement as PyTorch runs it', () => {
  it('has fixtures for every kind of case the issue lists', () => {
    const names = fixture.cases.map((c) => c.name).join(' | ');
    for (const word of [
      'causal',
      'same',
      'valid',
      'explicit',
      'strided',
      'projection',
      'parallel',
      '2-D',
    ])
      expect(names).toContain(word);
  });

  it.each(cases)('%s: output p reads exactly the offsets PyTorch reads', (_name, c) => {
    const graph = networkGraph(parseNetwork(c.spec));
    const place = graph.placements[graph.output];
    const counts = graphKernel(graph, true);
    let interior = 0;
    for (const { p, grad } of c.ones) {
      const at = p.map((v, a) => place.scale[a] * v + place.offset[a]);
      const ours = positions(c.inputShape).map((x) => kernelAt(counts, at, x));
      if (inside(at, place.receptiveField, c.inputShape)) {
        interior++;
        expect(ours).toEqual(grad);
      } else {
        grad.forEach((g, i) => {
          expect(g).toBeLessThanOrEqual(ours[i]);
        });
      }
    }
    expect(interior).toBeGreaterThan(0);
  });

  it.each(cases)('%s: the composite weights match the gradient to 1e-9', (_name, c) => {
    const graph = networkGraph(parseNetwork(c.spec));
    const place = graph.placements[graph.output];
    const k = graphKernel(graph);
    for (const { p, grad } of c.weighted) {
      const at = p.map((v, a) => place.scale[a] * v + place.offset[a]);
      if (!inside(at, place.receptiveField, c.inputShape)) continue;
      positions(c.inputShape).forEach((x, i) => {
        expect(Math.abs(kernelAt(k, at, x) - grad[i])).toBeLessThan(1e-9);
      });
    }
  });

  it.each(cases)('%s: the impulse response matches to 1e-9', (_name, c) => {
    const graph = networkGraph(parseNetwork(c.spec));
    const place = graph.placements[graph.output];
    const k = graphKernel(graph);
    const { at, output } = c.impulse;
    positions(c.outputShape).forEach((p, i) => {
      // y[p] = K[at − (scale·p + offset)]
      const start = p.map((v, a) => place.scale[a] * v + place.offset[a]);
      expect(Math.abs(kernelAt(k, start, at) - output[i])).toBeLessThan(1e-9);
    });
  });

  it.each(cases)('%s: the output map has the shape PyTorch gives', (_name, c) => {
    const graph = networkGraph(parseNetwork(c.spec));
    expect(mapShapes(graph, c.inputShape)[graph.output]).toEqual(c.outputShape);
  });
});
