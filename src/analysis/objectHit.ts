/**
 * Probability that an object of w×h samples/pixels, placed uniformly at random against
 * the sampling lattice of rate d (per axis [d_y, d_x]), covers at least one tap position:
 * min(w, d_x)·min(h, d_y) / (d_x·d_y). For 1-D pass one rate: min(w, d)/d (h is ignored).
 * A 5×3 object against rate 8 is touched with probability 5·3/64 = 15/64.
 */
export function objectHitProbability(
  object: readonly [number, number],
  dilation: readonly number[],
): number {
  const [w, h] = object;
  if (dilation.length === 1) {
    const d = dilation[0];
    return Math.min(w, d) / d;
  }
  const [dy, dx] = dilation;
  return (Math.min(w, dx) * Math.min(h, dy)) / (dx * dy);
}
