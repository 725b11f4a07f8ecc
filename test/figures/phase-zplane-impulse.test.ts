import { describe, expect, it } from 'vitest';
import { impulseFigure, phaseFigure, zplaneFigure } from '../../src/figures/index.ts';
import { analyze, parseNetwork, response, responseToJSON } from '../../src/index.ts';

const stack = (...layers: [unknown, number][]) =>
  parseNetwork({
    type: 'stack',
    layers: layers.map(([kernel, dilation]) => ({ kernel, dilation })),
  });
const label = { id: 'A', name: 'test' };

describe('phaseFigure', () => {
  it.each([
    ['groupDelay', 'samples'],
    ['phaseDelay', 'samples'],
    ['phaseUnwrapped', 'rad'],
    ['zeroPhase', ''],
  ] as const)('draws %s of the response point for point, hover in %s', (kind, unit) => {
    const r = responseToJSON(response(stack([[1, 2, 1], 1]), { n: 64 }));
    const f = phaseFigure([{ label, response: r }], { kind });
    const curve = f.data.find((t) => t.name === 'A whole network')!;
    const want = r[kind] as (number | null)[];
    expect(curve.y).toEqual(want.map((v) => (v === null ? null : v)));
    expect(curve.hovertemplate).toContain('rad/sample');
    if (unit) expect(curve.hovertemplate).toContain(unit);
    expect(f.table.rows).toHaveLength(64);
  });

  it('converts the frequency axis to cycles/sample: x = ω/2π', () => {
    const r = responseToJSON(response(stack(['box:3', 2]), { n: 16 }));
    const f = phaseFigure([{ label, response: r }], { kind: 'groupDelay', units: 'cycles' });
    const x = f.data[0].x as number[];
    expect(x[8]).toBeCloseTo(r.w[8] / (2 * Math.PI), 15);
    expect(f.layout.xaxis?.title?.text).toContain('cycles/sample');
  });

  it('keeps null points of the unwrapped phase as gaps', () => {
    const r = responseToJSON(response(stack(['box:3', 1]), { n: 4, includeNyquist: true }));
    const f = phaseFigure([{ label, response: r }], { kind: 'phaseUnwrapped' });
    expect(f.data[0].y![2]).toBeNull();
    expect(f.data[0].connectgaps).toBe(false);
  });

  it('names a network without a zero-phase form instead of drawing it', () => {
    const r = responseToJSON(response(stack([[1, 2, 3], 1]), { n: 16 }));
    const f = phaseFigure([{ label, response: r }], { kind: 'zeroPhase' });
    expect(f.data[0].name).toContain('not symmetric');
    expect(f.data[0].x).toEqual([]);
  });
});

describe('zplaneFigure', () => {
  it('labels a multiple zero with its multiplicity: binomial:5 at 2 has 4 at ±i', () => {
    const a = analyze(stack(['binomial:5', 2]));
    const f = zplaneFigure([{ label, zeros: a.zeros }]);
    const labels = f.data.find((t) => t.mode === 'text')!;
    expect(labels.text).toEqual(['4', '4']);
    const ys = (labels.y as number[]).map((v) => Math.round(v * 100) / 100).sort();
    expect(ys).toEqual([-1.09, 1.09]);
    expect(f.layout.yaxis?.scaleanchor).toBe('x');
  });

  it('draws every zero of a stack and marks the shared ones', () => {
    const a = analyze(stack(['box:3', 1], ['box:3', 2]));
    const f = zplaneFigure([{ label, zeros: a.zeros, memberNames: ['layer 1', 'layer 2'] }]);
    const zeros = f.data.find((t) => t.name?.startsWith('A zeros'))!;
    expect(zeros.x).toHaveLength(4);
    expect(zeros.name).toContain('(6)');
    const shared = f.data.find((t) => t.name?.includes('shared'))!;
    expect(shared.x).toHaveLength(2);
    // every layer's zeros in one trace (one legend entry), the hover naming each one's layer
    const layers = f.data.find((t) => t.name === "A each layer's zeros (2)")!;
    expect(
      (layers.customdata as unknown[][]).map((c) => c[4]).filter((n) => n === 'layer 2').length,
    ).toBeGreaterThan(0);
    expect(layers.x).toHaveLength(
      f.table.rows.filter((r) => String(r[1]).startsWith('layer')).length,
    );
    expect(f.table.rows.filter((r) => r[1] === 'zero')).toHaveLength(4);
  });

  it('hides member zeros above six members unless asked', () => {
    const a = analyze(stack(...[1, 2, 3, 4, 5, 6, 7].map((d) => ['box:2', d] as [string, number])));
    const names = (o = {}) => zplaneFigure([{ label, zeros: a.zeros }], o).data.map((t) => t.name);
    expect(names().some((n) => n?.includes('each layer'))).toBe(false);
    expect(names({ showMembers: true }).some((n) => n?.includes("each layer's zeros (7)"))).toBe(
      true,
    );
  });
});

describe('impulseFigure', () => {
  it('draws the composite kernel as stems from zero', () => {
    const r = responseToJSON(response(stack(['box:3', 1], ['box:3', 2]), { n: 16 }));
    const f = impulseFigure([{ label, response: { impulse: r.impulse!, step: r.step } }]);
    const stems = f.data[0];
    expect(stems.y!.slice(0, 3)).toEqual([0, r.impulse![0], null]);
    expect(f.data[1].y).toEqual(r.impulse);
  });

  it('draws the step response as the running sum, ending at the DC gain', () => {
    const f = impulseFigure([{ label, response: { impulse: [0.5, -1, 2] } }], { kind: 'step' });
    expect(f.data[0].y).toEqual([0.5, -0.5, 1.5]);
    expect(f.data[0].line?.shape).toBe('hv');
  });
});
