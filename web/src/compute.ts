import { receptiveFieldOf } from '../../src/analysis/index.ts';
import { receptiveFieldGrowth } from '../../src/analysis/receptiveField.ts';
import type { AnalyzeResult } from '../../src/analysis/types.ts';
import type { ImpulseInput } from '../../src/figures/impulse.ts';
import type { ResponseInput } from '../../src/figures/inputs.ts';
import type { PhaseInput } from '../../src/figures/phase.ts';
import type { Response2dInput } from '../../src/figures/response2d.ts';
import type { SeriesLabel } from '../../src/figures/types.ts';
import { type ApiLimits, checkResponseSize, checkTapsShape } from '../../src/limits/index.ts';
import { allLayers, type Network, parseNetwork } from '../../src/network/index.ts';
import { ApiError, apiGet, apiPost, type Params } from './api.ts';
import { limitNote, pageNote } from './check.ts';
import { type ResponseGrid, responseGrid } from './grid.ts';
import { parseHere, sourceValues } from './source.ts';
import { cloneState, kernelForDims, NETWORK_IDS, type NetState, type State } from './state.ts';
import { analogueSpec, axisCutSpec } from './transform.ts';

/** A failed request of one network: which network, which route, and the API's error. */
export class NetError extends Error {
  readonly net: number;
  readonly route: string;
  readonly field: string | null;
  constructor(net: number, route: string, e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    super(message);
    this.net = net;
    this.route = route;
    this.field = e instanceof ApiError ? e.field : ((e as { field?: string }).field ?? null);
  }
}

/** What the page draws for one network. */
export interface NetResult {
  label: SeriesLabel;
  analysis: AnalyzeResult;
  network: Network;
  /** The 1-D response with its phase panels and impulse and step responses. */
  response: ResponseInput & PhaseInput & Partial<ImpulseInput>;
  /** 1-D path counts (for a 2-D network: those of its x-cut network, the pattern along x). */
  counts1d: number[];
  /** 2-D path counts: the network's own, or its 2-D analogue's; null with a note when too large. */
  taps2d: number[][] | null;
  /** 2-D response: the network's own or its analogue's; null with a note. */
  response2d: Response2dInput | null;
  /** Whether the 2-D figures show the 2-D analogue of a 1-D network. */
  analogue: boolean;
  /** Why the 2-D tap figure leaves this network out. */
  noteTaps2d: string;
  /** Why the 2-D response figure leaves this network out. */
  noteResponse2d: string;
  growth: (number | [number, number])[];
  /** Shape of the network's largest kernel (for the growth references and border validity). */
  kernelShape: readonly number[];
  rates: number[];
}

/**
 * The state a view asks the server with: the 1-D grid raised so the fastest layer of every
 * network gets its points per period (grid.ts), and that grid.
 */
export function viewSnapshot(
  s: State,
  limits?: ApiLimits,
): { snapshot: State; grid: ResponseGrid } {
  const snapshot = cloneState(s);
  const parsed: Network[] = [];
  for (const n of snapshot.nets) {
    try {
      parsed.push(parseHere(n, snapshot.dims));
    } catch {
      // its error shows at its field, from the server's answer
    }
  }
  const grid = responseGrid(snapshot.n, parsed, limits);
  snapshot.n = grid.n;
  return { snapshot, grid };
}

/**
 * Every network's answers for a view (`viewSnapshot`), settled one by one. `figureSide`:
 * the side in device pixels of one 2-D response panel, when known (see computeNet).
 */
export function computeView(
  snapshot: State,
  signal: AbortSignal,
  figureSide?: number,
  limits?: ApiLimits,
): Promise<PromiseSettledResult<NetResult>[]> {
  return Promise.allSettled(
    snapshot.nets.map((n, i) => computeNet(n, i, snapshot, signal, figureSide, limits)),
  );
}

/**
 * The `size` to ask a 2-D response grid of side n with, for a panel `side` device pixels
 * wide: the smallest power of two ≥ side when that is below n (the server pools the grid
 * down to it, /api/response2d size=), else undefined (the grid as computed).
 */
export function gridSizeFor(n: number, side: number | undefined): number | undefined {
  if (side === undefined || !(side > 0)) return undefined;
  let size = 1;
  while (size < side) size *= 2;
  return size < n ? size : undefined;
}

/** The text of a network for legends: the preset name, the spec's name, or 'kernel @ rates (mode)'. */
export function netName(n: NetState, dims: 1 | 2, network?: Network | null): string {
  if (n.preset) return n.preset;
  if (n.spec) {
    if (network?.name) return network.name;
    const layers = network ? allLayers(network).length : 0;
    return network ? `spec (${layers} layer${layers === 1 ? '' : 's'})` : 'spec';
  }
  const mode =
    n.mode === 'stack' ? '' : n.mode === 'parallel' ? ` (parallel, ${n.merge})` : ' (residual)';
  const pad = n.padding && n.padding !== 'same' ? `, ${n.padding}` : '';
  return `${kernelForDims(n.kernel, dims)} @ ${n.rates}${mode}${pad}`;
}

/** The phase panels and time responses the cards draw (keys of /api/response). */
const PANEL_FIELDS = 'phaseUnwrapped,groupDelay,phaseDelay,zeroPhase,impulse,step';

interface TapsAnswer {
  dims: 1 | 2;
  counts: number[] | number[][];
}

interface Response2dAnswer {
  wy: ArrayLike<number>;
  wx: ArrayLike<number>;
  magnitude: ArrayLike<number>;
}

/** Column sums of a 2-D grid. */
function columnSums(rows: number[][]): number[] {
  const out = new Array<number>(rows[0]?.length ?? 0).fill(0);
  for (const r of rows)
    r.forEach((v, j) => {
      out[j] += v;
    });
  return out;
}

/**
 * Fetches everything one network needs, in parallel: analyze, the 1-D response (a 2-D
 * network's x cut), the path counts and the 2-D response (a 1-D network's 2-D analogue).
 * A failure of the network's own requests throws a NetError naming the route; a failure
 * of the analogue only leaves a note. With `figureSide` (device pixels of one 2-D panel)
 * below the 2-D grid side, the 2-D grid is asked pooled to the panel (`gridSizeFor`).
 */
export async function computeNet(
  n: NetState,
  i: number,
  s: State,
  signal: AbortSignal,
  figureSide?: number,
  limits?: ApiLimits,
): Promise<NetResult> {
  const src: Params = sourceValues(n, s.dims);
  const wrap = <T>(route: string, p: Promise<T>) =>
    p.catch((e: unknown) => {
      throw new NetError(i, route, e);
    });
  const analysisP = wrap(
    'analyze',
    apiGet<AnalyzeResult>(
      'analyze',
      { ...src, mapSize: s.mapSize, object: s.object, thresholdDb: s.thresholdDb },
      signal,
    ),
  );
  const tapsP = wrap('taps', apiGet<TapsAnswer>('taps', src, signal));
  // The page parses the network too; the server's answer decides what is valid, so a
  // failure here waits for the server's message.
  let network: Network | null = null;
  try {
    network = parseHere(n, s.dims);
  } catch {
    network = null;
  }
  // Only what the figures read (ResponseInput): w, |H|, the members' labels and |H| (not
  // their re and im: `members.magnitude`), and the envelope of a concat merge; the 2-D grid
  // as Float32 (format=f32, no JSON.parse).
  const concat = network?.root.type === 'parallel' && network.root.merge === 'concat';
  const respOpts: Params = {
    n: s.n,
    includeNyquist: true,
    fields: `w,magnitude,members.label,members.magnitude${concat ? ',envelope' : ''},${PANEL_FIELDS}`,
  };
  const r2Fields = {
    members: false,
    format: 'f32',
    fields: 'wy,wx,magnitude',
    size: gridSizeFor(s.n2d, figureSide),
  };
  const responseP =
    network && network.dims === 2
      ? wrap(
          'response',
          apiPost<NetResult['response']>(
            'response',
            { network: axisCutSpec(network), options: respOpts },
            signal,
          ),
        )
      : wrap(
          'response',
          apiGet<NetResult['response']>('response', { ...src, ...respOpts }, signal),
        );
  const analogue = network !== null && network.dims === 1;
  const note = (e: unknown) => ({ note: pageNote(e instanceof Error ? e.message : String(e)) });
  // The 2-D analogue of a 1-D network and the x cut of a 2-D one are judged against the
  // server's limits here, with its rules (check.ts `limitNote`): a figure they would refuse
  // gets its note without a request.
  const analogueNet = analogue ? parseNetwork(analogueSpec(network!)) : null;
  const analogueRf = analogueNet ? receptiveFieldOf(analogueNet.root, 2) : [];
  const taps2Note = limitNote(limits, () => checkTapsShape(analogueRf, limits!));
  const r2Note = analogueNet
    ? limitNote(limits, () => checkResponseSize(analogueNet, s.n2d, limits!, false, false))
    : null;
  const taps2P: Promise<TapsAnswer | { note: string }> = !analogue
    ? Promise.resolve({ note: '' })
    : taps2Note !== null
      ? Promise.resolve({ note: taps2Note })
      : apiPost<TapsAnswer>('taps', { network: analogueSpec(network!) }, signal).catch(note);
  const r2P: Promise<Response2dAnswer | { note: string }> = !analogue
    ? wrap(
        'response2d',
        apiGet<Response2dAnswer>('response2d', { ...src, n: s.n2d, ...r2Fields }, signal),
      )
    : r2Note !== null
      ? Promise.resolve({ note: r2Note })
      : apiPost<Response2dAnswer>(
          'response2d',
          { network: analogueSpec(network!), options: { n: s.n2d, ...r2Fields } },
          signal,
        ).catch(note);
  // A 2-D network's 1-D pattern along x: the path counts of its x-cut network.
  const cutSpec = network && network.dims === 2 ? axisCutSpec(network) : null;
  const cutNote =
    cutSpec === null
      ? null
      : limitNote(limits, () => {
          const cut = parseNetwork(cutSpec);
          checkTapsShape(receptiveFieldOf(cut.root, cut.dims), limits!);
        });
  const cutTapsP: Promise<TapsAnswer | null> =
    cutSpec !== null && cutNote === null
      ? apiPost<TapsAnswer>('taps', { network: cutSpec }, signal).catch(() => null)
      : Promise.resolve(null);
  const [analysis, taps, response, taps2, r2, cutTaps] = await Promise.all([
    analysisP,
    tapsP,
    responseP,
    taps2P,
    r2P,
    cutTapsP,
  ]);
  if (!network) network = parseHere(n, s.dims);
  const layers = allLayers(network);
  const counts2 =
    'counts' in taps2
      ? (taps2.counts as number[][])
      : taps.dims === 2
        ? (taps.counts as number[][])
        : null;
  // The kernel the per-rate plots use: the largest of the network's layers.
  const biggest = layers.reduce((a, b) =>
    b.kernel.weights.length > a.kernel.weights.length ? b : a,
  );
  return {
    label: { id: NETWORK_IDS[i], name: netName(n, s.dims, network) },
    analysis,
    network,
    response,
    counts1d:
      taps.dims === 1
        ? (taps.counts as number[])
        : cutTaps?.dims === 1
          ? (cutTaps.counts as number[])
          : columnSums(taps.counts as number[][]),
    taps2d: counts2,
    response2d: 'wy' in r2 ? r2 : null,
    analogue,
    noteTaps2d: 'note' in taps2 ? taps2.note : '',
    noteResponse2d: 'note' in r2 ? r2.note : '',
    growth: receptiveFieldGrowth(network),
    kernelShape: biggest.kernel.shape,
    rates: layers.map((l) => l.dilation[l.dilation.length - 1]),
  };
}
