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

function axisStats(k: number, r: number, S: number): AxisStats {
  const h = Math.floor(((k - 1) * r) / 2);
  const tc = Math.floor((k - 1) / 2);
  const hist = new Float64Array(k + 1);
  let centreOnly = 0;
  let total = 0;
  for (let p = 0; p < S; p++) {
    const lo = Math.max(0, Math.ceil((h - p) / r));
    const hi = Math.min(k - 1, Math.floor((S - 1 + h - p) / r));
    const c = hi >= lo ? hi - lo + 1 : 0;
    hist[c]++;
    total += c;
    if (c === 1 && lo === tc) centreOnly++;
  }
  return { hist, centreOnly, total };
}

/**
 * Border validity (DeepLabv3 §3.3) of a kernel of shape [k] or [k_y, k_x] at rates [r] or
 * [r_y, r_x] on an S-long signal (1-D) or an S×S map (2-D) with zero "same" padding. At each
 * output position it counts the taps that land inside the map; it returns the fraction of
 * positions using all taps, the fraction where only the centre tap ⌊(k−1)/2⌋ per axis is
 * inside (the filter has degenerated to 1×1), the mean fraction of taps inside, and
 * histogram[t] = fraction of positions with exactly t taps inside (t = 0..k_y·k_x).
 * Separable: a 2-D position's count is c_y·c_x, so it costs O(S·axes + k_y·k_x).
 */
export function borderValidity(
  shape: readonly number[],
  dilation: readonly number[],
  mapSize: number,
): BorderValidity {
  const S = integerIn('mapSize', mapSize, 1, LIMITS.maxMapSize);
  const axes = shape.map((k, i) => axisStats(k, dilation[i], S));
  const taps = shape.reduce((a, b) => a * b, 1);
  const positions = S ** shape.length;
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
  return {
    mapSize: S,
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
