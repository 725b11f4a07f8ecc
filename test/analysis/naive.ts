/**
 * Independent reference computations for the analysis tests: tap sets and path counts by
 * enumerating every combination of taps with nested loops (an odometer), with centre
 * alignment done from the enumerated offsets, and per-position brute force for border
 * validity. Nothing here calls src/analysis.
 */
import type { NetworkNode } from '../../src/network/index.ts';

/** Path counts keyed by "offset" (1-D) or "row,col" (2-D). */
export type Taps = Map<string, number>;

const key = (o: number[]) => o.join(',');
const unkey = (k: string) => k.split(',').map(Number);

function strideOf(node: NetworkNode, dims: number): number[] {
  switch (node.type) {
    case 'layer':
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

/** Every tap of a single layer at its effective spacing, one path each. */
function layerTaps(
  shape: readonly number[],
  dilation: readonly number[],
  scale: number[],
): number[][] {
  const out: number[][] = [];
  if (shape.length === 1) {
    for (let t = 0; t < shape[0]; t++) out.push([t * dilation[0] * scale[0]]);
  } else {
    for (let a = 0; a < shape[0]; a++)
      for (let b = 0; b < shape[1]; b++)
        out.push([a * dilation[0] * scale[0], b * dilation[1] * scale[1]]);
  }
  return out;
}

/**
 * Enumerates the paths of a node: a stack walks every combination of its members' taps
 * (odometer over all of them); a parallel set places each branch at ⌊(S − 1)/2⌋ − ⌊(S_b − 1)/2⌋;
 * a residual adds one path at ⌊(S − 1)/2⌋.
 */
export function naiveTaps(node: NetworkNode, dims: number, scale?: number[]): Taps {
  const sc = scale ?? Array.from({ length: dims }, () => 1);
  switch (node.type) {
    case 'layer': {
      const m: Taps = new Map();
      for (const o of layerTaps(node.kernel.shape, node.dilation, sc)) m.set(key(o), 1);
      return m;
    }
    case 'stack': {
      const parts: [number[], number][][] = [];
      let s = [...sc];
      for (const l of node.layers) {
        parts.push([...naiveTaps(l, dims, s).entries()].map(([k, c]) => [unkey(k), c]));
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
      const branches = node.branches.map((b) => naiveTaps(b, dims, sc));
      const spans = branches.map((b) => spanOf(b, dims));
      const S = Array.from({ length: dims }, (_, i) => Math.max(...spans.map((sp) => sp[i])));
      const out: Taps = new Map();
      branches.forEach((b, j) => {
        // PyTorch padding='same': each node's first input sits ⌊(span−1)/2⌋ left of its output.
        const shift = S.map((v, i) => Math.floor((v - 1) / 2) - Math.floor((spans[j][i] - 1) / 2));
        for (const [k, c] of b) {
          const o = unkey(k).map((v, i) => v + shift[i]);
          out.set(key(o), (out.get(key(o)) ?? 0) + c);
        }
      });
      return out;
    }
    case 'residual': {
      const body = naiveTaps(node.body, dims, sc);
      const centre = spanOf(body, dims).map((v) => Math.floor((v - 1) / 2));
      const out = new Map(body);
      out.set(key(centre), (out.get(key(centre)) ?? 0) + 1);
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
