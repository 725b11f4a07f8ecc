/**
 * The cone of one output position: a program rewritten to compute, of every tensor, only the
 * rectangle that position depends on (its receptive field at that tensor). The gradient of one
 * output reads nothing else, so the rewritten program gives the same gradient on that
 * rectangle, and zeros outside it are exactly the original's zeros there (no path reaches
 * them). Each conv or pool reads the part of its input inside the map and keeps its own
 * padding where the rectangle passes the border (a max pool pads with −∞, a conv with zeros),
 * so every value computed is the original's, by the same arithmetic.
 */
import { convGeometry, poolGeometry, programShapes } from './geometry.ts';
import type { Op, Program } from './types.ts';

/** A half-open rectangle [r0, r1) × [c0, c1) of a tensor's map. */
interface Box {
  readonly r0: number;
  readonly r1: number;
  readonly c0: number;
  readonly c1: number;
}

const union = (a: Box | null, b: Box): Box =>
  a === null
    ? b
    : {
        r0: Math.min(a.r0, b.r0),
        r1: Math.max(a.r1, b.r1),
        c0: Math.min(a.c0, b.c0),
        c1: Math.max(a.c1, b.c1),
      };

const same = (a: Box, b: Box) => a.r0 === b.r0 && a.r1 === b.r1 && a.c0 === b.c0 && a.c1 === b.c1;

/**
 * The input rows a window op's outputs [o0, o1) read: unclamped [lo, hi) (lo < 0 or hi > n
 * where the window passes the border) for stride s, pad `before`, window span K.
 */
function reach(o0: number, o1: number, s: number, before: number, K: number): [number, number] {
  return [o0 * s - before, (o1 - 1) * s - before + K];
}

/** The program of one output position's cone, that position in its output, and the input's rectangle. */
export interface Cone {
  /** Runs on the input's rectangle `input` (rows r0…r1 − 1, cols c0…c1 − 1 of the original input). */
  readonly program: Program;
  readonly position: readonly [number, number];
  /** The input's rectangle the cone reads (the rest of the input gets a zero gradient). */
  readonly input: Box;
}

/**
 * The cone of output `position` of `program` for an input of `shape` [channels, rows, cols],
 * or null when it is the whole program (every tensor but the output needed whole) or it reads no input
 * sample on some axis (only padding). A tensor read by several ops is computed on the union
 * of what they read; an op reading less of it reads it through a crop op (a slice).
 */
export function coneProgram(
  program: Program,
  shape: readonly [number, number, number],
  position: readonly [number, number],
): Cone | null {
  const shapes = programShapes(program, shape);
  const n = program.ops.length;
  const out = program.output ?? n;
  const full = (t: number): Box => ({ r0: 0, r1: shapes[t][1], c0: 0, c1: shapes[t][2] });
  const need: (Box | null)[] = new Array(n + 1).fill(null);
  need[out] = { r0: position[0], r1: position[0] + 1, c0: position[1], c1: position[1] + 1 };
  /** What op i reads of each input for its output rectangle b, clamped to the maps. */
  const reads = (i: number, b: Box): { input: number; box: Box }[] | null => {
    const op = program.ops[i];
    const inputs = 'inputs' in op ? op.inputs : [op.input];
    const [, H, W] = shapes[inputs[0]];
    const clamp = (rows: [number, number], cols: [number, number]): Box | null => {
      const box = {
        r0: Math.max(0, rows[0]),
        r1: Math.min(H, rows[1]),
        c0: Math.max(0, cols[0]),
        c1: Math.min(W, cols[1]),
      };
      return box.r0 < box.r1 && box.c0 < box.c1 ? box : null;
    };
    let box: Box | null = b;
    if (op.op === 'conv') {
      const g = convGeometry(op, H, W);
      const K = [op.dilation[0] * (op.shape[2] - 1) + 1, op.dilation[1] * (op.shape[3] - 1) + 1];
      box = clamp(
        reach(b.r0, b.r1, op.stride[0], g.pads[0], K[0]),
        reach(b.c0, b.c1, op.stride[1], g.pads[2], K[1]),
      );
    } else if (op.op === 'pool') {
      const g = poolGeometry(op, H, W);
      const [dh, dw] = op.dilation ?? [1, 1];
      const K = [dh * (op.size[0] - 1) + 1, dw * (op.size[1] - 1) + 1];
      box = clamp(
        reach(b.r0, b.r1, op.stride[0], g.top, K[0]),
        reach(b.c0, b.c1, op.stride[1], g.left, K[1]),
      );
    } else if (op.op === 'crop') {
      box = clamp(
        [b.r0 + op.start[0], b.r1 + op.start[0]],
        [b.c0 + op.start[1], b.c1 + op.start[1]],
      );
    } else if (op.op === 'global') box = full(op.input);
    if (box === null) return null;
    return inputs.map((input) => ({ input, box: box as Box }));
  };
  for (let i = n - 1; i >= 0; i--) {
    const b = need[i + 1];
    if (b === null) continue;
    const r = reads(i, b);
    if (r === null) return null;
    for (const { input, box } of r) need[input] = union(need[input], box);
  }
  // Nothing to save when every tensor but the output is needed whole.
  if (need.every((b, t) => t === out || b === null || same(b, full(t)))) return null;

  // The rewritten program: tensor t on need[t]; `view` gives t on a smaller box by a crop op.
  const ops: Op[] = [];
  const id = new Int32Array(n + 1).fill(-1);
  const push = (op: Op) => {
    ops.push(op);
    return ops.length;
  };
  const views = new Map<string, number>();
  const crop = (t: number, from: Box, box: Box): number =>
    push({
      op: 'crop',
      input: t,
      start: [box.r0 - from.r0, box.c0 - from.c0],
      size: [box.r1 - box.r0, box.c1 - box.c0],
    });
  const view = (t: number, box: Box): number => {
    const have = need[t] as Box;
    if (same(have, box)) return id[t];
    const key = `${t}:${box.r0},${box.r1},${box.c0},${box.c1}`;
    let v = views.get(key);
    if (v === undefined) {
      v = crop(id[t], have, box);
      views.set(key, v);
    }
    return v;
  };
  // The rewritten program's input is the original input's rectangle `input`.
  const input = need[0] ?? full(0);
  need[0] = input;
  id[0] = 0;
  for (let i = 0; i < n; i++) {
    const b = need[i + 1];
    if (b === null) continue;
    const op = program.ops[i];
    const [, H, W] = shapes['inputs' in op ? op.inputs[0] : op.input];
    const r = reads(i, b) as { input: number; box: Box }[];
    switch (op.op) {
      case 'conv':
      case 'pool': {
        const [sh, sw] = op.stride;
        const g =
          op.op === 'conv'
            ? (() => {
                const c = convGeometry(op, H, W);
                return { top: c.pads[0], left: c.pads[2] };
              })()
            : poolGeometry(op, H, W);
        const K =
          op.op === 'conv'
            ? [op.dilation[0] * (op.shape[2] - 1) + 1, op.dilation[1] * (op.shape[3] - 1) + 1]
            : [
                (op.dilation?.[0] ?? 1) * (op.size[0] - 1) + 1,
                (op.dilation?.[1] ?? 1) * (op.size[1] - 1) + 1,
              ];
        const [rlo, rhi] = reach(b.r0, b.r1, sh, g.top, K[0]);
        const [clo, chi] = reach(b.c0, b.c1, sw, g.left, K[1]);
        const padding = {
          mode: 'explicit' as const,
          top: Math.max(0, -rlo),
          bottom: Math.max(0, rhi - H),
          left: Math.max(0, -clo),
          right: Math.max(0, chi - W),
        };
        const x = view(op.input, r[0].box);
        id[i + 1] =
          op.op === 'conv'
            ? push({ ...op, input: x, padding })
            : push({ ...op, input: x, padding, ceil: false });
        break;
      }
      case 'crop': {
        const have = need[op.input] as Box;
        id[i + 1] = push({
          op: 'crop',
          input: id[op.input],
          start: [b.r0 + op.start[0] - have.r0, b.c0 + op.start[1] - have.c0],
          size: [b.r1 - b.r0, b.c1 - b.c0],
        });
        break;
      }
      case 'global': {
        const g = push({ op: 'global', input: view(op.input, full(op.input)) });
        id[i + 1] = same(b, full(i + 1)) ? g : crop(g, full(i + 1), b);
        break;
      }
      case 'add':
      case 'mul':
      case 'concat':
        id[i + 1] = push({ ...op, inputs: op.inputs.map((t) => view(t, b)) });
        break;
      default:
        id[i + 1] = push({ ...op, input: view(op.input, b) });
    }
  }
  const o = need[out] as Box;
  return {
    program: { inputChannels: program.inputChannels, ops, output: id[out] },
    position: [position[0] - o.r0, position[1] - o.c0],
    input,
  };
}
