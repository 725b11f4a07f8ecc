/**
 * Direct evaluation of the DTFT H(ω) = Σ_n w_n e^{−iωn} of a 1-D kernel at arbitrary
 * frequencies (rad/sample), with taps at offsets `n·step` (step = dilation). This is the
 * exact reference: O(k) per frequency, no grid. Derivatives: d^m/dω^m H = Σ (−i n)^m w_n e^{−iωn}.
 */
export function dtft(
  weights: ArrayLike<number>,
  w: number,
  step = 1,
  derivative = 0,
): { re: number; im: number } {
  let re = 0;
  let im = 0;
  for (let n = 0; n < weights.length; n++) {
    const t = n * step;
    const a = -w * t;
    const c = weights[n];
    // (−i t)^m = t^m · (−i)^m
    let dre = 1;
    let dim = 0;
    for (let m = 0; m < derivative; m++) {
      [dre, dim] = [dim * t, -dre * t];
    }
    const cr = Math.cos(a);
    const ci = Math.sin(a);
    // c · (dre + i dim) · (cr + i ci)
    re += c * (dre * cr - dim * ci);
    im += c * (dre * ci + dim * cr);
  }
  return { re, im };
}

/** |H(ω)| of a 1-D kernel with taps `step` apart, by direct summation. */
export function dtftMagnitude(weights: ArrayLike<number>, w: number, step = 1): number {
  const { re, im } = dtft(weights, w, step);
  return Math.hypot(re, im);
}

/** H(ωy, ωx) of a 2-D kernel (rows×cols, row-major) dilated by [dy, dx], by direct summation. */
export function dtft2(
  weights: ArrayLike<number>,
  shape: readonly number[],
  wy: number,
  wx: number,
  dilation: readonly number[] = [1, 1],
): { re: number; im: number } {
  const [rows, cols] = shape;
  let re = 0;
  let im = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const a = -(wy * i * dilation[0] + wx * j * dilation[1]);
      const c = weights[i * cols + j];
      re += c * Math.cos(a);
      im += c * Math.sin(a);
    }
  }
  return { re, im };
}
