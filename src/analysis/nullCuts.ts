import type { Layer, NetworkNode } from '../network/types.ts';
import { gcd } from '../util/validate.ts';
import { axisCut, compositeKernel, totalStride } from './composite.ts';

/**
 * The 1-D kernels and responses that nulls and deaf bands are computed on.
 *
 * A 1-D network is used as it is. For a 2-D network the analysis runs on one axis cut:
 * axis 'x' is H(0, ωx), the DTFT of the column sums of the 2-D kernel; axis 'y' is
 * H(ωy, 0), of the row sums. The cut of a stack is the product of its layers' cuts, of a
 * parallel sum the sum, so the cut is exact.
 */

/** A 1-D kernel `coef` whose taps are `step` samples apart: H(ω) = Σ coef_n e^{−iω·step·n}. */
export interface CutKernel {
  coef: Float64Array;
  step: number;
}

/**
 * The magnitude response of a node along the cut: a kernel, the product of its layers'
 * responses (stack), or the envelope max_b |H_b| of concatenated branches.
 */
export type CutResponse =
  | { kind: 'kernel'; kernel: CutKernel }
  | { kind: 'product'; parts: CutResponse[] }
  | { kind: 'envelope'; parts: CutResponse[] };

/** Index of the analysed axis in per-axis arrays ([d] for 1-D, [dy, dx] for 2-D). */
export function axisIndex(dims: 1 | 2, axis: 'x' | 'y'): number {
  return dims === 1 ? 0 : axis === 'x' ? 1 : 0;
}

/**
 * Trims zero taps at both ends (a shift only changes the phase) and takes out the common
 * spacing g of the remaining taps: returns the kernel on its own lattice and step g.
 * An all-zero kernel comes back as `{coef: [], step: 1}`.
 */
export function compressKernel(weights: ArrayLike<number>, step = 1): CutKernel {
  let first = -1;
  let last = -1;
  let g = 0;
  for (let n = 0; n < weights.length; n++) {
    if (weights[n] !== 0) {
      if (first < 0) first = n;
      else g = gcd(g, n - first);
      last = n;
    }
  }
  if (first < 0) return { coef: new Float64Array(0), step: 1 };
  if (g === 0) g = 1;
  const coef = new Float64Array((last - first) / g + 1);
  for (let i = 0; i < coef.length; i++) coef[i] = weights[first + i * g];
  return { coef, step: step * g };
}

/**
 * The cut kernel of one layer read after total stride `scale`: its base kernel's cut (column
 * or row sums) with taps d·scale apart along the axis.
 */
export function layerCut(
  layer: Layer,
  dims: 1 | 2,
  axis: 'x' | 'y',
  scale: readonly number[],
): CutKernel {
  const i = axisIndex(dims, axis);
  const coef = axisCut({ shape: [...layer.kernel.shape], weights: layer.kernel.weights }, axis);
  return { coef, step: layer.dilation[i] * scale[i] };
}

/** The exact composite cut kernel of any node (compositeKernel, then the axis cut), compressed. */
export function nodeCut(
  node: NetworkNode,
  dims: 1 | 2,
  axis: 'x' | 'y',
  scale: readonly number[],
): CutKernel {
  if (node.type === 'layer') {
    const c = layerCut(node, dims, axis, scale);
    return compressKernel(c.coef, c.step);
  }
  return compressKernel(axisCut(compositeKernel(node, dims, false, scale), axis));
}

/** The total strides before each child of a stack: scale·Π_{i<l} s_i. */
export function stackScales(
  layers: readonly NetworkNode[],
  dims: 1 | 2,
  scale: readonly number[],
): number[][] {
  const out: number[][] = [];
  let s = [...scale];
  for (const l of layers) {
    out.push(s);
    const ts = totalStride(l, dims);
    s = s.map((v, i) => v * ts[i]);
  }
  return out;
}

/** The unit scale (no stride before the node) for `dims` axes. */
export function unitScale(dims: 1 | 2): number[] {
  return dims === 1 ? [1] : [1, 1];
}

/**
 * The cut response of a node: a layer is its dilated cut kernel; a stack the product of its
 * children; a concatenating parallel node the envelope of its branches; a summing parallel
 * node or a residual block the composite cut kernel (centre-aligned sum; 1 + H_body).
 */
export function cutResponse(
  node: NetworkNode,
  dims: 1 | 2,
  axis: 'x' | 'y',
  scale: readonly number[],
): CutResponse {
  switch (node.type) {
    case 'layer':
      return { kind: 'kernel', kernel: layerCut(node, dims, axis, scale) };
    case 'stack': {
      const scales = stackScales(node.layers, dims, scale);
      return {
        kind: 'product',
        parts: node.layers.map((l, i) => cutResponse(l, dims, axis, scales[i])),
      };
    }
    case 'parallel':
      if (node.merge === 'concat') {
        return {
          kind: 'envelope',
          parts: node.branches.map((b) => cutResponse(b, dims, axis, scale)),
        };
      }
      return { kind: 'kernel', kernel: nodeCut(node, dims, axis, scale) };
    case 'pool':
    case 'residual':
      return { kind: 'kernel', kernel: nodeCut(node, dims, axis, scale) };
  }
}

/** |H(ω)| of a kernel with taps `step` apart, by Horner's rule in e^{−iω·step}. */
export function kernelMagnitude(kernel: CutKernel, w: number): number {
  const a = kernel.coef;
  if (a.length === 0) return 0;
  const x = w * kernel.step;
  const zr = Math.cos(x);
  const zi = -Math.sin(x);
  let re = a[a.length - 1];
  let im = 0;
  for (let n = a.length - 2; n >= 0; n--) {
    const r = re * zr - im * zi + a[n];
    im = re * zi + im * zr;
    re = r;
  }
  return Math.sqrt(re * re + im * im);
}

/** |H(ω)| of a cut response (rad/sample). */
export function responseMagnitude(r: CutResponse, w: number): number {
  switch (r.kind) {
    case 'kernel':
      return kernelMagnitude(r.kernel, w);
    case 'product': {
      let p = 1;
      for (const part of r.parts) p *= responseMagnitude(part, w);
      return p;
    }
    case 'envelope': {
      let m = 0;
      for (const part of r.parts) m = Math.max(m, responseMagnitude(part, w));
      return m;
    }
  }
}

/**
 * |H(j·h)| for j = 0..M of a cut response, as `responseMagnitude` at each point but with the
 * phasors e^{−i·step·j·h} advanced by rotation (re-synchronised with cos/sin every 32
 * samples, so the values agree with direct evaluation to about 1e-13 relative).
 */
export function responseOnGrid(r: CutResponse, M: number, h: number): Float64Array {
  switch (r.kind) {
    case 'kernel':
      return kernelOnGrid(r.kernel, M, h);
    case 'product': {
      const out = new Float64Array(M + 1).fill(1);
      for (const part of r.parts) {
        const v = responseOnGrid(part, M, h);
        for (let j = 0; j <= M; j++) out[j] *= v[j];
      }
      return out;
    }
    case 'envelope': {
      const out = new Float64Array(M + 1);
      for (const part of r.parts) {
        const v = responseOnGrid(part, M, h);
        for (let j = 0; j <= M; j++) if (v[j] > out[j]) out[j] = v[j];
      }
      return out;
    }
  }
}

function kernelOnGrid(kernel: CutKernel, M: number, h: number): Float64Array {
  const out = new Float64Array(M + 1);
  const a = kernel.coef;
  if (a.length === 0) return out;
  const x = kernel.step * h;
  const cr = Math.cos(x);
  const ci = -Math.sin(x);
  let zr = 1;
  let zi = 0;
  for (let j = 0; j <= M; j++) {
    if ((j & 31) === 0) {
      zr = Math.cos(x * j);
      zi = -Math.sin(x * j);
    }
    let re = a[a.length - 1];
    let im = 0;
    for (let n = a.length - 2; n >= 0; n--) {
      const t = re * zr - im * zi + a[n];
      im = re * zi + im * zr;
      re = t;
    }
    out[j] = Math.sqrt(re * re + im * im);
    const t = zr * cr - zi * ci;
    zi = zr * ci + zi * cr;
    zr = t;
  }
  return out;
}

/** The degree of a cut response as a trigonometric polynomial (its span in samples). */
export function responseDegree(r: CutResponse): number {
  switch (r.kind) {
    case 'kernel':
      return Math.max(0, r.kernel.coef.length - 1) * r.kernel.step;
    case 'product':
      return r.parts.reduce((s, p) => s + responseDegree(p), 0);
    case 'envelope':
      return r.parts.reduce((s, p) => Math.max(s, responseDegree(p)), 0);
  }
}
