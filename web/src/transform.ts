import type { Kernel } from '../../src/kernel/types.ts';
import {
  type ConvParams,
  type Network,
  networkToSpec,
  type Padding,
  paddingToSpec,
} from '../../src/network/index.ts';

/**
 * Network transforms for the plots that need the other dimension:
 * - `axisCutSpec`: a 2-D network's x-axis cut H(0, ωx) as a 1-D network (each layer's and
 *   projection shortcut's kernel replaced by its column sums, rates, strides and padding
 *   along x); exact, since the cut of a product, of a sum aligned by padding and of
 *   shortcut + body is the product, sum and shortcut + body of the cuts.
 * - `analogueSpec`: a 1-D network's 2-D analogue (each kernel w replaced by the outer
 *   product w wᵀ, rates, strides and padding on both axes), whose tap pattern is the outer product
 *   of the 1-D pattern: the picture of the same schedule on an image.
 */

const SEPARABLE = /^(box|binomial|gaussian):(\d+)(?:x(\d+))?(:.*)?$/;

/** A padding as a spec value on the other grid (`axes` picks or repeats the per-axis amounts). */
function paddingSpec(
  p: Padding,
  axes: (v: readonly (readonly [number, number])[]) => (readonly [number, number])[],
): unknown {
  return typeof p === 'string' ? p : paddingToSpec(axes(p));
}

function layerSpec(
  kernel: unknown,
  dilation: number | number[],
  stride: number | number[],
  padding: unknown,
) {
  const one = (v: number | number[]) => (Array.isArray(v) && v[0] === v[1] ? v[0] : v);
  const out: Record<string, unknown> = { kernel, dilation: one(dilation) };
  const s = one(stride);
  if (s !== 1) out.stride = s;
  if (padding !== 'same') out.padding = padding;
  return out;
}

/**
 * The spec of a network with every layer (and projection shortcut) replaced by `layer` and
 * every pool's sizes and strides read through `axes`, nesting as it is (`networkToSpec`
 * with these leaves: one fold over the network's graph).
 */
function mapNetwork(
  network: Network,
  layer: (conv: ConvParams) => unknown,
  axes: (v: readonly number[]) => number | number[],
  pads: (v: readonly (readonly [number, number])[]) => (readonly [number, number])[],
): unknown {
  return networkToSpec(network, {
    layer,
    pool: (n) => {
      const out: Record<string, unknown> = {
        pool: n.mode,
        size: axes(n.size),
        stride: axes(n.stride),
      };
      if (n.padding !== 'same') out.padding = paddingSpec(n.padding, pads);
      return out;
    },
  });
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
  const x = (v: readonly number[]) => v[v.length - 1];
  const xPads = (p: readonly (readonly [number, number])[]) => [p[p.length - 1]];
  return mapNetwork(
    network,
    (l) =>
      layerSpec(
        kernelCut(l.kernel as Kernel),
        x(l.dilation),
        x(l.stride),
        paddingSpec(l.padding, xPads),
      ),
    x,
    xPads,
  );
}

/** The 2-D analogue of a 1-D network as a 2-D network spec (see the module note). */
export function analogueSpec(network: Network): unknown {
  const both = (p: readonly (readonly [number, number])[]) => [p[0], p[0]];
  return mapNetwork(
    network,
    (l) =>
      layerSpec(
        kernelOuter(l.kernel as Kernel),
        l.dilation[0],
        l.stride[0],
        paddingSpec(l.padding, both),
      ),
    (v) => v[0],
    both,
  );
}
