/**
 * `response(net, { out })`: a result handed back to be overwritten. The values must be the
 * ones a fresh call gives, written into the handed-back arrays; members, panels and w stay
 * new; a result of another size, a non-array or overlapping arrays are refused by name.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/network/index.ts';
import { type NetworkResponse, response } from '../../src/response/index.ts';
import { FieldError } from '../../src/util/validate.ts';

/** Every route of `response`: linear phase (single, stack), general kernels, merges, a residual. */
const networks: Record<string, unknown> = {
  'symmetric kernel (linear-phase route)': { kernel: [0.25, 0.5, 0.25], dilation: 5 },
  'symmetric stack (linear-phase product)': {
    type: 'stack',
    layers: [1, 2, 4, 8].map((d) => ({ kernel: 'box:3', dilation: d })),
  },
  'non-symmetric kernel (general route, its own member)': { kernel: [1, -0.5, 0.25], dilation: 3 },
  'non-symmetric stack (general route)': {
    type: 'stack',
    layers: [
      { kernel: [1, 0.5], dilation: 1 },
      { kernel: 'box:3', dilation: 3 },
    ],
  },
  'parallel sum': {
    type: 'parallel',
    merge: 'sum',
    branches: [
      { kernel: 'box:3', dilation: 1 },
      { kernel: 'box:3', dilation: 4 },
    ],
  },
  'parallel concat (envelope)': {
    type: 'parallel',
    merge: 'concat',
    branches: [
      { kernel: 'box:3', dilation: 2 },
      { kernel: [1, -1], dilation: 3 },
    ],
  },
  residual: { type: 'residual', body: { kernel: 'box:3', dilation: 2 } },
};

const KEYS = ['re', 'im', 'magnitude', 'magnitudeDb', 'phase'] as const;

/** A result of another network of n points, its arrays filled with a marker. */
function stale(n: number): NetworkResponse {
  const r = response(parseNetwork({ kernel: [0.1, 0.7, 0.2], dilation: 7 }), { n, panels: false });
  for (const k of KEYS) r[k].fill(12345.5);
  return r;
}

describe('response with out', () => {
  for (const [name, spec] of Object.entries(networks)) {
    for (const n of [8, 1024]) {
      it(`${name}, n = ${n}: the fresh values, in the handed-back arrays`, () => {
        const net = parseNetwork(spec);
        const fresh = response(net, { n });
        const old = stale(n);
        const arrays = KEYS.map((k) => old[k]);
        const reused = response(net, { n, out: old });
        KEYS.forEach((k, i) => {
          expect(reused[k]).toBe(arrays[i]);
          expect(Array.from(reused[k])).toEqual(Array.from(fresh[k]));
        });
        // members, panels and w as without out
        expect(reused.members.length).toBe(fresh.members.length);
        reused.members.forEach((m, i) => {
          expect(Array.from(m.magnitude)).toEqual(Array.from(fresh.members[i].magnitude));
          expect(Array.from(m.re)).toEqual(Array.from(fresh.members[i].re));
        });
        expect(Array.from(reused.w)).toEqual(Array.from(fresh.w));
        expect(Array.from(reused.groupDelay ?? [])).toEqual(Array.from(fresh.groupDelay ?? []));
        if (fresh.envelope) expect(reused.envelope).toBe(reused.magnitude);
      });
    }
  }

  it('matches a direct DTFT of the composite kernel when the arrays held other values', () => {
    // box:3 at 1 then [1, 0.5] at 2: h = conv([1,1,1]/3, [1, 0, 0.5]), written out here
    const h = [1 / 3, 1 / 3, 1 / 3 + 0.5 / 3, 0.5 / 3, 0.5 / 3];
    const n = 64;
    const net = parseNetwork({
      type: 'stack',
      layers: [
        { kernel: 'box:3', dilation: 1 },
        { kernel: [1, 0.5], dilation: 2 },
      ],
    });
    const r = response(net, { n, panels: false, out: stale(n) });
    for (let j = 0; j < n; j++) {
      const w = (Math.PI * j) / n;
      let re = 0;
      let im = 0;
      h.forEach((v, t) => {
        re += v * Math.cos(w * t);
        im -= v * Math.sin(w * t);
      });
      expect(r.re[j]).toBeCloseTo(re, 12);
      expect(r.im[j]).toBeCloseTo(im, 12);
      expect(r.magnitude[j]).toBeCloseTo(Math.hypot(re, im), 12);
      expect(r.phase[j]).toBeCloseTo(Math.atan2(im, re), 12);
    }
  });

  it('refuses what is not a result of the same size, naming the field and the value', () => {
    const net = parseNetwork({ kernel: 'box:3', dilation: 2 });
    const other = response(net, { n: 16, panels: false });
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as FieldError;
      }
      throw new Error('no error');
    };
    const size = err(() => response(net, { n: 32, out: other }));
    expect(size).toBeInstanceOf(FieldError);
    expect(size.field).toBe('out.re');
    expect(size.message).toMatch(/has 16 values; this call computes 32 points/);
    const notObject = err(() => response(net, { n: 16, out: 5 as unknown as NetworkResponse }));
    expect(notObject.field).toBe('out');
    expect(notObject.message).toMatch(/got 5/);
    const plain = err(() =>
      response(net, {
        n: 16,
        out: { ...other, phase: Array.from(other.phase) } as unknown as NetworkResponse,
      }),
    );
    expect(plain.field).toBe('out.phase');
    expect(plain.message).toMatch(/must be a Float64Array/);
    const buf = new Float64Array(64);
    const overlap = err(() =>
      response(net, {
        n: 16,
        out: {
          ...other,
          re: buf.subarray(0, 16),
          im: buf.subarray(8, 24),
        } as unknown as NetworkResponse,
      }),
    );
    expect(overlap.field).toBe('out.im');
    expect(overlap.message).toMatch(/shares its memory with out\.re/);
    // nothing was written into the refused result
    expect(Array.from(other.re)).toEqual(Array.from(response(net, { n: 16 }).re));
  });
});
