import { describe, expect, it } from 'vitest';
import { exactErfView } from '../../src/erf/index.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { buildReport, filesIn, parseReportConfig, reportProofs } from '../../src/report/index.ts';
import { FIGURE_CARDS } from '../../web/src/figures.ts';
import { pathGradient1d } from '../erf/naive.ts';

describe('the erf figures (report kinds erf, erf-radial; the web card)', () => {
  it('the exact view is the squared composite kernel by path enumeration, with the path counts', () => {
    const net = shortFormNetwork({
      kernel: 'weights:0.5,-1,0.25',
      rates: '2,3',
      padding: 'causal',
    });
    const v = exactErfView(net);
    const w = Float64Array.of(0.5, -1, 0.25);
    const g = pathGradient1d([
      { weights: w, dilation: 2, stride: 1 },
      { weights: w, dilation: 3, stride: 1 },
    ]);
    const sq = Array.from(g, (x) => x * x);
    const max = Math.max(...sq);
    expect(v.erf).toHaveLength(1);
    v.erf[0].forEach((x, i) => {
      expect(x).toBeCloseTo(sq[i] / max, 12);
    });
    // Path counts: every weight 1 in the enumeration.
    const ones = Float64Array.of(1, 1, 1);
    const paths = pathGradient1d([
      { weights: ones, dilation: 2, stride: 1 },
      { weights: ones, dilation: 3, stride: 1 },
    ]);
    expect(v.pathCounts[0]).toEqual(Array.from(paths));
    expect(v.exact).toBeNull();
  });

  it('draws one erf and one erf-radial figure per network in a report, holes blank', () => {
    const model = buildReport(
      parseReportConfig({
        title: 'ERF',
        experiments: [
          {
            name: 'e',
            networks: [
              { label: 'gridding', kernel: 'box:3x3', rates: [2, 2] },
              { label: 'hybrid', kernel: 'box:3x3', rates: [1, 2] },
            ],
            figures: ['erf', 'erf-radial'],
          },
        ],
      }),
    );
    const figs = model.experiments[0].figures;
    expect(figs.map((f) => f.kind)).toEqual(['erf', 'erf', 'erf-radial', 'erf-radial']);
    const heat = figs[0].figure.data[0] as { z: (number | null)[][]; type: string };
    expect(heat.type).toBe('heatmap');
    // Rates 2, 2 of a 3×3 box: a 9×9 window; the odd offsets are holes (null), the centre 0 dB.
    expect(heat.z).toHaveLength(9);
    expect(heat.z[4][4]).toBe(0);
    expect(heat.z[4][3]).toBeNull();
    expect(heat.z[3][3]).toBeNull();
    const hybrid = figs[1].figure.data[0] as { z: (number | null)[][] };
    expect(hybrid.z.flat().every((v) => v !== null)).toBe(true);
  });

  it('the web card draws the first network’s exact ERF and notes the others', () => {
    const card = FIGURE_CARDS.find((c) => c.key === 'erf');
    expect(card).toBeDefined();
    const network = shortFormNetwork({ kernel: 'box:3x3', rates: '2,2' });
    const result = { label: { id: 'A', name: 'a' }, network } as never;
    const other = { label: { id: 'B', name: 'b' }, network } as never;
    const fig = card?.build([result, other], { units: 'rad', fs: 1 } as never);
    if (!fig) throw new Error('the erf card drew nothing');
    const z = (fig.data[0] as { z: (number | null)[][] }).z;
    expect(z[4][4]).toBe(0);
    expect(z[0][1]).toBeNull();
    expect(card?.notes?.([result, other])).toEqual(['B: not drawn (one network per ERF map)']);
  });
  it('refuses a spec network with a max pool (not linear: no exact ERF), naming the key, and draws one with an avg pool', () => {
    const config = (pool: 'max' | 'avg') => ({
      title: 'ERF',
      experiments: [
        {
          name: 'e',
          networks: [
            {
              label: 'pooled',
              network: {
                layers: [
                  { kernel: 'box:3x3', dilation: 2 },
                  { pool, size: 2, stride: 2 },
                  { kernel: 'box:3x3', dilation: 2 },
                ],
              },
            },
          ],
          figures: ['erf'],
        },
      ],
    });
    expect(() => parseReportConfig(config('max'))).toThrow(
      /^experiments\[0\]\.figures\[0\] "erf" cannot be drawn for "pooled" \(experiments\[0\]\.networks\[0\]\): it has a max pool, which is not linear.*dilation-lab erf --network/,
    );
    const figs = buildReport(parseReportConfig(config('avg'))).experiments[0].figures;
    const z = (figs[0].figure.data[0] as { z: (number | null)[][] }).z;
    expect(z.flat().some((v) => v === 0)).toBe(true);
  });
  it('erf-measured: a trained model with its nonlinearities and a spec network with a max pool, measured before the build, with the gridding index', async () => {
    const config = parseReportConfig(
      {
        title: 'measured',
        experiments: [
          {
            name: 'model',
            networks: [{ model: 'blind2d.onnx', label: 'blind2d' }],
            figures: ['erf-measured', 'blindspots'],
          },
          {
            name: 'pool',
            networks: [
              {
                label: 'pooled',
                network: {
                  layers: [
                    { kernel: 'box:3x3', dilation: 2 },
                    { pool: 'max', size: 2, stride: 2 },
                    { kernel: 'box:3x3', dilation: 2 },
                  ],
                },
              },
            ],
            figures: ['erf-measured'],
          },
        ],
      },
      'measured.yaml',
      { files: filesIn(new URL('../fixtures/blindspots/', import.meta.url).pathname) },
    );
    const proofs = await reportProofs(config);
    expect(() => buildReport(config)).toThrow(/erf-measured figure needs its ERF measured first/);
    const [model, pool] = buildReport(config, undefined, proofs).experiments;
    const heat = model.figures[0].figure;
    const z = (heat.data[0] as { z: (number | null)[][] }).z.flat();
    // blind2d's 17×17 window: blank (null) at exactly its 208 holes, as the proof beside it says.
    expect(z).toHaveLength(289);
    expect(z.filter((v) => v === null)).toHaveLength(208);
    const proof = proofs.blindspots?.get(config.experiments[0].figures[1]);
    expect(proof?.holes).toHaveLength(208);
    expect(proof?.maxOutputChange).toBe(0);
    const notes = (heat.layout.annotations ?? []).map((a) => a.text);
    expect(notes).toContain('gridding index 1.00 (1 = holes)');
    // The max-pool network: measured (no exact form), no hole, gridding index below 1.
    const pz = (pool.figures[0].figure.data[0] as { z: (number | null)[][] }).z.flat();
    expect(pz.every((v) => v !== null)).toBe(true);
    const pn = (pool.figures[0].figure.layout.annotations ?? []).map((a) => a.text).join(' ');
    expect(pn).toMatch(/gridding index 0\.\d\d \(1 = holes\)/);
  });
});
