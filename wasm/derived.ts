// AssemblyScript source of the WebAssembly SIMD kernel for the derived quantities of a
// frequency response (src/response/derived.ts): |H| = √(re² + im²), 20·log10|H| floored at
// −300 dB, and atan2(im, re) in (−π, π], two points at a time (f64x2).
//
// Built by scripts/build-wasm.mjs (asc, --enable simd, -O3) into src/response/derivedWasm.ts
// (the module's bytes in base64). Arrays live in the module's memory at byte offsets the
// caller passes, each padded to an even length, so a pair never straddles two arrays.
//
// log: fdlibm's e_log.c (argument reduction x = 2^k·m, m in [√2/2, √2), log(1+f) by the
// Lg1..Lg7 polynomial in s = f/(2 + f)); atan2: fdlibm's s_atan.c polynomial aT0..aT10
// after reducing |y|/|x| (or |x|/|y|) to [0, 1] and then to |t| ≤ 7/16. Both stay within
// about 1 ulp of the correctly rounded value, as V8's Math.log and Math.atan2 (also fdlibm).

const DB_PER_NEPER: f64 = 20 / 2.302585092994046;
const DB_FLOOR: f64 = -300;
const MIN_NORMAL: f64 = 2.2250738585072014e-308;

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

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

/** ln x for normal positive finite lanes (others give garbage; the caller masks them). */
// @ts-expect-error: decorator
@inline
function ln(x: v128): v128 {
  // hx += 0x3ff00000 − 0x3fe6a09e on the high word, so that m lands in [√2/2, √2).
  const b = i64x2.add(x, i64x2.splat(0x00095f6200000000));
  const e = i64x2.shr_u(b, 52);
  // k as a double: 2^52 + e − 2^52 − 1023 (exact).
  const kf = f64x2.sub(
    v128.or(e, i64x2.splat(0x4330000000000000)),
    splat(4503599627370496.0 + 1023.0),
  );
  const mb = i64x2.add(v128.and(b, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3fe6a09e00000000));
  const f = f64x2.sub(mb, splat(1.0));
  const hfsq = f64x2.mul(splat(0.5), f64x2.mul(f, f));
  const s = f64x2.div(f, f64x2.add(splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(
    w,
    f64x2.add(splat(LG2), f64x2.mul(w, f64x2.add(splat(LG4), f64x2.mul(w, splat(LG6))))),
  );
  const t2 = f64x2.mul(
    z,
    f64x2.add(
      splat(LG1),
      f64x2.mul(
        w,
        f64x2.add(splat(LG3), f64x2.mul(w, f64x2.add(splat(LG5), f64x2.mul(w, splat(LG7))))),
      ),
    ),
  );
  const r = f64x2.add(t2, t1);
  // k·ln2_hi − ((hfsq − (s·(hfsq + R) + k·ln2_lo)) − f)
  return f64x2.sub(
    f64x2.mul(kf, splat(LN2_HI)),
    f64x2.sub(
      f64x2.sub(
        hfsq,
        f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.mul(kf, splat(LN2_LO))),
      ),
      f,
    ),
  );
}

/** |H| of a pair: √(re² + im²), hypot where the squares overflow. */
// @ts-expect-error: decorator
@inline
function magnitude2(r: v128, i: v128): v128 {
  let m = f64x2.sqrt(f64x2.add(f64x2.mul(r, r), f64x2.mul(i, i)));
  if (v128.any_true(f64x2.eq(m, splat(Infinity)))) {
    m = f64x2.replace_lane(m, 0, Math.hypot(f64x2.extract_lane(r, 0), f64x2.extract_lane(i, 0)));
    m = f64x2.replace_lane(m, 1, Math.hypot(f64x2.extract_lane(r, 1), f64x2.extract_lane(i, 1)));
  }
  return m;
}

/** max(20·log10 m, −300) of a pair of magnitudes. */
// @ts-expect-error: decorator
@inline
function decibels2(m: v128): v128 {
  // Normal finite magnitudes through the polynomial; 0 and subnormals are below −300 dB.
  let d = f64x2.max(f64x2.mul(ln(m), splat(DB_PER_NEPER)), splat(DB_FLOOR));
  d = v128.bitselect(d, splat(DB_FLOOR), f64x2.ge(m, splat(MIN_NORMAL)));
  if (v128.any_true(v128.or(f64x2.eq(m, splat(Infinity)), f64x2.ne(m, m)))) {
    const a = f64x2.extract_lane(m, 0);
    const b = f64x2.extract_lane(m, 1);
    d = f64x2.replace_lane(d, 0, Math.max(Math.log(a) * DB_PER_NEPER, DB_FLOOR));
    d = f64x2.replace_lane(d, 1, Math.max(Math.log(b) * DB_PER_NEPER, DB_FLOOR));
  }
  return d;
}

/**
 * mag[j] = √(re[j]² + im[j]²) (hypot where the squares overflow) and
 * db[j] = max(20·log10 mag[j], −300), j = 0..n−1. Arguments are byte offsets.
 */
export function magnitudeDb(re: usize, im: usize, mag: usize, db: usize, n: i32): void {
  for (let j = 0; j < n; j += 2) {
    const o = (<usize>j) << 3;
    const m = magnitude2(v128.load(re + o), v128.load(im + o));
    v128.store(mag + o, m);
    v128.store(db + o, decibels2(m));
  }
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
  for (let j = 0; j < n; j += 2) {
    const o = (<usize>j) << 3;
    const r = v128.load(re + o);
    const i = v128.load(im + o);
    const m = magnitude2(r, i);
    v128.store(mag + o, m);
    v128.store(db + o, decibels2(m));
    v128.store(ph + o, phase2(r, i));
  }
}
