import { networkKernel } from '../analysis/composite.ts';
import { kernelNulls, nullsReport } from '../analysis/nulls.ts';
import { type Members, networkGraph, networkMembers } from '../network/index.ts';
import { LIMITS } from '../network/limits.ts';
import type { Network } from '../network/types.ts';
import { toNullableArray, toNumberArray } from '../util/arrays.ts';
import { FieldError, FieldTypeError, isPowerOfTwo, show } from '../util/validate.ts';
import {
  checkExactOffsets,
  composeContext,
  evaluateGraph,
  type GridResponse,
  memberResponses,
  productOf,
  sumBranches,
} from './compose.ts';
import { magnitudes, magnitudesAndPhases, phases, toDb } from './decibels.ts';
import { delayFactors } from './delayFactors.ts';
import type { LinearPhaseOutputs } from './derived.ts';
import { booleanOption, frequencyGrid, fsOption, gridFrequencies } from './grid.ts';
import { nodeLabel } from './label.ts';
import { type LinearPhaseFactor, linearPhaseFactors, linearPhaseResponse } from './linearPhase.ts';
import { type KernelSymmetry, phasePanels, stepResponse } from './phase.ts';

/** Options of `response` (scipy.signal.freqz's meaning for each). */
export interface ResponseOptions {
  /** Number of frequency points, a power of two from 1 to LIMITS.maxN (2^20). Default 512. */
  n?: number;
  /** false (default): [0, π) (or [0, π] with includeNyquist); true: the full circle [0, 2π). */
  whole?: boolean;
  /**
   * Sampling frequency: w is returned in its units (w = ω·fs/2π). Default 2π (rad/sample);
   * 1 gives cycles/sample, a rate in Hz gives Hz, 1 per base pair gives cycles/bp.
   */
  fs?: number;
  /** With whole false: n points from 0 to π inclusive (π·j/(n−1)). Default false. */
  includeNyquist?: boolean;
  /**
   * Label of the units of w (1 to 32 characters). Default `rad/sample` when fs is not
   * given or is 2π, `cycles/sample` when fs = 1, else `Hz`.
   */
  units?: string;
  /** Compute the members' responses (default true); false skips them for speed. */
  members?: boolean;
  /**
   * Compute the phase panels and the impulse and step responses (default true):
   * phaseUnwrapped, groupDelay, phaseDelay, zeroPhase, impulse, step. false skips them.
   */
  panels?: boolean;
  /**
   * A result of an earlier call on the same number of points, handed back to be overwritten:
   * this call writes its re, im, magnitude, magnitudeDb and phase into that result's arrays
   * (every value) and returns them, instead of allocating five new ones, so a loop that
   * recomputes a response (a slider, an animation, a sweep) allocates nothing per point.
   * The earlier result is the caller's to give up: its arrays change. Members, panels and w
   * are new arrays as without it. Default: none (five new arrays).
   */
  out?: NetworkResponse;
}

/** The response of one member: a layer of a top-level stack or a branch of a top-level parallel node. */
export interface ResponseMember {
  /** Readable name, e.g. `box:3@2` or `stack(box:3@1, box:3@2)`. */
  label: string;
  /**
   * H_member(ω), causal form. For a top-level parallel node the branch is centre-aligned
   * (multiplied by e^{−iω·⌊(S−S_b)/2⌋}), so the members of a sum add up to `re`/`im`; the
   * members of a stack multiply to it.
   */
  re: Float64Array;
  im: Float64Array;
  /** |H_member|. */
  magnitude: Float64Array;
  /** 20·log10|H_member|, floored at DB_FLOOR (−300 dB). */
  magnitudeDb: Float64Array;
}

/** The frequency response of a 1-D network (`response`). */
export interface NetworkResponse {
  dims: 1;
  /**
   * Frequencies in `units`: w_j = fs·j/M (see FrequencyGrid). Made when first read (an
   * enumerable accessor: JSON, spread and structured clone see an ordinary array), then kept.
   */
  w: Float64Array;
  /** Units of w: `rad/sample` by default. */
  units: string;
  /** The sampling frequency used (2π for rad/sample). */
  fs: number;
  /** Phase reference: the causal form (taps at offsets 0..S−1), as compositeKernel. */
  form: 'causal';
  /**
   * H(ω) = Σ_t h_t e^{−iωt} of the network's composite kernel h (compositeKernel), causal
   * form. For a concat merge: the sum of the aligned branches (compositeKernel's
   * convention); its magnitude is then the envelope, not |re + i·im|.
   */
  re: Float64Array;
  im: Float64Array;
  /** |H| (the envelope max_b |H_b| for a top-level concat merge). */
  magnitude: Float64Array;
  /** 20·log10(magnitude), floored at DB_FLOOR (−300 dB). */
  magnitudeDb: Float64Array;
  /** atan2(im, re) in (−π, π], radians, of the causal form. */
  phase: Float64Array;
  /** The layers of a top-level stack or the branches of a top-level parallel node ([] if members: false). */
  members: ResponseMember[];
  /** The merge of a top-level parallel node. */
  merge?: 'sum' | 'concat';
  /** For a top-level concat merge: max_b |H_b(ω)|, equal to `magnitude`. */
  envelope?: Float64Array;
  /**
   * The continuous phase in radians (see PhasePanels.phaseUnwrapped); NaN at an exact zero
   * of H. Absent with `panels: false`, as are the keys below.
   */
  phaseUnwrapped?: Float64Array;
  /** Group delay −dφ/dω in samples, continuous through unit-circle zeros (PhasePanels.groupDelay). */
  groupDelay?: Float64Array;
  /** Phase delay −φ/ω in samples; NaN where undefined (PhasePanels.phaseDelay). */
  phaseDelay?: Float64Array;
  /** Zero-phase amplitude A(ω) of a (anti)symmetric composite kernel, else null. */
  zeroPhase?: Float64Array | null;
  /** Symmetry of the composite kernel about its middle. */
  symmetry?: KernelSymmetry;
  /** Impulse response: the dense composite kernel h_0..h_{S−1} (causal form). */
  impulse?: Float64Array;
  /** Step response: the running sum s_n = Σ_{t≤n} h_t. */
  step?: Float64Array;
}

/** What `response` reads of a network's structure, whatever the grid (`plan`). */
interface ResponsePlan {
  readonly members: Members;
  readonly labels: readonly string[];
  /** The linear-phase factors of a network that is a product of them (not a merge), else null. */
  readonly factors: readonly LinearPhaseFactor[] | null;
}

/** Plans by network: a parsed network is not changed after parseNetwork (networkGraph caches alike). */
const plans = new WeakMap<Network, ResponsePlan>();

/** The members, their labels and the linear-phase factors of a network, computed once per network. */
function plan(net: Network): ResponsePlan {
  let p = plans.get(net);
  if (!p) {
    const members = networkMembers(net);
    p = {
      members,
      labels: members.members.map((m) => nodeLabel(m.graph, m.path)),
      factors: members.merge === undefined ? linearPhaseFactors(networkGraph(net)) : null,
    };
    plans.set(net, p);
  }
  return p;
}

/** Validates `n` for response: a power of two from 1 to `max`. */
export function checkPoints(n: unknown, max: number, fallback: number): number {
  if (n === undefined) return fallback;
  if (typeof n !== 'number' || !isPowerOfTwo(n) || n > max) {
    throw new FieldError('n', `must be a power of two from 1 to ${max}, got ${show(n)}`);
  }
  return n;
}

function unitsOption(units: unknown, fs: number | undefined): string {
  if (units === undefined) {
    if (fs === undefined || fs === 2 * Math.PI) return 'rad/sample';
    return fs === 1 ? 'cycles/sample' : 'Hz';
  }
  if (typeof units !== 'string' || units.length === 0 || units.length > 32) {
    throw new FieldTypeError('units', `must be a text of 1 to 32 characters, got ${show(units)}`);
  }
  return units;
}

/** The five arrays of `out` (see ResponseOptions.out), checked: Float64Arrays of `count` values that do not overlap. */
function outOption(out: unknown, count: number): LinearPhaseOutputs | undefined {
  if (out === undefined) return undefined;
  if (typeof out !== 'object' || out === null) {
    throw new FieldTypeError('out', `must be an earlier response result, got ${show(out)}`);
  }
  const o = out as Record<string, unknown>;
  const keys = ['re', 'im', 'magnitude', 'magnitudeDb', 'phase'] as const;
  const arrays = keys.map((k) => {
    const a = o[k];
    if (!(a instanceof Float64Array)) {
      throw new FieldTypeError(`out.${k}`, `must be a Float64Array, got ${show(a)}`);
    }
    if (a.length !== count) {
      throw new FieldError(
        `out.${k}`,
        `has ${a.length} values; this call computes ${count} points (pass a result of the same n)`,
      );
    }
    return a;
  });
  for (let i = 0; i < arrays.length; i++) {
    for (let k = i + 1; k < arrays.length; k++) {
      const a = arrays[i];
      const b = arrays[k];
      if (
        a.buffer === b.buffer &&
        a.byteOffset < b.byteOffset + b.byteLength &&
        b.byteOffset < a.byteOffset + a.byteLength
      ) {
        throw new FieldError(`out.${keys[k]}`, `shares its memory with out.${keys[i]}`);
      }
    }
  }
  const [re, im, magnitude, magnitudeDb, phase] = arrays;
  return { re, im, magnitude, magnitudeDb, phase };
}

function checkNetwork(network: unknown, dims: 1 | 2): Network {
  const n = network as Network;
  if (typeof n !== 'object' || n === null || typeof n.root !== 'object' || n.root === null) {
    throw new FieldTypeError(
      'network',
      `must be a parsed network (parseNetwork), got ${show(network)}`,
    );
  }
  if (n.dims !== dims) {
    throw new FieldError(
      'network',
      `is ${n.dims}-D; use ${n.dims === 2 ? 'response2d' : 'response'} for a ${n.dims}-D network`,
    );
  }
  return n;
}

/**
 * The frequency response of a 1-D network, H(ω) = Σ_t h_t e^{−iωt} with h its composite
 * kernel (causal form), on scipy.signal.freqz's grid: `n` points in [0, π) by default
 * (ω_j = πj/n), [0, π] with `includeNyquist`, [0, 2π) with `whole`; w in the units of `fs`.
 *
 * Exact on the grid, without materialising dilated kernels: a layer of rate d (times the
 * strides before it) is H(dω), sampled as H_d[j] = H[(d·j) mod M] (ω_j = 2πj/M); few-tap
 * kernels are evaluated directly from a cached twiddle table, larger ones from one base
 * spectrum per kernel and grid. A stack multiplies, a parallel sum adds (branches
 * centre-aligned), a residual adds the identity at the body's centre, and a concat merge
 * reports its branches and their envelope max_b |H_b|. Periodicity (H_d repeats every
 * M/gcd(d, M) points) and Hermitian symmetry are used to evaluate each factor once per period.
 */
export function response(network: Network, options: ResponseOptions = {}): NetworkResponse {
  const net = checkNetwork(network, 1);
  const o = (options ?? {}) as ResponseOptions;
  const n = checkPoints(o.n, LIMITS.maxN, 512);
  const whole = booleanOption('whole', o.whole, false);
  const includeNyquist = booleanOption('includeNyquist', o.includeNyquist, false);
  const fs = fsOption(o.fs);
  const units = unitsOption(o.units, o.fs);
  const wantMembers = booleanOption('members', o.members, true);
  const wantPanels = booleanOption('panels', o.panels, true);
  checkExactOffsets(net);

  const grid = frequencyGrid(n, whole, includeNyquist);
  const out = outOption(o.out, grid.count);
  const ctx = composeContext(grid);
  const { members: networkParts, labels, factors } = plan(net);
  const { members, merge, kind } = networkParts;
  const root = net.root;

  // A product of odd-length symmetric kernels: H = e^{−iωc}·A(ω) with A real, so |H|, dB
  // and phase come from A without atan2 (linearPhase.ts).
  const linear = factors ? linearPhaseResponse(factors, grid.m, grid.count, out) : undefined;
  let composite: GridResponse;
  let parts: GridResponse[] = [];
  if (root.type !== 'stack' && root.type !== 'parallel') {
    composite = linear ?? evaluateGraph(ctx, networkGraph(net));
    if (wantMembers) parts = [composite];
  } else if (wantMembers || merge === 'concat') {
    parts = memberResponses(ctx, members);
    composite = linear ?? (kind === 'stack' ? productOf(ctx, parts) : sumBranches(ctx, parts));
  } else composite = linear ?? evaluateGraph(ctx, networkGraph(net));

  const memberList: ResponseMember[] = [];
  // A network that is its own member: |H|, dB and phase in one pass.
  const own =
    linear ??
    (parts.length === 1 && parts[0] === composite && merge !== 'concat'
      ? magnitudesAndPhases(composite.re, composite.im, composite.period, out)
      : undefined);
  const memberMags = parts.map((p) =>
    p === composite && own ? own : magnitudes(p.re, p.im, p.period),
  );
  if (wantMembers) {
    parts.forEach((p, i) => {
      memberList.push({
        label: labels[i],
        re: p.re,
        im: p.im,
        magnitude: memberMags[i].magnitude,
        magnitudeDb: memberMags[i].magnitudeDb,
      });
    });
  }

  let magnitude: Float64Array;
  let magnitudeDb: Float64Array;
  let phase: Float64Array | undefined;
  let envelope: Float64Array | undefined;
  if (merge === 'concat') {
    envelope = out ? out.magnitude.fill(0) : new Float64Array(grid.count);
    for (const mm of memberMags) {
      const a = mm.magnitude;
      for (let j = 0; j < grid.count; j++) if (a[j] > envelope[j]) envelope[j] = a[j];
    }
    magnitude = envelope;
    magnitudeDb = out?.magnitudeDb ?? new Float64Array(grid.count);
    for (let j = 0; j < grid.count; j++) {
      magnitudeDb[j] = toDb(envelope[j]);
    }
  } else if (own) {
    ({ magnitude, magnitudeDb, phase } = own);
  } else {
    ({ magnitude, magnitudeDb, phase } = magnitudesAndPhases(
      composite.re,
      composite.im,
      composite.period,
      out,
    ));
  }
  // re and im: the linear-phase route wrote them into `out`; the others computed them in
  // arrays of their own (shared with a member, for a network that is its own member).
  let re = composite.re;
  let im = composite.im;
  if (out && !linear) {
    out.re.set(re);
    out.im.set(im);
    re = out.re;
    im = out.im;
  }

  // w is made when first read (the plotting adapters read it; many callers never do):
  // one N-point array less to allocate and fill per call.
  let w: Float64Array | undefined;
  const result: NetworkResponse = {
    dims: 1,
    get w(): Float64Array {
      w ??= gridFrequencies(grid, fs);
      return w;
    },
    set w(value: Float64Array) {
      w = value;
    },
    units,
    fs,
    form: 'causal',
    re,
    im,
    magnitude,
    magnitudeDb,
    phase: phase ?? phases(composite.re, composite.im, composite.period, out?.phase),
    members: memberList,
  };
  if (merge !== undefined) result.merge = merge;
  if (envelope !== undefined) result.envelope = envelope;
  if (wantPanels) {
    const h = networkKernel(net).weights;
    // Nulls of h itself: for a concat merge h is the aligned sum, whose nulls are its own.
    const nulls = merge === 'concat' ? kernelNulls(h) : nullsReport(net, 'x').composite;
    // A stack's group delay is summed from its small factors; other roots use h itself.
    const factors = delayFactors(net) ?? [{ kernel: h, step: 1, nulls }];
    const p = phasePanels(h, grid, composite.re, composite.im, result.phase, nulls, factors);
    result.phaseUnwrapped = p.phaseUnwrapped;
    result.groupDelay = p.groupDelay;
    result.phaseDelay = p.phaseDelay;
    result.zeroPhase = p.zeroPhase;
    result.symmetry = p.symmetry;
    result.impulse = Float64Array.from(h);
    result.step = stepResponse(h);
  }
  return result;
}

/** A NetworkResponse with plain number arrays (JSON-ready). */
export interface NetworkResponseJSON {
  dims: 1;
  w: number[];
  units: string;
  fs: number;
  form: 'causal';
  re: number[];
  im: number[];
  magnitude: number[];
  magnitudeDb: number[];
  phase: number[];
  members: {
    label: string;
    re: number[];
    im: number[];
    magnitude: number[];
    magnitudeDb: number[];
  }[];
  merge?: 'sum' | 'concat';
  envelope?: number[];
  /** NaN entries are null. */
  phaseUnwrapped?: (number | null)[];
  groupDelay?: number[];
  /** NaN entries are null. */
  phaseDelay?: (number | null)[];
  zeroPhase?: number[] | null;
  symmetry?: KernelSymmetry;
  impulse?: number[];
  step?: number[];
}

/** A Float64Array as a plain number array. */
const plain: (a: Float64Array) => number[] = toNumberArray;

/** A Float64Array as a plain array with NaN as null (JSON.stringify writes NaN as null too). */
const nullable: (a: Float64Array) => (number | null)[] = toNullableArray;

/**
 * Turns a `response` result into plain arrays so `JSON.stringify` gives lists (typed
 * arrays would serialise as objects). Magnitudes in dB are already floored, never −Infinity.
 */
export function responseToJSON(r: NetworkResponse): NetworkResponseJSON {
  const out: NetworkResponseJSON = {
    dims: 1,
    w: plain(r.w),
    units: r.units,
    fs: r.fs,
    form: r.form,
    re: plain(r.re),
    im: plain(r.im),
    magnitude: plain(r.magnitude),
    magnitudeDb: plain(r.magnitudeDb),
    phase: plain(r.phase),
    members: r.members.map((m) => ({
      label: m.label,
      re: plain(m.re),
      im: plain(m.im),
      magnitude: plain(m.magnitude),
      magnitudeDb: plain(m.magnitudeDb),
    })),
  };
  if (r.merge !== undefined) out.merge = r.merge;
  if (r.envelope !== undefined) out.envelope = plain(r.envelope);
  if (r.phaseUnwrapped !== undefined) out.phaseUnwrapped = nullable(r.phaseUnwrapped);
  if (r.groupDelay !== undefined) out.groupDelay = plain(r.groupDelay);
  if (r.phaseDelay !== undefined) out.phaseDelay = nullable(r.phaseDelay);
  if (r.zeroPhase !== undefined) out.zeroPhase = r.zeroPhase === null ? null : plain(r.zeroPhase);
  if (r.symmetry !== undefined) out.symmetry = r.symmetry;
  if (r.impulse !== undefined) out.impulse = plain(r.impulse);
  if (r.step !== undefined) out.step = plain(r.step);
  return out;
}
