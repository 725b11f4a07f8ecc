import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.ts';
import { presetNetwork, shortFormNetwork } from '../../src/network/index.ts';
import {
  buildReport,
  formatNumber,
  formatPercent,
  formatPi,
  parseReportConfig,
  styleForReport,
  valueAt,
} from '../../src/report/index.ts';

const config = parseReportConfig({
  title: 'Tables',
  experiments: [
    {
      name: 'one',
      options: { mapSize: 33, object: [3, 3], thresholdDb: -30 },
      networks: [
        { label: 'gridding', kernel: 'box:3', rates: [2, 2, 2] },
        { label: 'hybrid', kernel: 'box:3', rates: [1, 2, 5] },
      ],
      figures: ['coverage', 'magnitude'],
    },
    {
      name: 'two',
      networks: ['deeplab-v2-aspp', 'hdc'],
      figures: ['coverage'],
    },
  ],
});

describe('buildReport', () => {
  const model = buildReport(config);

  it('puts the numbers of analyze() in the tables, network by network', () => {
    const nets = [
      [
        shortFormNetwork({ kernel: 'box:3', rates: '2,2,2' }),
        shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' }),
      ],
      [presetNetwork('deeplab-v2-aspp'), presetNetwork('hdc')],
    ];
    const opts = [
      { mapSize: 33, object: [3, 3] as [number, number], thresholdDb: -30 },
      { mapSize: 65, object: [1, 1] as [number, number], thresholdDb: -20 },
    ];
    model.experiments.forEach((e, ei) => {
      const expected = nets[ei].map((n) => analyze(n, opts[ei]));
      expect(e.networks.map((n) => n.analysis)).toEqual(expected);
      for (const row of e.summary.rows) {
        row.values.forEach((v, i) => {
          expect(v).toEqual(valueAt(expected[i], row.key) ?? null);
        });
      }
      e.layerTables.forEach((t, i) => {
        for (const row of t.rows)
          row.values.forEach((v, j) => {
            expect(v).toEqual(valueAt(expected[i].layers[j], row.key) ?? null);
          });
      });
    });
  });

  it('shows each number as its value formatted, so the text and the value agree', () => {
    const e = model.experiments[0];
    const row = (key: string) => e.summary.rows.find((r) => r.key === key)!;
    expect(row('receptiveField').text).toEqual(['13', '17']);
    expect(row('coverage.holes').text).toEqual(['6', '0']);
    expect(row('griddingFree').text).toEqual(['no', 'yes']);
    expect(row('coverage.covered').text).toEqual(['7 of 13 (53.8%)', '17 of 17 (100.0%)']);
    // The gridding stack's shared nulls are at π/3 and 2π/3: the box:3 null 2π/3 at rate 2.
    expect(row('nulls.shared').values[0]).toEqual([
      expect.closeTo(Math.PI / 3, 9),
      expect.closeTo((2 * Math.PI) / 3, 9),
    ]);
    expect(row('nulls.shared').text[0]).toBe('0.3333π, 0.6667π');
    const layers = e.layerTables[0];
    const bf = layers.rows.find((r) => r.key === 'blindFraction')!;
    // (k−1)(d−1)/(d(k−1)+1) = 2/5 at k = 3, d = 2.
    expect(bf.values).toEqual([0.4, 0.4, 0.4]);
    expect(bf.text).toEqual(['40.0%', '40.0%', '40.0%']);
    const hit = layers.rows.find((r) => r.key === 'objectHitProbability')!;
    // A 3×3 object against rate 2 (1-D: min(3, 2)/2 = 1).
    expect(hit.values).toEqual([1, 1, 1]);
  });

  it('formats numbers, percentages and multiples of π', () => {
    expect(formatNumber(2 / 3)).toBe('0.6667');
    expect(formatNumber(-0.00001, 2)).toBe('-0.00001');
    expect(formatNumber(12)).toBe('12');
    expect(formatPercent(0.4615)).toBe('46.2%');
    expect(formatPi(Math.PI)).toBe('π');
    expect(formatPi((2 * Math.PI) / 3)).toBe('0.6667π');
    expect(formatPi(0)).toBe('0');
  });

  it('builds every figure with its table and the size it will be exported at', () => {
    const figs = model.experiments.flatMap((e) => e.figures);
    expect(figs.map((f) => f.name)).toEqual(['one-coverage', 'one-magnitude', 'two-coverage']);
    for (const f of figs) {
      expect(f.figure.table.rows.length).toBeGreaterThan(0);
      expect(f.figure.layout.width).toBe(f.size.width);
      expect(f.figure.layout.height).toBe(f.size.height);
      expect(f.size.scale).toBe(2);
    }
    // Two 2-D heatmap panels take two columns of a paper; a single plot one.
    expect(figs[2].size.width).toBe(960);
    expect(figs[0].size.width).toBe(480);
  });

  it('gives the same figures and tables every time (no clock, no randomness)', () => {
    expect(JSON.stringify(buildReport(config))).toBe(JSON.stringify(model));
  });
});

describe('styleForReport', () => {
  it('sets the size, scales the fonts and puts the legend in a grid above the plot', () => {
    const fig = {
      name: 'f',
      data: [
        {
          type: 'scatter' as const,
          name: 'first',
          x: [0],
          y: [0],
          legendgroup: 'A',
          legendgrouptitle: { text: '<b>A</b> net' },
        },
        { type: 'scatter' as const, name: 'second', x: [0], y: [0], legendgroup: 'A' },
      ],
      layout: {
        title: { text: 'T' },
        font: { size: 12 },
        legend: { orientation: 'v' },
        margin: { l: 60, r: 20, t: 40, b: 50 },
      },
      table: { columns: [], rows: [] },
    };
    const s = styleForReport(fig, { width: 600, height: 400, fontSize: 16 });
    expect(s.layout.width).toBe(600);
    expect(s.layout.height).toBe(400);
    expect(s.layout.font?.size).toBe(16);
    expect(s.layout.legend).toMatchObject({
      orientation: 'h',
      yanchor: 'bottom',
      traceorder: 'normal',
    });
    // The group title became a legend entry of its own before the group.
    expect(s.data.map((t) => t.name)).toEqual(['<b>A</b> net', 'first', 'second']);
    expect(s.layout.margin!.t).toBeGreaterThan(16 + 15);
    // The input is not changed.
    expect(fig.layout.legend.orientation).toBe('v');
  });
});
