/**
 * The frequency responses a report draws, in the shapes the figure builders read
 * (`ResponseInput`, `Response2dInput`), computed by src/response. A 2-D network's 1-D
 * response is its x cut H(0, ωx), as in `analyze`: the response of the same network with
 * every 2-D kernel replaced by its column sums (rate dx, stride sx). The cut of a stack is
 * the product of its layers' cuts and that of a parallel sum the sum of theirs, so this is
 * exact.
 */
import type { Response2dInput, ResponseInput } from '../figures/index.ts';
import type { Kernel } from '../kernel/types.ts';
import type { Network, NetworkNode } from '../network/index.ts';
import { response, response2d } from '../response/index.ts';

/** A 2-D node with every kernel replaced by its column sums, along x (rate dx, stride sx). */
export function xCutNode(node: NetworkNode): NetworkNode {
  switch (node.type) {
    case 'layer': {
      const k = node.kernel;
      if (k.shape.length === 1) return node;
      const [R, C] = k.shape;
      const weights = new Float64Array(C);
      for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) weights[j] += k.weights[i * C + j];
      const kernel: Kernel = { shape: [C], weights, spec: `${k.spec}|x-cut` };
      return {
        type: 'layer',
        kernel,
        dilation: [node.dilation[node.dilation.length - 1]],
        stride: [node.stride[node.stride.length - 1]],
      };
    }
    case 'pool': {
      if (node.size.length === 1) return node;
      const last = (v: readonly number[]) => [v[v.length - 1]];
      return { type: 'pool', pool: node.pool, size: last(node.size), stride: last(node.stride) };
    }
    case 'stack':
      return { type: 'stack', layers: node.layers.map(xCutNode) };
    case 'parallel':
      return { type: 'parallel', merge: node.merge, branches: node.branches.map(xCutNode) };
    case 'residual':
      return { type: 'residual', body: xCutNode(node.body) };
  }
}

/** The 1-D network of a 2-D network's x cut (a 1-D network is returned as is). */
export function xCutNetwork(network: Network): Network {
  if (network.dims === 1) return network;
  return { dims: 1, root: xCutNode(network.root), name: network.name };
}

/**
 * The 1-D response of a network and of each member (layer of the top-level stack or
 * branch of the top-level parallel set) on `n` points from 0 to π inclusive (rad/sample;
 * `response` with includeNyquist). For a concat merge `magnitude` is max_b |H_b|.
 */
export function networkResponse(network: Network, n: number): ResponseInput {
  const r = response(xCutNetwork(network), { n, includeNyquist: true });
  return {
    w: r.w,
    magnitude: r.magnitude,
    members: r.members.map((m) => ({ magnitude: m.magnitude, label: m.label })),
    envelope: r.envelope ?? null,
  };
}

/** The 2-D response |H(ωy, ωx)| on an N×N grid over [−π, π)² (`response2d`). */
export function networkResponse2d(network: Network, n: number): Response2dInput {
  const r = response2d(network, { n });
  return { wy: r.wy, wx: r.wx, magnitude: r.magnitude };
}

/**
 * The phase panels and the impulse and step responses of a network (its x cut for 2-D) on
 * `n` points from 0 to π inclusive: `response` with its panels (src/response/phase.ts).
 */
export function networkPanels(network: Network, n: number) {
  const r = response(xCutNetwork(network), { n, includeNyquist: true, members: false });
  return {
    w: r.w,
    phase: r.phase,
    phaseUnwrapped: r.phaseUnwrapped,
    groupDelay: r.groupDelay,
    phaseDelay: r.phaseDelay,
    zeroPhase: r.zeroPhase,
    impulse: r.impulse,
    step: r.step,
  };
}
