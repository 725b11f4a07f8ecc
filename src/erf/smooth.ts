/**
 * Smoothed dilated convolutions (Wang & Ji, KDD 2018; docs/theory.md §14): the network as
 * given, with the smoothing removed, and with `ssc` or `gi` on every dilated layer, side by
 * side — the polyphase view (which of the r² input sub-grids an output mixes), the tap set's
 * holes, the nulls, the deaf bands and the exact ERF's gridding index.
 */
import {
  coverage,
  deafBandsReport,
  latticeFactorOf,
  nullsReport,
  pathCounts,
  receptiveFieldOf,
} from '../analysis/index.ts';
import {
  foldSpec,
  type Network,
  type NetworkNode,
  networkGraph,
  type Smoothing,
  smoothedLayer,
  specLayer,
  specPool,
} from '../network/index.ts';
import { FieldError, show } from '../util/validate.ts';
import { exactRandomErf } from './exact.ts';
import { griddingIndex } from './measures.ts';

/** Which variant of a network: as given, without smoothing, or smoothed on every dilated layer. */
export type SmoothVariant = 'given' | 'none' | Smoothing;

/** The polyphase view of an output: which residues (offset mod r per axis) its taps cover. */
export interface Polyphase {
  /** The sub-grid factor r per axis. */
  r: number[];
  /** classes[a][b]: true when some tap offset is ≡ (a, b) mod r (1-D: one row). */
  classes: boolean[][];
  /** How many of the r² (1-D: r) sub-grids the output mixes. */
  mixed: number;
  /** r² (1-D: r). */
  of: number;
}

/** One row of the comparison. */
export interface SmoothRow {
  variant: SmoothVariant;
  receptiveField: number[];
  holes: number;
  polyphase: Polyphase;
  /** Nulls of the whole network on [0, π] (x cut in 2-D), with multiplicity. */
  nulls: { w: number; multiplicity: number }[];
  /** Share of [0, π] where the whole network is deaf (−20 dB, x cut in 2-D). */
  deafFraction: number;
  /** The gridding index of the exact ERF with i.i.d. weights (§13: 1 exactly with holes). */
  erfGriddingIndex: number;
}

/** What `smoothComparison` returns (docs/cli.md, "The smooth JSON"). */
export interface SmoothComparison {
  /** The sub-grid factor r per axis: the common factor of the unsmoothed tap set. */
  r: number[];
  rows: SmoothRow[];
}

/**
 * The network without smoothing (every smoothing filter, and the stack it came in, removed),
 * or with `kind` on every dilated stride-1 layer: one `foldSpec` over its graph.
 */
export function smoothVariant(network: Network, variant: SmoothVariant): Network {
  if (variant === 'given') return network;
  if (variant !== 'none' && variant !== 'ssc' && variant !== 'gi')
    throw new FieldError('variant', `must be "given", "none", "ssc" or "gi", got ${show(variant)}`);
  // A smoothing filter folds to null; a stack that held a layer and its filter to the layer.
  const root = foldSpec<NetworkNode | null>(networkGraph(network), {
    layer: (n) => {
      if (n.smoothing !== undefined) return null;
      const layer = specLayer(n);
      const smooth =
        variant !== 'none' && n.dilation.some((d) => d > 1) && n.stride.every((st) => st === 1);
      return smooth ? smoothedLayer(layer, variant) : layer;
    },
    pool: (n) => specPool(n),
    stack: (items) => {
      const kept = items.filter((l): l is NetworkNode => l !== null);
      return kept.length === 1 && items.length === 2 && kept.length < items.length
        ? kept[0]
        : { type: 'stack', layers: kept };
    },
    parallel: (merge, branches) => ({
      type: 'parallel',
      merge,
      branches: branches as NetworkNode[],
    }),
    residual: (body, shortcut) => ({
      type: 'residual',
      body: body as NetworkNode,
      ...(shortcut.projection ? { shortcut: specLayer(shortcut.projection) } : {}),
    }),
  });
  return { dims: network.dims, root: root as NetworkNode };
}

/**
 * The polyphase view of a network's output at factor r (per axis): the residues
 * (u mod r) of the offsets u of its exact tap set. A dilated layer alone (rate r) mixes 1
 * of r² sub-grids; a gridding-free network all r².
 */
export function polyphase(network: Network, r: readonly number[]): Polyphase {
  const counts = pathCounts(network);
  const two = counts.shape.length === 2;
  const [ry, rx] = two ? r : [1, r[0]];
  const C = two ? counts.shape[1] : counts.shape[0];
  const classes = Array.from({ length: ry }, () => new Array<boolean>(rx).fill(false));
  counts.weights.forEach((w, i) => {
    if (!(w > 0)) return;
    const row = two ? Math.floor(i / C) : 0;
    classes[row % ry][(i % C) % rx] = true;
  });
  const mixed = classes.flat().filter(Boolean).length;
  return { r: [...r], classes, mixed, of: ry * rx };
}

function row(network: Network, variant: SmoothVariant, r: number[]): SmoothRow {
  const net = smoothVariant(network, variant);
  const deaf = deafBandsReport(net).composite;
  return {
    variant,
    receptiveField: receptiveFieldOf(net.root, net.dims),
    holes: coverage(net).holes,
    polyphase: polyphase(net, r),
    nulls: nullsReport(net).composite.map((n) => ({ w: n.w, multiplicity: n.multiplicity })),
    deafFraction: deaf.reduce((s, [a, b]) => s + (b - a), 0) / Math.PI,
    erfGriddingIndex: griddingIndex(exactRandomErf(net)),
  };
}

/**
 * The network as given, without smoothing, with `ssc` and with `gi` on every dilated
 * stride-1 layer: receptive field, holes, polyphase view at the unsmoothed tap set's common
 * factor r (2 when it is 1), composite nulls, deaf fraction and exact-ERF gridding index.
 */
export function smoothComparison(network: Network): SmoothComparison {
  const plain = smoothVariant(network, 'none');
  const r = latticeFactorOf(pathCounts(plain)).map((g) => (g > 1 ? g : 2));
  const variants: SmoothVariant[] = ['none', 'ssc', 'gi'];
  const given = JSON.stringify(network.root) !== JSON.stringify(plain.root);
  return {
    r,
    rows: (given ? (['given', ...variants] as SmoothVariant[]) : variants).map((v) =>
      row(network, v, r),
    ),
  };
}
