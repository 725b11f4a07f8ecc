/**
 * The geometry of a runtime program, from its ops alone (no tensors): each conv's and pool's
 * pads and output size as the runtime runs them (PyTorch's rules: "same", causal, explicit,
 * ceil mode), and the shape of every tensor.
 */
import type { ConvOp, Padding, PoolOp, Program } from './types.ts';

/** Before/after amounts of one axis for a window of effective size K = d(k−1)+1. */
export function axisPads(
  p: Padding,
  axis: 0 | 1,
  n: number,
  K: number,
  s: number,
): [number, number] {
  if (p.mode === 'explicit') return axis === 0 ? [p.top, p.bottom] : [p.left, p.right];
  if (p.mode === 'causal') return [K - 1, Math.max(0, (Math.ceil(n / s) - 1) * s + 1 - n)];
  const before = Math.floor((K - 1) / 2);
  // Output length ⌈n/s⌉ (PyTorch "same" for s = 1); extra rows are cropped afterwards.
  const after = Math.max(0, (Math.ceil(n / s) - 1) * s + K - n - before);
  return [before, after];
}

/** Output length of one axis: ⌈n/s⌉ for "same" and "causal"; -1 (keep) for explicit pads. */
export function outLength(p: Padding, n: number, s: number): number {
  if (p.mode === 'explicit') return -1;
  return Math.ceil(n / s);
}

/** Pads and output length of a conv op's axes for an input of H×W (the crop applies to same/causal). */
export function convGeometry(op: ConvOp, H: number, W: number) {
  const [, , kh, kw] = op.shape;
  const Kh = op.dilation[0] * (kh - 1) + 1;
  const Kw = op.dilation[1] * (kw - 1) + 1;
  const [top, bottom] = axisPads(op.padding, 0, H, Kh, op.stride[0]);
  const [left, right] = axisPads(op.padding, 1, W, Kw, op.stride[1]);
  const full = [
    Math.floor((H + top + bottom - Kh) / op.stride[0]) + 1,
    Math.floor((W + left + right - Kw) / op.stride[1]) + 1,
  ];
  const crop = [outLength(op.padding, H, op.stride[0]), outLength(op.padding, W, op.stride[1])];
  const out = full.map((n, i) => (crop[i] < 0 ? n : Math.min(n, crop[i])));
  return {
    pads: [top, bottom, left, right] as const,
    out: [out[0], out[1]] as const,
    cropped: out[0] !== full[0] || out[1] !== full[1],
  };
}

/** PyTorch's ceil-mode output length: ⌈(n + pads − k)/s⌉ + 1, the last window starting inside. */
export function ceilLength(n: number, before: number, after: number, k: number, s: number): number {
  let out = Math.ceil((n + before + after - k) / s) + 1;
  if ((out - 1) * s >= n + before) out--;
  return out;
}

/** Pads and output size of a pool op for an input of H×W (PyTorch's ceil mode included). */
export function poolGeometry(op: PoolOp, H: number, W: number) {
  const [dh, dw] = op.dilation ?? ([1, 1] as const);
  const kh = dh * (op.size[0] - 1) + 1;
  const kw = dw * (op.size[1] - 1) + 1;
  const [sh, sw] = op.stride;
  let [top, bottom] = axisPads(op.padding, 0, H, kh, sh);
  let [left, right] = axisPads(op.padding, 1, W, kw, sw);
  let Ho = outLength(op.padding, H, sh);
  let Wo = outLength(op.padding, W, sw);
  if (op.ceil) {
    Ho = ceilLength(H, top, bottom, kh, sh);
    Wo = ceilLength(W, left, right, kw, sw);
    bottom = Math.max(bottom, (Ho - 1) * sh + kh - H - top);
    right = Math.max(right, (Wo - 1) * sw + kw - W - left);
  }
  const full = [
    Math.floor((H + top + bottom - kh) / sh) + 1,
    Math.floor((W + left + right - kw) / sw) + 1,
  ];
  return {
    top,
    bottom,
    left,
    right,
    Ho,
    Wo,
    out: [Ho < 0 ? full[0] : Math.min(Ho, full[0]), Wo < 0 ? full[1] : Math.min(Wo, full[1])],
  };
}

/**
 * The [channels, rows, cols] of every tensor of a program for an input of `shape` (index 0
 * the input, i + 1 op i's output), from the ops' geometry alone: the sizes `forward` gives.
 */
export function programShapes(
  program: Program,
  shape: readonly [number, number, number],
): [number, number, number][] {
  const t: [number, number, number][] = [[...shape]];
  for (const op of program.ops) {
    switch (op.op) {
      case 'conv': {
        const [, H, W] = t[op.input];
        const g = convGeometry(op, H, W);
        t.push([op.shape[0], g.out[0], g.out[1]]);
        break;
      }
      case 'pool': {
        const [C, H, W] = t[op.input];
        const g = poolGeometry(op, H, W);
        t.push([C, g.out[0], g.out[1]]);
        break;
      }
      case 'concat': {
        const [, H, W] = t[op.inputs[0]];
        t.push([op.inputs.reduce((c, i) => c + t[i][0], 0), H, W]);
        break;
      }
      case 'add':
      case 'mul':
        t.push([...t[op.inputs[0]]]);
        break;
      case 'crop':
        t.push([t[op.input][0], op.size[0], op.size[1]]);
        break;
      case 'select':
        t.push([op.count, t[op.input][1], t[op.input][2]]);
        break;
      default:
        t.push([...t[op.input]]);
    }
  }
  return t;
}
