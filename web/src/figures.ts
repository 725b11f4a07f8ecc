import { borderFigure } from '../../src/figures/border.ts';
import { convMatrixFigure } from '../../src/figures/convMatrix.ts';
import { growthFigure } from '../../src/figures/growth.ts';
import { magnitudeFigure } from '../../src/figures/magnitude.ts';
import { nullMapFigure } from '../../src/figures/nullMap.ts';
import { response2dFigure } from '../../src/figures/response2d.ts';
import { tapCoverageFigure, tapHeatmapFigure } from '../../src/figures/taps.ts';
import type { Figure, SeriesLabel } from '../../src/figures/types.ts';
import type { NetResult } from './compute.ts';
import type { State } from './state.ts';

/** A figure card of the page: key, title and how to read it. */
export interface FigureCard {
  key: string;
  title: string;
  how: string;
}

/** The page's figures, in order. */
export const FIGURE_CARDS: readonly FigureCard[] = [
  {
    key: 'taps2d',
    title: 'Tap coverage in 2-D',
    how: 'Path counts over the 2-D receptive field; light red cells are holes. A gridding stack is a checkerboard, a hybrid schedule a filled square.',
  },
  {
    key: 'magnitude',
    title: 'Magnitude response',
    how: 'Thick: the whole network; dotted: each layer or branch. × marks an exact null; a dashed red line is a shared null, a frequency every layer removes.',
  },
  {
    key: 'taps1d',
    title: 'Tap coverage',
    how: 'Paths from each input offset to one output. A red × is a hole: an offset inside the receptive field that the output never sees.',
  },
  {
    key: 'nullmap',
    title: 'Null map',
    how: 'One row per layer or branch: bars are deaf bands (below the threshold), × exact nulls. A red line through all rows is a shared null.',
  },
  {
    key: 'matrix',
    title: 'Convolution matrix',
    how: 'The whole network as one matrix on a short signal: a coloured cell means output i reads input j. A gridding stack has a toothy band.',
  },
  {
    key: 'response2d',
    title: '2-D magnitude response',
    how: 'Bright: passed, dark: stopped. When all rates share a factor g the picture repeats g times along each axis.',
  },
  {
    key: 'growth',
    title: 'Receptive-field growth',
    how: 'Receptive field after each layer, against undilated layers (linear growth) and rates 1, 2, 4, … (exponential growth).',
  },
  {
    key: 'border',
    title: 'Border validity',
    how: 'On a map of the chosen size with zero padding: the share of positions that use all taps, and where only the centre tap is inside (a 1×1 filter).',
  },
];

const analogueName = (r: NetResult): SeriesLabel =>
  r.analogue ? { id: r.label.id, name: `${r.label.name} · 2-D analogue` } : r.label;

/**
 * Builds every figure of the page from the networks' results with the shared builders of
 * src/figures (the same figures the reports draw). Missing 2-D inputs leave the figure out.
 */
export function buildFigures(results: readonly NetResult[], s: State): Map<string, Figure> {
  const out = new Map<string, Figure>();
  // The card shows the title; the plot itself has none (exports then fit a caption).
  const fo = { units: s.units, fs: s.fs, title: '' };
  const responses = results.map((r) => ({
    label: r.label,
    analysis: r.analysis,
    response: r.response,
  }));
  out.set(
    'magnitude',
    magnitudeFigure(responses, { ...fo, scale: s.scale, showMembers: s.layers, normalize: s.norm }),
  );
  out.set('nullmap', nullMapFigure(responses, fo));
  out.set(
    'taps1d',
    tapCoverageFigure(
      results.map((r) => ({ label: r.label, taps: { dims: 1, counts: r.counts1d } })),
      {
        title: results.some((r) => r.network.dims === 2)
          ? 'Along x for 2-D networks: the path counts of the x-cut network (× = hole)'
          : '',
      },
    ),
  );
  const with2d = results.filter((r) => r.taps2d);
  if (with2d.length > 0)
    out.set(
      'taps2d',
      tapHeatmapFigure(
        with2d.map((r) => ({ label: analogueName(r), taps: { dims: 2, counts: r.taps2d! } })),
        { title: '' },
      ),
    );
  const withR2 = results.filter((r) => r.response2d);
  if (withR2.length > 0)
    out.set(
      'response2d',
      response2dFigure(
        withR2.map((r) => ({ label: analogueName(r), response: r.response2d! })),
        { ...fo, normalize: s.norm },
      ),
    );
  out.set(
    'growth',
    growthFigure(
      results.map((r) => ({
        label: r.label,
        kind: r.analysis.kind,
        growth: r.growth,
        kernelSize: r.kernelShape[r.kernelShape.length - 1],
      })),
      { title: '' },
    ),
  );
  out.set(
    'border',
    borderFigure(
      results.map((r) => ({ label: r.label, shape: r.kernelShape, rates: r.rates })),
      s.mapSize,
      {
        title: results.some((r) => r.kernelShape.length === 2)
          ? `S = ${s.mapSize}: an S×S map for 2-D kernels, an S-sample signal for 1-D ones`
          : `On a ${s.mapSize}-sample signal`,
      },
    ),
  );
  out.set(
    'matrix',
    convMatrixFigure(
      results.map((r) => ({ label: r.label, counts: r.counts1d })),
      { title: '' },
    ),
  );
  return out;
}
