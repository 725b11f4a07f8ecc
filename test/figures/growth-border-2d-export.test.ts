import { describe, expect, it } from 'vitest';
import {
  borderFigure,
  borderRates,
  decimateMinMax,
  figureToCsv,
  figureToJson,
  growthFigure,
  powersOfTwoGrowth,
  response2dFigure,
  tapCoverageFigure,
  undilatedGrowth,
} from '../../src/figures/index.ts';
import { parseCsv, stackPathCounts } from './helpers.ts';

describe('growthFigure', () => {
  it('draws the receptive field after each layer next to the two references', () => {
    const fig = growthFigure([
      { label: { id: 'A', name: '1,2,5' }, kind: 'stack', growth: [3, 7, 17], kernelSize: 3 },
    ]);
    expect(fig.data[0].y).toEqual([3, 7, 17]);
    const lin = fig.data.find((t) => t.name?.startsWith('undilated'));
    const exp = fig.data.find((t) => t.name?.startsWith('powers of two'));
    // Naive: the support size of stacks of box:3 at rates 1,1,1 and 1,2,4, layer by layer.
    const support = (rates: number[]) =>
      rates.map((_, l) => stackPathCounts(3, rates.slice(0, l + 1)).length);
    expect(lin?.y).toEqual(support([1, 1, 1]));
    expect(exp?.y).toEqual(support([1, 2, 4]));
  });

  it('uses the x axis of 2-D growth and a log axis for towers that grow fast', () => {
    const fig = growthFigure([
      {
        label: { id: 'A', name: '' },
        kind: 'stack',
        growth: [
          [3, 5],
          [7, 13],
        ],
        kernelSize: 5,
      },
    ]);
    expect(fig.data[0].y).toEqual([5, 13]);
    expect(undilatedGrowth(5, 3)).toEqual([5, 9, 13]);
    expect(powersOfTwoGrowth(2, 10).at(-1)).toBe(1024);
    const wavenet = growthFigure([
      {
        label: { id: 'A', name: '' },
        kind: 'stack',
        growth: powersOfTwoGrowth(2, 10),
        kernelSize: 2,
      },
    ]);
    expect(wavenet.layout.yaxis?.type).toBe('log');
  });
});

describe('borderFigure', () => {
  /** Brute force on an S×S map: fractions of positions with all 9 taps inside, and with only the centre. */
  function brute(S: number, r: number): { all: number; centre: number } {
    let all = 0;
    let centre = 0;
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++) {
        let inside = 0;
        for (let ty = -1; ty <= 1; ty++)
          for (let tx = -1; tx <= 1; tx++) {
            const yy = y + ty * r;
            const xx = x + tx * r;
            if (yy >= 0 && yy < S && xx >= 0 && xx < S) inside++;
          }
        if (inside === 9) all++;
        if (inside === 1) centre++;
      }
    return { all: all / S ** 2, centre: centre / S ** 2 };
  }

  it('matches a brute-force count of taps inside a 17×17 map at every rate', () => {
    const fig = borderFigure([{ label: { id: 'A', name: '' }, shape: [3, 3], rates: [6, 12] }], 17);
    const all = fig.data.find((t) => t.name === 'all 9 taps inside (3×3)');
    const centre = fig.data.find((t) => t.name === 'only the centre tap inside (3×3)');
    expect(all?.x).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    all?.x?.forEach((r, i) => {
      const b = brute(17, r as number);
      expect(all.y?.[i]).toBeCloseTo(b.all, 12);
      expect(centre?.y?.[i]).toBeCloseTo(b.centre, 12);
    });
    const marks = fig.data.find((t) => t.name?.startsWith('A layers'));
    expect(marks?.x).toEqual([6, 12, 6, 12]);
    expect(marks?.y?.[1]).toBeCloseTo(brute(17, 12).all, 12);
    expect(marks?.y?.[3]).toBeCloseTo(brute(17, 12).centre, 12);
  });

  it('samples about 400 rates on a large map and always keeps the networks’ own', () => {
    const rates = borderRates(4096, [37]);
    expect(rates[0]).toBe(1);
    expect(rates.at(-1)).toBe(4096);
    expect(rates).toContain(37);
    expect(rates.length).toBeLessThanOrEqual(401);
  });
});

describe('response2dFigure', () => {
  it('draws 20·log10|H| clipped at the floor on the given grids, rows along ωy', () => {
    const wy = [0, Math.PI / 2, Math.PI];
    const wx = [0, Math.PI];
    const mag = [
      [1, 0.5],
      [0.1, 0],
      [0.01, 1e-9],
    ];
    const fig = response2dFigure(
      [{ label: { id: 'A', name: '' }, response: { wy, wx, magnitude: mag } }],
      {
        dbFloor: -60,
      },
    );
    expect(fig.data[0].z).toEqual([
      [0, 20 * Math.log10(0.5)],
      [-20, -60],
      [-40, -60],
    ]);
    expect(fig.data[0].y).toEqual(wy);
    const flat = response2dFigure(
      [{ label: { id: 'A', name: '' }, response: { wy, wx, magnitude: mag.flat() } }],
      { dbFloor: -60 },
    );
    expect(flat.data[0].z).toEqual(fig.data[0].z);
  });

  it('subsamples a grid larger than maxSide by a whole stride', () => {
    const n = 64;
    const w = Array.from({ length: n }, (_, i) => (2 * Math.PI * i) / n - Math.PI);
    const mag = w.map((a) => w.map((b) => Math.abs(Math.cos(a) * Math.cos(b))));
    const fig = response2dFigure(
      [{ label: { id: 'A', name: '' }, response: { wy: w, wx: w, magnitude: mag } }],
      {
        maxSide: 16,
        scale: 'linear',
      },
    );
    expect(fig.data[0].x).toEqual(w.filter((_, i) => i % 4 === 0));
    expect(fig.data[0].z?.[1]?.[2]).toBe(mag[4][8]);
  });
});

describe('decimateMinMax', () => {
  it('keeps every bucket’s smallest and largest value, so a null survives thinning', () => {
    const x = Array.from({ length: 10000 }, (_, i) => i);
    const y = x.map((i) => (i === 4321 ? 0 : 1 + Math.sin(i / 100)));
    const thin = decimateMinMax(x, y, 1000);
    expect(thin.x.length).toBeLessThanOrEqual(1000);
    expect(thin.x).toContain(4321);
    expect(Math.min(...thin.y)).toBe(0);
    expect(Math.max(...thin.y)).toBe(Math.max(...y));
  });
});

describe('figure data export', () => {
  const fig = tapCoverageFigure([
    { label: { id: 'A', name: '2,2,2' }, taps: { dims: 1, counts: stackPathCounts(3, [2, 2, 2]) } },
  ]);

  it('writes the table as CSV with a header that matches the JSON columns', () => {
    const csv = parseCsv(figureToCsv(fig));
    const json = JSON.parse(figureToJson(fig, { version: '0.1.0' }));
    expect(csv[0]).toEqual(json.columns);
    expect(csv.length - 1).toBe(json.rows.length);
    expect(json.provenance).toEqual({ version: '0.1.0' });
    json.rows.forEach((rec: Record<string, unknown>, i: number) => {
      json.columns.forEach((c: string, j: number) => {
        expect(csv[i + 1][j]).toBe(rec[c] === null ? '' : String(rec[c]));
      });
    });
  });

  it('quotes text with commas and quotes, and leaves null cells empty', () => {
    const csv = figureToCsv({
      ...fig,
      table: { columns: ['a', 'b,c'], rows: [['say "hi"', null]] },
    });
    expect(csv).toBe('a,"b,c"\n"say ""hi""",\n');
    expect(parseCsv(csv)).toEqual([
      ['a', 'b,c'],
      ['say "hi"', ''],
    ]);
  });
});
