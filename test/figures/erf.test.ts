import { describe, expect, it } from 'vitest';
import { erfFigures, erfHeatmapFigure, radialProfile } from '../../src/figures/index.ts';

const input2d = {
  erf: [
    [0.01, 0, 0.01],
    [0, 1, 0.1],
    [0.01, 0, 0.001],
  ],
  origin: [1, 1],
  exact: null,
  pathCounts: [
    [1, 0, 1],
    [0, 1, 1],
    [1, 0, 1],
  ],
};

describe('the ERF figures', () => {
  it('draw log10 of the ERF with holes left blank, offsets from the output', () => {
    const f = erfHeatmapFigure(input2d);
    const z = f.data[0].z!;
    expect(z[1][1]).toBe(0);
    expect(z[0][0]).toBeCloseTo(-2, 12);
    expect(z[1][2]).toBeCloseTo(-1, 12);
    expect(z[0][1]).toBeNull();
    expect(f.data[0].x).toEqual([-1, 0, 1]);
    expect(f.data[0].y).toEqual([-1, 0, 1]);
    expect(f.table.rows).toHaveLength(9);
  });

  it('average the ERF over rings of integer distance for the radial profile', () => {
    const p = radialProfile(input2d.erf, input2d.origin);
    expect(p.r).toEqual([0, 1]);
    // r = 1: the four axis neighbours (0, 0, 0.1, 0) and the four diagonals round √2 to 1.
    expect(p.mean[0]).toBe(1);
    expect(p.mean[1]).toBeCloseTo((0 + 0 + 0.1 + 0 + 0.01 + 0.01 + 0.01 + 0.001) / 8, 15);
    const one = radialProfile([[0.5, 1, 0.25, 0.1]], [1]);
    expect(one).toEqual({ r: [0, 1, 2], mean: [1, (0.5 + 0.25) / 2, 0.1] });
  });

  it('put the exact tap set beside the heatmap and the profile', () => {
    const figs = erfFigures(input2d, { id: 'A', name: 'net' });
    expect(figs.map((f) => f.name)).toEqual(['erf-2d', 'erf-radial', 'taps-2d']);
    const one = erfFigures(
      { erf: [[0.5, 1, 0.5]], origin: [1], exact: [[0.25, 1, 0.25]], pathCounts: [[1, 1, 1]] },
      { id: 'A', name: 'n' },
    );
    expect(one.map((f) => f.name)).toEqual(['erf-1d', 'erf-radial', 'taps-1d']);
    expect(one[1].data).toHaveLength(2);
  });
});
