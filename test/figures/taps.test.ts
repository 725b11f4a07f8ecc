import { describe, expect, it } from 'vitest';
import {
  centredOffsets,
  convMatrixFigure,
  convolutionMatrix,
  exampleLength,
  stackPanels,
  tapCoverageFigure,
  tapHeatmapFigure,
} from '../../src/figures/index.ts';
import { convolve, stackPathCounts } from './helpers.ts';

describe('tapCoverageFigure', () => {
  it('draws the path counts of a gridding stack as bars over centred offsets', () => {
    const counts = stackPathCounts(3, [2, 2, 2]);
    const fig = tapCoverageFigure([
      { label: { id: 'A', name: '2,2,2' }, taps: { dims: 1, counts } },
    ]);
    const bars = fig.data.find((t) => t.type === 'bar');
    expect(bars?.y).toEqual(counts);
    expect(bars?.x?.[0]).toBe(-6);
    expect(bars?.x?.at(-1)).toBe(6);
  });

  it('marks a hole at every offset no path reaches: every odd offset for rates 2, 2, 2', () => {
    const counts = stackPathCounts(3, [2, 2, 2]);
    const fig = tapCoverageFigure([
      { label: { id: 'A', name: '2,2,2' }, taps: { dims: 1, counts } },
    ]);
    const holes = fig.data.find((t) => t.name?.startsWith('A holes'));
    expect(holes?.x).toEqual([-5, -3, -1, 1, 3, 5]);
    expect(holes?.name).toBe('A holes (6 of 13)');
    expect(fig.table.rows.filter((r) => r[1] === 'hole').map((r) => r[2])).toEqual([
      -5, -3, -1, 1, 3, 5,
    ]);
  });

  it('marks no hole for the hybrid schedule 1, 2, 5', () => {
    const counts = stackPathCounts(3, [1, 2, 5]);
    expect(counts.every((c) => c > 0)).toBe(true);
    const fig = tapCoverageFigure([
      { label: { id: 'B', name: '1,2,5' }, taps: { dims: 1, counts } },
    ]);
    expect(fig.data.find((t) => t.name?.startsWith('B holes'))?.x).toEqual([]);
  });

  it('draws A and B in rows of their own on one offset axis, so neither comb hides the other', () => {
    const a = stackPathCounts(3, [2, 2, 2]);
    const b = stackPathCounts(3, [1, 2, 5]);
    const fig = tapCoverageFigure([
      { label: { id: 'A', name: '2,2,2' }, taps: { dims: 1, counts: a } },
      { label: { id: 'B', name: '1,2,5' }, taps: { dims: 1, counts: b } },
    ]);
    const bars = fig.data.filter((t) => t.type === 'bar');
    expect(bars.map((t) => t.yaxis)).toEqual([undefined, 'y2']);
    expect(bars.map((t) => t.xaxis)).toEqual([undefined, undefined]);
    expect(fig.data.find((t) => t.name?.startsWith('B holes'))?.yaxis).toBe('y2');
    const top = fig.layout.yaxis?.domain;
    const bottom = fig.layout.yaxis2?.domain;
    expect(top && bottom).toBeTruthy();
    // A above B, no overlap, both of one height
    expect(bottom![1]).toBeLessThan(top![0]);
    expect(top![1] - top![0]).toBeCloseTo(bottom![1] - bottom![0], 6);
    expect(fig.layout.xaxis?.anchor).toBe('y2');
    expect(fig.layout.yaxis?.title?.text).toBe('A paths');
    expect(fig.layout.yaxis2?.title?.text).toBe('B paths');
    // the offsets of the two rows are measured from each one's centre: −6…6 and −8…8
    expect(bars[0].x?.[0]).toBe(-6);
    expect(bars[1].x?.[0]).toBe(-8);
  });

  it('centres offsets at ⌊(R − 1)/2⌋ for even and odd receptive fields', () => {
    expect(centredOffsets(5)).toEqual([-2, -1, 0, 1, 2]);
    expect(centredOffsets(4)).toEqual([-1, 0, 1, 2]);
  });
});

describe('tapHeatmapFigure', () => {
  const outer = (a: number[]) => a.map((u) => a.map((v) => u * v));

  it('shows the checkerboard of a 2-D gridding stack: holes where a row or column is odd', () => {
    const counts = outer(stackPathCounts(3, [2, 2, 2]));
    const fig = tapHeatmapFigure([
      { label: { id: 'A', name: '3×3 @ 2,2,2' }, taps: { dims: 2, counts } },
    ]);
    const heat = fig.data[0];
    expect(heat.z).toEqual(counts);
    expect(heat.z?.[1]?.[0]).toBe(0);
    expect(heat.z?.[0]?.[0]).toBe(1);
    // 169 offsets, of which the 7×7 even ones are covered.
    expect(fig.layout.annotations?.[0].text).toContain('13×13, 120 holes');
  });

  it('colours zero with the hole colour and one path with the first covered colour', () => {
    const counts = outer(stackPathCounts(3, [2, 2, 2]));
    const fig = tapHeatmapFigure([{ label: { id: 'A', name: '' }, taps: { dims: 2, counts } }]);
    const heat = fig.data[0];
    const scale = heat.colorscale as [number, string][];
    const max = heat.zmax ?? 0;
    expect(max).toBe(Math.max(...counts.flat()));
    const t = scale[1][0];
    expect(0 / max).toBeLessThan(t);
    expect(1 / max).toBeGreaterThan(t);
    expect(scale[0][1]).toBe(scale[1][1]);
  });

  it('puts each network in its own square panel, side by side', () => {
    const a = outer(stackPathCounts(3, [2, 2, 2]));
    const b = outer(stackPathCounts(3, [1, 2, 5]));
    const fig = tapHeatmapFigure([
      { label: { id: 'A', name: '' }, taps: { dims: 2, counts: a } },
      { label: { id: 'B', name: '' }, taps: { dims: 2, counts: b } },
    ]);
    expect(fig.data.map((t) => [t.xaxis, t.yaxis])).toEqual([
      ['x', 'y'],
      ['x2', 'y2'],
    ]);
    expect(fig.layout.yaxis2?.scaleanchor).toBe('x2');
    const [lo1, hi1] = fig.layout.xaxis?.domain ?? [0, 0];
    const [lo2, hi2] = fig.layout.xaxis2?.domain ?? [0, 0];
    expect(hi1).toBeLessThan(lo2);
    expect(hi1 - lo1).toBeCloseTo(hi2 - lo2, 6);
    expect(fig.layout.annotations?.[1].text).toContain('17×17, 0 holes');
  });

  it('crops a large receptive field around its centre', () => {
    const counts = outer(stackPathCounts(3, [1, 2, 4, 8, 16, 32]));
    const fig = tapHeatmapFigure([{ label: { id: 'A', name: '' }, taps: { dims: 2, counts } }], {
      maxSide: 41,
    });
    expect(fig.data[0].z?.length).toBe(41);
    expect(fig.data[0].x?.[0]).toBe(-20);
    expect(fig.layout.annotations?.[0].text).toContain('centre 41×41 shown');
  });
});

describe('convolutionMatrix', () => {
  it('applies the kernel with zero "same" padding, as a direct sum does', () => {
    const c = [1, 0, 2, 0, 3];
    const x = [5, -1, 4, 2, 7, 0, 1, 3];
    const M = convolutionMatrix(c, x.length);
    const h = 2;
    const direct = x.map((_, i) => c.reduce((s, ct, t) => s + ct * (x[i + t - h] ?? 0), 0));
    expect(M.map((row) => row.reduce((s, m, j) => s + m * x[j], 0))).toEqual(direct);
  });

  it('has a toothy band for a gridding stack and a solid one for a hybrid schedule', () => {
    const toothy = convolutionMatrix(stackPathCounts(3, [2, 2, 2]), 32);
    const solid = convolutionMatrix(stackPathCounts(3, [1, 2, 5]), 32);
    // Row 16 reads inputs 10..22; the 2,2,2 stack skips every odd one.
    expect(toothy[16].slice(10, 23).map((v) => v > 0)).toEqual(
      Array.from({ length: 13 }, (_, i) => i % 2 === 0),
    );
    expect(solid[16].slice(8, 25).every((v) => v > 0)).toBe(true);
  });

  it('draws blanks (null) where an output ignores an input', () => {
    const counts = stackPathCounts(3, [2, 2, 2]);
    const fig = convMatrixFigure([{ label: { id: 'A', name: '' }, counts }]);
    const L = exampleLength(13);
    expect(L).toBe(32);
    expect(fig.data[0].z?.length).toBe(L);
    expect(fig.data[0].z?.[16]?.[11]).toBeNull();
    expect(fig.data[0].z?.[16]?.[16]).toBe(counts[6]);
    const nonzero = convolve([1], counts).filter((v) => v > 0).length;
    expect(fig.table.rows.filter((r) => r[3] === 16).length).toBe(nonzero);
  });
});

describe('stackPanels (the narrow page: one heatmap panel per row)', () => {
  it.each([
    // panels, width px, reserve px: side = width − l − r − reserve; gap 96 px between rows.
    [2, 390, 0],
    [2, 390, 80],
    [3, 600, 0],
  ])('%i panels at %i px (reserve %i) are stacked square and apart', (n, width, reserve) => {
    const fig = tapHeatmapFigure(
      Array.from({ length: n }, (_, i) => ({
        label: { id: String.fromCharCode(65 + i), name: `net ${i}` },
        taps: { dims: 2 as const, counts: [[1]] },
      })),
    );
    const m = { l: 52, r: 8, t: 44, b: 52 };
    const out = stackPanels({ ...fig.layout, margin: m }, n, width, reserve);
    const side = width - m.l - m.r - reserve;
    const plotH = n * side + (n - 1) * 96;
    expect(out.height).toBe(Math.round(plotH + m.t + m.b));
    for (let i = 0; i < n; i++) {
      const s = i === 0 ? '' : String(i + 1);
      const y = out[`yaxis${s}`]?.domain ?? [0, 0];
      expect(out[`xaxis${s}`]?.domain).toEqual([0, 1]);
      // Each row is `side` px tall (to 0.05 px: domains carry 6 decimals); row i starts i·(side + gap) px below the top.
      expect((y[1] - y[0]) * plotH).toBeCloseTo(side, 1);
      expect((1 - y[1]) * plotH).toBeCloseTo(i * (side + 96), 1);
      expect(out.annotations?.[i].y).toBeCloseTo(y[1], 6);
      expect(out.annotations?.[i].x).toBe(0.5);
    }
  });
});

describe('tapCoverageFigure path-count axis (whole numbers only)', () => {
  it.each([
    // rates of a box:3 stack, expected dtick (1 while the largest count is at most 10), axis type
    [[1], 1, undefined],
    [[2, 2, 2], 1, undefined],
    [[1, 1, 1, 1], undefined, undefined],
    [[1, 1, 1, 1, 1, 1, 1, 1], undefined, 'log'],
  ])('rates %j: integer ticks, dtick %s, type %s', (rates, dtick, type) => {
    const counts = stackPathCounts(3, rates);
    const fig = tapCoverageFigure([
      { label: { id: 'A', name: rates.join(',') }, taps: { dims: 1, counts } },
    ]);
    // The largest count (central trinomial coefficient at rate 1: 19 for 4 layers, 1107 for 8) decides: ≤ 10 one tick per path, > 1000 a log axis.
    expect(Math.max(...counts) <= 10).toBe(dtick === 1);
    expect(fig.layout.yaxis?.tickformat).toBe('d');
    expect(fig.layout.yaxis?.dtick).toBe(dtick);
    expect(fig.layout.yaxis?.type).toBe(type);
  });
});
