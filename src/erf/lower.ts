import type { Padding as LayerPadding } from '../network/index.ts';
import type { Layer, Network, NetworkNode } from '../network/types.ts';
import type { Op, Padding, Program } from '../runtime/index.ts';
import { FieldError } from '../util/validate.ts';

/** A layer's padding as a runtime op's (explicit amounts as top/bottom, left/right). */
function opPadding(p: LayerPadding | undefined, dims: 1 | 2): Padding {
  if (p === undefined || p === 'same') return { mode: 'same' };
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
 * Lowers a spec network (single channel) to a runtime program: each layer a 1×1-channel
 * convolution with PyTorch "same" padding (before = ⌊d(k−1)/2⌋), a 1-D network as one row;
 * parallel branches summed (a concat merge is summed too: the gradient of the channel sum
 * is the sum of the branches' gradients); a residual adds its input. With `activation`, a
 * nonlinearity follows every convolution except those that end the network (the last layer
 * of the output path, of every branch of a final parallel set, of a final residual body).
 */
export function lowerNetwork(network: Network, activation: Activation = 'none'): Program {
  const ops: Op[] = [];
  const push = (op: Op): number => {
    ops.push(op);
    return ops.length;
  };
  const convOp = (node: Layer, input: number): number => {
    const k = node.kernel;
    const two = network.dims === 2;
    const kh = two ? k.shape[0] : 1;
    const kw = two ? k.shape[1] : k.shape[0];
    return push({
      op: 'conv',
      input,
      weights: Float32Array.from(k.weights),
      shape: [1, 1, kh, kw],
      dilation: two ? [node.dilation[0], node.dilation[1]] : [1, node.dilation[0]],
      stride: two ? [node.stride[0], node.stride[1]] : [1, node.stride[0]],
      padding: opPadding(node.padding, network.dims),
      groups: 1,
    });
  };
  // `end`: the node's output is the network's output, with no layer after it on its path.
  const walk = (node: NetworkNode, input: number, end: boolean): number => {
    switch (node.type) {
      case 'layer': {
        const id = convOp(node, input);
        if (activation === 'none' || end) return id;
        return push({ op: activation, input: id });
      }
      case 'pool':
        throw new FieldError(
          'network',
          'has a pooling layer; the ERF runtime does not run pooling',
        );
      case 'stack':
        return node.layers.reduce(
          (x, l, i) => walk(l, x, end && i === node.layers.length - 1),
          input,
        );
      case 'parallel': {
        const outs = node.branches.map((b) => walk(b, input, end));
        return outs.length === 1 ? outs[0] : push({ op: 'add', inputs: outs });
      }
      case 'residual': {
        const body = walk(node.body, input, end);
        const short = node.shortcut ? convOp(node.shortcut, input) : input;
        return push({ op: 'add', inputs: [short, body] });
      }
    }
  };
  const out = walk(network.root, 0, true);
  return { inputChannels: 1, ops, output: out };
}
