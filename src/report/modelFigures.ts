/**
 * The figures of an experiment of ONNX models (`model: m.onnx` entries): the kinds whose
 * `model` entry in kinds.ts says how they draw a model, from the model's graph and its
 * analysis (src/model): the exact tap set, receptive-field growth, the layers' rates, power
 * responses and deaf bands, border validity on the maps the layers read, and the exact ERF
 * of the linearised model. Pure.
 */
import { exactModelErfView } from '../erf/index.ts';
import {
  erfHeatmapFigure,
  erfRadialFigure,
  type Figure,
  type FigureOptions,
  growthFigure,
  modelBorderFigure,
  modelDeafBandFigure,
  modelPowerFigure,
  type SeriesLabel,
  tapCoverageFigure,
  tapHeatmapFigure,
} from '../figures/index.ts';
import {
  blindFractionFigure,
  objectHitFigure,
  rfLinearVsExponentialFigure,
} from '../figures/report/index.ts';
import { type ModelAnalysis, type ModelLayerRow, modelTaps } from '../model/index.ts';
import type { ReportFigure, ReportModelNetwork } from './config.ts';

/** A model of a figure: its config entry, legend label, analysis and position. */
export interface ModelFigureInput {
  entry: ReportModelNetwork;
  label: SeriesLabel;
  analysis: ModelAnalysis;
  index: number;
}

const x = (v: number | readonly number[]): number => (typeof v === 'number' ? v : v[v.length - 1]);
const list = (v: number | readonly number[]): number[] => (typeof v === 'number' ? [v] : [...v]);

/** The conv and pool layers on the model's local paths (a global branch has no window). */
function localLayers(a: ModelAnalysis): ModelLayerRow[] {
  return a.layers.filter((l) => l.receptiveField !== null);
}

/**
 * Receptive field (x axis) after each conv or pool layer in graph order, as the widest so
 * far: for a plain stack that is each layer's own; where branches run side by side (ASPP,
 * a residual's shortcut) a later branch may be narrower, and the figure follows the widest.
 * `kind` is 'stack' when the layers' own values never shrink, else 'parallel'.
 */
export function modelGrowth(a: ModelAnalysis): { growth: number[]; kind: 'stack' | 'parallel' } {
  const own = localLayers(a).map((l) => x(l.receptiveField!));
  let top = 1;
  const growth = own.map((r) => {
    top = Math.max(top, r);
    return top;
  });
  return { growth, kind: growth.every((g, i) => g === own[i]) ? 'stack' : 'parallel' };
}

function firstKernel(a: ModelAnalysis): number {
  const l = localLayers(a).find((r) => x(r.kernel) > 1) ?? a.layers[0];
  return l ? x(l.kernel) : 3;
}

/** The x-axis rate range of the rate figures: `maxRate`, or 1.5 × the largest rate (at least 12). */
function rateRange(maxRate: number | undefined, rates: readonly number[]): number {
  return maxRate ?? Math.max(12, Math.ceil(1.5 * Math.max(1, ...rates)));
}

/** Builds figure `f` of an experiment of models. */
export function drawModelFigure(
  f: ReportFigure,
  nets: readonly ModelFigureInput[],
  base: FigureOptions,
): Figure {
  const o = f.options;
  const dims = nets[0].analysis.dims;
  const titled = (title: string, n: ModelFigureInput): FigureOptions => ({
    ...base,
    title: `${title}: ${n.label.id} ${n.label.name}`,
  });
  switch (f.kind) {
    case 'coverage': {
      const taps = nets.map((n) => ({ n, t: modelTaps(n.entry.model.imported) }));
      if (dims === 1) {
        return tapCoverageFigure(
          taps.map(({ n, t }) => ({
            label: n.label,
            taps: { dims: 1 as const, counts: t.counts, start: t.start[0] },
          })),
          base,
        );
      }
      return tapHeatmapFigure(
        taps.map(({ n, t }) => {
          const [R, C] = t.shape;
          const counts = Array.from({ length: R }, (_, i) => t.counts.subarray(i * C, (i + 1) * C));
          return {
            label: n.label,
            taps: {
              dims: 2 as const,
              rows: R,
              cols: C,
              counts,
              start: [t.start[0], t.start[1]] as [number, number],
            },
          };
        }),
        base,
      );
    }
    case 'rf-growth':
      return growthFigure(
        nets.map((n) => {
          const g = modelGrowth(n.analysis);
          return {
            label: n.label,
            kind: g.kind,
            growth: g.growth,
            kernelSize: firstKernel(n.analysis),
          };
        }),
        {
          ...base,
          depthTitle: 'conv and pool layers, in graph order',
          seriesName: 'receptive field so far (widest path)',
        },
      );
    case 'rf-linear-vs-exponential':
      return rfLinearVsExponentialFigure(
        nets.map((n) => ({ label: n.label, growth: modelGrowth(n.analysis).growth })),
        {
          ...base,
          depth: o.depth,
          kernelSizes: [...new Set(nets.map((n) => firstKernel(n.analysis)))],
        },
      );
    case 'blind-fraction': {
      // A layer's own dilation: the blind fraction is a property of its kernel.
      const layers = nets.map((n) =>
        localLayers(n.analysis).map((l) => ({ shape: l.kernel, dilation: list(l.dilation) })),
      );
      return blindFractionFigure(
        nets.map((n, i) => ({ label: n.label, layers: layers[i] })),
        {
          ...base,
          maxRate: rateRange(
            o.maxRate,
            layers.flat().flatMap((l) => l.dilation),
          ),
        },
      );
    }
    case 'object-hit': {
      // The tap spacing in input samples (dilation × the stride before it): the lattice
      // an object of the input meets.
      const layers = nets.map((n) =>
        localLayers(n.analysis).map((l) => ({
          shape: l.kernel,
          dilation: list(l.effectiveDilation),
        })),
      );
      return objectHitFigure(
        nets.map((n, i) => ({ label: n.label, layers: layers[i] })),
        {
          ...base,
          maxRate: rateRange(
            o.maxRate,
            layers.flat().flatMap((l) => l.dilation),
          ),
          object: o.object,
          dims,
        },
      );
    }
    case 'border-validity': {
      const n = nets[0];
      return modelBorderFigure(n.analysis, {
        ...titled('Border validity', n),
        horizontal: true,
      });
    }
    case 'power': {
      const n = nets[0];
      return modelPowerFigure(n.analysis, titled('Layer power P(ω)', n));
    }
    case 'null-map': {
      const n = nets[0];
      return modelDeafBandFigure(n.analysis, titled('Deaf bands', n));
    }
    case 'erf':
    case 'erf-radial': {
      const n = nets[0];
      const view = exactModelErfView(n.entry.model.imported);
      if (!view) throw new Error(`no exact ERF for ${n.entry.model.file} (checked by the config)`);
      const named = { ...base, seriesName: 'exact ERF (linearised model)' };
      return f.kind === 'erf' ? erfHeatmapFigure(view, named) : erfRadialFigure(view, named);
    }
    default:
      throw new Error(`figure kind ${f.kind} has no model form (the config refuses it)`);
  }
}
