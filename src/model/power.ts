/**
 * Frequency analysis of a learned multi-channel conv layer (design.md, mathematics 11).
 *
 * With weights w[co][cj][n] (C_out × C_in/groups kernels, n over the kernel, taps d·n
 * apart), K(ω) is the C_out × C_in matrix with entries K[co][ci](ω) = Σ_n w[co][cj][n]
 * e^{−i ω·d·n} (ci = group(co)·C_in/groups + cj; zero outside the group: block diagonal).
 *
 * Power response: P(ω) = ‖K(ω)‖²_F / C_in, the mean output power per unit input power for
 * white, channel-independent input. It is exact from the summed autocorrelation
 * r[m] = Σ_{co,cj} Σ_n w[co][cj][n]·w[co][cj][n+m]:  P(ω) = (1/C_in) Σ_m r[m] cos(ω·d·m)
 * (r is even, so the sum is real), a trigonometric polynomial of degree d·(k−1).
 *
 * Singular values: σ_max(ω) and σ_min(ω) (the min(C_out, C_in)-th) of K(ω), the largest
 * and smallest gain over input directions; from the eigenvalues of the Hermitian
 * K_g^H K_g (or K_g K_g^H, the smaller) of each group block g, by cyclic Jacobi on its
 * real 2m×2m form (each eigenvalue appears twice there).
 */
import type { ModelConvNode as ConvNode } from './types.ts';

/** Summed autocorrelation of a conv layer's kernels, with its lag extents. */
export interface Autocorrelation {
  /** Lags per axis run −(k−1)..(k−1): shape [2k−1] or [2k_y−1, 2k_x−1], row-major. */
  readonly shape: readonly number[];
  readonly r: Float64Array;
  /** C_in of the layer (the divisor of P). */
  readonly channelsIn: number;
  readonly dilation: readonly number[];
}

/**
 * Σ over kernels of the autocorrelation of each kernel (1-D or 2-D), see the module doc,
 * through the Gram matrix of the taps G = Σ_q s_q²·w_q w_qᵀ (s_q the output channel's
 * folded batch-norm scale): r[m] = Σ_n G[n][n+m]. O(kernels·taps²/2).
 */
export function summedAutocorrelation(
  conv: Pick<ConvNode, 'raw' | 'outputScale' | 'size' | 'channelsIn' | 'channels' | 'dilation'>,
): Autocorrelation {
  const k = conv.size;
  const per = k.reduce((a, b) => a * b, 1);
  const kernels = conv.raw.length / per;
  const perOut = kernels / conv.channels;
  const G = gram(conv.raw, per, kernels, perOut, conv.outputScale);
  if (k.length === 1) {
    const K = k[0];
    const r = new Float64Array(2 * K - 1);
    for (let i = 0; i < K; i++) {
      for (let j = i; j < K; j++) {
        const m = j - i;
        r[K - 1 + m] += G[i * K + j];
        if (m > 0) r[K - 1 - m] += G[i * K + j];
      }
    }
    return { shape: [2 * K - 1], r, channelsIn: conv.channelsIn, dilation: conv.dilation };
  }
  const [ky, kx] = k;
  const ry = 2 * ky - 1;
  const rx = 2 * kx - 1;
  const r = new Float64Array(ry * rx);
  for (let i = 0; i < per; i++) {
    for (let j = i; j < per; j++) {
      const g = G[i * per + j];
      const my = Math.floor(j / kx) - Math.floor(i / kx);
      const mx = (j % kx) - (i % kx);
      r[(my + ky - 1) * rx + mx + kx - 1] += g;
      if (j !== i) r[(-my + ky - 1) * rx - mx + kx - 1] += g;
    }
  }
  return { shape: [ry, rx], r, channelsIn: conv.channelsIn, dilation: conv.dilation };
}

/** Upper triangle of Σ_q s_q²·w_q w_qᵀ over the kernels w_q (row-major per×per). */
function gram(
  w: Float32Array | Float64Array,
  per: number,
  kernels: number,
  perOut: number,
  scale: Float64Array | null,
): Float64Array {
  const G = new Float64Array(per * per);
  const acc = new Float64Array(per * per);
  const channels = kernels / perOut;
  for (let co = 0; co < channels; co++) {
    const base = co * perOut * per;
    if (per === 1) {
      let s = 0;
      for (let q = 0; q < perOut; q++) s += w[base + q] * w[base + q];
      acc[0] = s;
    } else if (per === 9) {
      gram9(w, base, perOut, acc);
    } else {
      for (let q = 0; q < perOut; q++) {
        const o = base + q * per;
        for (let i = 0; i < per; i++) {
          const wi = w[o + i];
          if (wi === 0) continue;
          const row = i * per;
          for (let j = i; j < per; j++) acc[row + j] += wi * w[o + j];
        }
      }
    }
    flush(G, acc, scale ? scale[co] ** 2 : 1);
  }
  return G;
}

/**
 * The upper triangle of Σ_q w_q w_qᵀ for 3×3 kernels (the common case: a ResNet has
 * millions of them), the 9 taps held in locals: 45 multiply-adds per kernel, into `acc`.
 */
function gram9(
  w: Float32Array | Float64Array,
  base: number,
  count: number,
  acc: Float64Array,
): void {
  let a00 = 0,
    a01 = 0,
    a02 = 0,
    a03 = 0,
    a04 = 0,
    a05 = 0,
    a06 = 0,
    a07 = 0,
    a08 = 0;
  let a11 = 0,
    a12 = 0,
    a13 = 0,
    a14 = 0,
    a15 = 0,
    a16 = 0,
    a17 = 0,
    a18 = 0;
  let a22 = 0,
    a23 = 0,
    a24 = 0,
    a25 = 0,
    a26 = 0,
    a27 = 0,
    a28 = 0;
  let a33 = 0,
    a34 = 0,
    a35 = 0,
    a36 = 0,
    a37 = 0,
    a38 = 0;
  let a44 = 0,
    a45 = 0,
    a46 = 0,
    a47 = 0,
    a48 = 0;
  let a55 = 0,
    a56 = 0,
    a57 = 0,
    a58 = 0;
  let a66 = 0,
    a67 = 0,
    a68 = 0;
  let a77 = 0,
    a78 = 0;
  let a88 = 0;
  for (let q = 0, o = base; q < count; q++, o += 9) {
    const w0 = w[o],
      w1 = w[o + 1],
      w2 = w[o + 2],
      w3 = w[o + 3],
      w4 = w[o + 4];
    const w5 = w[o + 5],
      w6 = w[o + 6],
      w7 = w[o + 7],
      w8 = w[o + 8];
    a00 += w0 * w0;
    a01 += w0 * w1;
    a02 += w0 * w2;
    a03 += w0 * w3;
    a04 += w0 * w4;
    a05 += w0 * w5;
    a06 += w0 * w6;
    a07 += w0 * w7;
    a08 += w0 * w8;
    a11 += w1 * w1;
    a12 += w1 * w2;
    a13 += w1 * w3;
    a14 += w1 * w4;
    a15 += w1 * w5;
    a16 += w1 * w6;
    a17 += w1 * w7;
    a18 += w1 * w8;
    a22 += w2 * w2;
    a23 += w2 * w3;
    a24 += w2 * w4;
    a25 += w2 * w5;
    a26 += w2 * w6;
    a27 += w2 * w7;
    a28 += w2 * w8;
    a33 += w3 * w3;
    a34 += w3 * w4;
    a35 += w3 * w5;
    a36 += w3 * w6;
    a37 += w3 * w7;
    a38 += w3 * w8;
    a44 += w4 * w4;
    a45 += w4 * w5;
    a46 += w4 * w6;
    a47 += w4 * w7;
    a48 += w4 * w8;
    a55 += w5 * w5;
    a56 += w5 * w6;
    a57 += w5 * w7;
    a58 += w5 * w8;
    a66 += w6 * w6;
    a67 += w6 * w7;
    a68 += w6 * w8;
    a77 += w7 * w7;
    a78 += w7 * w8;
    a88 += w8 * w8;
  }
  const rows = [
    [a00, a01, a02, a03, a04, a05, a06, a07, a08],
    [a11, a12, a13, a14, a15, a16, a17, a18],
    [a22, a23, a24, a25, a26, a27, a28],
    [a33, a34, a35, a36, a37, a38],
    [a44, a45, a46, a47, a48],
    [a55, a56, a57, a58],
    [a66, a67, a68],
    [a77, a78],
    [a88],
  ];
  rows.forEach((r, i) => {
    r.forEach((v, k) => {
      acc[i * 9 + i + k] += v;
    });
  });
}

function flush(G: Float64Array, acc: Float64Array, s: number): void {
  for (let i = 0; i < G.length; i++) {
    G[i] += s * acc[i];
    acc[i] = 0;
  }
}

/**
 * P(ω) = (1/C_in) Σ_m r[m] cos(ω·d·m) at ω (rad/sample of the layer's input map): a number
 * for 1-D, `[ωy, ωx]` for 2-D. Exact (no FFT grid).
 */
export function powerAt(ac: Autocorrelation, w: number | readonly number[]): number {
  const { r, shape, dilation } = ac;
  if (shape.length === 1) {
    const wx = typeof w === 'number' ? w : w[0];
    const K = (shape[0] + 1) / 2;
    let s = r[K - 1];
    for (let m = 1; m < K; m++) s += 2 * r[K - 1 + m] * Math.cos(wx * dilation[0] * m);
    return s / ac.channelsIn;
  }
  const [wy, wx] = typeof w === 'number' ? [0, w] : w;
  const [ry, rx] = shape;
  const cy = (ry - 1) / 2;
  const cx = (rx - 1) / 2;
  let s = 0;
  for (let i = 0; i < ry; i++) {
    for (let j = 0; j < rx; j++) {
      s += r[i * rx + j] * Math.cos(wy * dilation[0] * (i - cy) + wx * dilation[1] * (j - cx));
    }
  }
  return s / ac.channelsIn;
}

/**
 * The 1-D autocorrelation of an axis cut of a 2-D layer: the cut P(0, ωx) (axis 'x') or
 * P(ωy, 0) ('y') equals the power of the 1-D kernels summed over the other axis, and its
 * autocorrelation is the 2-D one summed over the other axis's lags. A 1-D layer is its own cut.
 */
export function cutAutocorrelation(ac: Autocorrelation, axis: 'x' | 'y'): Autocorrelation {
  if (ac.shape.length === 1) return ac;
  const [ry, rx] = ac.shape;
  const along = axis === 'x' ? rx : ry;
  const r = new Float64Array(along);
  for (let i = 0; i < ry; i++)
    for (let j = 0; j < rx; j++) r[axis === 'x' ? j : i] += ac.r[i * rx + j];
  return {
    shape: [along],
    r,
    channelsIn: ac.channelsIn,
    dilation: [ac.dilation[axis === 'x' ? 1 : 0]],
  };
}

/** Largest min(C_out, C_in)/groups for which singular values are computed. */
export const MAX_SVD_CHANNELS = 32;

/**
 * Eigenvalues of a real symmetric n×n matrix (row-major, its lower triangle overwritten),
 * ascending: Householder reduction to tridiagonal form ((2/3)·n³ multiply-adds) and the
 * implicit QL method with Wilkinson shifts on the tridiagonal (O(n²)), as EISPACK's
 * tred1/tql1; about ten times fewer operations than cyclic Jacobi, to ~1e-14 relative.
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Householder: row i (from the last) is reflected onto its subdiagonal entry e[i].
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    const row = i * n;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[row + k]);
      if (scale === 0) {
        e[i] = a[row + l];
      } else {
        for (let k = 0; k <= l; k++) {
          a[row + k] /= scale;
          h += a[row + k] * a[row + k];
        }
        let f = a[row + l];
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[row + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          let gg = 0;
          for (let k = 0; k <= j; k++) gg += a[j * n + k] * a[row + k];
          for (let k = j + 1; k <= l; k++) gg += a[k * n + j] * a[row + k];
          e[j] = gg / h;
          f += e[j] * a[row + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          const ff = a[row + j];
          const gj = e[j] - hh * ff;
          e[j] = gj;
          for (let k = 0; k <= j; k++) a[j * n + k] -= ff * e[k] + gj * a[row + k];
        }
      }
    } else {
      e[i] = a[row + l];
    }
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  // Implicit QL on the tridiagonal (diagonal d, subdiagonal e[1..n−1] shifted down).
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l || iter++ === 60) break;
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let underflow = false;
      for (let i = m - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort();
}

/**
 * σ_min and σ_max of K(ω) at ω (a number in 1-D, `[ωy, ωx]` in 2-D, rad/sample of the
 * layer's input map); null when min(C_out, C_in)/groups exceeds MAX_SVD_CHANNELS.
 */
export function singularValuesAt(
  conv: Pick<
    ConvNode,
    'raw' | 'outputScale' | 'size' | 'channelsIn' | 'channels' | 'groups' | 'dilation'
  >,
  w: number | readonly number[],
): { min: number; max: number } | null {
  const g = conv.groups;
  const a = conv.channels / g; // outputs per group
  const b = conv.channelsIn / g; // inputs per group
  const m = Math.min(a, b);
  if (m > MAX_SVD_CHANNELS) return null;
  const k = conv.size;
  const per = k.reduce((x, y) => x * y, 1);
  const omega = typeof w === 'number' ? [w] : [...w];
  // Phase of each tap: ω·d·n per axis.
  const cos = new Float64Array(per);
  const sin = new Float64Array(per);
  for (let t = 0; t < per; t++) {
    let phase = 0;
    if (k.length === 1) phase = omega[omega.length - 1] * conv.dilation[0] * t;
    else {
      const y = Math.floor(t / k[1]);
      const x = t % k[1];
      phase =
        (omega.length === 2 ? omega[0] : 0) * conv.dilation[0] * y +
        omega[omega.length - 1] * conv.dilation[1] * x;
    }
    cos[t] = Math.cos(phase);
    sin[t] = -Math.sin(phase);
  }
  let smin = Number.POSITIVE_INFINITY;
  let smax = 0;
  const re = new Float64Array(a * b);
  const im = new Float64Array(a * b);
  const n2 = 2 * m;
  for (let gi = 0; gi < g; gi++) {
    for (let i = 0; i < a; i++) {
      for (let j = 0; j < b; j++) {
        const o = ((gi * a + i) * b + j) * per;
        let sr = 0;
        let si = 0;
        for (let t = 0; t < per; t++) {
          sr += conv.raw[o + t] * cos[t];
          si += conv.raw[o + t] * sin[t];
        }
        const sc = conv.outputScale ? conv.outputScale[gi * a + i] : 1;
        re[i * b + j] = sr * sc;
        im[i * b + j] = si * sc;
      }
    }
    // G = K K^H (a×a) when a ≤ b, else K^H K (b×b); its real form [[R, −I], [I, R]].
    const G = new Float64Array(n2 * n2);
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < m; q++) {
        let gr = 0;
        let gim = 0;
        if (a <= b) {
          for (let j = 0; j < b; j++) {
            // (K K^H)[p][q] = Σ_j K[p][j]·conj(K[q][j])
            gr += re[p * b + j] * re[q * b + j] + im[p * b + j] * im[q * b + j];
            gim += im[p * b + j] * re[q * b + j] - re[p * b + j] * im[q * b + j];
          }
        } else {
          for (let i = 0; i < a; i++) {
            // (K^H K)[p][q] = Σ_i conj(K[i][p])·K[i][q]
            gr += re[i * b + p] * re[i * b + q] + im[i * b + p] * im[i * b + q];
            gim += re[i * b + p] * im[i * b + q] - im[i * b + p] * re[i * b + q];
          }
        }
        G[p * n2 + q] = gr;
        G[(p + m) * n2 + q + m] = gr;
        G[(p + m) * n2 + q] = gim;
        G[p * n2 + q + m] = -gim;
      }
    }
    const ev = symmetricEigenvalues(G, n2);
    const lo = Math.sqrt(Math.max(0, ev[0]));
    const hi = Math.sqrt(Math.max(0, ev[n2 - 1]));
    if (lo < smin) smin = lo;
    if (hi > smax) smax = hi;
  }
  return { min: smin, max: smax };
}

/**
 * A conv layer's effective weights [C_out, C_in/groups, ...kernel]: the decoded weights
 * with a folded batch norm applied, w[co][…]·outputScale[co] (a new array).
 */
export function foldedWeights(
  conv: Pick<ConvNode, 'raw' | 'outputScale' | 'channels'>,
): Float64Array {
  const out = Float64Array.from(conv.raw);
  const s = conv.outputScale;
  if (!s) return out;
  const per = out.length / conv.channels;
  for (let co = 0; co < conv.channels; co++)
    for (let j = 0; j < per; j++) out[co * per + j] *= s[co];
  return out;
}
