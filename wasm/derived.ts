// AssemblyScript source of the WebAssembly SIMD kernel for the derived quantities of a
// frequency response (src/response/derived.ts): |H| = √(re² + im²), 20·log10|H| floored at
// −300 dB, and atan2(im, re) in (−π, π], two points at a time (f64x2).
//
// Built by scripts/build-wasm.mjs (asc, --enable simd, -O3) into src/response/derivedWasm.ts
// (the module's bytes in base64). Arrays live in the module's memory at byte offsets the
// caller passes, each padded to an even length, so a pair never straddles two arrays.
//
// log: a 256-entry table of 1/c and ln c with a Taylor series of log1p (no division; see
// `ln`), within about 3e−16 absolute of Math.log; atan2: fdlibm's s_atan.c polynomial
// aT0..aT10 after reducing |y|/|x| (or |x|/|y|) to [0, 1] and then to |t| ≤ 7/16, within
// about 1 ulp, as V8's Math.atan2 (also fdlibm).
//
// `linearPhase` is the whole derived pass of a linear-phase response (src/response/
// linearPhase.ts): from the real amplitude A it writes H = A·e^{−2πiu/M}, |A|, dB and the
// closed-form phase, with no atan2.

const DB_PER_NEPER: f64 = 20 / 2.302585092994046;
const DB_FLOOR: f64 = -300;
const MIN_NORMAL: f64 = 2.2250738585072014e-308;

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;

const AT0: f64 = 3.33333333333329318027e-1;
const AT1: f64 = -1.99999999998764832476e-1;
const AT2: f64 = 1.42857142725034663711e-1;
const AT3: f64 = -1.11111104054623557880e-1;
const AT4: f64 = 9.09088713343650656196e-2;
const AT5: f64 = -7.69187620504482999495e-2;
const AT6: f64 = 6.66107313738753120669e-2;
const AT7: f64 = -5.83357013379057348645e-2;
const AT8: f64 = 4.97687799461593236017e-2;
const AT9: f64 = -3.65315727442169155270e-2;
const AT10: f64 = 1.62858201153657823623e-2;
const ATAN_HALF_HI: f64 = 4.63647609000806093515e-1;
const ATAN_HALF_LO: f64 = 2.26987774529616870924e-17;
const ATAN_ONE_HI: f64 = 7.85398163397448278999e-1;
const ATAN_ONE_LO: f64 = 3.06161699786838301793e-17;
const PIO2_HI: f64 = 1.57079632679489655800e0;
const PIO2_LO: f64 = 6.12323399573676603587e-17;
const PI_HI: f64 = 3.1415926535897931160e0;
const PI_LO: f64 = 1.2246467991473531772e-16;

// @ts-expect-error: decorator
@inline
function splat(x: f64): v128 {
  return f64x2.splat(x);
}

// ln x by a 256-entry table instead of fdlibm's division: x = 2^k·m, m in [1, 2), i the top
// 8 bits of m's mantissa, c_i = 1 + (i + 1/2)/256, r = m·(1/c_i) − 1 (|r| < 1/512; the
// product rounds once and the subtraction is exact), ln x = k·ln2 + ln c_i + log1p(r) with
// log1p by its Taylor series to r⁵ (the rest is below r⁶/6 < 1e−17). Absolute error about
// 3e−16 (dB within 3e−15 of Math.log's), with no division: two table reads a pair.
const LN_TABLE: usize = memory.data(256 * 16, 16);
for (let i = 0; i < 256; i++) {
  const c: f64 = 1.0 + (<f64>i + 0.5) / 256.0;
  const inv: f64 = 1.0 / c;
  store<f64>(LN_TABLE + (<usize>i << 4), inv);
  store<f64>(LN_TABLE + (<usize>i << 4) + 8, -Math.log(inv));
}

/** ln x for normal positive finite lanes (others give garbage; the caller masks them). */
// @ts-expect-error: decorator
@inline
function ln(x: v128): v128 {
  const e = i64x2.shr_u(x, 52);
  // k as a double: (2^52 + e) − (2^52 + 1023), exact.
  const kf = f64x2.sub(
    v128.or(e, i64x2.splat(0x4330000000000000)),
    splat(4503599627370496.0 + 1023.0),
  );
  const m = v128.or(v128.and(x, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  // The byte offsets i·16 of both lanes' entries, from the top 8 mantissa bits.
  const at = v128.and(i64x2.shr_u(x, 40), i64x2.splat(0xff0));
  const t0 = v128.load(LN_TABLE + <usize>i64x2.extract_lane(at, 0));
  const t1 = v128.load(LN_TABLE + <usize>i64x2.extract_lane(at, 1));
  const inv = i64x2.shuffle(t0, t1, 0, 2);
  const logc = i64x2.shuffle(t0, t1, 1, 3);
  const r = f64x2.sub(f64x2.mul(m, inv), splat(1.0));
  // log1p(r) = r − r²/2 + r³/3 − r⁴/4 + r⁵/5
  let p = f64x2.add(splat(-1.0 / 4.0), f64x2.mul(r, splat(1.0 / 5.0)));
  p = f64x2.add(splat(1.0 / 3.0), f64x2.mul(r, p));
  p = f64x2.add(splat(-0.5), f64x2.mul(r, p));
  const l1p = f64x2.add(r, f64x2.mul(f64x2.mul(r, r), p));
  // k·ln2_hi is exact (ln2_hi has 32 bits); then the small parts.
  return f64x2.add(
    f64x2.mul(kf, splat(LN2_HI)),
    f64x2.add(logc, f64x2.add(l1p, f64x2.mul(kf, splat(LN2_LO)))),
  );
}

/** max(20·log10 m, −300) of a pair of finite magnitudes (0 and subnormals give −300). */
// @ts-expect-error: decorator
@inline
function decibels2(m: v128): v128 {
  // pmax is one instruction (max's NaN and −0 rules cost several; no NaN reaches it here).
  const d = f64x2.pmax(f64x2.mul(ln(m), splat(DB_PER_NEPER)), splat(DB_FLOOR));
  return v128.bitselect(d, splat(DB_FLOOR), f64x2.ge(m, splat(MIN_NORMAL)));
}

/** All-ones lanes where m is +∞ or NaN (the lanes `fixSpecial` redoes). */
// @ts-expect-error: decorator
@inline
function special(m: v128): v128 {
  return v128.or(f64x2.eq(m, splat(Infinity)), f64x2.ne(m, m));
}

/**
 * Redoes, one value at a time, the points whose magnitude came out +∞ or NaN: the squares
 * overflowed (|H| is hypot(re, im) then; `re` 0 means the magnitude is final) or the input
 * was not finite; dB is max(20·log10|H|, −300) by Math.log (+∞ stays +∞, NaN stays NaN).
 * Kept out of the vector loops, whose registers a call would spill.
 */
function fixSpecial(re: usize, im: usize, mag: usize, db: usize, n: i32): void {
  for (let j = 0; j < n; j++) {
    const o = (<usize>j) << 3;
    let m = load<f64>(mag + o);
    if (m === Infinity || m !== m) {
      if (re !== 0) {
        m = Math.hypot(load<f64>(re + o), load<f64>(im + o));
        store<f64>(mag + o, m);
      }
      store<f64>(db + o, Math.max(Math.log(m) * DB_PER_NEPER, DB_FLOOR));
    }
  }
}

/**
 * mag[j] = √(re[j]² + im[j]²) (hypot where the squares overflow) and
 * db[j] = max(20·log10 mag[j], −300), j = 0..n−1. Arguments are byte offsets.
 */
export function magnitudeDb(re: usize, im: usize, mag: usize, db: usize, n: i32): void {
  let odd = splat(0.0);
  for (let j = 0; j < n; j += 2) {
    const o = (<usize>j) << 3;
    const r = v128.load(re + o);
    const i = v128.load(im + o);
    const m = f64x2.sqrt(f64x2.add(f64x2.mul(r, r), f64x2.mul(i, i)));
    v128.store(mag + o, m);
    v128.store(db + o, decibels2(m));
    odd = v128.or(odd, special(m));
  }
  if (v128.any_true(odd)) fixSpecial(re, im, mag, db, n);
}

/**
 * atan(a/b) for 0 ≤ a ≤ b (fdlibm s_atan.c and its three reductions below 1), with one
 * division: t = a/b in [0, 7/16) is used as it is, [7/16, 11/16) as atan(1/2) + atan(t′) with
 * t′ = (2t − 1)/(2 + t) = (2a − b)/(2b + a), [11/16, 1] as atan(1) + atan(t′) with
 * t′ = (t − 1)/(t + 1) = (a − b)/(a + b). b = 0 (then a = 0) gives 0.
 */
// @ts-expect-error: decorator
@inline
function atanRatio(a: v128, b: v128): v128 {
  const a16 = f64x2.mul(a, splat(16.0));
  const zero = f64x2.eq(b, splat(0.0));
  const mid = v128.andnot(f64x2.ge(a16, f64x2.mul(b, splat(7.0))), zero);
  const high = v128.andnot(f64x2.ge(a16, f64x2.mul(b, splat(11.0))), zero);
  const num = v128.bitselect(
    f64x2.sub(a, b),
    v128.bitselect(f64x2.sub(f64x2.add(a, a), b), a, mid),
    high,
  );
  let den = v128.bitselect(f64x2.add(a, b), v128.bitselect(f64x2.add(f64x2.add(b, b), a), b, mid), high);
  den = v128.bitselect(splat(1.0), den, zero);
  const x = f64x2.div(num, den);
  const hi = v128.bitselect(
    splat(ATAN_ONE_HI),
    v128.bitselect(splat(ATAN_HALF_HI), splat(0.0), mid),
    high,
  );
  const lo = v128.bitselect(
    splat(ATAN_ONE_LO),
    v128.bitselect(splat(ATAN_HALF_LO), splat(0.0), mid),
    high,
  );
  const z = f64x2.mul(x, x);
  const w = f64x2.mul(z, z);
  const s1 = f64x2.mul(
    z,
    f64x2.add(
      splat(AT0),
      f64x2.mul(
        w,
        f64x2.add(
          splat(AT2),
          f64x2.mul(
            w,
            f64x2.add(
              splat(AT4),
              f64x2.mul(
                w,
                f64x2.add(splat(AT6), f64x2.mul(w, f64x2.add(splat(AT8), f64x2.mul(w, splat(AT10))))),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const s2 = f64x2.mul(
    w,
    f64x2.add(
      splat(AT1),
      f64x2.mul(
        w,
        f64x2.add(
          splat(AT3),
          f64x2.mul(w, f64x2.add(splat(AT5), f64x2.mul(w, f64x2.add(splat(AT7), f64x2.mul(w, splat(AT9)))))),
        ),
      ),
    ),
  );
  // hi − ((x·(s1 + s2) − lo) − x)
  return f64x2.sub(hi, f64x2.sub(f64x2.sub(f64x2.mul(x, f64x2.add(s1, s2)), lo), x));
}

/** atan2(y, x) of a pair in (−π, π], −π reported as π. */
// @ts-expect-error: decorator
@inline
function phase2(x: v128, y: v128): v128 {
  const ax = f64x2.abs(x);
  const ay = f64x2.abs(y);
  const swap = f64x2.gt(ay, ax);
  let a = atanRatio(v128.bitselect(ax, ay, swap), v128.bitselect(ay, ax, swap));
  // |y| > |x|: π/2 − a; x < 0 (sign bit, so −0 too): π − a; y < 0: −a.
  a = v128.bitselect(f64x2.sub(splat(PIO2_HI), f64x2.sub(a, splat(PIO2_LO))), a, swap);
  a = v128.bitselect(f64x2.sub(splat(PI_HI), f64x2.sub(a, splat(PI_LO))), a, i64x2.shr_s(x, 63));
  a = v128.or(a, v128.and(y, i64x2.splat(0x8000000000000000)));
  return v128.bitselect(splat(PI_HI), a, f64x2.eq(a, splat(-PI_HI)));
}

/** out[j] = atan2(im[j], re[j]) in (−π, π] (−π is reported as π), j = 0..n−1 (byte offsets). */
export function phase(re: usize, im: usize, out: usize, n: i32): void {
  for (let j = 0; j < n; j += 2) {
    const o = (<usize>j) << 3;
    v128.store(out + o, phase2(v128.load(re + o), v128.load(im + o)));
  }
}

/** `magnitudeDb` and `phase` in one pass over re and im (byte offsets). */
export function all(re: usize, im: usize, mag: usize, db: usize, ph: usize, n: i32): void {
  let odd = splat(0.0);
  for (let j = 0; j < n; j += 2) {
    const o = (<usize>j) << 3;
    const r = v128.load(re + o);
    const i = v128.load(im + o);
    const m = f64x2.sqrt(f64x2.add(f64x2.mul(r, r), f64x2.mul(i, i)));
    v128.store(mag + o, m);
    v128.store(db + o, decibels2(m));
    v128.store(ph + o, phase2(r, i));
    odd = v128.or(odd, special(m));
  }
  if (v128.any_true(odd)) fixSpecial(re, im, mag, db, n);
}

const PI: f64 = 3.141592653589793;

/**
 * The derived pass of a linear-phase response H[j] = A[j]·e^{−2πi·u_j/M}, u_j = cm·j mod M
 * (src/response/linearPhase.ts), j = j0..j0+n−1, from the real amplitude a[j] (byte offsets;
 * arrays padded to a multiple of 4), four points at a time (two f64x2 pairs, so that two
 * independent rotations keep the multipliers busy):
 * - re, im = A·z_j, z_j = e^{−2πi·u_j/M}: the pair (j, j+1) is re-read every 64 points from
 *   `anchors` (for block b: re of z at 64b and 64b + 1, then im of both, 4 doubles), the pair
 *   (j+2, j+3) is that times z_2 = (sr + i·si), and both are stepped by z_4 = z_2², so the
 *   recurrence adds at most ~32 ulp;
 * - mag = |A|, db = max(20·log10|A|, −300);
 * - ph = the angle of z_j, plus π where A < 0, in (−π, π]: v = u_j (+ M/2 where A < 0,
 *   mod M), ph = −2πv/M for 2v < M, π for 2v = M, 2π(M − v)/M above, +0 for v = 0; where
 *   2v = M, im is +0, so that atan2(im, re) = π as well.
 * The block starts at grid point j0 (a multiple of 64; a, the outputs and `anchors` start
 * there): u0 = cm·j0 mod M. M must be even. Returns 1 when some A is exactly 0 (the phase
 * there needs the signed zeros of re and im: the caller writes atan2 there; a padding lane may
 * report one too), else 0. A magnitude that is +∞ or NaN (seen as a sum that is not finite,
 * or that overflowed: then every point is checked) is redone by `fixSpecial`.
 */
export function linearPhase(
  a: usize,
  anchors: usize,
  re: usize,
  im: usize,
  mag: usize,
  db: usize,
  ph: usize,
  n: i32,
  m: f64,
  cm: f64,
  sr: f64,
  si: f64,
  u0: f64,
): i32 {
  const vm = splat(m);
  const vhalf = splat(m * 0.5);
  const scale = splat((2.0 * PI) / m);
  const c2 = cm + cm >= m ? cm + cm - m : cm + cm;
  const step4 = splat(c2 + c2 >= m ? c2 + c2 - m : c2 + c2);
  const vsr = splat(sr);
  const vsi = splat(si);
  // z_4 = z_2².
  const qr = splat(sr * sr - si * si);
  const qi = splat(2 * sr * si);
  const u1 = u0 + cm;
  let ua = f64x2.replace_lane(splat(u0), 1, u1 >= m ? u1 - m : u1);
  let ub = f64x2.add(ua, splat(c2));
  ub = f64x2.sub(ub, v128.and(vm, f64x2.ge(ub, vm)));
  let zr = splat(1.0);
  let zi = splat(0.0);
  let wr = splat(1.0);
  let wi = splat(0.0);
  // Σ|A| (not finite when some |A| is +∞ or NaN) and min |A| (0 when some A is 0).
  let sum = splat(0.0);
  let low = splat(Infinity);
  for (let j = 0; j < n; j += 4) {
    const o = (<usize>j) << 3;
    if ((j & 63) === 0) {
      const q = anchors + ((<usize>j >> 6) << 5);
      zr = v128.load(q);
      zi = v128.load(q + 16);
      wr = f64x2.sub(f64x2.mul(zr, vsr), f64x2.mul(zi, vsi));
      wi = f64x2.add(f64x2.mul(zr, vsi), f64x2.mul(zi, vsr));
    }
    const A = v128.load(a + o);
    const B = v128.load(a + o + 16);
    const absA = f64x2.abs(A);
    const absB = f64x2.abs(B);
    v128.store(re + o, f64x2.mul(A, zr));
    v128.store(re + o + 16, f64x2.mul(B, wr));
    v128.store(mag + o, absA);
    v128.store(mag + o + 16, absB);
    v128.store(db + o, decibels2(absA));
    v128.store(db + o + 16, decibels2(absB));
    sum = f64x2.add(sum, f64x2.add(absA, absB));
    low = f64x2.pmin(low, f64x2.pmin(absA, absB));
    // v = u + M/2 where A < 0, reduced mod M; the phase is ((v ≥ M/2 ? M : 0) − v)·2π/M:
    // −2πv/M below M/2, π at M/2, 2π(M − v)/M above, +0 at 0 (0 − 0 is +0).
    // Where v = M/2 (H real and negative, phase π) im is +0, so that atan2(im, re) is π too
    // (the rotated twiddle's imaginary part is only ~1e−16 there, of either sign).
    let v = f64x2.add(ua, v128.and(vhalf, f64x2.lt(A, splat(0.0))));
    v = f64x2.sub(v, v128.and(vm, f64x2.ge(v, vm)));
    v128.store(ph + o, f64x2.mul(f64x2.sub(v128.and(vm, f64x2.ge(v, vhalf)), v), scale));
    v128.store(im + o, v128.andnot(f64x2.mul(A, zi), f64x2.eq(v, vhalf)));
    let w = f64x2.add(ub, v128.and(vhalf, f64x2.lt(B, splat(0.0))));
    w = f64x2.sub(w, v128.and(vm, f64x2.ge(w, vm)));
    v128.store(ph + o + 16, f64x2.mul(f64x2.sub(v128.and(vm, f64x2.ge(w, vhalf)), w), scale));
    v128.store(im + o + 16, v128.andnot(f64x2.mul(B, wi), f64x2.eq(w, vhalf)));
    // Next four points: z ← z·z_4, u ← u + 4·cm mod M.
    const nr = f64x2.sub(f64x2.mul(zr, qr), f64x2.mul(zi, qi));
    zi = f64x2.add(f64x2.mul(zr, qi), f64x2.mul(zi, qr));
    zr = nr;
    const mr = f64x2.sub(f64x2.mul(wr, qr), f64x2.mul(wi, qi));
    wi = f64x2.add(f64x2.mul(wr, qi), f64x2.mul(wi, qr));
    wr = mr;
    ua = f64x2.add(ua, step4);
    ua = f64x2.sub(ua, v128.and(vm, f64x2.ge(ua, vm)));
    ub = f64x2.add(ub, step4);
    ub = f64x2.sub(ub, v128.and(vm, f64x2.ge(ub, vm)));
  }
  const total = f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
  if (!(total < Infinity)) fixSpecial(0, 0, mag, db, n);
  return v128.any_true(f64x2.eq(low, splat(0.0))) ? 1 : 0;
}

/**
 * a[j] ← a[j]·A_f[j], j = 0..len−1, for one factor of a linear-phase product
 * (src/response/linearPhase.ts): A_f[j] = c_0 + Σ_{t=1}^{h} c_t·cos[(t·s·j) mod M], read from
 * the table of cos(2πi/M) at `cos` (the JavaScript twiddle table's real parts, so the sum is
 * the same, term by term, as the JavaScript loop's); c = the h + 1 doubles at `coef`
 * (c_0 = w_h, c_t = 2·w_{h+t}); 0 ≤ s < M. Byte offsets; `a` padded to even length.
 */
export function amplitudeFactor(
  a: usize,
  cos: usize,
  len: i32,
  coef: usize,
  h: i32,
  s: i32,
  m: i32,
): void {
  const c0 = load<f64>(coef);
  const c1 = load<f64>(coef + 8);
  const vc0 = splat(c0);
  const vc1 = splat(c1);
  const s2 = s + s >= m ? s + s - m : s + s;
  let i0: i32 = 0;
  let i1: i32 = s;
  for (let j = 0; j < len; j += 2) {
    const o = (<usize>j) << 3;
    let f: v128;
    if (h === 1) {
      const x = f64x2.replace_lane(
        f64x2.splat(load<f64>(cos + (<usize>i0 << 3))),
        1,
        load<f64>(cos + (<usize>i1 << 3)),
      );
      f = f64x2.add(vc0, f64x2.mul(vc1, x));
    } else {
      let f0 = c0;
      let f1 = c0;
      let t0: i32 = 0;
      let t1: i32 = 0;
      for (let t = 1; t <= h; t++) {
        t0 += i0;
        if (t0 >= m) t0 -= m;
        t1 += i1;
        if (t1 >= m) t1 -= m;
        const ct = load<f64>(coef + (<usize>t << 3));
        f0 += ct * load<f64>(cos + (<usize>t0 << 3));
        f1 += ct * load<f64>(cos + (<usize>t1 << 3));
      }
      f = f64x2.replace_lane(f64x2.splat(f0), 1, f1);
    }
    v128.store(a + o, f64x2.mul(v128.load(a + o), f));
    i0 += s2;
    if (i0 >= m) i0 -= m;
    i1 += s2;
    if (i1 >= m) i1 -= m;
  }
}

/**
 * a[j] = a[p − j] for j = from..to−1 (byte offset a; the mirror of an even function of period
 * p, read from below p − from, which the caller keeps at or below `from`), two at a time.
 */
export function mirror(a: usize, from: i32, to: i32, p: i32): void {
  let j = from;
  for (; j + 1 < to; j += 2) {
    const v = v128.load(a + (<usize>(p - j - 1) << 3));
    v128.store(a + (<usize>j << 3), i64x2.shuffle(v, v, 1, 0));
  }
  if (j < to) store<f64>(a + (<usize>j << 3), load<f64>(a + (<usize>(p - j) << 3)));
}
