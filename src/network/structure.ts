/**
 * The spec's nesting read back from its graph. `compileNode` gives every node the field
 * path of the spec element it came from (`layers[2].body.layers[0]`, `branches[1]`,
 * `shortcut`), and emits the nodes of each element contiguously. So a stack is the
 * elements at `P.layers[i]`, a parallel set the merge node at `P` and its branches at
 * `P.branches[i]`, a residual the `sum` at `P` with its body at `P.body` and its shortcut at
 * `P.shortcut`. `foldSpec` hands these to an algebra: the computations that must keep the
 * spec's shape (labels, spec export, spec transforms, the factors of a stack) use it
 * instead of recursing over the spec tree themselves, so the tree is walked in one place
 * (here), over the graph every other computation walks with `walkGraph`.
 */

import type { Kernel } from '../kernel/index.ts';
import {
  type ConvNode,
  type ConvParams,
  type Graph,
  type GraphNode,
  type Placement,
  type PoolNode,
  placeNodes,
  type ShortcutNode,
} from './graph.ts';
import type { Layer, NetworkNode, Pool } from './types.ts';

/** What `foldSpec` hands each element besides its children's values. */
export interface SpecStep {
  /** The element's field path in the spec ('' for the root of a whole network). */
  readonly path: string;
  /** Ids of the graph nodes the element compiled into, ascending (its output is the last). */
  readonly ids: readonly number[];
  /** The scale of the map the element reads (product of the strides before it), per axis. */
  readonly inputScale: readonly number[];
  /** The placement of the element's output on the network's input grid. */
  readonly placement: Placement;
}

/** What a computation does at each element of the spec: the algebra `foldSpec` evaluates. */
export interface SpecAlgebra<T> {
  layer(node: ConvNode, step: SpecStep): T;
  pool(node: PoolNode, step: SpecStep): T;
  stack(items: readonly T[], step: SpecStep): T;
  parallel(merge: 'sum' | 'concat', branches: readonly T[], step: SpecStep): T;
  /** `shortcut` is the identity (`projection` null) or the block's projection layer. */
  residual(body: T, shortcut: ShortcutNode, step: SpecStep): T;
}

const join = (path: string, field: string) => (path ? `${path}.${field}` : field);

/**
 * Folds `algebra` over the spec elements of a graph compiled from a spec (`compileNode`),
 * children before their parent, from the element at `root` (the path the graph was compiled
 * with: '' for a whole network, a member's `layers[i]` / `branches[i]`). Throws an Error for
 * a graph whose node paths are not a spec's (an imported model's).
 */
export function foldSpec<T>(graph: Graph, algebra: SpecAlgebra<T>, root = ''): T {
  const nodes = graph.nodes.filter((n) => n.op !== 'input');
  const own = new Map<string, GraphNode>();
  for (const n of nodes) if (n.op !== 'shortcut') own.set(n.path, n);
  const inside = (path: string) =>
    nodes.filter((n) => path === '' || n.path === path || n.path.startsWith(`${path}.`));
  const bad = (path: string): never => {
    throw new Error(`internal: the graph has no spec element at ${path || 'its root'}`);
  };
  const visit = (path: string): T => {
    const members = inside(path);
    if (members.length === 0) bad(path);
    const ids = members.map((n) => n.id);
    const last = ids[ids.length - 1];
    const step: SpecStep = {
      path,
      ids,
      inputScale: graph.placements[ids[0]].inputScale,
      placement: graph.placements[last],
    };
    const node = own.get(path);
    if (node?.op === 'conv') return algebra.layer(node, step);
    if (node?.op === 'pool') return algebra.pool(node, step);
    if (node?.op === 'sum' || node?.op === 'concat') {
      const shortcut = graph.nodes[node.inputs[node.inputs.length - 1]];
      if (shortcut.op === 'shortcut' && shortcut.path === join(path, 'shortcut'))
        return algebra.residual(visit(join(path, 'body')), shortcut, step);
      const branches = node.inputs.map((_, i) => visit(join(path, `branches[${i}]`)));
      return algebra.parallel(node.op, branches, step);
    }
    const items: T[] = [];
    for (
      let i = 0;
      own.has(join(path, `layers[${i}]`)) || hasInside(join(path, `layers[${i}]`));
      i++
    )
      items.push(visit(join(path, `layers[${i}]`)));
    if (items.length === 0) bad(path);
    return algebra.stack(items, step);
  };
  const hasInside = (path: string) => nodes.some((n) => n.path.startsWith(`${path}.`));
  return visit(root);
}

/**
 * The graph of one spec element on its own (`SpecStep.ids`), reading the map the element
 * reads: a new input node of scale `inputScale` (default the element's input scale)
 * replaces what the element reads, so its placements are those of `compileNode` of the
 * element with that `inputScale` (its offsets relative to the element's own input, its
 * receptive field the element's alone).
 */
export function elementGraph(
  graph: Graph,
  step: SpecStep,
  inputScale: readonly number[] = step.inputScale,
): Graph {
  const renumber = new Map<number, number>();
  step.ids.forEach((id, i) => {
    renumber.set(id, i + 1);
  });
  const nodes: GraphNode[] = [{ op: 'input', id: 0, inputs: [], path: 'input' }];
  for (const id of step.ids) {
    const n = graph.nodes[id];
    nodes.push({
      ...n,
      id: renumber.get(id) as number,
      inputs: n.inputs.map((i) => renumber.get(i) ?? 0),
    } as GraphNode);
  }
  return {
    dims: graph.dims,
    nodes,
    output: nodes.length - 1,
    placements: placeNodes(graph.dims, nodes, inputScale),
  };
}

/** A conv node (or projection shortcut) of a spec's graph as the spec layer it compiled from. */
export function specLayer(conv: ConvParams): Layer {
  return {
    type: 'layer',
    kernel: conv.kernel as Kernel,
    dilation: conv.dilation,
    stride: conv.stride,
    padding: conv.padding,
    ...(conv.smoothing ? { smoothing: conv.smoothing } : {}),
  };
}

/** A pool node of a spec's graph as the spec pool it compiled from. */
export function specPool(node: PoolNode): Pool {
  return {
    type: 'pool',
    pool: node.mode,
    size: node.size,
    stride: node.stride,
    padding: node.padding,
  };
}

/** How `mapSpec` replaces the leaves of a spec (each defaults to the leaf as it is). */
export interface SpecMap {
  layer?(conv: ConvNode, step: SpecStep): Layer;
  pool?(node: PoolNode, step: SpecStep): Pool;
  /** A residual's projection shortcut. */
  shortcut?(conv: ConvParams): Layer;
}

/**
 * The spec tree of a graph compiled from a spec (`foldSpec` from `root`), its stacks,
 * parallel sets and residual blocks as they are and its layers, pools and projection
 * shortcuts replaced by `map` (a spec transform: another network of the same shape).
 */
export function mapSpec(graph: Graph, map: SpecMap = {}, root = ''): NetworkNode {
  return foldSpec<NetworkNode>(
    graph,
    {
      layer: (n, step) => (map.layer ? map.layer(n, step) : specLayer(n)),
      pool: (n, step) => (map.pool ? map.pool(n, step) : specPool(n)),
      stack: (layers) => ({ type: 'stack', layers }),
      parallel: (merge, branches) => ({ type: 'parallel', merge, branches }),
      residual: (body, shortcut) => {
        const p = shortcut.projection;
        if (!p) return { type: 'residual', body };
        return { type: 'residual', body, shortcut: map.shortcut ? map.shortcut(p) : specLayer(p) };
      },
    },
    root,
  );
}
