import { type ConvParams, type PoolNode, windowOutputs } from '../network/index.ts';
import { LIMITS } from '../network/limits.ts';
import type { Layer } from '../network/types.ts';
import { integerIn } from '../util/validate.ts';
import type { BorderValidity } from './types.ts';

/**
 * Per output position p = 0..S−1 of one axis of length S with zero "same" padding, the
 * number of a k-tap kernel's taps at rate r that land inside [0, S). Tap t sits at
 * p + t·r − h with h = ⌊(k−1)r/2⌋ (centre-aligned), so the count is the size of
 * [max(0, ⌈(h−p)/r⌉), min(k−1, ⌊(S−1+h−p)/r⌋)]; O(1) per position.
 */
export function validTapCounts(k: number, r: number, S: number): Int32Array {
  const h = Math.floor(((k - 1) * r) / 2);
  const out = new Int32Array(S);
  for (let p = 0; p < S; p++) {
    const lo = Math.max(0, Math.ceil((h - p) / r));
    const hi = Math.min(k - 1, Math.floor((S - 1 + h - p) / r));
    out[p] = hi >= lo ? hi - lo + 1 : 0;
  }
  return out;
}

interface AxisStats {
  /** hist[c] = positions with exactly c taps inside, c = 0..k. */
  hist: Float64Array;
  /** Positions where the only tap inside is the centre tap ⌊(k−1)/2⌋. */
  centreOnly: number;
  /** Sum of counts over positions. */
  total: number;
}

/**
 * How a window sits on one axis of the map it runs on: `before` zeros of padding (default
 * `same`, ⌊(k−1)r/2⌋), stride (default 1) and the number of output positions (default the
 * map's length S, which is what `same` with stride 1 gives).
 */
export interface BorderPlacement {
  readonly before?: readonly number[];
  readonly stride?: readonly number[];
  readonly outputs?: readonly number[];
}

function axisStats(
  k: number,
  r: number,
  S: number,
  before = Math.floor(((k - 1) * r) / 2),
  stride = 1,
  outputs = S,
): AxisStats {
  // Output p reads s·p − before + t·r, t = 0..k−1 (PyTorch's placement).
  const tc = Math.floor((k - 1) / 2);
  const hist = new Float64Array(k + 1);
  let centreOnly = 0;
  let total = 0;
  for (let p = 0; p < outputs; p++) {
    const first = stride * p - before;
    const lo = Math.max(0, Math.ceil(-first / r));
    const hi = Math.min(k - 1, Math.floor((S - 1 - first) / r));
    const c = hi >= lo ? hi - lo + 1 : 0;
    hist[c]++;
    total += c;
    if (c === 1 && lo === tc) centreOnly++;
  }
  return { hist, centreOnly, total };
}

/**
 * Border validity (DeepLabv3 §3.3) of a kernel of shape [k] or [k_y, k_x] at rates [r] or
 * [r_y, r_x] on an S-long signal (1-D) or an S×S map (2-D; `mapSize` may also be [S_y, S_x])
 * with zero padding, "same" unless `placement` says otherwise (output p reads
 * s·p − before + t·r). At each output position it counts the taps that land inside the map; it returns the fraction of
 * positions using all taps, the fraction where only the centre tap ⌊(k−1)/2⌋ per axis is
 * inside (the filter has degenerated to 1×1), the mean fraction of taps inside, and
 * histogram[t] = fraction of positions with exactly t taps inside (t = 0..k_y·k_x).
 * Separable: a 2-D position's count is c_y·c_x, so it costs O(S·axes + k_y·k_x).
 */
export function borderValidity(
  shape: readonly number[],
  dilation: readonly number[],
  mapSize: number | readonly number[],
  placement: BorderPlacement = {},
): BorderValidity {
  const sides = typeof mapSize === 'number' ? shape.map(() => mapSize) : mapSize;
  const S = sides.map((v, i) =>
    integerIn(typeof mapSize === 'number' ? 'mapSize' : `mapSize[${i}]`, v, 1, LIMITS.maxMapSize),
  );
  const axes = shape.map((k, i) =>
    axisStats(
      k,
      dilation[i],
      S[i],
      placement.before?.[i],
      placement.stride?.[i],
      placement.outputs?.[i],
    ),
  );
  const taps = shape.reduce((a, b) => a * b, 1);
  const positions = axes.reduce((acc, a) => acc * a.hist.reduce((x, y) => x + y, 0), 1);
  const histogram = new Array<number>(taps + 1).fill(0);
  if (axes.length === 1) {
    axes[0].hist.forEach((n, c) => {
      histogram[c] += n;
    });
  } else {
    const [y, x] = axes;
    y.hist.forEach((ny, cy) => {
      if (ny === 0) return;
      x.hist.forEach((nx, cx) => {
        histogram[cy * cx] += ny * nx;
      });
    });
  }
  const full = histogram[taps];
  const centre = axes.reduce((acc, a) => acc * a.centreOnly, 1);
  const validTaps = axes.reduce((acc, a) => acc * a.total, 1);
  const side = S.every((v) => v === S[0]) ? S[0] : ([S[0], S[1]] as [number, number]);
  if (positions === 0) {
    return {
      mapSize: side,
      allTapsFraction: 0,
      centerOnlyFraction: 0,
      meanValidFraction: 0,
      histogram: histogram.map(() => 0),
    };
  }
  return {
    mapSize: side,
    allTapsFraction: full / positions,
    centerOnlyFraction: centre / positions,
    meanValidFraction: validTaps / (positions * taps),
    histogram: histogram.map((n) => n / positions),
  };
}

/** Border validity of one layer on an S-long signal or S×S map (see `borderValidity`). */
export function layerBorderValidity(layer: Layer, mapSize: number): BorderValidity {
  return borderValidity(layer.kernel.shape, layer.dilation, mapSize);
}

/**
 * Border validity of a graph's conv layer or pool on the map it really runs on
 * (`inputShape`, from `mapShapes`), with its own padding and stride: output p reads
 * s·p − before + t·d, over the ⌊(L + before + after − d(k−1) − 1)/s⌋ + 1 outputs.
 */
export function windowBorderValidity(
  window: ConvParams | PoolNode,
  inputShape: readonly number[],
): BorderValidity {
  const outputs = windowOutputs(inputShape, window);
  return borderValidity(window.size, window.dilation, inputShape, {
    before: window.pad.map((p) => p[0]),
    stride: window.stride,
    outputs,
  });
}
