import {
  convLayers,
  mapShapes,
  networkGraph,
  networkMembers,
  paddingText,
} from '../network/index.ts';
import { LIMITS } from '../network/limits.ts';
import type { Network } from '../network/types.ts';
import { FieldError, FieldTypeError, integerIn, show } from '../util/validate.ts';
import { aliasing } from './aliasing.ts';
import { networkKernel } from './composite.ts';
import { cost } from './cost.ts';
import { coverageOf } from './coverage.ts';
import { deafBandsReport } from './deafBands.ts';
import { hdcReport } from './hdc.ts';
import { networkInfo } from './info.ts';
import { listedReport } from './listed.ts';
import { memberSummary } from './memberSummary.ts';
import { nullsReport } from './nulls.ts';
import { checkAnalyzeCost } from './price.ts';
import { receptiveField } from './receptiveField.ts';
import { pathCounts } from './tapSet.ts';
import type { AnalyzeOptions, AnalyzeResult } from './types.ts';
import { zerosReport } from './zeros.ts';

/** Most channels accepted by `analyze` for the cost (keeps c²·parameters exact). */
export const MAX_CHANNELS = 65536;

/** Default deaf-band threshold, dB relative to max|H|. */
export const DEFAULT_THRESHOLD_DB = -20;

/** The offsets' convention of every `analyze` output. */
export const ANALYZE_FORM =
  'causal offsets (tap n of a layer at n·d, offset 0 = first input read); layers placed as PyTorch pads them (output p reads s·p − before + n·d), so parallel branches and residual identities land where their padding puts them; frequencies in rad/sample';

/** Validated `analyze` options with defaults filled in. */
export interface ResolvedAnalyzeOptions {
  mapSize?: number;
  object?: readonly [number, number];
  thresholdDb: number;
  channels: number;
}

/**
 * Validates `analyze` options: mapSize an integer 1..LIMITS.maxMapSize, object [w, h] two
 * positive integers, thresholdDb a finite number below 0 (default −20), channels an integer
 * 1..MAX_CHANNELS (default 1). Errors are FieldError/FieldTypeError naming the field.
 */
export function resolveAnalyzeOptions(options: unknown = {}): ResolvedAnalyzeOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FieldTypeError('options', `must be an object, got ${show(options)}`);
  }
  const o = options as Record<string, unknown>;
  const out: ResolvedAnalyzeOptions = { thresholdDb: DEFAULT_THRESHOLD_DB, channels: 1 };
  if (o.mapSize !== undefined) out.mapSize = integerIn('mapSize', o.mapSize, 1, LIMITS.maxMapSize);
  if (o.object !== undefined) {
    const v = o.object;
    if (!Array.isArray(v) || v.length !== 2) {
      throw new FieldError('object', `must be [w, h], two positive integers, got ${show(v)}`);
    }
    out.object = [
      integerIn('object[0]', v[0], 1, Number.MAX_SAFE_INTEGER),
      integerIn('object[1]', v[1], 1, Number.MAX_SAFE_INTEGER),
    ];
  }
  if (o.thresholdDb !== undefined) {
    const t = o.thresholdDb;
    if (typeof t !== 'number' || !Number.isFinite(t) || t >= 0) {
      throw new FieldError('thresholdDb', `must be a finite number below 0 (dB), got ${show(t)}`);
    }
    out.thresholdDb = t;
  }
  if (o.channels !== undefined) out.channels = integerIn('channels', o.channels, 1, MAX_CHANNELS);
  return out;
}

/**
 * Analyzes a network exactly, in space and frequency (design.md items 1–10). Returns the
 * object `dilation-lab analyze --json` prints (plain JSON: numbers, arrays, objects):
 * - receptiveField (samples, or [rows, cols]); parameters (weights of all layers);
 * - gcd = g, the gcd of the effective rates d·Π s (per axis for 2-D), and period = 2π/g
 *   (rad/sample); aliasing with the exact lattice of the support;
 * - coverage of the receptive field by the exact tap set (path counts), griddingFree;
 * - hdc: the rule of Wang et al. 2018 as stated, next to exact coverage (null when the
 *   network is not a plain stack of one kernel size);
 * - layers: one summary per member (layer of a top-level stack, branch of a top-level
 *   parallel set), with object hit probability and border validity when asked;
 * - nulls and deafBands of the members and the whole (the x cut for 2-D; `byAxis.y` the y
 *   cut); cost for `channels` and `mapSize`.
 *
 * Options: mapSize (S, 1..LIMITS.maxMapSize), object ([w, h]), thresholdDb (< 0, default
 * −20), channels (default 1). Throws FieldError/FieldTypeError naming the bad field.
 */
export function analyze(network: Network, options?: AnalyzeOptions): AnalyzeResult {
  if (
    typeof network !== 'object' ||
    network === null ||
    (network.dims !== 1 && network.dims !== 2) ||
    typeof network.root !== 'object'
  ) {
    throw new FieldTypeError(
      'network',
      `must be a parsed network (use parseNetwork), got ${show(network)}`,
    );
  }
  const o = resolveAnalyzeOptions(options);
  checkAnalyzeCost(network);
  const { dims } = network;
  const graph = networkGraph(network);
  const { kind, members } = networkMembers(network);
  const counts = pathCounts(network);
  const coverage = coverageOf(counts);
  const griddingFree = coverage.holes === 0;
  const alias = aliasing(network, counts);
  // Each member reads the map its predecessors leave (a stack) or the input (a parallel set).
  let shape: number[] | undefined =
    o.mapSize === undefined ? undefined : new Array(dims).fill(o.mapSize);
  const layers = members.map((m, i) => {
    const s = memberSummary(m, { object: o.object, mapSize: o.mapSize, inputShape: shape });
    if (shape && kind === 'stack') shape = mapShapes(m.graph, shape)[m.graph.output];
    return { ...s, index: i };
  });
  const convs = convLayers(graph).map((n) => (n.op === 'conv' ? n : n.projection));
  const paddings = [...new Set(convs.map((c) => paddingText(c.padding)))];
  const c = cost(network, { mapSize: o.mapSize, channels: o.channels });
  const root = network.root;
  const zeros = zerosReport(network);
  const result: AnalyzeResult = {
    dims,
    kind,
    ...(root.type === 'parallel' ? { merge: root.merge } : {}),
    form: ANALYZE_FORM,
    receptiveField: receptiveField(network),
    outputStride: alias.outputStride,
    padding: paddings.length === 1 ? paddings[0] : paddings.length === 0 ? 'same' : 'mixed',
    parameters: convs.reduce((a, c) => a + c.weights.data.length, 0),
    gcd: alias.factor,
    period: alias.period,
    aliasing: alias,
    coverage,
    griddingFree,
    hdc: hdcReport(network, griddingFree),
    layers,
    nulls: listedReport(nullsReport(network, 'x')),
    deafBands: listedReport(deafBandsReport(network, o.thresholdDb, 'x')),
    ...(dims === 2
      ? {
          byAxis: {
            y: {
              nulls: listedReport(nullsReport(network, 'y')),
              deafBands: listedReport(deafBandsReport(network, o.thresholdDb, 'y')),
            },
          },
        }
      : {}),
    cost: c,
    zeros,
    info: networkInfo(networkKernel(network), zeros.composite),
  };
  return result;
}
