/**
 * The price of `analyzeModel` in points (one point ≈ one multiply-add of its inner loops),
 * from the graph alone, before any of the work: what a server compares with its budget to
 * refuse a model that would run too long (src/server/resources/model.ts). The terms are
 * the loops that dominate the analysis:
 *
 * - tap set (path counts): Σ over window nodes (conv, pool, resize) of taps · |box of its
 *   input| (an upper bound of the convolutions of `graphKernel`), plus the output's box;
 * - power responses: Σ over convs of C_out·(C_in/g)·taps²/2 (the Gram matrix of the taps)
 *   + P·(2k − 1) per axis (P = `points` frequencies of the summed autocorrelation);
 * - singular values (where min(C_out, C_in)/g ≤ 32): 17 frequencies per axis ·
 *   (g·a·b·taps + 12·g·(2m)³), a Jacobi sweep count of about 12 on the 2m×2m real form;
 * - border validity: Σ over dilated layers of outputs·k per axis (when the size is known);
 * - the linearised composite: `compositeCost` per axis cut when it runs (≤ its budget), else 0.
 */
import { compositeCost } from './analyze.ts';
import { MAX_SVD_CHANNELS } from './power.ts';
import type { ImportedModel } from './types.ts';

const size = (v: readonly number[]) => v.reduce((a, b) => a * b, 1);

/** Estimated points of `analyzeModel(model, {points, compositeBudget})` (see the module doc). */
export function analysisCost(
  model: ImportedModel,
  options: { points?: number; compositeBudget?: number } = {},
): number {
  const points = options.points ?? 129;
  const budget = options.compositeBudget ?? 3e8;
  const { nodes, graph } = model;
  const place = graph.placements;
  let cost = size(place[graph.output].receptiveField);
  for (const n of nodes) {
    if (n.op !== 'conv' && n.op !== 'pool' && n.op !== 'resize') continue;
    const inP = place[n.inputs[0]];
    if (inP.local === false) continue;
    const taps = size(n.size);
    cost += taps * size(inP.receptiveField);
    if (n.op !== 'conv') continue;
    const cinG = n.channelsIn / n.groups;
    cost += (n.channels * cinG * taps * taps) / 2;
    cost += n.size.reduce((s, k) => s + points * (2 * k - 1), 0);
    const a = n.channels / n.groups;
    const m = Math.min(a, cinG);
    if (m <= MAX_SVD_CHANNELS) {
      const axes = n.size.filter((k) => k > 1).length;
      cost += 17 * axes * (n.groups * a * cinG * taps + 12 * n.groups * (2 * m) ** 3);
    }
    const inputSize = nodes[n.inputs[0]].outputSize;
    if (n.dilation.some((d) => d > 1) && inputSize && n.outputSize) {
      cost += n.outputSize.reduce((s, L, i) => s + L * n.size[i], 0);
    }
  }
  const { blocker } = compositeCost(model);
  if (!blocker) {
    const composite =
      model.dims === 1
        ? compositeCost(model).cost
        : compositeCost(model, 0).cost + compositeCost(model, 1).cost;
    if (composite <= budget) cost += composite;
  }
  return cost;
}
