/**
 * Thins a curve for drawing: when it has more than `maxPoints` points, splits it into
 * ⌊maxPoints/2⌋ buckets of consecutive points and keeps each bucket's smallest and largest
 * y in x order, so dips (nulls) and peaks survive. Shorter curves are returned as is.
 */
export function decimateMinMax(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  maxPoints = 4000,
): { x: number[]; y: number[] } {
  const n = Math.min(xs.length, ys.length);
  if (n <= maxPoints) return { x: Array.from(xs).slice(0, n), y: Array.from(ys).slice(0, n) };
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const x: number[] = [];
  const y: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let iMin = lo;
    let iMax = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (ys[i] < ys[iMin]) iMin = i;
      if (ys[i] > ys[iMax]) iMax = i;
    }
    const first = Math.min(iMin, iMax);
    const second = Math.max(iMin, iMax);
    x.push(xs[first]);
    y.push(ys[first]);
    if (second !== first) {
      x.push(xs[second]);
      y.push(ys[second]);
    }
  }
  return { x, y };
}
