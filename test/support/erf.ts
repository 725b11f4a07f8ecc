/** Helpers of the ERF tests: Pearson correlation and an ERF window placed on the full input. */

/** Pearson correlation of two equal-length series (the textbook two-pass formula). */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** The full-input ERF from the result's window (normalised like the result: max 1). */
export function fullMap(
  r: { erf: number[][]; windowStart: number[] },
  H: number,
  W: number,
): Float64Array {
  const out = new Float64Array(H * W);
  r.erf.forEach((row, i) => {
    row.forEach((v, j) => {
      const y = i + r.windowStart[0];
      const x = j + r.windowStart[1];
      if (y >= 0 && y < H && x >= 0 && x < W) out[y * W + x] = v;
    });
  });
  return out;
}
