import { exactErfView } from '../../src/erf/exact.ts';
import { borderFigure } from '../../src/figures/border.ts';
import { convMatrixFigure } from '../../src/figures/convMatrix.ts';
import { erfHeatmapFigure } from '../../src/figures/erf.ts';
import { growthFigure } from '../../src/figures/growth.ts';
import { impulseFigure } from '../../src/figures/impulse.ts';
import { magnitudeFigure } from '../../src/figures/magnitude.ts';
import { nullMapFigure } from '../../src/figures/nullMap.ts';
import { type PhaseKind, phaseFigure } from '../../src/figures/phase.ts';
import { response2dFigure } from '../../src/figures/response2d.ts';
import { tapCoverageFigure, tapHeatmapFigure } from '../../src/figures/taps.ts';
import type { Figure, SeriesLabel } from '../../src/figures/types.ts';
import { zplaneFigure } from '../../src/figures/zplane.ts';
import type { NetResult } from './compute.ts';
import type { State } from './state.ts';

/**
 * A figure card of the page: key, title, how to read it, and how its figure is built from
 * the networks' results. The page draws a card when it is on screen (or about to be) and
 * the rest when they are scrolled to; to add a panel, add one row here.
 */
export interface FigureCard {
  key: string;
  title: string;
  how: string;
  /** The card's figure, or null when no network has what it needs. */
  build: (results: readonly NetResult[], s: State) => Figure | null;
  /** Why some networks are left out of the figure (one line each), shown under the title. */
  notes?: (results: readonly NetResult[]) => string[];
}

const analogueName = (r: NetResult): SeriesLabel =>
  r.analogue ? { id: r.label.id, name: `${r.label.name} · 2-D analogue` } : r.label;

/** The shared figure options of the page: units, fs, and no title (the card has it). */
const common = (s: State) => ({ units: s.units, fs: s.fs, title: '' });

const cutNote = (results: readonly NetResult[]) =>
  results.some((r) => r.network.dims === 2) ? ' (2-D networks: their x cut H(0, ωx))' : '';

const phaseCard = (key: string, kind: PhaseKind, title: string, how: string): FigureCard => ({
  key,
  title,
  how,
  build: (results, s) =>
    results.some((r) => r.response[kind] !== undefined)
      ? phaseFigure(
          results.map((r) => ({ label: r.label, response: r.response })),
          { ...common(s), kind },
        )
      : null,
  notes: (results) => (cutNote(results) ? [cutNote(results).trim()] : []),
});

const memberNames = (r: NetResult) =>
  r.analysis.layers.map((_l, i) => `${r.analysis.kind === 'stack' ? 'layer' : 'branch'} ${i + 1}`);

const responses = (results: readonly NetResult[]) =>
  results.map((r) => ({ label: r.label, analysis: r.analysis, response: r.response }));

/** The page's figure cards, in order: the one registry the page draws from. */
export const FIGURE_CARDS: readonly FigureCard[] = [
  {
    key: 'taps2d',
    title: 'Tap coverage in 2-D',
    how: 'Path counts over the 2-D receptive field; light red cells are holes. A gridding stack is a checkerboard, a hybrid schedule a filled square.',
    build: (results) => {
      const with2d = results.filter((r) => r.taps2d);
      return with2d.length === 0
        ? null
        : tapHeatmapFigure(
            with2d.map((r) => ({ label: analogueName(r), taps: { dims: 2, counts: r.taps2d! } })),
            { title: '' },
          );
    },
    notes: (results) =>
      results
        .filter((r) => !r.taps2d)
        .map((r) => `${r.label.id}: ${r.noteTaps2d || 'not available'}`),
  },
  {
    key: 'magnitude',
    title: 'Magnitude response',
    how: 'Thick: the whole network; thin dashed: each layer or branch, a dash of its own (above six layers they start hidden: click one in the legend). × marks an exact null; a dashed red line is a shared null, a frequency every layer removes.',
    build: (results, s) =>
      magnitudeFigure(responses(results), {
        ...common(s),
        scale: s.scale,
        showMembers: s.layers,
        normalize: s.norm,
      }),
  },
  phaseCard(
    'phase',
    'phaseUnwrapped',
    'Phase (unwrapped)',
    'The continuous phase of the whole network, rad. A symmetric kernel is a straight line of slope −D/2; a jump of π is a sign flip at a zero.',
  ),
  phaseCard(
    'groupdelay',
    'groupDelay',
    'Group delay',
    'τ = −dφ/dω in samples, continuous through the zeros (its limit there). Flat at D/2 for a linear-phase network.',
  ),
  phaseCard(
    'phasedelay',
    'phaseDelay',
    'Phase delay',
    'τ = −φ/ω in samples; gaps where H is exactly zero.',
  ),
  phaseCard(
    'zerophase',
    'zeroPhase',
    'Zero-phase amplitude',
    'The real, signed response A(ω) of a symmetric network (H = A·e^(−iωD/2)): negative lobes are the sign flips |H| hides.',
  ),
  {
    key: 'zplane',
    title: 'Zeros on the z-plane',
    how: 'Zeros of H(z) of the whole network (open marks) with their multiplicity; a dilated layer has its base zeros’ d-th roots around the circle. Filled red: zeros every layer shares (the shared nulls).',
    build: (results, s) =>
      zplaneFigure(
        results.map((r) => ({
          label: r.label,
          zeros: r.analysis.zeros,
          memberNames: memberNames(r),
        })),
        {
          ...common(s),
          showMembers: s.layers && results.every((r) => r.analysis.layers.length <= 6),
        },
      ),
    notes: (results) =>
      results
        .filter((r) => r.analysis.zeros.of !== 'H(z)')
        .map((r) => `${r.label.id}: zeros of the x cut H(0, ωx)`),
  },
  {
    key: 'impulse',
    title: 'Impulse response',
    how: 'The whole network as one dense kernel h[n] (causal form): zero taps inside are the holes of a gridding schedule.',
    build: (results) =>
      results.some((r) => r.response.impulse)
        ? impulseFigure(
            results
              .filter((r) => r.response.impulse)
              .map((r) => ({
                label: r.label,
                response: { impulse: r.response.impulse!, step: r.response.step },
              })),
            { title: '' },
          )
        : null,
  },
  {
    key: 'step',
    title: 'Step response',
    how: 'The running sum of the impulse response; it settles at the DC gain.',
    build: (results) =>
      results.some((r) => r.response.impulse)
        ? impulseFigure(
            results
              .filter((r) => r.response.impulse)
              .map((r) => ({
                label: r.label,
                response: { impulse: r.response.impulse!, step: r.response.step },
              })),
            { title: '', kind: 'step' },
          )
        : null,
  },
  {
    key: 'taps1d',
    title: 'Tap coverage',
    how: 'Paths from each input offset to one output. A red × is a hole: an offset inside the receptive field that the output never sees.',
    build: (results) =>
      tapCoverageFigure(
        results.map((r) => ({ label: r.label, taps: { dims: 1, counts: r.counts1d } })),
        {
          title: results.some((r) => r.network.dims === 2)
            ? 'Along x for 2-D networks: the path counts of the x-cut network (× = hole)'
            : '',
        },
      ),
  },
  {
    key: 'nullmap',
    title: 'Null map',
    how: 'One row per layer or branch: bars are deaf bands (below the threshold), × exact nulls. A red line through all rows is a shared null.',
    build: (results, s) => nullMapFigure(responses(results), common(s)),
  },
  {
    key: 'matrix',
    title: 'Convolution matrix',
    how: 'The whole network as one matrix on a short signal: a coloured cell means output i reads input j. A gridding stack has a toothy band.',
    build: (results) =>
      convMatrixFigure(
        results.map((r) => ({ label: r.label, counts: r.counts1d })),
        { title: '' },
      ),
  },
  {
    key: 'response2d',
    title: '2-D magnitude response',
    how: 'Bright: passed, dark: stopped. When all rates share a factor g the picture repeats g times along each axis.',
    build: (results, s) => {
      const withR2 = results.filter((r) => r.response2d);
      return withR2.length === 0
        ? null
        : response2dFigure(
            withR2.map((r) => ({ label: analogueName(r), response: r.response2d! })),
            { ...common(s), normalize: s.norm },
          );
    },
    notes: (results) =>
      results
        .filter((r) => !r.response2d)
        .map((r) => `${r.label.id}: ${r.noteResponse2d || 'not available'}`),
  },
  {
    key: 'growth',
    title: 'Receptive-field growth',
    how: 'Receptive field after each layer, against undilated layers (linear growth) and rates 1, 2, 4, … (exponential growth).',
    build: (results) =>
      growthFigure(
        results.map((r) => ({
          label: r.label,
          kind: r.analysis.kind,
          growth: r.growth,
          kernelSize: r.kernelShape[r.kernelShape.length - 1],
        })),
        { title: '' },
      ),
  },
  {
    key: 'border',
    title: 'Border validity',
    how: 'On a map of the chosen size with zero padding: the share of positions that use all taps, and where only the centre tap is inside (a 1×1 filter).',
    build: (results, s) =>
      borderFigure(
        results.map((r) => ({ label: r.label, shape: r.kernelShape, rates: r.rates })),
        s.mapSize,
        {
          title: results.some((r) => r.kernelShape.length === 2)
            ? `S = ${s.mapSize}: an S×S map for 2-D kernels, an S-sample signal for 1-D ones`
            : `On a ${s.mapSize}-sample signal`,
        },
      ),
  },
  {
    key: 'erf',
    title: 'Effective receptive field',
    how: 'How much each input matters to the centre output: (∂y/∂x)², here exact for the linear network (its squared composite kernel, what dilation-lab erf measures), log scale; blank cells are holes no path reaches. The first network shown; dilation-lab erf --model measures trained models.',
    build: (results, s) => {
      const r = results.find((x) => x.network.root.type !== 'pool');
      if (!r) return null;
      try {
        return erfHeatmapFigure(exactErfView(r.network), { ...common(s), seriesName: 'exact ERF' });
      } catch {
        return null;
      }
    },
    notes: (results) =>
      results.slice(1).map((r) => `${r.label.id}: not drawn (one network per ERF map)`),
  },
];

/**
 * Builds every figure of the page from the networks' results with the shared builders of
 * src/figures (the same figures the reports draw). Missing 2-D inputs leave the figure out.
 * The page itself builds each card's figure only when the card is drawn (`FigureCard.build`).
 */
export function buildFigures(results: readonly NetResult[], s: State): Map<string, Figure> {
  const out = new Map<string, Figure>();
  for (const card of FIGURE_CARDS) {
    const fig = card.build(results, s);
    if (fig) out.set(card.key, fig);
  }
  return out;
}
