import { describe, expect, it } from 'vitest';
import {
  magnitudeFigure,
  type NetworkResponse,
  nullMapFigure,
  PALETTE,
  themeFigure,
} from '../../src/figures/index.ts';
import { dilated, dtftAbs, stackPathCounts } from './helpers.ts';

const third = [1 / 3, 1 / 3, 1 / 3];
const grid = Array.from({ length: 97 }, (_, j) => (j * Math.PI) / 96);

/** A box:3 stack at rates 2, 2, 2: members |H(2ω)|, the whole from the naive composite kernel. */
function griddingStack(count = 3): NetworkResponse {
  const member = dilated(third, 2);
  const composite = stackPathCounts(3, [2, 2, 2]).map((c) => c / 27);
  // box:3 is null at ±2π/3; at rate 2 the nulls in [0, π] are (2π/3)/2 and (−2π/3 + 2π)/2.
  const nulls = [Math.PI / 3, (2 * Math.PI) / 3];
  const layer = {
    kernel: 'box:3',
    shape: [3],
    dilation: 2,
    stride: 1,
    effectiveSize: 5,
    parameters: 3,
    parameterEfficiency: 5 / 3,
    blindFraction: 0.4,
  };
  return {
    label: { id: 'A', name: 'box:3 @ 2,2,2' },
    analysis: {
      kind: 'stack',
      dims: 1,
      layers: Array.from({ length: count }, (_, index) => ({ ...layer, index })),
      nulls: {
        byLayer: Array.from({ length: count }, () => nulls.map((w) => ({ w, multiplicity: 1 }))),
        shared: nulls,
        composite: nulls.map((w) => ({ w, multiplicity: 3 })),
        counts: {
          byLayer: Array(count).fill(nulls.length),
          shared: nulls.length,
          composite: nulls.length,
        },
        truncated: false,
      },
      deafBands: {
        thresholdDb: -20,
        byLayer: Array.from({ length: count }, () => [[1, 1.1] as [number, number]]),
        shared: [[1, 1.1]],
        composite: [[0.9, 1.2]],
        counts: { byLayer: Array(count).fill(1), shared: 1, composite: 1 },
        measure: { byLayer: Array(count).fill(0.1), shared: 0.1, composite: 0.3 },
        truncated: false,
      },
    },
    response: {
      w: grid,
      magnitude: grid.map((w) => dtftAbs(composite, w)),
      members: Array.from({ length: count }, () => ({
        magnitude: grid.map((w) => dtftAbs(member, w)),
      })),
    },
  };
}

describe('magnitudeFigure', () => {
  it.each([
    // layers, per-layer curves shown at first
    [2, true],
    [6, true],
    [7, false],
    [12, false],
  ])(
    'a stack of %i layers: per-layer curves visible = %s, each with its own dash',
    (count, shown) => {
      const fig = magnitudeFigure([griddingStack(count)]);
      const layers = fig.data.filter((t) => / layer \d+ · d=/.test(t.name ?? ''));
      expect(layers.length).toBe(count);
      for (const t of layers) expect(t.visible).toBe(shown ? true : 'legendonly');
      const whole = fig.data.find((t) => t.name?.startsWith('A whole network'));
      expect(whole?.visible).not.toBe('legendonly');
      const dashes = layers.map((t) => t.line?.dash);
      // Up to six layers every dash differs; beyond, at least neighbours differ.
      expect(new Set(dashes).size).toBe(Math.min(count, 6));
      for (let j = 1; j < count; j++) expect(dashes[j]).not.toBe(dashes[j - 1]);
    },
  );

  it('draws the whole response as the product of its layers', () => {
    const fig = magnitudeFigure([griddingStack()]);
    const whole = fig.data.find((t) => t.name?.startsWith('A whole network'));
    const layer = fig.data.find((t) => t.name === 'A layer 1 · d=2');
    expect(whole?.y?.length).toBe(grid.length);
    grid.forEach((w, j) => {
      expect(whole?.y?.[j]).toBeCloseTo(dtftAbs(dilated(third, 2), w) ** 3, 12);
      expect(layer?.y?.[j]).toBeCloseTo(Math.abs((1 + 2 * Math.cos(2 * w)) / 3), 12);
    });
  });

  it('marks the exact nulls of the analysis with their multiplicity, in the chosen units', () => {
    const fig = magnitudeFigure([griddingStack()], { units: 'cycles' });
    const marks = fig.data.find((t) => t.name?.startsWith('A exact nulls'));
    expect(marks?.x).toEqual([Math.PI / 3 / (2 * Math.PI), (2 * Math.PI) / 3 / (2 * Math.PI)]);
    expect(marks?.x?.[0]).toBeCloseTo(1 / 6, 15);
    expect(marks?.text).toEqual(['×3', '×3']);
    expect(marks?.y).toEqual([0, 0]);
    expect(fig.layout.xaxis?.title?.text).toBe('f (cycles/sample)');
  });

  it('highlights each shared null with a vertical line over the whole plot', () => {
    const fig = magnitudeFigure([griddingStack()], { units: 'hz', fs: 600 });
    const shared = fig.data.find((t) => t.name === 'A shared nulls (2)');
    // π/3 rad/sample at fs = 600 Hz is 600/6 = 100 Hz; 2π/3 is 200 Hz.
    expect(shared?.x?.[0]).toBeCloseTo(100, 10);
    expect(shared?.x?.[3]).toBeCloseTo(200, 10);
    expect(shared?.x?.[2]).toBeNull();
    const range = fig.layout.yaxis?.range ?? [];
    expect(shared?.y?.slice(0, 2)).toEqual(range);
  });

  it('draws 20·log10|H| in dB and clips exact zeros to the floor', () => {
    const net = griddingStack();
    const fig = magnitudeFigure([net], { scale: 'db', dbFloor: -60, showMembers: false });
    const whole = fig.data.find((t) => t.name?.startsWith('A whole network'));
    expect(fig.data.some((t) => t.name?.includes('layer'))).toBe(false);
    grid.forEach((w, j) => {
      const v = 20 * Math.log10(dtftAbs(dilated(third, 2), w) ** 3);
      expect(whole?.y?.[j]).toBeCloseTo(Math.max(-60, v), 9);
    });
    // ω = π/3 is grid point 32: the stack is null there, drawn at the floor.
    expect(whole?.y?.[32]).toBe(-60);
    expect(fig.layout.yaxis?.range?.[0]).toBe(-60);
    expect(fig.layout.yaxis?.title?.text).toBe('|H| (dB)');
  });

  it('exports every point of every curve and every null in its table', () => {
    const fig = magnitudeFigure([griddingStack()]);
    expect(fig.table.columns).toEqual([
      'network',
      'series',
      'frequency (rad/sample)',
      '|H|',
      'multiplicity',
    ]);
    const whole = fig.table.rows.filter((r) => r[1] === 'whole network');
    expect(whole.length).toBe(grid.length);
    expect(fig.table.rows.filter((r) => r[1] === 'exact null').map((r) => r[4])).toEqual([3, 3]);
    for (const r of fig.table.rows) expect(r.length).toBe(5);
  });

  it('divides each network by its own maximum when normalised, leaving the nulls in place', () => {
    const net = griddingStack();
    const louder = { ...net, label: { id: 'B', name: 'gain 4' } };
    louder.response = {
      ...net.response,
      magnitude: Array.from(net.response.magnitude, (v) => 4 * v),
      members: [],
    };
    const fig = magnitudeFigure([net, louder], { normalize: true, showMembers: false });
    const a = fig.data.find((t) => t.name === 'A whole network');
    const b = fig.data.find((t) => t.name === 'B whole network');
    expect(b?.y?.[0]).toBeCloseTo(1, 15);
    b?.y?.forEach((v, j) => {
      expect(v).toBeCloseTo(a?.y?.[j] as number, 14);
    });
    expect(fig.layout.yaxis?.title?.text).toBe('|H|/max|H| (linear)');
    expect(fig.data.find((t) => t.name?.startsWith('B exact nulls'))?.x).toEqual([
      Math.PI / 3,
      (2 * Math.PI) / 3,
    ]);
  });

  it('overlays networks in the palette order A, B', () => {
    const b = { ...griddingStack(), label: { id: 'B', name: 'copy' } };
    const fig = magnitudeFigure([griddingStack(), b], { showMembers: false });
    const colours = fig.data.filter((t) => t.name?.includes('whole')).map((t) => t.line?.color);
    expect(colours).toEqual(['#0072B2', '#E69F00']);
  });
});

describe('nullMapFigure', () => {
  it('gives one row per layer and one for the whole network, in order', () => {
    const fig = nullMapFigure([griddingStack()]);
    expect(fig.layout.yaxis?.categoryarray).toEqual([
      'A · layer 1 · d=2',
      'A · layer 2 · d=2',
      'A · layer 3 · d=2',
      'A · whole network',
    ]);
  });

  it('keeps a row with no null and no deaf band on the axis, at either end', () => {
    const net = griddingStack();
    const silent = {
      ...net,
      label: { id: 'B', name: 'box:3 @ 2,2,2, concat' },
      analysis: {
        ...net.analysis,
        nulls: { ...net.analysis.nulls, shared: [], composite: [] },
        deafBands: { ...net.analysis.deafBands, shared: [], composite: [] },
      },
    };
    const fig = nullMapFigure([net, silent]);
    const rows = fig.layout.yaxis?.categoryarray as string[];
    expect(rows.at(-1)).toBe('B · whole network');
    // reversed (first row on top), one unit per row, every row inside the range
    expect(fig.layout.yaxis?.autorange).toBe(false);
    expect(fig.layout.yaxis?.range).toEqual([rows.length - 0.5, -0.5]);
  });

  it('places each null on its row and crosses all rows at a shared null', () => {
    const fig = nullMapFigure([griddingStack()], { units: 'cycles' });
    const marks = fig.data.find((t) => t.name === 'A exact nulls');
    expect(marks?.x?.length).toBe(8);
    expect(marks?.y?.filter((y) => y === 'A · whole network').length).toBe(2);
    const shared = fig.data.find((t) => t.name === 'A shared nulls (2)');
    expect(shared?.x?.[0]).toBeCloseTo(1 / 6, 15);
    expect(shared?.y?.slice(0, 2)).toEqual(['A · layer 1 · d=2', 'A · whole network']);
  });

  it('draws each deaf band as a segment from its lower to its upper edge', () => {
    const fig = nullMapFigure([griddingStack()]);
    const bands = fig.data.find((t) => t.name === 'A deaf bands');
    expect(bands?.x?.slice(0, 3)).toEqual([1, 1.1, null]);
    expect(bands?.x?.slice(-3)).toEqual([0.9, 1.2, null]);
    const rows = fig.table.rows.filter((r) => r[2] === 'deaf band');
    expect(rows.length).toBe(4);
    expect(fig.table.rows.filter((r) => r[2] === 'shared null').length).toBe(2);
  });
});

describe('themeFigure (the dark page)', () => {
  it('recolours backgrounds, font and axes, keeps the data colours, leaves the input alone', () => {
    const fig = magnitudeFigure([griddingStack()]);
    const before = JSON.stringify(fig);
    const theme = { background: '#161b22', text: '#e6edf3', grid: '#30363d', axis: '#9da7b3' };
    const out = themeFigure(fig.data, fig.layout, theme);
    expect(JSON.stringify(fig)).toBe(before);
    expect(out.layout.paper_bgcolor).toBe('#161b22');
    expect(out.layout.plot_bgcolor).toBe('#161b22');
    expect(out.layout.font?.color).toBe('#e6edf3');
    expect(out.layout.font?.family).toBe(fig.layout.font?.family);
    expect(out.layout.xaxis?.gridcolor).toBe('#30363d');
    expect(out.layout.yaxis?.linecolor).toBe('#9da7b3');
    expect(out.data.map((t) => t.line?.color)).toEqual(fig.data.map((t) => t.line?.color));
    const ink = themeFigure(
      [{ type: 'scatter', line: { color: PALETTE.text }, marker: { color: PALETTE.text } }],
      {},
      theme,
    ).data[0];
    expect(ink.line?.color).toBe('#e6edf3');
    expect(ink.marker?.color).toBe('#e6edf3');
  });
});
