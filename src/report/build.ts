/**
 * Builds a report in memory from a validated config: the analysis of every network, the
 * tables, and every figure (Plotly `{data, layout}` plus the table of numbers behind it),
 * styled for print. No file is touched here; `writeReport` writes the result.
 */
import { analyze } from '../analysis/analyze.ts';
import { axisCut, compositeKernel } from '../analysis/composite.ts';
import { receptiveFieldGrowth } from '../analysis/receptiveField.ts';
import { pathCounts } from '../analysis/tapSet.ts';
import type { AnalyzeResult } from '../analysis/types.ts';
import { type BlindspotResult, type ErfResult, exactErfView } from '../erf/index.ts';
import {
  blindspotsFigure,
  borderFigure,
  convMatrixFigure,
  erfHeatmapFigure,
  erfRadialFigure,
  type Figure,
  type FigureOptions,
  growthFigure,
  impulseFigure,
  magnitudeFigure,
  memberName,
  nullMapFigure,
  type PhaseKind,
  phaseFigure,
  response2dFigure,
  type SeriesLabel,
  tapCoverageFigure,
  tapHeatmapFigure,
  zplaneFigure,
} from '../figures/index.ts';
import {
  blindFractionFigure,
  branchCoverageFigure,
  objectHitFigure,
  periodicityFigure,
  rfLinearVsExponentialFigure,
} from '../figures/report/index.ts';
import type { ModelAnalysis } from '../model/index.ts';
import { analyzeModel } from '../model/index.ts';
import { allLayers, type Layer, type Network, networkToSpec } from '../network/index.ts';
import {
  modelAnalyzeOptions,
  type ReportConfig,
  type ReportExperiment,
  type ReportFigure,
  type ReportModelNetwork,
  type ReportNetwork,
  type ReportOptions,
  type ReportSpecNetwork,
} from './config.ts';
import { figureKind } from './kinds.ts';
import { drawModelFigure } from './modelFigures.ts';
import { networkPanels, networkResponse, networkResponse2d } from './responses.ts';

/** The phase panel each figure kind draws. */
const PHASE_KIND_OF: Record<string, PhaseKind> = {
  phase: 'phase',
  'phase-unwrapped': 'phaseUnwrapped',
  'group-delay': 'groupDelay',
  'phase-delay': 'phaseDelay',
  'zero-phase': 'zeroPhase',
};

import { styleForReport } from './style.ts';
import {
  layerTable,
  modelLayerTable,
  modelSummaryTable,
  type ReportTable,
  summaryTable,
} from './tables.ts';

/** A figure ready to draw and export. */
export interface BuiltFigure {
  /** File base name (figures/NAME.png, data/NAME.csv). */
  name: string;
  kind: string;
  experiment: string;
  /** Label of the network for a per-network kind. */
  network?: string;
  title: string;
  caption?: string;
  /** The styled figure: data, layout (with width and height), table. */
  figure: Figure;
  /** Image size: CSS pixels and pixel ratio (PNG is width·scale × height·scale). */
  size: { width: number; height: number; scale: number };
}

/** A spec network of an experiment with its letter, spec and analysis. */
export interface BuiltSpecNetwork {
  /** 'A', 'B', 'C': legends and table columns. */
  id: string;
  label: string;
  slug: string;
  dims: 1 | 2;
  /** The network spec (docs/network-spec.md), for the report and the data files. */
  spec: unknown;
  analysis: AnalyzeResult;
  model?: undefined;
}

/** An ONNX model of an experiment with its letter, source and analysis. */
export interface BuiltModelNetwork {
  id: string;
  label: string;
  slug: string;
  dims: 1 | 2;
  /** Where the model came from: `{model, output?, inputSize?}` as the config gave them. */
  spec: { model: string; output?: string; inputSize?: number[] };
  /** `analyzeModel` (what `analyze --model --json` prints). */
  model: ModelAnalysis;
  analysis?: undefined;
}

/** A network of an experiment: a spec network or an ONNX model. */
export type BuiltNetwork = BuiltSpecNetwork | BuiltModelNetwork;

/** One experiment of a built report. */
export interface BuiltExperiment {
  name: string;
  title: string;
  description?: string;
  options: ReportOptions;
  networks: BuiltNetwork[];
  summary: ReportTable;
  layerTables: ReportTable[];
  figures: BuiltFigure[];
}

/** A report in memory. */
export interface ReportModel {
  title: string;
  description?: string;
  experiments: BuiltExperiment[];
}

/** Called after each figure is built: its index (0-based) among all figures and the total. */
export type FigureBuilt = (figure: BuiltFigure, index: number, total: number) => void;

const IDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** The options `analyze` gets from a report's options. */
export function analyzeOptionsOf(o: ReportOptions) {
  return { mapSize: o.mapSize, object: o.object, thresholdDb: o.thresholdDb } as const;
}

function firstLayer(network: Network): Layer {
  return allLayers(network)[0];
}

/** The x-axis value of a 1-D number or a 2-D [y, x] pair. */
function xOf(v: number | readonly number[]): number {
  return typeof v === 'number' ? v : v[v.length - 1];
}

/** The largest rate of any layer of the networks, on any axis. */
function largestRate(networks: readonly Network[]): number {
  return Math.max(1, ...networks.flatMap((n) => allLayers(n).flatMap((l) => l.dilation)));
}

/** The x range of the rate figures: `maxRate`, or 1.5 × the largest rate (at least 12). */
function rateRange(o: ReportOptions, networks: readonly Network[]): number {
  return o.maxRate ?? Math.max(12, Math.ceil(1.5 * largestRate(networks)));
}

function figureOptions(o: ReportOptions): FigureOptions {
  return { units: o.units, fs: o.fs ?? 1 };
}

/**
 * Results a figure needs that the runtime computes (asynchronously, so before the pure
 * build): the blind-spot proof of each `blindspots` figure (`reportProofs`).
 */
export interface ReportProofs {
  blindspots?: ReadonlyMap<ReportFigure, BlindspotResult>;
  /** The measured ERF of each `erf-measured` figure. */
  erf?: ReadonlyMap<ReportFigure, ErfResult>;
}

/** The `erf-measured` figure of `f` from its measured ERF, run before the build (`reportProofs`). */
function measuredErfOf(f: ReportFigure, proofs: ReportProofs | undefined, base: FigureOptions) {
  const r = proofs?.erf?.get(f);
  if (!r)
    throw new Error(
      'an erf-measured figure needs its ERF measured first (reportProofs, as writeReport does)',
    );
  return erfHeatmapFigure(r, {
    ...base,
    title: 'Measured effective receptive field (log scale; blank = no path)',
    seriesName: 'measured ERF',
  });
}

/** The `blindspots` figure of `f` from its proof, run before the build (`reportProofs`). */
function blindspotsOf(f: ReportFigure, proofs: ReportProofs | undefined, base: FigureOptions) {
  const proof = proofs?.blindspots?.get(f);
  if (!proof)
    throw new Error(
      'a blindspots figure needs its proof run first (reportProofs, as writeReport does)',
    );
  return blindspotsFigure(proof, base);
}

/** Builds one figure of a kind from the experiment's networks (or the one network). */
function drawFigure(
  f: ReportFigure,
  nets: readonly {
    entry: ReportSpecNetwork;
    label: SeriesLabel;
    analysis: AnalyzeResult;
    index: number;
  }[],
  proofs?: ReportProofs,
): Figure {
  const o = f.options;
  const base = figureOptions(o);
  const networks = nets.map((n) => n.entry.network);
  switch (f.kind) {
    case 'magnitude':
    case 'magnitude-db':
      return magnitudeFigure(
        nets.map((n) => ({
          label: n.label,
          analysis: n.analysis,
          response: networkResponse(n.entry.network, o.n),
        })),
        {
          ...base,
          scale: f.kind === 'magnitude-db' ? 'db' : 'linear',
          showMembers: o.layers ?? true,
        },
      );
    case 'phase':
    case 'phase-unwrapped':
    case 'group-delay':
    case 'phase-delay':
    case 'zero-phase':
      return phaseFigure(
        nets.map((n) => ({ label: n.label, response: networkPanels(n.entry.network, o.n) })),
        { ...base, kind: PHASE_KIND_OF[f.kind] },
      );
    case 'impulse':
    case 'step':
      return impulseFigure(
        nets.map((n) => {
          const r = networkPanels(n.entry.network, o.n);
          return { label: n.label, response: { impulse: r.impulse!, step: r.step } };
        }),
        { ...base, kind: f.kind },
      );
    case 'zplane':
      return zplaneFigure(
        nets.map((n) => ({
          label: n.label,
          zeros: n.analysis.zeros,
          memberNames: n.analysis.layers.map((l, i) =>
            memberName(n.analysis.kind, l, i, n.analysis.dims),
          ),
        })),
        { ...base, ...(o.layers === false ? { showMembers: false } : {}) },
      );
    case 'null-map':
      return nullMapFigure(
        nets.map((n) => ({ label: n.label, analysis: n.analysis })),
        base,
      );
    case 'coverage': {
      if (networks[0].dims === 1) {
        return tapCoverageFigure(
          nets.map((n) => ({
            label: n.label,
            taps: { dims: 1 as const, counts: pathCounts(n.entry.network).weights },
          })),
          base,
        );
      }
      return tapHeatmapFigure(
        nets.map((n) => {
          const c = pathCounts(n.entry.network);
          const [R, C] = c.shape;
          const counts = Array.from({ length: R }, (_, i) =>
            c.weights.subarray(i * C, (i + 1) * C),
          );
          return { label: n.label, taps: { dims: 2 as const, rows: R, cols: C, counts } };
        }),
        base,
      );
    }
    case 'response-2d':
      return response2dFigure(
        nets.map((n) => ({ label: n.label, response: networkResponse2d(n.entry.network, o.n2d) })),
        base,
      );
    case 'rf-growth':
      return growthFigure(
        nets.map((n) => ({
          label: n.label,
          kind: n.analysis.kind,
          growth: receptiveFieldGrowth(n.entry.network),
          kernelSize: xOf(firstLayer(n.entry.network).kernel.shape),
        })),
        base,
      );
    case 'border-validity':
      return borderFigure(
        nets.map((n) => {
          // The widest kernel of the network (a 1×1 branch has no border effect) and its layers.
          const layers = allLayers(n.entry.network);
          const widest = layers.reduce((a, l) =>
            l.kernel.weights.length > a.kernel.weights.length ? l : a,
          );
          const key = widest.kernel.shape.join('x');
          return {
            label: n.label,
            shape: widest.kernel.shape,
            rates: layers
              .filter((l) => l.kernel.shape.join('x') === key)
              .map((l) => xOf(l.dilation)),
          };
        }),
        o.mapSize,
        base,
      );
    case 'conv-matrix': {
      const twoD = networks[0].dims === 2;
      return convMatrixFigure(
        nets.map((n) => {
          const c = pathCounts(n.entry.network);
          return { label: n.label, counts: twoD ? axisCut(c, 'x') : c.weights };
        }),
        { ...base, ...(twoD ? { note: 'x-axis cut of the 2-D network' } : {}) },
      );
    }
    case 'blind-fraction':
      return blindFractionFigure(
        nets.map((n) => ({
          label: n.label,
          layers: allLayers(n.entry.network).map((l) => ({
            shape: l.kernel.shape,
            dilation: l.dilation,
          })),
        })),
        { ...base, maxRate: rateRange(o, networks) },
      );
    case 'object-hit':
      return objectHitFigure(
        nets.map((n) => ({
          label: n.label,
          layers: allLayers(n.entry.network).map((l) => ({
            shape: l.kernel.shape,
            dilation: l.dilation,
          })),
        })),
        { ...base, maxRate: rateRange(o, networks), object: o.object, dims: networks[0].dims },
      );
    case 'rf-linear-vs-exponential':
      return rfLinearVsExponentialFigure(
        nets.map((n) => ({
          label: n.label,
          growth: receptiveFieldGrowth(n.entry.network).map(xOf),
        })),
        {
          ...base,
          depth: o.depth,
          kernelSizes: [...new Set(networks.map((net) => xOf(firstLayer(net).kernel.shape)))],
        },
      );
    case 'periodicity': {
      const n = nets[0];
      const net = n.entry.network;
      const d = o.rate ?? 1;
      const layers = allLayers(net);
      const layer = layers.find((l) => Math.max(...l.dilation) === d) ?? layers[0];
      const k = layer.kernel;
      const weights =
        k.shape.length === 1
          ? k.weights
          : axisCut({ shape: [...k.shape], weights: k.weights }, 'x');
      return periodicityFigure(
        {
          label: n.label,
          index: n.index,
          weights,
          kernel: k.shape.length === 1 ? k.spec : `${k.spec} (x cut)`,
          rate: d,
        },
        { ...base, points: o.n },
      );
    }
    case 'branch-coverage': {
      const n = nets[0];
      const net = n.entry.network;
      if (net.root.type !== 'parallel') throw new Error('branch-coverage needs a parallel network');
      const branches = net.root.branches.map((b, i) => ({
        name: memberName('parallel', n.analysis.layers[i], i, net.dims),
        weights: axisCut(compositeKernel(b, net.dims), 'x'),
      }));
      return branchCoverageFigure(
        { label: n.label, branches },
        { ...base, thresholdDb: o.thresholdDb, points: o.n },
      );
    }
    case 'erf':
    case 'erf-radial': {
      const view = exactErfView(nets[0].entry.network);
      const named = { ...base, seriesName: 'exact ERF' };
      return f.kind === 'erf' ? erfHeatmapFigure(view, named) : erfRadialFigure(view, named);
    }
    case 'blindspots':
      return blindspotsOf(f, proofs, base);
    case 'erf-measured':
      return measuredErfOf(f, proofs, base);
    default:
      throw new Error(`unknown figure kind ${f.kind}`);
  }
}

/** Figure numbering for the progress callback. */
interface Counter {
  index: number;
  total: number;
  onFigure?: FigureBuilt;
}

/**
 * Styles a drawn figure for print and describes it. `rowsHeight`: the height a figure with
 * a row per layer asks for (its own layout height), used when the config sets none.
 */
function builtFigure(
  f: ReportFigure,
  e: ReportExperiment,
  raw: Figure,
  rowsHeight = false,
): BuiltFigure {
  const styled = styleForReport(
    { ...raw, name: f.name },
    {
      width: f.options.width,
      height: f.options.height ?? (rowsHeight ? Math.max(340, raw.layout.height ?? 0) : undefined),
      fontSize: f.options.fontSize,
      fontFamily: f.options.fontFamily,
      title: f.options.title,
      legend: f.options.legend,
    },
  );
  return {
    name: f.name,
    kind: f.kind,
    experiment: e.name,
    network: f.network?.label,
    title: styled.layout.title?.text ?? figureKind(f.kind)?.title ?? f.kind,
    caption: f.caption,
    figure: styled,
    size: {
      width: styled.layout.width ?? 480,
      height: styled.layout.height ?? 340,
      scale: f.options.scale,
    },
  };
}

/**
 * The networks a figure draws (its own `network`, or every one of the experiment), each
 * with its index, legend label and the analysis under the figure's options.
 */
function figureNetworks<N extends ReportNetwork, A>(
  f: ReportFigure,
  entries: readonly N[],
  analysisOf: (n: N, o: ReportOptions) => A,
): { entry: N; index: number; label: { id: string; name: string }; analysis: A }[] {
  const chosen = f.network ? entries.filter((n) => n === f.network) : entries;
  return chosen.map((entry) => {
    const i = entries.indexOf(entry);
    return {
      entry,
      index: i,
      label: { id: IDS[i], name: entry.label },
      analysis: analysisOf(entry, f.options),
    };
  });
}

/** An experiment of spec networks: `analyze` of each, its tables and figures. */
function buildSpecExperiment(
  e: ReportExperiment,
  next: Counter,
  proofs: ReportProofs | undefined,
): BuiltExperiment {
  const analyses = new Map<ReportSpecNetwork, AnalyzeResult>();
  const analysisOf = (n: ReportSpecNetwork, o: ReportOptions) => {
    // Figures with their own options (threshold, map size, object) get their own analysis.
    const same =
      o.thresholdDb === e.options.thresholdDb &&
      o.mapSize === e.options.mapSize &&
      o.object[0] === e.options.object[0] &&
      o.object[1] === e.options.object[1];
    if (!same) return analyze(n.network, analyzeOptionsOf(o));
    let a = analyses.get(n);
    if (!a) {
      a = analyze(n.network, analyzeOptionsOf(e.options));
      analyses.set(n, a);
    }
    return a;
  };
  const specs = e.networks as ReportSpecNetwork[];
  const networks: BuiltSpecNetwork[] = specs.map((n, i) => ({
    id: IDS[i],
    label: n.label,
    slug: n.slug,
    dims: n.network.dims,
    spec: networkToSpec(n.network),
    analysis: analysisOf(n, e.options),
  }));
  const figures = e.figures.map((f): BuiltFigure => {
    const nets = figureNetworks(f, specs, analysisOf);
    const built = builtFigure(f, e, drawFigure(f, nets, proofs));
    next.onFigure?.(built, next.index++, next.total);
    return built;
  });
  return {
    name: e.name,
    title: e.title,
    description: e.description,
    options: e.options,
    networks,
    summary: summaryTable(
      networks.map((n) => `${n.id}: ${n.label}`),
      networks.map((n) => n.analysis),
    ),
    layerTables: networks.map((n) => layerTable(`${n.id}: ${n.label}`, n.analysis)),
    figures,
  };
}

/**
 * An experiment of ONNX models: `analyzeModel` of each (made when the config was read; a
 * figure with its own threshold gets its own), the model tables, and the figures of
 * modelFigures.ts.
 */
function buildModelExperiment(
  e: ReportExperiment,
  next: Counter,
  proofs?: ReportProofs,
): BuiltExperiment {
  const models = e.networks as ReportModelNetwork[];
  const analysisOf = (n: ReportModelNetwork, o: ReportOptions): ModelAnalysis =>
    o.thresholdDb === e.options.thresholdDb && o.n === e.options.n
      ? n.model.analysis
      : analyzeModel(n.model.imported, modelAnalyzeOptions(o));
  const networks: BuiltModelNetwork[] = models.map((n, i) => ({
    id: IDS[i],
    label: n.label,
    slug: n.slug,
    dims: n.model.imported.dims,
    spec: {
      model: n.model.file,
      ...(n.model.output !== undefined ? { output: n.model.output } : {}),
      ...(n.model.inputSize ? { inputSize: n.model.inputSize } : {}),
    },
    model: n.model.analysis,
  }));
  const figures = e.figures.map((f): BuiltFigure => {
    const nets = figureNetworks(f, models, analysisOf);
    // A row per layer: null-map and border-validity grow with the model's layers.
    const rows = f.kind === 'null-map' || f.kind === 'border-validity';
    const base = figureOptions(f.options);
    const raw =
      f.kind === 'blindspots'
        ? blindspotsOf(f, proofs, base)
        : f.kind === 'erf-measured'
          ? measuredErfOf(f, proofs, base)
          : drawModelFigure(f, nets, base);
    const built = builtFigure(f, e, raw, rows);
    next.onFigure?.(built, next.index++, next.total);
    return built;
  });
  return {
    name: e.name,
    title: e.title,
    description: e.description,
    options: e.options,
    networks,
    summary: modelSummaryTable(
      networks.map((n) => `${n.id}: ${n.label}`),
      networks.map((n) => n.model),
    ),
    layerTables: networks.map((n) => modelLayerTable(`${n.id}: ${n.label}`, n.model)),
    figures,
  };
}

/**
 * Builds the whole report in memory: analyzes each network with the experiment's options,
 * builds the tables and each figure (styled for print at its width and height). Calls
 * `onFigure` after each figure. Pure apart from the callback. `proofs` holds what the
 * runtime computed first (`reportProofs`: the `blindspots` figures' proofs).
 */
export function buildReport(
  config: ReportConfig,
  onFigure?: FigureBuilt,
  proofs?: ReportProofs,
): ReportModel {
  const total = config.experiments.reduce((a, e) => a + e.figures.length, 0);
  const next: Counter = { index: 0, total, onFigure };
  const experiments = config.experiments.map(
    (e): BuiltExperiment =>
      e.networks[0].model
        ? buildModelExperiment(e, next, proofs)
        : buildSpecExperiment(e, next, proofs),
  );
  return { title: config.title, description: config.description, experiments };
}
