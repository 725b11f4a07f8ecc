import type { Kernel } from '../../src/kernel/types.ts';
import type { Network, NetworkNode } from '../../src/network/types.ts';

/**
 * Network transforms for the plots that need the other dimension:
 * - `axisCutSpec`: a 2-D network's x-axis cut H(0, ωx) as a 1-D network (each layer's
 *   kernel replaced by its column sums, rates and strides along x); exact, since the cut of
 *   a product, of a centre-aligned sum and of 1 + body is the product, sum and 1 + of cuts.
 * - `analogueSpec`: a 1-D network's 2-D analogue (each kernel w replaced by the outer
 *   product w wᵀ, rates and strides on both axes), whose tap pattern is the outer product
 *   of the 1-D pattern: the picture of the same schedule on an image.
 */

const SEPARABLE = /^(box|binomial|gaussian):(\d+)(?:x(\d+))?(:.*)?$/;

function layerSpec(kernel: unknown, dilation: number | number[], stride: number | number[]) {
  const one = (v: number | number[]) => (Array.isArray(v) && v[0] === v[1] ? v[0] : v);
  const out: Record<string, unknown> = { kernel, dilation: one(dilation) };
  const s = one(stride);
  if (s !== 1) out.stride = s;
  return out;
}

function mapNode(
  node: NetworkNode,
  layer: (n: Extract<NetworkNode, { type: 'layer' }>) => unknown,
  axes: (v: readonly number[]) => number | number[],
): unknown {
  switch (node.type) {
    case 'layer':
      return layer(node);
    case 'pool':
      return { pool: node.pool, size: axes(node.size), stride: axes(node.stride) };
    case 'stack':
      return { type: 'stack', layers: node.layers.map((l) => mapNode(l, layer, axes)) };
    case 'parallel':
      return {
        type: 'parallel',
        merge: node.merge,
        branches: node.branches.map((b) => mapNode(b, layer, axes)),
      };
    case 'residual':
      return { type: 'residual', body: mapNode(node.body, layer, axes) };
  }
}

/** Column sums of a 2-D kernel (a 1-D kernel as is); separable presets keep their name. */
export function kernelCut(k: Kernel): unknown {
  if (k.shape.length === 1) return Array.from(k.weights);
  const m = SEPARABLE.exec(k.spec);
  if (m) return `${m[1]}:${m[3] ?? m[2]}${m[4] ?? ''}`;
  const [R, C] = k.shape;
  const out = new Array<number>(C).fill(0);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) out[j] += k.weights[i * C + j];
  return out;
}

/** The outer product w wᵀ of a 1-D kernel as rows; separable presets become KxK presets. */
export function kernelOuter(k: Kernel): unknown {
  const m = SEPARABLE.exec(k.spec);
  if (m && m[3] === undefined) return `${m[1]}:${m[2]}x${m[2]}${m[4] ?? ''}`;
  const w = Array.from(k.weights);
  return w.map((a) => w.map((b) => a * b));
}

/** The x-axis cut of a 2-D network as a 1-D network spec (see the module note). */
export function axisCutSpec(network: Network): unknown {
  return mapNode(
    network.root,
    (l) =>
      layerSpec(
        kernelCut(l.kernel),
        l.dilation[l.dilation.length - 1],
        l.stride[l.stride.length - 1],
      ),
    (v) => v[v.length - 1],
  );
}

/** The 2-D analogue of a 1-D network as a 2-D network spec (see the module note). */
export function analogueSpec(network: Network): unknown {
  return mapNode(
    network.root,
    (l) => layerSpec(kernelOuter(l.kernel), l.dilation[0], l.stride[0]),
    (v) => v[0],
  );
}
