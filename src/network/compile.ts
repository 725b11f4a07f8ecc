import { FieldError } from '../util/validate.ts';
import { type ConvParams, type Graph, type GraphNode, type Placement, placeNode } from './graph.ts';
import { type Padding, paddingAmounts } from './padding.ts';
import type { Layer, Network, NetworkNode } from './types.ts';

/** Options of `compileNode`. */
export interface CompileOptions {
  /**
   * Scale of the input the node reads (default 1 per axis): a member of a stack compiled on
   * its own after strided layers has its taps d·inputScale apart.
   */
  readonly inputScale?: readonly number[];
  /** Field path of the node in its spec (error messages and node paths; default ''). */
  readonly path?: string;
}

function convParams(layer: Layer): ConvParams {
  const padding: Padding = layer.padding ?? 'same';
  const size = layer.kernel.shape;
  return {
    weights: { shape: [1, 1, ...size], data: layer.kernel.weights },
    groups: 1,
    kernel: layer.kernel,
    size,
    dilation: layer.dilation,
    stride: layer.stride,
    padding,
    pad: paddingAmounts(padding, size, layer.dilation),
    ...(layer.smoothing ? { smoothing: layer.smoothing } : {}),
  };
}

/** A node before it has an id (distributes over the union). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const joinPath = (path: string, field: string) => (path ? `${path}.${field}` : field);
const scaleText = (p: Placement) => p.scale.join('×');

/**
 * Compiles a spec tree into the network graph: a layer is a conv node; a stack chains its
 * members; a parallel set feeds its input to every branch and merges them (`sum` or
 * `concat`); a residual feeds its input to the body and to a shortcut (the identity, or its
 * `shortcut` layer) and sums them. Placements are computed as nodes are added.
 *
 * Throws a FieldError naming the block when a residual's body changes the scale and there
 * is no shortcut (or the shortcut's scale differs from the body's), and when the branches of
 * a parallel set end at different scales.
 */
export function compileNode(node: NetworkNode, dims: 1 | 2, options: CompileOptions = {}): Graph {
  const nodes: GraphNode[] = [];
  const placed: Placement[] = [];
  const add = (n: WithoutId<GraphNode>): number => {
    const id = nodes.length;
    const full = { ...n, id } as GraphNode;
    nodes.push(full);
    placed.push(placeNode(full, placed, dims, options.inputScale));
    return id;
  };
  const input = add({ op: 'input', inputs: [], path: 'input' });

  const build = (n: NetworkNode, from: number, path: string): number => {
    switch (n.type) {
      case 'layer':
        return add({ op: 'conv', inputs: [from], path, ...convParams(n) });
      case 'pool': {
        const padding: Padding = n.padding ?? 'same';
        const dilation = n.size.map(() => 1);
        return add({
          op: 'pool',
          inputs: [from],
          path,
          mode: n.pool,
          size: n.size,
          dilation,
          stride: n.stride,
          padding,
          pad: paddingAmounts(padding, n.size, dilation),
        });
      }
      case 'stack': {
        let at = from;
        n.layers.forEach((l, i) => {
          at = build(l, at, joinPath(path, `layers[${i}]`));
        });
        return at;
      }
      case 'parallel': {
        const ends = n.branches.map((b, i) => build(b, from, joinPath(path, `branches[${i}]`)));
        const first = placed[ends[0]];
        ends.forEach((e, i) => {
          if (placed[e].scale.some((s, a) => s !== first.scale[a])) {
            throw new FieldError(
              joinPath(path, `branches[${i}]`),
              `must have the same total stride as branches[0] (${scaleText(first)}), got ${scaleText(placed[e])}`,
            );
          }
        });
        return add({ op: n.merge, inputs: ends, path });
      }
      case 'residual': {
        const body = build(n.body, from, joinPath(path, 'body'));
        const shortcut = add({
          op: 'shortcut',
          inputs: [from],
          path: joinPath(path, 'shortcut'),
          projection: n.shortcut ? convParams(n.shortcut) : null,
        });
        const b = placed[body];
        const s = placed[shortcut];
        if (b.scale.some((v, a) => v !== s.scale[a])) {
          const here = path || 'network';
          throw new FieldError(
            n.shortcut ? joinPath(path, 'shortcut') : here,
            n.shortcut
              ? `has scale ${scaleText(s)} but the residual body has scale ${scaleText(b)}; give the shortcut the body's total stride`
              : `is a residual block whose body changes the scale from ${scaleText(placed[from])} to ${scaleText(b)} (stride ${b.scale.map((v, a) => v / placed[from].scale[a]).join('×')}) without a shortcut; add a "shortcut" layer with that stride (e.g. a 1×1 convolution)`,
          );
        }
        return add({ op: 'sum', inputs: [body, shortcut], path });
      }
    }
  };
  const output = build(node, input, options.path ?? '');
  return { dims, nodes, output, placements: placed };
}

const graphs = new WeakMap<Network, Graph>();

/**
 * The graph of a network, compiled once per network object (`compileNode` of its root) and
 * cached: every analysis of the same network shares one graph and its placements.
 */
export function networkGraph(network: Network): Graph {
  let g = graphs.get(network);
  if (!g) {
    g = compileNode(network.root, network.dims);
    graphs.set(network, g);
  }
  return g;
}
