/**
 * Gridding in the output: a network run on an image (TensorFlow.js, the same lowering as the
 * ERF), beside the same network with a gridding-free rate schedule, and a measure of the
 * checkerboard each output shows (docs/theory.md §13.5).
 */
import { coverage, latticeFactorOf, pathCounts } from '../analysis/index.ts';
import { mulberry32 } from '../kernel/index.ts';
import {
  allLayers,
  mapShapes,
  mapSpec,
  type Network,
  networkGraph,
  specLayer,
} from '../network/index.ts';
import { hdcRates } from '../recommend/index.ts';
import { forward } from '../runtime/index.ts';
import { FieldError, integerIn, show } from '../util/validate.ts';
import { type Activation, lowerNetwork } from './lower.ts';

/** A gray image or output map: `rows·cols` row-major values. */
export interface GrayMap {
  readonly shape: readonly [number, number];
  readonly values: Float32Array | Float64Array;
}

/** Bounds of `applyNetwork`. */
export const APPLY_LIMITS = {
  /** Largest image side (rows or cols), in pixels. */
  maxSide: 2048,
  /** Largest image area rows·cols, in pixels. */
  maxArea: 1024 * 1024,
} as const;

/** Options of `applyNetwork`. */
export interface ApplyOptions {
  /** A nonlinearity after every convolution but the last (default 'none'). */
  activation?: Activation;
  /**
   * Rates of the comparison network, one per layer in depth-first order (each layer's
   * dilation set to r on both axes). Default: HDC's 1, 2, 5, … when that has no holes;
   * null: no comparison.
   */
  compareRates?: readonly number[] | null;
}

/** What `applyNetwork` returns (docs/cli.md, "The apply JSON"). */
export interface ApplyResult {
  /** The network's output (channel 0: spec networks have one channel). */
  output: GrayMap;
  /** The comparison network's output, or null. */
  compare: GrayMap | null;
  /** The layers' rates in depth-first order (2-D: [dy, dx] each). */
  rates: number[][];
  /** The comparison's rates (one per layer), or null. */
  compareRates: number[] | null;
  /** Holes of the network's tap set and of the comparison's (null without one). */
  holes: number;
  compareHoles: number | null;
  /** The lattice factor g per axis the checkerboard is measured at (the rates' common factor; 2 when 1). */
  lattice: number[];
  /** `checkerboard(output, g)` (above ½: the output grids) and the comparison's (null without one). */
  checkerboard: number;
  compareCheckerboard: number | null;
  activation: Activation;
}

/**
 * The network with every layer's dilation replaced (depth-first layer order, the order of
 * `allLayers`): layer i gets dilation rates[i] on every axis. Shortcut projections keep theirs.
 */
export function withRates(network: Network, rates: readonly number[]): Network {
  const n = allLayers(network).length;
  if (rates.length !== n)
    throw new FieldError(
      'compareRates',
      `must have one rate per layer (${n}), got ${rates.length}: ${show(rates)}`,
    );
  rates.forEach((r, i) => {
    integerIn(`compareRates[${i}]`, r, 1, 4096);
  });
  const graph = networkGraph(network);
  // Layer i of `allLayers` is the i-th conv node in topological order.
  const convs = graph.nodes.filter((n) => n.op === 'conv');
  const order = new Map(convs.map((n, i) => [n.id, i]));
  const root = mapSpec(graph, {
    layer: (n) => ({
      ...specLayer(n),
      dilation: n.dilation.map(() => rates[order.get(n.id) ?? 0]),
    }),
  });
  return { ...network, root };
}

/**
 * The checkerboard index of a map at lattice factor g = [gy, gx] (docs/theory.md §13.5):
 *   N = mean over the axes of E[(y(p + e) − y(p))²],  F = the same for steps g·e,
 *   checkerboard = N / (N + F) ∈ [0, 1],
 * e a unit step along an axis. A gridding output reads disjoint input sub-lattices at
 * neighbouring positions and the same sub-lattice g apart, so neighbours differ more than
 * samples g apart: above ½ (a pure (−1)^(r+c) pattern at g = 2 gives 1). A smooth output
 * is below ½ (nearer samples are more alike; a ramp gives 1/(1+g²)). Axes of length ≤ g
 * are skipped; a constant map gives 0.
 */
export function checkerboard(map: GrayMap, g: readonly number[]): number {
  const [R, C] = map.shape;
  const v = map.values;
  const meanSq = (dr: number, dc: number): number => {
    let s = 0;
    let n = 0;
    for (let r = 0; r + dr < R; r++)
      for (let c = 0; c + dc < C; c++) {
        const d = v[(r + dr) * C + c + dc] - v[r * C + c];
        s += d * d;
        n++;
      }
    return n > 0 ? s / n : 0;
  };
  let near = 0;
  let far = 0;
  let axes = 0;
  if (R > g[0]) {
    near += meanSq(1, 0);
    far += meanSq(g[0], 0);
    axes++;
  }
  if (C > g[1]) {
    near += meanSq(0, 1);
    far += meanSq(0, g[1]);
    axes++;
  }
  return axes === 0 || near + far === 0 ? 0 : near / (near + far);
}

function checkImage(image: GrayMap): void {
  const [R, C] = image.shape;
  integerIn('image rows', R, 1, APPLY_LIMITS.maxSide);
  integerIn('image cols', C, 1, APPLY_LIMITS.maxSide);
  if (R * C > APPLY_LIMITS.maxArea)
    throw new FieldError(
      'image',
      `has ${R}×${C} = ${R * C} pixels, above the limit ${APPLY_LIMITS.maxArea}`,
    );
  if (image.values.length !== R * C)
    throw new FieldError('image', `has ${image.values.length} values for ${R}×${C} pixels`);
  for (let i = 0; i < image.values.length; i++)
    if (!Number.isFinite(image.values[i]))
      throw new FieldError('image', `value ${i} is ${show(image.values[i])}, not a finite number`);
}

async function run(network: Network, image: GrayMap, activation: Activation): Promise<GrayMap> {
  const [R, C] = image.shape;
  // A layer whose window does not fit its input (valid padding) leaves no positions.
  if (mapShapes(networkGraph(network), [R, C]).some((s) => s.some((n) => n < 1)))
    throw new FieldError('image', `${R}×${C} is too small: a layer's output has no positions`);
  const out = await forward(lowerNetwork(network, activation), {
    count: 1,
    shape: [1, R, C],
    values: Float32Array.from(image.values),
  });
  const [, Ho, Wo] = out.shape;
  if (Ho < 1 || Wo < 1)
    throw new FieldError('image', `${R}×${C} is too small: the output has no positions`);
  return { shape: [Ho, Wo], values: out.values.slice(0, Ho * Wo) };
}

/** The default comparison rates: HDC's 1, 2, 5, … per layer, when they leave no holes. */
function defaultCompareRates(network: Network): number[] | null {
  const rates = hdcRates(allLayers(network).length);
  return coverage(withRates(network, rates)).holes === 0 ? rates : null;
}

/**
 * Runs a 2-D spec network (its kernels' weights: seeded random with `random:K:SEED`, or
 * given) on a gray image with TensorFlow.js, and beside it the same network with a
 * gridding-free rate schedule, with the checkerboard ratio of both outputs at the rates'
 * lattice factor. Padding as each layer says (default same); one channel.
 */
export async function applyNetwork(
  network: Network,
  image: GrayMap,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (network.dims !== 2)
    throw new FieldError('network', 'must be 2-D to run on an image (its kernels are 1-D)');
  checkImage(image);
  const activation = options.activation ?? 'none';
  const layers = allLayers(network);
  let compareRates: number[] | null;
  if (options.compareRates === null) compareRates = null;
  else if (options.compareRates !== undefined) compareRates = [...options.compareRates];
  else {
    compareRates = defaultCompareRates(network);
    if (compareRates === null)
      throw new FieldError(
        'compareRates',
        `is needed: HDC's rates ${hdcRates(layers.length).join(',')} leave holes with these kernels; give one gridding-free rate per layer`,
      );
  }
  const compareNet = compareRates ? withRates(network, compareRates) : null;
  const counts = pathCounts(network);
  const g = latticeFactorOf(counts).map((v) => (v > 1 ? v : 2));
  const output = await run(network, image, activation);
  const compare = compareNet ? await run(compareNet, image, activation) : null;
  return {
    output,
    compare,
    rates: layers.map((l) => [...l.dilation]),
    compareRates,
    holes: coverage(network).holes,
    compareHoles: compareNet ? coverage(compareNet).holes : null,
    lattice: g,
    checkerboard: checkerboard(output, g),
    compareCheckerboard: compare ? checkerboard(compare, g) : null,
    activation,
  };
}

/**
 * A deterministic gray test card of rows×cols in [0, 1] (the same on every machine): a soft
 * diagonal gradient, 1-pixel lines (a horizontal, a vertical and two diagonals), a ring, a
 * block of fine text-like bars and a patch of seeded noise — thin structure where a gridding
 * network's output breaks into a checkerboard.
 */
export function testCard(rows: number, cols: number, seed = 1): GrayMap {
  integerIn('rows', rows, 8, APPLY_LIMITS.maxSide);
  integerIn('cols', cols, 8, APPLY_LIMITS.maxSide);
  const v = new Float64Array(rows * cols);
  const rand = mulberry32(seed);
  const cy = rows / 2;
  const cx = cols / 2;
  const ring = Math.min(rows, cols) * 0.3;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      let x = 0.25 + 0.2 * ((r / rows + c / cols) / 2);
      if (r === Math.floor(rows * 0.2) || c === Math.floor(cols * 0.8)) x = 1;
      if (r === c || r === cols - 1 - c) x = 1;
      if (Math.abs(Math.hypot(r - cy, c - cx) - ring) < 0.7) x = 0.9;
      // Bars: 1-pixel dark bars every 3 columns in the lower-left block.
      if (r > rows * 0.65 && r < rows * 0.9 && c > cols * 0.1 && c < cols * 0.4 && c % 3 === 0)
        x = 0;
      if (r > rows * 0.65 && r < rows * 0.9 && c > cols * 0.6 && c < cols * 0.9) x = rand();
      v[r * cols + c] = x;
    }
  return { shape: [rows, cols], values: v };
}

/** An 8-bit gray raster: `width·height` bytes, row-major. */
export interface GrayRaster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Maps laid out left to right, top-aligned, `gap` white pixels apart on a white background,
 * each scaled on its own from its [min, max] to [0, 255] (a constant map is mid-gray 128).
 */
export function sideBySide(maps: readonly GrayMap[], gap = 4): GrayRaster {
  if (maps.length === 0) throw new FieldError('maps', 'must hold at least one map');
  const width = maps.reduce((w, m) => w + m.shape[1], 0) + gap * (maps.length - 1);
  const height = Math.max(...maps.map((m) => m.shape[0]));
  const data = new Uint8Array(width * height).fill(255);
  let x0 = 0;
  for (const m of maps) {
    const [R, C] = m.shape;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const x of m.values) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const span = hi - lo;
    for (let r = 0; r < R; r++)
      for (let c = 0; c < C; c++) {
        const x = m.values[r * C + c];
        data[r * width + x0 + c] = span > 0 ? Math.round((255 * (x - lo)) / span) : 128;
      }
    x0 += C + gap;
  }
  return { width, height, data };
}
