import { DERIVED_WASM_BASE64 } from './derivedWasm.ts';

/**
 * The derived quantities of complex samples H[j] = re[j] + i·im[j]: |H| = √(re² + im²)
 * (hypot where the squares overflow), 20·log10|H| in dB floored at DB_FLOOR (−300 dB; 0 and
 * |H| below 1e−15 give −300), and the phase atan2(im, re) in (−π, π] (−π reported as π).
 *
 * Two routes with equal results (log within ~3e−16 absolute, atan2 within about 1 ulp; tests
 * hold them to 1e−12): a WebAssembly SIMD kernel built from wasm/derived.ts (AssemblyScript,
 * f64x2 lanes: ln from a 128-entry table and a log1p series without division, fdlibm's atan
 * polynomial), used when the runtime validates it and the run is long enough to pay for
 * copying in and out; and plain JavaScript (Math.log, Math.atan2), the fallback everywhere
 * else. `linearPhaseInto` is the whole pass of a linear-phase response (linearPhase.ts): H,
 * |H|, dB and the closed-form phase from the real amplitude, no atan2.
 */

/** Points from which the WebAssembly route is taken (copying in and out costs ~1 ns a point). */
export const WASM_MIN_POINTS = 256;

/**
 * The floor of every magnitude in decibels: 20·log10|H| is reported as at least −300 dB
 * (|H| below 1e−15, or exactly 0), never −Infinity, so results stay valid JSON.
 */
export const DB_FLOOR = -300;

/** 20/ln 10: 20·log10(x) = ln(x)·DB_PER_NEPER (Math.log is faster than Math.log10 in V8). */
export const DB_PER_NEPER = 20 / Math.LN10;

interface Kernel {
  readonly memory: WebAssembly.Memory;
  magnitudeDb(re: number, im: number, mag: number, db: number, n: number): void;
  phase(re: number, im: number, out: number, n: number): void;
  all(re: number, im: number, mag: number, db: number, phase: number, n: number): void;
  linearPhase(
    a: number,
    anchors: number,
    re: number,
    im: number,
    mag: number,
    db: number,
    ph: number,
    n: number,
    m: number,
    cm: number,
    sr: number,
    si: number,
    u0: number,
  ): number;
  amplitudeFactor(
    a: number,
    cos: number,
    len: number,
    coef: number,
    h: number,
    s: number,
    m: number,
  ): void;
  mirror(a: number, from: number, to: number, p: number): void;
}

/**
 * Points per block of the linear-phase pass: its five outputs (80 KiB) stay in cache until
 * they are copied out. A multiple of 64 (the rotation's anchors).
 */
const LINEAR_BLOCK = 2048;

/** Where the arrays start in the module's memory (its data segments end below 8 KiB). */
const BASE = 1 << 16;

let kernel: Kernel | null | undefined;
let mode: 'auto' | 'js' = 'auto';

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const text = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** The compiled kernel, or null when this runtime has no WebAssembly SIMD (then JS runs). */
function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = decode(DERIVED_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: {
        abort: () => {
          throw new Error('internal: the derived-quantities kernel aborted');
        },
      },
    });
    kernel = instance.exports as unknown as Kernel;
  } catch {
    kernel = null;
  }
  return kernel;
}

/**
 * Which route `magnitudeDbInto` and `phaseInto` take for long runs: 'wasm' when the
 * WebAssembly kernel is loaded and not switched off, else 'js'.
 */
export function derivedBackend(): 'wasm' | 'js' {
  return mode === 'auto' && load() !== null ? 'wasm' : 'js';
}

/**
 * Chooses the route: 'auto' (WebAssembly when available, the default) or 'js' (always
 * JavaScript; benchmarks and tests compare the two). Returns the route now in effect.
 */
export function setDerivedBackend(next: 'auto' | 'js'): 'wasm' | 'js' {
  mode = next;
  return derivedBackend();
}

/** Float64Array views of `count` arrays of n (padded to even) doubles in the module's memory. */
function views(k: Kernel, n: number, count: number): Float64Array[] {
  cosTable = undefined;
  const n2 = (n + 1) & ~1;
  const need = BASE + count * n2 * 8;
  const have = k.memory.buffer.byteLength;
  if (have < need) k.memory.grow(Math.ceil((need - have) / 65536));
  const out: Float64Array[] = [];
  for (let a = 0; a < count; a++)
    out.push(new Float64Array(k.memory.buffer, BASE + a * n2 * 8, n2));
  return out;
}

/**
 * mag[j] = |H[j]| and db[j] = max(20·log10|H[j]|, −300) for j = 0..n−1 (re, im, mag, db of
 * length ≥ n).
 */
export function magnitudeDbInto(
  re: Float64Array,
  im: Float64Array,
  n: number,
  mag: Float64Array,
  db: Float64Array,
): void {
  const k = n >= WASM_MIN_POINTS && mode === 'auto' ? load() : null;
  if (k) {
    const [wr, wi, wm, wd] = views(k, n, 4);
    wr.set(re.subarray(0, n));
    wi.set(im.subarray(0, n));
    if (n & 1) {
      wr[n] = 0;
      wi[n] = 0;
    }
    k.magnitudeDb(wr.byteOffset, wi.byteOffset, wm.byteOffset, wd.byteOffset, n);
    mag.set(wm.subarray(0, n));
    db.set(wd.subarray(0, n));
    return;
  }
  // Two loops: V8 runs sqrt and log much faster apart than interleaved in one loop.
  for (let j = 0; j < n; j++) {
    const r = re[j];
    const i = im[j];
    mag[j] = Math.sqrt(r * r + i * i);
  }
  for (let j = 0; j < n; j++) {
    // Beyond ~1e154 the squares overflow: fall back to hypot.
    if (mag[j] === Number.POSITIVE_INFINITY) mag[j] = Math.hypot(re[j], im[j]);
  }
  for (let j = 0; j < n; j++) {
    const d = Math.log(mag[j]) * DB_PER_NEPER;
    db[j] = Math.max(d, DB_FLOOR);
  }
}

/** out[j] = atan2(im[j], re[j]) in (−π, π] (−π reported as π), j = 0..n−1. */
export function phaseInto(re: Float64Array, im: Float64Array, n: number, out: Float64Array): void {
  const k = n >= WASM_MIN_POINTS && mode === 'auto' ? load() : null;
  if (k) {
    const [wr, wi, wp] = views(k, n, 3);
    wr.set(re.subarray(0, n));
    wi.set(im.subarray(0, n));
    if (n & 1) {
      wr[n] = 1;
      wi[n] = 0;
    }
    k.phase(wr.byteOffset, wi.byteOffset, wp.byteOffset, n);
    out.set(wp.subarray(0, n));
    return;
  }
  for (let j = 0; j < n; j++) {
    const p = Math.atan2(im[j], re[j]);
    out[j] = p === -Math.PI ? Math.PI : p;
  }
}

/** `magnitudeDbInto` and `phaseInto` in one pass (one copy of re and im into the kernel). */
export function derivedInto(
  re: Float64Array,
  im: Float64Array,
  n: number,
  mag: Float64Array,
  db: Float64Array,
  phase: Float64Array,
): void {
  const k = n >= WASM_MIN_POINTS && mode === 'auto' ? load() : null;
  if (!k) {
    magnitudeDbInto(re, im, n, mag, db);
    phaseInto(re, im, n, phase);
    return;
  }
  const [wr, wi, wm, wd, wp] = views(k, n, 5);
  wr.set(re.subarray(0, n));
  wi.set(im.subarray(0, n));
  if (n & 1) {
    wr[n] = 1;
    wi[n] = 0;
  }
  k.all(wr.byteOffset, wi.byteOffset, wm.byteOffset, wd.byteOffset, wp.byteOffset, n);
  mag.set(wm.subarray(0, n));
  db.set(wd.subarray(0, n));
  phase.set(wp.subarray(0, n));
}

/** The JavaScript scratch of `amplitudeScratch` (reused; grown as needed). */
let scratchJs: Float64Array | undefined;
/** The rotation anchors of `linearPhaseInto`'s JavaScript route (reused). */
let anchorsJs: Float64Array | undefined;
/** The kernel-memory arrays of the linear-phase pass, set by `amplitudeScratch`. */
let linear: Float64Array[] | undefined;
/**
 * The twiddle table whose real parts (cos 2πi/M) sit at BASE in the kernel's memory, with
 * that copy; cleared when another route's arrays overwrite them (`views`).
 */
let cosTable: { tw: Float64Array; cos: Float64Array } | undefined;

/**
 * A scratch array of n doubles for the real amplitude A of a linear-phase response on the
 * M-point grid with twiddle table `tw`, valid until the next call of this module's
 * functions: in the WebAssembly kernel's memory when its route will run (with the table's
 * real parts copied there once per table, so `amplitudeFactorInto` and `linearPhaseInto`
 * read A in place, without a copy in), else a reused JavaScript array. Contents undefined.
 */
export function amplitudeScratch(n: number, tw: Float64Array): Float64Array {
  const k = n >= WASM_MIN_POINTS && mode === 'auto' ? load() : null;
  if (k) {
    const m = tw.length >> 1;
    const m2 = (m + 1) & ~1;
    // The linear-phase pass takes four points at a time.
    const n4 = (n + 3) & ~3;
    const block = Math.min(n4, LINEAR_BLOCK);
    // The anchors of the rotation (4 per 64 points), then 8 coefficients.
    const anchorCount = 4 * Math.ceil(n4 / 64) + 8;
    // The table, then A, one block each of re, im, |A|, dB and phase, and the anchors.
    const need = BASE + (m2 + n4 + 5 * block + anchorCount) * 8;
    const have = k.memory.buffer.byteLength;
    if (have < need) k.memory.grow(Math.ceil((need - have) / 65536));
    const buf = k.memory.buffer;
    if (!cosTable || cosTable.tw !== tw || cosTable.cos.buffer !== buf) {
      const cos = new Float64Array(buf, BASE, m);
      for (let i = 0; i < m; i++) cos[i] = tw[2 * i];
      cosTable = { tw, cos };
    }
    const first = BASE + m2 * 8;
    if (
      !linear ||
      linear[0].buffer !== buf ||
      linear[0].byteOffset !== first ||
      linear[0].length !== n4
    ) {
      linear = [new Float64Array(buf, first, n4)];
      for (let i = 0; i < 5; i++)
        linear.push(new Float64Array(buf, first + (n4 + i * block) * 8, block));
      linear.push(new Float64Array(buf, first + (n4 + 5 * block) * 8, anchorCount));
    }
    return linear[0];
  }
  linear = undefined;
  if (!scratchJs || scratchJs.length < n) scratchJs = new Float64Array(n);
  return scratchJs;
}

/** The kernel and its linear-phase arrays when `a` is the scratch `amplitudeScratch` placed there. */
function onKernel(a: Float64Array): { k: Kernel; arrays: Float64Array[] } | null {
  const k = kernel;
  if (!k || !linear || a !== linear[0] || a.buffer !== k.memory.buffer) return null;
  return { k, arrays: linear };
}

/**
 * Writes the rotation anchors of z_j = tw[(s·j) mod M] for j < len: for block b, re of z at
 * 64b and 64b + 1, then im of both; returns the step z_2 = tw[2s mod M] as [re, im].
 */
function writeAnchors(
  anchors: Float64Array,
  len: number,
  s: number,
  m: number,
  tw: Float64Array,
): [number, number] {
  const stride = (64 * s) % m;
  let u = 0;
  for (let b = 0, q = 0; b * 64 < len; b++, q += 4) {
    const u1 = u + s >= m ? u + s - m : u + s;
    anchors[q] = tw[2 * u];
    anchors[q + 1] = tw[2 * u1];
    anchors[q + 2] = tw[2 * u + 1];
    anchors[q + 3] = tw[2 * u1 + 1];
    u += stride;
    if (u >= m) u -= m;
  }
  const two = (2 * s) % m;
  return [tw[2 * two], tw[2 * two + 1]];
}

/**
 * a[j] ← a[j]·(c_0 + Σ_{t=1}^{h} c_t·Re tw[(t·s·j) mod M]), j < len, on the WebAssembly
 * route (the same sum, term by term, as the JavaScript loop, from the copy of the table's
 * real parts) when `a` is the scratch placed in the kernel's memory; returns false (nothing
 * done) otherwise, and the caller multiplies in JavaScript. c = [w_h, 2w_{h+1}, ..., 2w_{2h}].
 */
export function amplitudeFactorInto(
  a: Float64Array,
  len: number,
  c: readonly number[],
  s: number,
  m: number,
): boolean {
  const on = onKernel(a);
  if (!on || !cosTable || cosTable.cos.length !== m || c.length > 8) return false;
  const anchors = on.arrays[6];
  // The coefficients sit at the end of the anchors' array (anchors use 4 per 64 points).
  const coef = anchors.length - 8;
  for (let t = 0; t < c.length; t++) anchors[coef + t] = c[t];
  on.k.amplitudeFactor(
    a.byteOffset,
    cosTable.cos.byteOffset,
    len,
    anchors.byteOffset + 8 * coef,
    c.length - 1,
    s,
    m,
  );
  return true;
}

/**
 * a[j] = a[p − j] for j = from..to−1 (p − from ≤ from: the mirror of an even function of
 * period p from its first half), in the kernel when `a` is the scratch placed there.
 */
export function mirrorInto(a: Float64Array, from: number, to: number, p: number): void {
  const on = onKernel(a);
  if (on && to - from >= 16) {
    on.k.mirror(a.byteOffset, from, to, p);
    return;
  }
  for (let j = from; j < to; j++) a[j] = a[p - j];
}

/** The output arrays of `linearPhaseInto`. */
export interface LinearPhaseOutputs {
  re: Float64Array;
  im: Float64Array;
  magnitude: Float64Array;
  magnitudeDb: Float64Array;
  phase: Float64Array;
}

/**
 * The derived pass of a linear-phase response H[j] = A[j]·e^{−2πi·u_j/M}, u_j = cm·j mod M,
 * j = 0..n−1 (M even, a = `amplitudeScratch(n)` holding A, tw the M-point twiddle table):
 * re + i·im = A·tw[u_j], |H| = |A|, 20·log10|A| floored at −300 dB, and the phase as the
 * angle of tw[u_j] (of tw[u_j + M/2] where A < 0) in (−π, π] without atan2: −2πv/M for
 * 2v < M, π for 2v = M (with im = +0 there, so that atan2(im, re) is π as well: the
 * twiddle's imaginary part is only ~1e−16 of either sign), 2π(M − v)/M above, +0 for v = 0.
 * Where A is exactly 0 the phase is
 * atan2(im, re) of the signed zeros, −π reported as π. Both routes step the twiddle by the
 * same rotation (four lanes stepped by z_4, re-anchored from the table every 64 points; re and
 * im within ~1e−14 relative of the table's); the WebAssembly route runs it in blocks of
 * LINEAR_BLOCK points, four at a time, and takes its log from a table. They agree to 1e−12.
 */
export function linearPhaseInto(
  a: Float64Array,
  n: number,
  m: number,
  cm: number,
  tw: Float64Array,
  out: LinearPhaseOutputs,
): void {
  const { re, im, magnitude, magnitudeDb, phase } = out;
  const on = onKernel(a);
  let zeros = 0;
  if (on) {
    const { k } = on;
    const [, wr, wi, wm, wd, wp, anchors] = on.arrays;
    const [sr, si] = writeAnchors(anchors, n, cm, m, tw);
    // The padding lanes up to a multiple of 4 hold 1: finite and not 0.
    a.fill(1, n);
    // Block by block, so that the kernel's outputs stay in cache until they are copied out.
    const block = wr.length;
    for (let j0 = 0; j0 < n; j0 += block) {
      const len = Math.min(block, n - j0);
      zeros |= k.linearPhase(
        a.byteOffset + 8 * j0,
        anchors.byteOffset + 8 * 4 * (j0 >> 6),
        wr.byteOffset,
        wi.byteOffset,
        wm.byteOffset,
        wd.byteOffset,
        wp.byteOffset,
        len,
        m,
        cm,
        sr,
        si,
        (cm * j0) % m,
      );
      const whole = len === block;
      re.set(whole ? wr : wr.subarray(0, len), j0);
      im.set(whole ? wi : wi.subarray(0, len), j0);
      magnitude.set(whole ? wm : wm.subarray(0, len), j0);
      magnitudeDb.set(whole ? wd : wd.subarray(0, len), j0);
      phase.set(whole ? wp : wp.subarray(0, len), j0);
    }
  } else {
    // The kernel's arithmetic, operation for operation: z by rotation from the anchors (four
    // lanes: two from the anchors, two more those times z_2, each stepped by z_4 = z_2²), the
    // phase as ((v ≥ M/2 ? M : 0) − v)·2π/M.
    const blocks = Math.ceil(n / 64);
    if (!anchorsJs || anchorsJs.length < 4 * blocks) anchorsJs = new Float64Array(4 * blocks);
    const anchors = anchorsJs;
    const [sr, si] = writeAnchors(anchors, n, cm, m, tw);
    const qr = sr * sr - si * si;
    const qi = 2 * sr * si;
    const half = m >> 1;
    const scale = (2 * Math.PI) / m;
    const step2 = 2 * cm >= m ? 2 * cm - m : 2 * cm;
    const step4 = 2 * step2 >= m ? 2 * step2 - m : 2 * step2;
    const put = (j: number, zr: number, zi: number, u: number): void => {
      const aj = a[j];
      re[j] = aj * zr;
      let v = aj < 0 ? u + half : u;
      if (v >= m) v -= m;
      phase[j] = ((v >= half ? m : 0) - v) * scale;
      // H real and negative (phase π): im +0, so that atan2(im, re) is π too.
      im[j] = v === half ? 0 : aj * zi;
      if (aj === 0) zeros++;
    };
    const u = [0, cm, step2, step2 + cm >= m ? step2 + cm - m : step2 + cm];
    let z = [1, 0, 1, 0, 1, 0, 1, 0];
    for (let j = 0; j < n; j += 4) {
      if ((j & 63) === 0) {
        const q = (j >> 6) * 4;
        const [r0, r1, i0, i1] = [anchors[q], anchors[q + 1], anchors[q + 2], anchors[q + 3]];
        z = [
          r0,
          i0,
          r1,
          i1,
          r0 * sr - i0 * si,
          r0 * si + i0 * sr,
          r1 * sr - i1 * si,
          r1 * si + i1 * sr,
        ];
      }
      for (let l = 0; l < 4 && j + l < n; l++) put(j + l, z[2 * l], z[2 * l + 1], u[l]);
      for (let l = 0; l < 4; l++) {
        const zr = z[2 * l];
        const zi = z[2 * l + 1];
        z[2 * l] = zr * qr - zi * qi;
        z[2 * l + 1] = zr * qi + zi * qr;
        u[l] += step4;
        if (u[l] >= m) u[l] -= m;
      }
    }
    for (let j = 0; j < n; j++) magnitude[j] = Math.abs(a[j]);
    for (let j = 0; j < n; j++) {
      const d = Math.log(magnitude[j]) * DB_PER_NEPER;
      magnitudeDb[j] = Math.max(d, DB_FLOOR);
    }
  }
  if (zeros > 0) {
    // indexOf (strict equality: +0 and −0) skips to each exact zero of A, a builtin scan
    // several times faster than a loop that tests every point.
    for (let j = a.indexOf(0); j !== -1 && j < n; j = a.indexOf(0, j + 1)) {
      const p = Math.atan2(im[j], re[j]);
      phase[j] = p === -Math.PI ? Math.PI : p;
    }
  }
}
