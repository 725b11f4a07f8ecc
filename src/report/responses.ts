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
import {
  type ConvParams,
  type Layer,
  mapSpec,
  type Network,
  type NetworkNode,
  networkGraph,
  type Padding,
} from '../network/index.ts';
import { response, response2d } from '../response/index.ts';

/** The x axis (the last) of a per-axis list. */
const lastAxis = (v: readonly number[]) => [v[v.length - 1]];

/** A padding read along x: a name as it is, explicit amounts the [left, right] pair. */
function xPadding(p: Padding): Padding {
  return typeof p === 'string' ? p : [p[p.length - 1]];
}

/** A conv layer (or projection) with its kernel replaced by its column sums, along x. */
function xCutLayer(conv: ConvParams): Layer {
  const k = conv.kernel as Kernel;
  let kernel = k;
  if (k.shape.length === 2) {
    const [R, C] = k.shape;
    const weights = new Float64Array(C);
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) weights[j] += k.weights[i * C + j];
    kernel = { shape: [C], weights, spec: `${k.spec}|x-cut` };
  }
  return {
    type: 'layer',
    kernel,
    dilation: lastAxis(conv.dilation),
    stride: lastAxis(conv.stride),
    padding: xPadding(conv.padding),
  };
}

/**
 * A 2-D network as the 1-D network of its x cut: every kernel replaced by its column sums,
 * with the rate, stride and padding along x (so branches and shortcuts land where they do
 * on the x axis), projection shortcuts likewise (`mapSpec` over its graph).
 */
function xCutNode(network: Network): NetworkNode {
  return mapSpec(networkGraph(network), {
    layer: xCutLayer,
    pool: (n) => ({
      type: 'pool',
      pool: n.mode,
      size: lastAxis(n.size),
      stride: lastAxis(n.stride),
      padding: xPadding(n.padding),
    }),
    shortcut: xCutLayer,
  });
}

/** The 1-D network of a 2-D network's x cut (a 1-D network is returned as is). */
export function xCutNetwork(network: Network): Network {
  if (network.dims === 1) return network;
  return { dims: 1, root: xCutNode(network), name: network.name };
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
