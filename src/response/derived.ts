import { DERIVED_WASM_BASE64 } from './derivedWasm.ts';

/**
 * The derived quantities of complex samples H[j] = re[j] + i·im[j]: |H| = √(re² + im²)
 * (hypot where the squares overflow), 20·log10|H| in dB floored at DB_FLOOR (−300 dB; 0 and
 * |H| below 1e−15 give −300), and the phase atan2(im, re) in (−π, π] (−π reported as π).
 *
 * Two routes with equal results (to about 1 ulp of log and atan2; tests hold them to 1e−12):
 * a WebAssembly SIMD kernel built from wasm/derived.ts (AssemblyScript; fdlibm's log and
 * atan polynomials on f64x2 lanes), used when the runtime validates it and the run is long
 * enough to pay for copying in and out; and plain JavaScript (Math.log, Math.atan2), the
 * fallback everywhere else.
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
}

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
