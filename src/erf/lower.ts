import {
  type ConvParams,
  type Padding as LayerPadding,
  type Network,
  networkGraph,
  singleChannelWeights,
  walkGraph,
} from '../network/index.ts';
import type { Op, Padding, Program } from '../runtime/index.ts';

/** A layer's padding as a runtime op's (explicit amounts as top/bottom, left/right). */
function opPadding(p: LayerPadding, dims: 1 | 2): Padding {
  if (p === 'same') return { mode: 'same' };
  if (p === 'causal') return { mode: 'causal' };
  const amounts =
    p === 'valid'
      ? dims === 1
        ? [[0, 0]]
        : [
            [0, 0],
            [0, 0],
          ]
      : p;
  const [tb, lr] = dims === 1 ? [[0, 0], amounts[0]] : [amounts[0], amounts[1]];
  return { mode: 'explicit', top: tb[0], bottom: tb[1], left: lr[0], right: lr[1] };
}

/** A point-wise nonlinearity inserted after every convolution but a network's last. */
export type Activation = 'none' | 'relu' | 'sigmoid' | 'tanh';

/**
 * Lowers a spec network (single channel) to a runtime program, one walk over its graph
 * (`walkGraph`): each conv node a 1×1-channel convolution with its padding (same, causal,
 * valid or explicit), a 1-D network as one row; a projection shortcut likewise, an identity
 * shortcut its input; sum merges added (a concat merge is summed too: the gradient of the
 * channel sum is the sum of the branches' gradients), a residual as shortcut + body. With
 * `activation`, a nonlinearity follows every convolution except those that end the network
 * (whose output reaches the network's output through merges only: the last layer of the
 * output path, of every branch of a final parallel set, of a final residual body) and
 * projection shortcuts. A pool (max or avg) is the runtime's pool op with the layer's padding
 * and stride.
 */
export function lowerNetwork(network: Network, activation: Activation = 'none'): Program {
  const graph = networkGraph(network);
  const ops: Op[] = [];
  const push = (op: Op): number => {
    ops.push(op);
    return ops.length;
  };
  const two = network.dims === 2;
  const convOp = (node: ConvParams, input: number): number =>
    push({
      op: 'conv',
      input,
      weights: Float32Array.from(singleChannelWeights(node)),
      shape: [1, 1, two ? node.size[0] : 1, two ? node.size[1] : node.size[0]],
      dilation: two ? [node.dilation[0], node.dilation[1]] : [1, node.dilation[0]],
      stride: two ? [node.stride[0], node.stride[1]] : [1, node.stride[0]],
      padding: opPadding(node.padding, network.dims),
      groups: 1,
    });
  // `end[id]`: the node's output reaches the network's output through merges only (no
  // layer after it on its path): the output, and the inputs of a merge that ends.
  const end = graph.nodes.map((n) => n.id === graph.output);
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const n = graph.nodes[id];
    if (end[id] && (n.op === 'sum' || n.op === 'concat')) for (const i of n.inputs) end[i] = true;
  }
  // Smoothed dilation (docs/theory.md §14): no nonlinearity between an ssc pre-filter and its
  // layer, nor between a layer and its gi filter (the nonlinearity follows the filter).
  const beforeGi = new Set<number>();
  for (const n of graph.nodes)
    if (n.op === 'conv' && n.smoothing === 'gi') beforeGi.add(n.inputs[0]);
  return {
    inputChannels: 1,
    ops,
    output: walkGraph<number>(graph, {
      input: () => 0,
      conv: (node, x) => {
        const id = convOp(node, x);
        const linear =
          activation === 'none' ||
          end[node.id] ||
          node.smoothing === 'ssc' ||
          beforeGi.has(node.id);
        return linear ? id : push({ op: activation, input: id });
      },
      // A pool runs as the runtime's pool op, placed as the spec places it (its padding,
      // stride; max pads with −∞, avg divides by every tap, PyTorch's count_include_pad).
      pool: (node, x) =>
        push({
          op: 'pool',
          kind: node.mode,
          input: x,
          size: two ? [node.size[0], node.size[1]] : [1, node.size[0]],
          stride: two ? [node.stride[0], node.stride[1]] : [1, node.stride[0]],
          padding: opPadding(node.padding, network.dims),
          ...(node.ceilMode ? { ceil: true } : {}),
          ...(node.countIncludePad === false ? { countIncludePad: false } : {}),
        }),
      shortcut: (node, x) => (node.projection ? convOp(node.projection, x) : x),
      // A residual's sum adds [shortcut, body], a parallel set's its branches in order.
      sum: (node, xs) =>
        xs.length === 1
          ? xs[0]
          : push({
              op: 'add',
              inputs: graph.nodes[node.inputs[1]]?.op === 'shortcut' ? [xs[1], xs[0]] : [...xs],
            }),
    }),
  };
}
