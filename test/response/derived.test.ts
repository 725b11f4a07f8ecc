import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/network/index.ts';
import {
  derivedBackend,
  magnitudeDbInto,
  phaseInto,
  setDerivedBackend,
  WASM_MIN_POINTS,
} from '../../src/response/derived.ts';
import { response } from '../../src/response/index.ts';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

/** Samples over 20 decades, with the special points of log and atan2 at the front. */
function samples(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const rnd = seeded(seed);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const scale = 10 ** (rnd() * 20 - 10);
    re[j] = rnd() * scale;
    im[j] = rnd() * scale;
  }
  const special: [number, number][] = [
    [0, 0],
    [-0, 0],
    [0, -0],
    [-0, -0],
    [-1, 0],
    [-1, -0],
    [1, 0],
    [0, 5],
    [0, -5],
    [1, 1],
    [-2, 2],
    [3, -3],
    [-4, -4],
    [1e-320, 0],
    [1e-16, 0],
    [1e200, 1e200],
    [1, 1e-300],
    [-7, 1e-300],
  ];
  special.forEach(([r, i], j) => {
    re[j] = r;
    im[j] = i;
  });
  return { re, im };
}

/** The reference, written here: hypot, 20·log10 floored at −300 dB, atan2 with −π as π. */
function reference(re: Float64Array, im: Float64Array, n: number) {
  const mag = new Float64Array(n);
  const db = new Float64Array(n);
  const phase = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    mag[j] = Math.hypot(re[j], im[j]);
    db[j] = mag[j] > 0 ? Math.max(-300, 20 * Math.log10(mag[j])) : -300;
    const p = Math.atan2(im[j], re[j]);
    phase[j] = p === -Math.PI ? Math.PI : p;
  }
  return { mag, db, phase };
}

afterEach(() => {
  setDerivedBackend('auto');
});

describe('the derived quantities |H|, dB and phase', () => {
  it('run through the WebAssembly SIMD kernel on Node 20', () => {
    expect(derivedBackend()).toBe('wasm');
    expect(setDerivedBackend('js')).toBe('js');
    expect(setDerivedBackend('auto')).toBe('wasm');
  });

  it.each([
    ['wasm', WASM_MIN_POINTS, 1],
    ['wasm', 4097, 2],
    ['wasm', 16384, 3],
    ['js', 4097, 4],
    ['js', 100, 5],
    ['wasm (short run, JS)', 17, 6],
  ])('%s route, %i points: equal to hypot, 20·log10 and atan2 to 1e-12', (route, n, seed) => {
    setDerivedBackend(route === 'js' ? 'js' : 'auto');
    const { re, im } = samples(n, seed);
    const mag = new Float64Array(n);
    const db = new Float64Array(n);
    const phase = new Float64Array(n);
    magnitudeDbInto(re, im, n, mag, db);
    phaseInto(re, im, n, phase);
    const ref = reference(re, im, n);
    for (let j = 0; j < n; j++) {
      // √(re² + im²) underflows to 0 below ~1e−154, as the JavaScript route always did.
      expect(Math.abs(mag[j] - ref.mag[j])).toBeLessThanOrEqual(1e-15 * ref.mag[j] + 1e-300);
      expect(Math.abs(db[j] - ref.db[j])).toBeLessThan(1e-12);
      expect(Math.abs(phase[j] - ref.phase[j])).toBeLessThan(1e-12);
    }
    // The real negative axis, ±0 included, is +π, never −π.
    expect([phase[4], phase[5]]).toEqual([Math.PI, Math.PI]);
    expect(Object.is(phase[2], -0)).toBe(true);
    expect(db[0]).toBe(-300);
    expect(db[13]).toBe(-300);
  });

  it('give the same response through either route (N = 16384, d = 5; an 8-layer stack)', () => {
    const nets = [
      parseNetwork({ kernel: [0.25, 0.5, 0.25], dilation: 5 }),
      parseNetwork({
        type: 'stack',
        layers: [1, 2, 4, 8, 16, 32, 64, 128].map((d) => ({ kernel: 'box:3', dilation: d })),
      }),
    ];
    for (const net of nets) {
      const a = response(net, { n: 16384, panels: false });
      setDerivedBackend('js');
      const b = response(net, { n: 16384, panels: false });
      setDerivedBackend('auto');
      for (let j = 0; j < 16384; j++) {
        expect(Math.abs(a.magnitude[j] - b.magnitude[j])).toBeLessThan(1e-12);
        expect(Math.abs(a.magnitudeDb[j] - b.magnitudeDb[j])).toBeLessThan(1e-12);
        expect(Math.abs(a.phase[j] - b.phase[j])).toBeLessThan(1e-12);
      }
    }
  });
});

describe('the committed kernel', () => {
  it('is what wasm/derived.ts compiles to (scripts/build-wasm.mjs --check)', () => {
    const script = fileURLToPath(new URL('../../scripts/build-wasm.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
