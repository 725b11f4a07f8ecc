import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.ts';
import type { AnalyzeResult } from '../../src/analysis/types.ts';
import {
  type Layer,
  type Network,
  parseNetwork,
  presetNames,
  presetNetwork,
  shortFormNetwork,
} from '../../src/network/index.ts';
import { dtft } from '../../src/response/dtft.ts';
import { naiveBorder, naiveHoles, naiveTaps, spanOf } from './naive.ts';

/** True when a value is plain JSON data: finite numbers, strings, booleans, arrays, objects. */
function isPlainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isPlainJson);
  if (typeof v === 'object') {
    if (Object.getPrototypeOf(v) !== Object.prototype) return false;
    return Object.values(v as object).every((x) => x !== undefined && isPlainJson(x));
  }
  return false;
}

const schedule = shortFormNetwork({ kernel: 'box:3', rates: [1, 2, 5, 1, 2, 5] });

describe('analyze', () => {
  it('returns plain, stable JSON with every key of the contract', () => {
    const r = analyze(schedule);
    expect(isPlainJson(r)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(analyze(schedule)).toEqual(r);
    for (const key of [
      'receptiveField',
      'parameters',
      'gcd',
      'period',
      'coverage',
      'griddingFree',
      'hdc',
      'layers',
      'nulls',
      'deafBands',
      'cost',
    ]) {
      expect(r).toHaveProperty(key);
    }
    expect(Object.keys(r.coverage)).toEqual(
      expect.arrayContaining(['size', 'covered', 'holes', 'holeFraction']),
    );
    expect(r.dims).toBe(1);
    expect(r.kind).toBe('stack');
    expect(r.merge).toBeUndefined();
    expect(r.byAxis).toBeUndefined();
  });

  it('summarises a 1-D schedule against closed forms and enumeration', () => {
    const r = analyze(schedule);
    // 1 + 2·(1+2+5+1+2+5) = 33; 6 layers × 3 weights.
    expect(r.receptiveField).toBe(33);
    expect(r.parameters).toBe(18);
    expect(r.gcd).toBe(1);
    expect(r.period).toBe(2 * Math.PI);
    const taps = naiveTaps(schedule.root, 1);
    const holes = naiveHoles(taps, 1);
    expect(r.coverage.size).toBe(33);
    expect(r.coverage.holes).toBe(holes.length);
    expect(r.griddingFree).toBe(holes.length === 0);
    // By hand from M_6 = 5: M_5 = 2, M_4 = 1, M_3 = max(1−10, 1−2(1−5), 5) = 9, M_2 = 5, M_1 = 3.
    // The repeated group breaks the rule as stated (M_2 = 5 > 3), yet there are no holes.
    expect(r.hdc).toEqual({
      M: [3, 5, 9, 1, 2, 5],
      K: 3,
      satisfied: false,
      coprime: true,
      agreesWithCoverage: false,
    });
    expect(r.griddingFree).toBe(true);
    expect(r.layers).toHaveLength(6);
    r.layers.forEach((l, i) => {
      const d = [1, 2, 5, 1, 2, 5][i];
      expect(l).toMatchObject({
        index: i,
        type: 'layer',
        kernel: 'box:3',
        shape: [3],
        dilation: d,
        stride: 1,
        effectiveSize: 2 * d + 1,
        parameters: 3,
      });
      expect(l.parameterEfficiency).toBeCloseTo((2 * d + 1) / 3, 14);
      expect(l.blindFraction).toBeCloseTo((2 * (d - 1)) / (2 * d + 1), 14);
      expect(l.objectHitProbability).toBeUndefined();
      expect(l.border).toBeUndefined();
    });
    expect(r.cost.parameters).toBe(18);
    expect(r.cost.dense).toEqual({ parameters: 33, ratio: 33 / 18 });
    expect(r.deafBands.thresholdDb).toBe(-20);
    expect(r.nulls.byLayer).toHaveLength(6);
  });

  it('gives composite nulls where the direct DTFT of the stack vanishes', () => {
    const r = analyze(schedule);
    const layers = (schedule.root as { layers: readonly Layer[] }).layers;
    const mag = (w: number) =>
      layers.reduce((acc, l) => {
        const h = dtft(l.kernel.weights, w, l.dilation[0]);
        return acc * Math.hypot(h.re, h.im);
      }, 1);
    expect(r.nulls.composite.length).toBeGreaterThan(0);
    for (const n of r.nulls.composite) {
      expect(n.w).toBeGreaterThanOrEqual(0);
      expect(n.w).toBeLessThanOrEqual(Math.PI);
      expect(mag(n.w)).toBeLessThan(1e-9);
    }
    // box:3 at d = 1 is null at 2π/3: every layer at d = 1 contributes there.
    expect(r.nulls.composite.some((n) => Math.abs(n.w - (2 * Math.PI) / 3) < 1e-9)).toBe(true);
  });

  it('adds object hit probabilities, border validity and the cost of a map when asked', () => {
    const r = analyze(schedule, { object: [3, 1], mapSize: 20, channels: 8, thresholdDb: -30 });
    r.layers.forEach((l, i) => {
      const d = [1, 2, 5, 1, 2, 5][i];
      expect(l.objectHitProbability).toBe(Math.min(3, d) / d);
      const ref = naiveBorder([3], [d], 20);
      expect(l.border?.mapSize).toBe(20);
      expect(l.border?.allTapsFraction).toBeCloseTo(ref.allTapsFraction, 14);
      expect(l.border?.centerOnlyFraction).toBeCloseTo(ref.centerOnlyFraction, 14);
      expect(l.border?.meanValidFraction).toBeCloseTo(ref.meanValidFraction, 14);
    });
    expect(r.cost.channels).toBe(8);
    expect(r.cost.parameters).toBe(18 * 64);
    expect(r.cost.macsForMap).toBe(20 * 18 * 64);
    expect(r.deafBands.thresholdDb).toBe(-30);
    expect(isPlainJson(r)).toBe(true);
  });

  it('reports a 2-D network per axis, with the y cut under byAxis', () => {
    const r = analyze(presetNetwork('context-module'), { object: [5, 3], mapSize: 65 });
    expect(r.dims).toBe(2);
    expect(r.receptiveField).toEqual([67, 67]);
    expect(r.gcd).toEqual([1, 1]);
    expect(r.period).toEqual([2 * Math.PI, 2 * Math.PI]);
    expect(r.coverage.size).toBe(67 * 67);
    expect(r.layers[3].dilation).toEqual([4, 4]);
    expect(r.layers[3].effectiveSize).toEqual([9, 9]);
    expect(r.layers[5].objectHitProbability).toBe((5 * 3) / (16 * 16));
    const ref = naiveBorder([3, 3], [16, 16], 65);
    expect(r.layers[5].border?.allTapsFraction).toBeCloseTo(ref.allTapsFraction, 14);
    expect(r.layers[5].border?.histogram).toHaveLength(10);
    expect(r.byAxis?.y.nulls.byLayer).toHaveLength(7);
    expect(r.byAxis?.y.deafBands.thresholdDb).toBe(-20);
    expect(r.hdc?.K).toBe(3);
    expect(isPlainJson(r)).toBe(true);
  });

  it('describes a member that is not a single layer by its receptive field, weights and rates', () => {
    const tcn = presetNetwork('tcn');
    const r = analyze(tcn, { object: [2, 2], mapSize: 16 });
    expect(r.hdc).toBeNull();
    expect(r.layers).toHaveLength(4);
    [1, 2, 4, 8].forEach((d, i) => {
      const l = r.layers[i];
      const member = (tcn.root as { layers: readonly Network['root'][] }).layers[i];
      const taps = naiveTaps(member, 1);
      const span = spanOf(taps, 1)[0];
      expect(l.type).toBe('residual');
      expect(l.dilation).toEqual([d, d]);
      expect(l.effectiveSize).toBe(1 + 4 * d);
      expect(span).toBe(1 + 4 * d);
      expect(l.parameters).toBe(6);
      expect(l.parameterEfficiency).toBeCloseTo((1 + 4 * d) / 6, 14);
      expect(l.blindFraction).toBeCloseTo(naiveHoles(taps, 1).length / span, 14);
      expect(l.objectHitProbability).toBeUndefined();
      expect(l.border).toBeUndefined();
    });
  });

  it('compares the branches of a parallel set and names the merge', () => {
    const r = analyze(presetNetwork('deeplab-v3-aspp-os16'));
    expect(r.kind).toBe('parallel');
    expect(r.merge).toBe('concat');
    expect(r.layers.map((l) => l.dilation)).toEqual([
      [1, 1],
      [6, 6],
      [12, 12],
      [18, 18],
    ]);
    expect(r.gcd).toEqual([6, 6]);
    expect(r.period).toEqual([Math.PI / 3, Math.PI / 3]);
    expect(r.griddingFree).toBe(false);
    expect(r.hdc).toBeNull();
  });

  it('analyzes every preset into plain JSON', () => {
    for (const name of presetNames) {
      const r: AnalyzeResult = analyze(presetNetwork(name), { mapSize: 33, object: [4, 4] });
      expect(isPlainJson(r)).toBe(true);
      expect(r.layers.length).toBeGreaterThan(0);
    }
    expect(analyze(presetNetwork('wavenet-block')).receptiveField).toBe(1024);
  });

  it('names the bad option and its value', () => {
    expect(() => analyze(schedule, { mapSize: 0 })).toThrow(
      'mapSize must be a positive integer no larger than 8192, got 0',
    );
    expect(() => analyze(schedule, { mapSize: 9000 })).toThrow(/mapSize .* got 9000/);
    expect(() => analyze(schedule, { mapSize: 2.5 })).toThrow(/mapSize .* got 2\.5/);
    expect(() => analyze(schedule, { object: [5, 0] })).toThrow(
      /object\[1\] must be a positive integer, got 0/,
    );
    expect(() => analyze(schedule, { object: [5] as unknown as [number, number] })).toThrow(
      /^object must be \[w, h\]/,
    );
    expect(() => analyze(schedule, { thresholdDb: 3 })).toThrow(
      /thresholdDb must be a finite number below 0 \(dB\), got 3/,
    );
    expect(() => analyze(schedule, { thresholdDb: Number.NaN })).toThrow(/thresholdDb .* got NaN/);
    expect(() => analyze(schedule, { thresholdDb: 0 })).toThrow(/thresholdDb/);
    expect(() => analyze(schedule, { channels: -1 })).toThrow(/channels must be .* got -1/);
    expect(() => analyze(schedule, 'x' as never)).toThrow(TypeError);
    expect(() => analyze({} as Network)).toThrow(/network must be a parsed network/);
    const error = (() => {
      try {
        analyze(schedule, { mapSize: -3 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RangeError);
    expect((error as { field: string }).field).toBe('mapSize');
  });

  it('gives the same answer for a network parsed from its spec text', () => {
    const text = JSON.stringify({
      type: 'stack',
      layers: [1, 2, 5, 1, 2, 5].map((d) => ({ kernel: 'box:3', dilation: d })),
    });
    expect(analyze(parseNetwork(text))).toEqual(analyze(schedule));
  });
});
