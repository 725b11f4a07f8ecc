/**
 * Independent reference computations for the analysis tests: tap sets and path counts by
 * enumerating every combination of taps with nested loops (an odometer), each tap at the
 * input position PyTorch reads for output 0 (s·0 − before + n·d, with `before` from the
 * layer's padding written out here), and per-position brute force for border validity.
 * Nothing here calls src/analysis or src/network's placement.
 */
import type { NetworkNode } from '../../src/network/index.ts';

/** Path counts keyed by "offset" (1-D) or "row,col" (2-D). */
export type Taps = Map<string, number>;

const key = (o: number[]) => o.join(',');
const unkey = (k: string) => k.split(',').map(Number);

function strideOf(node: NetworkNode, dims: number): number[] {
  switch (node.type) {
    case 'layer':
    case 'pool':
      return [...node.stride];
    case 'stack':
      return node.layers
        .map((l) => strideOf(l, dims))
        .reduce(
          (a, b) => a.map((v, i) => v * b[i]),
          Array.from({ length: dims }, () => 1),
        );
    case 'parallel':
      return strideOf(node.branches[0], dims);
    case 'residual':
      return strideOf(node.body, dims);
  }
}

/** Span (max offset + 1) of an enumerated tap set per axis. */
export function spanOf(taps: Taps, dims: number): number[] {
  const span = Array.from({ length: dims }, () => 0);
  for (const k of taps.keys()) {
    unkey(k).forEach((v, i) => {
      span[i] = Math.max(span[i], v + 1);
    });
  }
  return span;
}

/** Zeros before the input on axis i: same ⌊d(k−1)/2⌋, causal d(k−1), valid 0, or explicit. */
function before(layer: { padding?: unknown }, k: number, d: number, i: number): number {
  const p = layer.padding ?? 'same';
  if (p === 'same') return Math.floor((d * (k - 1)) / 2);
  if (p === 'causal') return d * (k - 1);
  if (p === 'valid') return 0;
  return (p as number[][])[i][0];
}

/** Every tap of a single layer at the input position output 0 reads, one path each. */
function layerTaps(
  layer: { padding?: unknown },
  shape: readonly number[],
  dilation: readonly number[],
  scale: number[],
): number[][] {
  const out: number[][] = [];
  const at = (t: number, i: number) =>
    (t * dilation[i] - before(layer, shape[i], dilation[i], i)) * scale[i];
  if (shape.length === 1) {
    for (let t = 0; t < shape[0]; t++) out.push([at(t, 0)]);
  } else {
    for (let a = 0; a < shape[0]; a++)
      for (let b = 0; b < shape[1]; b++) out.push([at(a, 0), at(b, 1)]);
  }
  return out;
}

/** Moves an enumerated tap set so that its smallest offset per axis is 0 (causal form). */
function normalise(taps: Taps, dims: number): Taps {
  const lo = Array.from({ length: dims }, () => Number.POSITIVE_INFINITY);
  for (const k of taps.keys()) {
    unkey(k).forEach((v, i) => {
      lo[i] = Math.min(lo[i], v);
    });
  }
  const out: Taps = new Map();
  for (const [k, c] of taps) out.set(key(unkey(k).map((v, i) => v - lo[i])), c);
  return out;
}

/**
 * Enumerates the paths of a node in causal form (smallest offset 0 per axis): a stack walks
 * every combination of its members' taps (odometer over all of them); a parallel set is the
 * union of its branches where they read; a residual adds one path at its input's position
 * (or the shortcut layer's taps).
 */
export function naiveTaps(node: NetworkNode, dims: number, scale?: number[]): Taps {
  return normalise(absoluteTaps(node, dims, scale), dims);
}

function absoluteTaps(node: NetworkNode, dims: number, scale?: number[]): Taps {
  const sc = scale ?? Array.from({ length: dims }, () => 1);
  switch (node.type) {
    case 'layer': {
      const m: Taps = new Map();
      for (const o of layerTaps(node, node.kernel.shape, node.dilation, sc)) m.set(key(o), 1);
      return m;
    }
    case 'pool': {
      const m: Taps = new Map();
      const ones = node.size.map(() => 1);
      for (const o of layerTaps(node, node.size, ones, sc)) m.set(key(o), 1);
      return m;
    }
    case 'stack': {
      const parts: [number[], number][][] = [];
      let s = [...sc];
      for (const l of node.layers) {
        parts.push([...absoluteTaps(l, dims, s).entries()].map(([k, c]) => [unkey(k), c]));
        const st = strideOf(l, dims);
        s = s.map((v, i) => v * st[i]);
      }
      const out: Taps = new Map();
      const idx = parts.map(() => 0);
      for (;;) {
        const o = Array.from({ length: dims }, () => 0);
        let count = 1;
        parts.forEach((p, j) => {
          const [off, c] = p[idx[j]];
          off.forEach((v, i) => {
            o[i] += v;
          });
          count *= c;
        });
        out.set(key(o), (out.get(key(o)) ?? 0) + count);
        let j = parts.length - 1;
        while (j >= 0 && ++idx[j] === parts[j].length) idx[j--] = 0;
        if (j < 0) break;
      }
      return out;
    }
    case 'parallel': {
      const out: Taps = new Map();
      for (const b of node.branches) {
        for (const [k, c] of absoluteTaps(b, dims, sc)) out.set(k, (out.get(k) ?? 0) + c);
      }
      return out;
    }
    case 'residual': {
      const out = new Map(absoluteTaps(node.body, dims, sc));
      const short = node.shortcut
        ? absoluteTaps(node.shortcut, dims, sc)
        : new Map([[key(sc.map(() => 0)), 1]]);
      for (const [k, c] of short) out.set(k, (out.get(k) ?? 0) + c);
      return out;
    }
  }
}

/** Holes of an enumerated tap set inside its span (offsets with no path), row-major. */
export function naiveHoles(taps: Taps, dims: number): number[][] {
  const span = spanOf(taps, dims);
  const out: number[][] = [];
  if (dims === 1) {
    for (let i = 0; i < span[0]; i++) if (!taps.has(key([i]))) out.push([i]);
  } else {
    for (let i = 0; i < span[0]; i++)
      for (let j = 0; j < span[1]; j++) if (!taps.has(key([i, j]))) out.push([i, j]);
  }
  return out;
}

/**
 * Border validity by brute force: every output position of an S-long signal or S×S map,
 * every tap (at offset t·r − ⌊(k−1)r/2⌋ per axis), tested against the map.
 */
export function naiveBorder(shape: readonly number[], rate: readonly number[], S: number) {
  const taps = shape.reduce((a, b) => a * b, 1);
  const hist = new Array<number>(taps + 1).fill(0);
  let all = 0;
  let centreOnly = 0;
  let valid = 0;
  const offs = shape.map((k, i) =>
    Array.from({ length: k }, (_, t) => t * rate[i] - Math.floor(((k - 1) * rate[i]) / 2)),
  );
  const centre = shape.map((k) => Math.floor((k - 1) / 2));
  const positions: number[][] = [];
  if (shape.length === 1) for (let p = 0; p < S; p++) positions.push([p]);
  else for (let p = 0; p < S; p++) for (let q = 0; q < S; q++) positions.push([p, q]);
  for (const pos of positions) {
    let inside = 0;
    let centreInside = false;
    const tapIdx =
      shape.length === 1
        ? offs[0].map((_, t) => [t])
        : offs[0].flatMap((_, a) => offs[1].map((_, b) => [a, b]));
    for (const t of tapIdx) {
      const ok = t.every((ti, i) => {
        const x = pos[i] + offs[i][ti];
        return x >= 0 && x < S;
      });
      if (ok) {
        inside++;
        if (t.every((ti, i) => ti === centre[i])) centreInside = true;
      }
    }
    hist[inside]++;
    if (inside === taps) all++;
    if (inside === 1 && centreInside) centreOnly++;
    valid += inside;
  }
  const n = positions.length;
  return {
    allTapsFraction: all / n,
    centerOnlyFraction: centreOnly / n,
    meanValidFraction: valid / (n * taps),
    histogram: hist.map((h) => h / n),
  };
}
