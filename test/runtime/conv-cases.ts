/**
 * The runtime's convolution (one kernel call with stride, dilation and explicit pads, and its
 * custom input gradient) against direct loops written here from PyTorch's definition:
 * y[co, p, q] = b[co] + Σ_{ci in co's group} Σ_{a,b} w[co, ci', a, b]·x[ci, s·p − top + d·a, s·q − left + d·b]
 * (zeros outside the input). The gradient of y at one output position summed over channels is
 * the sum of the weights that reach each input sample.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/kernel/index.ts';
import {
  type ConvOp,
  forward,
  initRuntime,
  type Program,
  type RuntimeBackend,
  runtimeBackend,
  squaredInputGradient,
} from '../../src/runtime/index.ts';

interface Case {
  name: string;
  cIn: number;
  cOut: number;
  groups: number;
  k: [number, number];
  d: [number, number];
  s: [number, number];
  pads: [number, number, number, number];
  H: number;
  W: number;
  /** A ReLU after the conv (fused into it by the runtime). */
  relu?: boolean;
}

const cases: Case[] = [
  {
    name: 'dense 3×3, d 2, s 1',
    cIn: 3,
    cOut: 4,
    groups: 1,
    k: [3, 3],
    d: [2, 2],
    s: [1, 1],
    pads: [2, 2, 2, 2],
    H: 11,
    W: 12,
  },
  {
    name: 'dense 3×3, d 2 and s 2 together',
    cIn: 2,
    cOut: 3,
    groups: 1,
    k: [3, 3],
    d: [2, 2],
    s: [2, 2],
    pads: [2, 2, 2, 2],
    H: 13,
    W: 10,
  },
  {
    name: 'grouped (2 groups) 3×3, d 3, s 2',
    cIn: 4,
    cOut: 6,
    groups: 2,
    k: [3, 3],
    d: [3, 3],
    s: [2, 2],
    pads: [3, 1, 2, 3],
    H: 14,
    W: 13,
  },
  {
    name: 'depthwise 3×3, d 2, s 1',
    cIn: 3,
    cOut: 3,
    groups: 3,
    k: [3, 3],
    d: [2, 2],
    s: [1, 1],
    pads: [2, 2, 2, 2],
    H: 10,
    W: 11,
  },
  {
    name: 'depthwise 3×3, d 1, s 2, odd size',
    cIn: 2,
    cOut: 2,
    groups: 2,
    k: [3, 3],
    d: [1, 1],
    s: [2, 2],
    pads: [1, 1, 1, 1],
    H: 9,
    W: 9,
  },
  {
    name: '1×1, s 2, no pad',
    cIn: 3,
    cOut: 2,
    groups: 1,
    k: [1, 1],
    d: [1, 1],
    s: [2, 2],
    pads: [0, 0, 0, 0],
    H: 9,
    W: 8,
  },
  {
    name: '1×1 with pads wider than the kernel',
    cIn: 2,
    cOut: 2,
    groups: 1,
    k: [1, 1],
    d: [1, 1],
    s: [1, 1],
    pads: [2, 1, 0, 3],
    H: 7,
    W: 6,
  },
  {
    name: '2×3, d 1×2, s 2×1, asymmetric pads',
    cIn: 2,
    cOut: 3,
    groups: 1,
    k: [2, 3],
    d: [1, 2],
    s: [2, 1],
    pads: [0, 1, 3, 0],
    H: 10,
    W: 9,
  },
  {
    name: '7×7, s 2, pad 3 (a ResNet stem)',
    cIn: 3,
    cOut: 4,
    groups: 1,
    k: [7, 7],
    d: [1, 1],
    s: [2, 2],
    pads: [3, 3, 3, 3],
    H: 17,
    W: 16,
  },
  {
    name: '3×3, s 2, pad 1 (sub-pixel gradient), then ReLU',
    cIn: 3,
    cOut: 5,
    groups: 1,
    k: [3, 3],
    d: [1, 1],
    s: [2, 2],
    pads: [1, 1, 1, 1],
    H: 12,
    W: 11,
    relu: true,
  },
  {
    name: '3×3, s 2, pad 1, 16 channels in (one filter per phase), then ReLU',
    cIn: 16,
    cOut: 3,
    groups: 1,
    k: [3, 3],
    d: [1, 1],
    s: [2, 2],
    pads: [1, 1, 1, 1],
    H: 11,
    W: 10,
    relu: true,
  },
  {
    name: '5×4, s 3, uneven pads, 16 channels in (one filter per phase)',
    cIn: 16,
    cOut: 2,
    groups: 1,
    k: [5, 4],
    d: [1, 1],
    s: [3, 3],
    pads: [2, 1, 0, 3],
    H: 13,
    W: 11,
  },
  {
    name: '3×3, s 3, no pad (kernel as wide as the stride)',
    cIn: 2,
    cOut: 3,
    groups: 1,
    k: [3, 3],
    d: [1, 1],
    s: [3, 3],
    pads: [0, 0, 0, 0],
    H: 13,
    W: 12,
  },
  {
    name: '5×4, s 2, uneven pads, then ReLU',
    cIn: 2,
    cOut: 2,
    groups: 1,
    k: [5, 4],
    d: [1, 1],
    s: [2, 2],
    pads: [2, 0, 1, 2],
    H: 11,
    W: 12,
    relu: true,
  },
  {
    name: 'dense 3×3, d 2, then ReLU',
    cIn: 2,
    cOut: 3,
    groups: 1,
    k: [3, 3],
    d: [2, 2],
    s: [1, 1],
    pads: [2, 2, 2, 2],
    H: 10,
    W: 11,
    relu: true,
  },
];

function setup(c: Case) {
  const rand = mulberry32(c.H * 131 + c.W);
  const cInG = c.cIn / c.groups;
  const weights = Float32Array.from(
    { length: c.cOut * cInG * c.k[0] * c.k[1] },
    () => rand() - 0.5,
  );
  const bias = Float32Array.from({ length: c.cOut }, () => rand() - 0.5);
  const x = Float32Array.from({ length: c.cIn * c.H * c.W }, () => rand() * 2 - 1);
  const op: ConvOp = {
    op: 'conv',
    input: 0,
    weights,
    shape: [c.cOut, cInG, c.k[0], c.k[1]],
    bias,
    dilation: c.d,
    stride: c.s,
    padding: {
      mode: 'explicit',
      top: c.pads[0],
      bottom: c.pads[1],
      left: c.pads[2],
      right: c.pads[3],
    },
    groups: c.groups,
  };
  const Ho = Math.floor((c.H + c.pads[0] + c.pads[1] - c.d[0] * (c.k[0] - 1) - 1) / c.s[0]) + 1;
  const Wo = Math.floor((c.W + c.pads[2] + c.pads[3] - c.d[1] * (c.k[1] - 1) - 1) / c.s[1]) + 1;
  /** Calls f(co, ci, a, b, row, col) for every weight and the input sample it reads at output (p, q). */
  const taps = (
    p: number,
    q: number,
    co: number,
    f: (w: number, ci: number, r: number, col: number) => void,
  ) => {
    const g = Math.floor(co / (c.cOut / c.groups));
    for (let cig = 0; cig < cInG; cig++)
      for (let a = 0; a < c.k[0]; a++)
        for (let b = 0; b < c.k[1]; b++) {
          const r = c.s[0] * p - c.pads[0] + c.d[0] * a;
          const col = c.s[1] * q - c.pads[2] + c.d[1] * b;
          if (r < 0 || r >= c.H || col < 0 || col >= c.W) continue;
          f(weights[((co * cInG + cig) * c.k[0] + a) * c.k[1] + b], g * cInG + cig, r, col);
        }
  };
  return { op, x, Ho, Wo, taps };
}

/** The case's conv op alone, or followed by a ReLU. */
function program(c: Case, op: ConvOp): Program {
  return {
    inputChannels: c.cIn,
    ops: c.relu ? [op, { op: 'relu', input: 1 }] : [op],
  };
}

/** The table on one backend (a process picks its backend once: one test file per backend). */
export function describeConv(backend: RuntimeBackend): void {
  describe(`the runtime convolution on ${backend}`, () => {
    beforeAll(async () => {
      await initRuntime({ backend });
      expect(runtimeBackend()).toBe(backend);
    });

    it.each(cases)('runs $name as the direct loop does', async (c) => {
      const { op, x, Ho, Wo, taps } = setup(c);
      const out = await forward(program(c, op), { count: 1, shape: [c.cIn, c.H, c.W], values: x });
      expect(out.shape).toEqual([c.cOut, Ho, Wo]);
      let worst = 0;
      for (let co = 0; co < c.cOut; co++)
        for (let p = 0; p < Ho; p++)
          for (let q = 0; q < Wo; q++) {
            let y = op.bias?.[co] ?? 0;
            taps(p, q, co, (w, ci, r, col) => {
              y += w * x[(ci * c.H + r) * c.W + col];
            });
            if (c.relu) y = Math.max(0, y);
            worst = Math.max(worst, Math.abs(y - out.values[(co * Ho + p) * Wo + q]));
          }
      expect(worst).toBeLessThan(1e-5);
    });

    it.each(cases)(
      'differentiates $name as the sum of the weights that reach each input',
      async (c) => {
        const { op, x, Ho, Wo, taps } = setup(c);
        const p = Math.floor((Ho - 1) / 2);
        const q = Math.floor((Wo - 1) / 2);
        const g = await squaredInputGradient(
          program(c, op),
          { count: 1, shape: [c.cIn, c.H, c.W], values: x },
          { position: [p, q] },
        );
        const grad = new Float64Array(c.cIn * c.H * c.W);
        let active = 0;
        for (let co = 0; co < c.cOut; co++) {
          // Through a ReLU only the channels whose pre-activation is positive pass a gradient.
          let y = op.bias?.[co] ?? 0;
          taps(p, q, co, (w, ci, r, col) => {
            y += w * x[(ci * c.H + r) * c.W + col];
          });
          if (c.relu && y <= 0) continue;
          active++;
          taps(p, q, co, (w, ci, r, col) => {
            grad[(ci * c.H + r) * c.W + col] += w;
          });
        }
        if (c.relu) expect(active).toBeLessThan(c.cOut);
        const want = new Float64Array(c.H * c.W);
        for (let ci = 0; ci < c.cIn; ci++)
          for (let u = 0; u < want.length; u++) want[u] += grad[ci * want.length + u] ** 2;
        expect(want.some((v) => v > 0)).toBe(true);
        let worst = 0;
        for (let u = 0; u < want.length; u++) worst = Math.max(worst, Math.abs(want[u] - g[u]));
        expect(worst).toBeLessThan(1e-5);
      },
    );
  });
}
