import { compileNode, networkGraph } from './compile.ts';
import { alignmentShift, type Graph } from './graph.ts';
import { members, type Network, type NetworkNode } from './types.ts';

/** One member of a network: a layer of its top-level stack or a branch of its top-level parallel set. */
export interface Member {
  /** Position among the members. */
  readonly index: number;
  /** The spec node. */
  readonly node: NetworkNode;
  /** Its field path in the spec (`layers[2]`, `branches[1]`; '' for a root that is its own member). */
  readonly path: string;
  /**
   * The member compiled on its own, reading the map it really runs on: its input node has
   * the scale of that map (the product of the strides of the members before it).
   */
  readonly graph: Graph;
  /**
   * Where the member's output 0 lands inside the whole (per axis, input samples): for a
   * branch of a top-level parallel set, `alignmentShift` of its output against the merge;
   * 0 for the members of a stack (they compose, they do not add).
   */
  readonly shift: readonly number[];
}

/** The members of a network and how they combine. */
export interface Members {
  /** 'stack': members compose (responses multiply); 'parallel': they merge position by position. */
  readonly kind: 'stack' | 'parallel';
  readonly merge?: 'sum' | 'concat';
  readonly members: readonly Member[];
}

/**
 * The members whose nulls, deaf bands and responses are compared: the layers of a
 * top-level stack, or the branches of a top-level parallel node; a single layer or
 * residual block is its own member. Each member is compiled with the scale of the map it
 * runs on, so its taps sit d·scale apart on the network's input grid, and each branch
 * carries the shift its padding gives it in the merge.
 */
export function networkMembers(network: Network): Members {
  const { root, dims } = network;
  const { nodes, paths } = members(network);
  const one = dims === 1 ? [1] : [1, 1];
  const zero = one.map(() => 0);
  if (root.type === 'parallel') {
    const whole = networkGraph(network);
    const merged = whole.placements[whole.output];
    const list = nodes.map((node, index) => {
      const graph = compileNode(node, dims, { path: paths[index] });
      const shift = alignmentShift(graph.placements[graph.output], merged);
      return { index, node, path: paths[index], graph, shift };
    });
    return { kind: 'parallel', merge: root.merge, members: list };
  }
  // The layers of a stack (or the root as its own member), each on the map the ones before leave.
  let scale: readonly number[] = one;
  const list = nodes.map((node, index) => {
    const graph = compileNode(node, dims, { inputScale: scale, path: paths[index] });
    scale = graph.placements[graph.output].scale;
    return { index, node, path: paths[index], graph, shift: zero };
  });
  return { kind: 'stack', members: list };
}
