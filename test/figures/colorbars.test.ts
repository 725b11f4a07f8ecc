/**
 * Every heatmap of every figure the lab draws — each report figure kind on 1-D and 2-D
 * networks, and the page's ERF card — says what its colours mean: a visible colour bar with
 * a title that names the quantity and its units (`paths`, `dB`, `linear`, `decades`, the
 * input's or output's units). Panels that hide their bar share the scale of the one shown.
 */
import { describe, expect, it } from 'vitest';
import type { Figure, Trace } from '../../src/figures/types.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import * as report from '../../src/report/index.ts';
import { FIGURE_CARDS } from '../../web/src/figures.ts';

/** Words that name a unit in a colour bar's title. */
const UNITS = /\((?:[^)]*\b(?:paths?|dB|linear|decades|units)\b[^)]*)\)|\bpaths\b/;

/** The figures of one report experiment drawing `kind` for the networks, or [] when the kind does not apply. */
async function figuresOf(kind: string, networks: Record<string, unknown>[]): Promise<Figure[]> {
  let config: ReturnType<typeof report.parseReportConfig>;
  try {
    config = report.parseReportConfig({
      title: 'colour bars',
      experiments: [{ name: 'e', networks, figures: [kind] }],
    });
  } catch {
    return []; // a kind that needs something these networks are not (a config error)
  }
  // Kinds that run a proof first (blindspots) need `reportProofs`, when the report has it.
  const proofs = (report as Record<string, unknown>).reportProofs as
    | ((c: typeof config) => Promise<unknown>)
    | undefined;
  const build = report.buildReport as (...args: unknown[]) => ReturnType<typeof report.buildReport>;
  const built = build(config, undefined, proofs ? await proofs(config) : undefined);
  return built.experiments[0].figures.map((f) => f.figure);
}

const ONE_D = [
  { label: 'gridding', kernel: 'box:3', rates: [2, 2, 2] },
  { label: 'hybrid', kernel: 'box:3', rates: [1, 2, 5] },
];
const TWO_D = [
  { label: 'gridding', kernel: 'box:3x3', rates: [2, 2] },
  { label: 'hybrid', kernel: 'box:3x3', rates: [1, 2] },
];

const heatmaps = (f: Figure): Trace[] => f.data.filter((t) => t.type === 'heatmap');

/** The problems of a figure's colour bars, none when every heatmap's colours are explained. */
function colorbarProblems(f: Figure): string[] {
  const heat = heatmaps(f);
  if (heat.length === 0) return [];
  const out: string[] = [];
  const shown = heat.filter((t) => t.showscale !== false);
  if (shown.length === 0) out.push(`${f.name}: no heatmap shows its colour bar`);
  for (const t of shown) {
    const title = (t.colorbar?.title as { text?: string } | undefined)?.text ?? '';
    if (!UNITS.test(title))
      out.push(`${f.name} ${t.name}: colour bar title ${JSON.stringify(title)} names no unit`);
  }
  // A panel without a bar of its own reads the bar shown: same range and colours.
  const bar = shown[shown.length - 1];
  for (const t of heat.filter((x) => x.showscale === false && shown.length === 1)) {
    if (t.zmin !== bar?.zmin || t.zmax !== bar?.zmax)
      out.push(`${f.name} ${t.name}: hides its bar but has its own range`);
    if (JSON.stringify(t.colorscale) !== JSON.stringify(bar?.colorscale))
      out.push(`${f.name} ${t.name}: hides its bar but has its own colours`);
  }
  return out;
}

describe('colour bars on every heatmap', () => {
  const cases = report.FIGURE_KINDS.flatMap((k) => [
    [k.kind, '1-D', ONE_D] as const,
    [k.kind, '2-D', TWO_D] as const,
  ]);

  it.each(cases)(
    'report kind %s on %s networks: every heatmap has a titled colour bar with units',
    async (kind, _dims, networks) => {
      for (const f of await figuresOf(kind, networks)) expect(colorbarProblems(f)).toEqual([]);
    },
  );

  it('finds the heatmaps: coverage, response-2d, conv-matrix, erf and blindspots draw some', async () => {
    const drawn = new Set<string>();
    for (const [kind, , networks] of cases)
      if ((await figuresOf(kind, networks)).some((f) => heatmaps(f).length > 0)) drawn.add(kind);
    for (const kind of ['coverage', 'response-2d', 'conv-matrix', 'erf', 'blindspots'])
      expect(drawn.has(kind)).toBe(true);
  });

  it('the page’s ERF card has its colour bar too', () => {
    const card = FIGURE_CARDS.find((c) => c.key === 'erf');
    const network = shortFormNetwork({ kernel: 'box:3x3', rates: '2,2' });
    const fig = card?.build([{ label: { id: 'A', name: 'a' }, network } as never], {
      units: 'rad',
      fs: 1,
    } as never);
    if (!fig) throw new Error('the erf card drew nothing');
    expect(heatmaps(fig)).toHaveLength(1);
    expect(colorbarProblems(fig)).toEqual([]);
  });

  it.each([
    ['no bar shown', { showscale: false, colorbar: { title: { text: 'paths' } } }],
    ['a title without units', { colorbar: { title: { text: 'log10 ERF' } } }],
    ['no title', { colorbar: {} }],
  ])('the check itself catches %s', (_what, trace) => {
    const f = {
      name: 'x',
      data: [{ type: 'heatmap', name: 'h', ...trace }],
      layout: {},
    } as unknown as Figure;
    expect(colorbarProblems(f)).not.toEqual([]);
  });
});
