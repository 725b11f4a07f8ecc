import { graphKernel } from '../analysis/index.ts';
import { checkTapsShape } from '../limits/index.ts';
import { type Graph, type Network, networkGraph, networkMembers } from '../network/index.ts';
import { toNumberArray } from '../util/arrays.ts';
import type { ServerLimits } from './limits.ts';

/** The form of the offsets in a taps answer. */
export const TAPS_FORM =
  'causal offsets: index 0 is the first input sample the network reads (row-major [row][col] in 2-D); parallel branches and residual identities land where their padding places them (PyTorch placement)';

/** Path counts of one node over its receptive field, 1-D. */
export interface TapCounts1d {
  dims: 1;
  /** Receptive field size (number of offsets). */
  size: number;
  /** counts[i] = number of tap paths that reach offset i. */
  counts: number[];
  /** Offsets with no path (holes), increasing. */
  holes: number[];
  holeCount: number;
  covered: number;
}

/** Path counts of one node over its receptive field, 2-D (rows × cols, row-major). */
export interface TapCounts2d {
  dims: 2;
  rows: number;
  cols: number;
  /** counts[r][c] = number of tap paths that reach offset (r, c); 0 is a hole. */
  counts: number[][];
  holeCount: number;
  covered: number;
}

/** A member (layer of the top-level stack, branch of the top-level parallel) with its counts. */
export type MemberTapCounts = (TapCounts1d | TapCounts2d) & {
  index: number;
  /**
   * Parallel: where the branch's offset 0 sits in the whole network's frame (where its
   * padding places it), a number (1-D) or [row, col] (2-D). Stack: null (layers compose, they do
   * not sit side by side); the layer's taps are in input samples, spaced by its dilation
   * times the strides before it.
   */
  offset: number | [number, number] | null;
};

/** The answer of /api/taps. */
export type TapsResult = (TapCounts1d | TapCounts2d) & {
  form: string;
  kind: 'stack' | 'parallel';
  /** The members' counts, or null when sending them would exceed the limit. */
  members: MemberTapCounts[] | null;
  /** Why members is null. */
  membersOmitted?: string;
};

function cells(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export { checkTapsShape } from '../limits/index.ts';

/** Number of offsets /api/taps would send for a network (whole + members), for scheduling. */
export function tapsCost(network: Network): number {
  return cells(outputSpan(networkGraph(network))) * 2;
}

function outputSpan(graph: Graph): readonly number[] {
  return graph.placements[graph.output].receptiveField;
}

function countsOf(graph: Graph, dims: 1 | 2) {
  const k = graphKernel(graph, true);
  const w = k.weights;
  let covered = 0;
  for (let i = 0; i < w.length; i++) if (w[i] > 0) covered++;
  if (dims === 1) {
    const holes: number[] = [];
    for (let i = 0; i < w.length; i++) if (w[i] === 0) holes.push(i);
    const out: TapCounts1d = {
      dims: 1,
      size: w.length,
      counts: toNumberArray(w),
      holes,
      holeCount: holes.length,
      covered,
    };
    return { out, shape: k.shape };
  }
  const [rows, cols] = k.shape;
  const counts: number[][] = [];
  for (let r = 0; r < rows; r++) counts.push(toNumberArray(w.subarray(r * cols, (r + 1) * cols)));
  const out: TapCounts2d = {
    dims: 2,
    rows,
    cols,
    counts,
    holeCount: w.length - covered,
    covered,
  };
  return { out, shape: k.shape };
}

/**
 * Path counts of a network for a coverage plot: the composite kernel with unit weights
 * (the number of tap combinations reaching each offset of the receptive field; 0 = hole),
 * and the same for each member when the total stays within the limit.
 */
export function tapCounts(network: Network, limits: ServerLimits): TapsResult {
  const dims = network.dims;
  const graph = networkGraph(network);
  checkTapsShape(outputSpan(graph), limits);
  const whole = countsOf(graph, dims);
  const m = networkMembers(network);
  const budget = dims === 1 ? limits.maxTaps1d : limits.maxTapsCells;
  const total = m.members.reduce((a, p) => a + cells(outputSpan(p.graph)), 0);
  let memberCounts: MemberTapCounts[] | null = null;
  let membersOmitted: string | undefined;
  if (total > budget) {
    membersOmitted = `the members' path counts total ${total} offsets, above the limit ${budget}`;
  } else {
    memberCounts = m.members.map((p, index) => {
      const { out } = countsOf(p.graph, dims);
      const o = p.shift;
      const offset: number | [number, number] | null =
        m.kind === 'parallel' ? (dims === 1 ? o[0] : [o[0], o[1]]) : null;
      return { ...out, index, offset };
    });
  }
  const result: TapsResult = {
    ...whole.out,
    form: TAPS_FORM,
    kind: m.kind,
    members: memberCounts,
  };
  if (membersOmitted) result.membersOmitted = membersOmitted;
  return result;
}
