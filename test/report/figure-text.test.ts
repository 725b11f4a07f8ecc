/**
 * Every figure kind of a report, built for 1-D and 2-D networks, reads as a figure for a
 * paper: no raw underscores in any title (ω_y is ω<sub>y</sub>), a colour bar on every
 * heatmap figure, and hover texts that name their units (issue 13).
 */
import { describe, expect, it } from 'vitest';
import {
  buildReport,
  FIGURE_KINDS,
  filesIn,
  modelUse,
  parseReportConfig,
  reportProofs,
} from '../../src/report/index.ts';

/** The kinds that draw a model (tcn: linear, so erf too; deeplab_like: image pooling). */
const modelKinds = FIGURE_KINDS.filter((k) => 'per' in modelUse(k)).map((k) => k.kind);

const config = parseReportConfig(
  {
    title: 'Every kind',
    experiments: [
      {
        name: 'one-d',
        options: { mapSize: 33 },
        networks: [
          { label: 'gridding', kernel: 'box:3', rates: [2, 2, 2] },
          { label: 'hybrid', kernel: 'box:3', rates: [1, 2, 5] },
        ],
        figures: FIGURE_KINDS.filter((k) => !k.needs).map((k) => k.kind),
      },
      {
        name: 'two-d',
        options: { mapSize: 33 },
        networks: [
          { label: 'gridding', kernel: 'box:3x3', rates: [2, 2, 2] },
          { label: 'aspp', kernel: 'box:3x3', rates: [1, 6, 12], mode: 'parallel' },
        ],
        figures: FIGURE_KINDS.filter((k) => k.needs !== 'model').map((k) => k.kind),
      },
      {
        name: 'model-1d',
        networks: [{ model: 'tcn.onnx', label: 'TCN' }],
        figures: modelKinds,
      },
      {
        name: 'model-2d',
        networks: [{ model: 'deeplab_like.onnx', label: 'DeepLab-like' }],
        figures: modelKinds.filter((k) => !k.startsWith('erf')),
      },
    ],
  },
  'every-kind.yaml',
  { files: filesIn(new URL('../fixtures/models/', import.meta.url).pathname) },
);
// The blindspots figures need their proofs run first (TensorFlow.js), as writeReport does.
const model = buildReport(config, undefined, await reportProofs(config));
const figures = model.experiments.flatMap((e) => e.figures);

/** Every title-like text of a figure: its title, axis titles, colour-bar titles, annotations. */
function titles(f: (typeof figures)[number]): string[] {
  const l = f.figure.layout as Record<string, unknown>;
  const out: string[] = [];
  const t = (l.title as { text?: string } | undefined)?.text;
  if (t) out.push(t);
  for (const [k, v] of Object.entries(l))
    if (/^[xy]axis\d*$/.test(k)) {
      const a = (v as { title?: { text?: string } }).title?.text;
      if (a) out.push(a);
    }
  for (const a of (l.annotations as { text?: string }[] | undefined) ?? [])
    if (a.text) out.push(a.text);
  for (const tr of f.figure.data) {
    const c = (tr.colorbar as { title?: { text?: string } } | undefined)?.title?.text;
    if (c) out.push(c);
    if (tr.name && tr.showlegend !== false) out.push(tr.name);
  }
  return out;
}

describe('report figures as a paper needs them', () => {
  it('builds a good number of figures of every kind', () => {
    expect(new Set(figures.map((f) => f.kind)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(figures.map((f) => [`${f.experiment}/${f.name}`, f] as const))(
    '%s has no raw underscore in a title, axis title, legend or colour bar',
    (_name, f) => {
      for (const text of titles(f)) expect(text).not.toMatch(/_/);
    },
  );

  it.each(
    figures
      .filter((f) => f.figure.data.some((t) => t.type === 'heatmap'))
      .map((f) => [`${f.experiment}/${f.name}`, f] as const),
  )('%s (a heatmap) shows a colour bar', (_name, f) => {
    const heatmaps = f.figure.data.filter((t) => t.type === 'heatmap');
    // Plotly draws a heatmap's colour bar unless showscale is false
    expect(heatmaps.some((t) => t.showscale !== false)).toBe(true);
  });

  it('writes ω with subscripts in the 2-D response title', () => {
    const f = figures.find((x) => x.kind === 'response-2d');
    expect(f?.figure.layout.title?.text ?? f?.title).toBeDefined();
    const all = titles(f!).join(' ');
    expect(all).toContain('ω<sub>y</sub>');
  });

  it.each([
    ['magnitude', /rad\/sample/],
    ['magnitude-db', / dB/],
    ['null-map', /rad\/sample/],
    ['response-2d', /rad\/sample/],
    ['coverage', /samples: .* paths/],
    ['rf-growth', /samples/],
    ['group-delay', /samples/],
    ['power', /dB/],
  ])('hover on %s names its units', (kind, unit) => {
    const f =
      figures.find((x) => x.kind === kind && x.experiment === 'one-d') ??
      figures.find((x) => x.kind === kind);
    expect(f).toBeDefined();
    const hovers = f!.figure.data.map((t) => t.hovertemplate).filter(Boolean) as string[];
    expect(hovers.length).toBeGreaterThan(0);
    expect(hovers.some((h) => unit.test(h))).toBe(true);
  });
});
