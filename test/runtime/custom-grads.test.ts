/**
 * The runtime's custom gradients other than the convolution's (conv-cases.ts): the max pool's
 * (a JavaScript loop over the windows) against a direct loop written here from PyTorch's
 * definition (each window passes its gradient to the first of its largest inputs), and the
 * fused residual sum + ReLU against tfjs's own Add and Relu gradients (the same program with
 * an identity scale between the sum and the ReLU, which keeps them apart).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/kernel/index.ts';
import {
  initRuntime,
  type Op,
  outputSumGradient,
  type PoolOp,
  type Program,
  squaredInputGradient,
} from '../../src/runtime/index.ts';

interface PoolCase {
  name: string;
  C: number;
  H: number;
  W: number;
  size: [number, number];
  stride: [number, number];
  pads: [number, number, number, number];
  dilation?: [number, number];
  ceil?: boolean;
}

const pools: PoolCase[] = [
  {
    name: '3×3, s 2, pad 1 (the ResNet stem)',
    C: 3,
    H: 11,
    W: 10,
    size: [3, 3],
    stride: [2, 2],
    pads: [1, 1, 1, 1],
  },
  { name: '2×2, s 2, no pad', C: 2, H: 8, W: 9, size: [2, 2], stride: [2, 2], pads: [0, 0, 0, 0] },
  {
    name: '3×2, s 1, uneven pads',
    C: 2,
    H: 7,
    W: 8,
    size: [3, 2],
    stride: [1, 1],
    pads: [2, 0, 1, 1],
  },
  {
    name: '3×3, s 2, ceil mode',
    C: 2,
    H: 10,
    W: 10,
    size: [3, 3],
    stride: [2, 2],
    pads: [0, 0, 0, 0],
    ceil: true,
  },
  {
    name: '2×2 dilated 2, s 1',
    C: 2,
    H: 9,
    W: 8,
    size: [2, 2],
    stride: [1, 1],
    pads: [1, 1, 1, 1],
    dilation: [2, 2],
  },
];

function poolOp(c: PoolCase): PoolOp {
  return {
    op: 'pool',
    kind: 'max',
    input: 0,
    size: c.size,
    stride: c.stride,
    padding: {
      mode: 'explicit',
      top: c.pads[0],
      bottom: c.pads[1],
      left: c.pads[2],
      right: c.pads[3],
    },
    ...(c.ceil ? { ceil: true } : {}),
    ...(c.dilation ? { dilation: c.dilation } : {}),
  };
}

/** Output length of one axis, PyTorch's rule (ceil mode: a last window that starts inside). */
function outLength(n: number, before: number, after: number, k: number, s: number, ceil: boolean) {
  const span = n + before + after - k;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= n + before) out--;
  return out;
}

/**
 * For every window (p, q) and channel c: the input sample [c, r, col] that is the first of the
 * window's largest inputs in row-major tap order, padding left out.
 */
function argmaxes(c: PoolCase, x: Float32Array) {
  const [dh, dw] = c.dilation ?? [1, 1];
  const Kh = dh * (c.size[0] - 1) + 1;
  const Kw = dw * (c.size[1] - 1) + 1;
  const Ho = outLength(c.H, c.pads[0], c.pads[1], Kh, c.stride[0], c.ceil === true);
  const Wo = outLength(c.W, c.pads[2], c.pads[3], Kw, c.stride[1], c.ceil === true);
  const arg = (ch: number, p: number, q: number) => {
    let best = Number.NEGATIVE_INFINITY;
    let at = -1;
    for (let a = 0; a < c.size[0]; a++)
      for (let b = 0; b < c.size[1]; b++) {
        const r = c.stride[0] * p - c.pads[0] + dh * a;
        const col = c.stride[1] * q - c.pads[2] + dw * b;
        if (r < 0 || r >= c.H || col < 0 || col >= c.W) continue;
        const v = x[(ch * c.H + r) * c.W + col];
        if (v > best) {
          best = v;
          at = r * c.W + col;
        }
      }
    return at;
  };
  return { Ho, Wo, arg };
}

function input(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => rand() * 2 - 1);
}

describe('the runtime max pool gradient (wasm)', () => {
  beforeAll(() => initRuntime({ backend: 'wasm' }));

  it.each(pools)('sends each window’s gradient to its first largest input: $name', async (c) => {
    const x = input(c.C * c.H * c.W, c.H * 31 + c.W);
    const program: Program = { inputChannels: c.C, ops: [poolOp(c)] };
    const batch = { count: 1, shape: [c.C, c.H, c.W] as [number, number, number], values: x };
    const { Ho, Wo, arg } = argmaxes(c, x);
    // The sum of every output: each input sample counts the windows (over all channels) it wins.
    const want = new Float64Array(c.H * c.W);
    for (let ch = 0; ch < c.C; ch++)
      for (let p = 0; p < Ho; p++)
        for (let q = 0; q < Wo; q++) {
          const u = arg(ch, p, q);
          if (u >= 0) want[u] += 1;
        }
    const got = await outputSumGradient(program, batch);
    expect(Math.max(...want)).toBeGreaterThan(1);
    expect(Array.from(got)).toEqual(Array.from(want));
    // One output position: the squared gradient summed over channels counts the channels won.
    const [p, q] = [Math.floor((Ho - 1) / 2), Math.floor((Wo - 1) / 2)];
    const one = new Float64Array(c.H * c.W);
    for (let ch = 0; ch < c.C; ch++) one[arg(ch, p, q)] += 1;
    const g = await squaredInputGradient(program, batch, { position: [p, q] });
    expect(Array.from(g)).toEqual(Array.from(one).map((v) => v * v));
  });

  it('breaks ties as PyTorch does: the first of equal largest inputs in the window', async () => {
    // A constant map: every window's maximum is tied; the first tap inside the map wins.
    const c = pools[0];
    const x = new Float32Array(c.C * c.H * c.W).fill(0.5);
    const program: Program = { inputChannels: c.C, ops: [poolOp(c)] };
    const got = await outputSumGradient(program, {
      count: 1,
      shape: [c.C, c.H, c.W],
      values: x,
    });
    const { Ho, Wo, arg } = argmaxes(c, x);
    const want = new Float64Array(c.H * c.W);
    for (let ch = 0; ch < c.C; ch++)
      for (let p = 0; p < Ho; p++) for (let q = 0; q < Wo; q++) want[arg(ch, p, q)] += 1;
    expect(want[0]).toBe(c.C);
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});

describe('the fused residual sum + ReLU (wasm)', () => {
  beforeAll(() => initRuntime({ backend: 'wasm' }));

  const conv = (input: number, seed: number, cIn: number, cOut: number): Op => {
    const rand = mulberry32(seed);
    return {
      op: 'conv',
      input,
      weights: Float32Array.from({ length: cOut * cIn * 9 }, () => rand() - 0.5),
      shape: [cOut, cIn, 3, 3],
      bias: Float32Array.from({ length: cOut }, () => rand() - 0.5),
      dilation: [2, 2],
      stride: [1, 1],
      padding: { mode: 'explicit', top: 2, bottom: 2, left: 2, right: 2 },
      groups: 1,
    };
  };
  /** conv → conv → (+ the first conv's output) → ReLU, twice: two residual blocks. */
  const blocks = (apart: boolean): Program => {
    const ops: Op[] = [];
    const push = (op: Op) => ops.push(op);
    push(conv(0, 1, 2, 3)); // 1
    push(conv(1, 2, 3, 3)); // 2
    push({ op: 'add', inputs: [2, 1] }); // 3
    if (apart) push({ op: 'scale', input: ops.length, scale: Float32Array.from([1, 1, 1]) });
    push({ op: 'relu', input: ops.length });
    const r = ops.length;
    push(conv(r, 3, 3, 3));
    push({ op: 'add', inputs: [ops.length, r, r] });
    if (apart) push({ op: 'scale', input: ops.length, scale: Float32Array.from([1, 1, 1]) });
    push({ op: 'relu', input: ops.length });
    return { inputChannels: 2, ops };
  };

  it('has the gradient of tfjs’s own Add and Relu to 1e-5 relative', async () => {
    const [H, W] = [12, 11];
    const values = input(2 * 3 * H * W, 7);
    const batch = { count: 3, shape: [2, H, W] as [number, number, number], values };
    const target = { position: [5, 6] as [number, number] };
    const fused = await squaredInputGradient(blocks(false), batch, target);
    const apart = await squaredInputGradient(blocks(true), batch, target);
    let peak = 0;
    for (const v of apart) peak = Math.max(peak, v);
    expect(peak).toBeGreaterThan(0);
    // Some inputs pass no gradient (the ReLUs cut them), others do.
    expect(apart.some((v) => v === 0)).toBe(true);
    for (let u = 0; u < fused.length; u++)
      expect(Math.abs(fused[u] - apart[u])).toBeLessThanOrEqual(1e-5 * peak);
  });
});
