import type { RequestHandler } from 'express';
import { receptiveFieldOf } from '../../analysis/composite.ts';
import { members, type Network } from '../../network/index.ts';
import { OPTIONS, withRange } from '../../options/index.ts';
import { FieldError } from '../../util/validate.ts';
import type { ServerContext } from '../context.ts';
import type { OptionSpec, Options } from '../input.ts';
import type { ServerLimits } from '../limits.ts';
import { computeHandler } from './compute.ts';

/** The library's defaults (response: 512 points; response2d: a 128×128 grid). */
export const DEFAULT_N = 512;
export const DEFAULT_N2D = 128;

/**
 * Numbers in a response answer for grid size n: 1-D sends w, re, im, magnitude,
 * magnitudeDb, phase (6 arrays of n) plus re, im, magnitude, magnitudeDb per member and
 * the envelope of a concat merge; 2-D sends magnitude and magnitudeDb (n² each) plus two
 * per member, the envelope, and the two axes.
 */
export function responseValues(
  network: Network,
  n: number,
  withMembers = true,
  withPanels = false,
): number {
  const m = withMembers ? members(network).nodes.length : 0;
  const concat = network.root.type === 'parallel' && network.root.merge === 'concat' ? 1 : 0;
  // Panels: phaseUnwrapped, groupDelay, phaseDelay, zeroPhase (n each, 1-D) and the impulse
  // and step responses (one receptive field each).
  const taps = withPanels
    ? 2 * receptiveFieldOf(network.root, network.dims).reduce((a, b) => a * b, 1)
    : 0;
  return network.dims === 1
    ? n * (6 + 4 * m + concat + (withPanels ? 4 : 0)) + taps
    : n * n * (2 + 2 * m + concat) + 2 * n + taps;
}

/**
 * Checks the size of a response answer against the limits: n ≤ maxN (1-D) or maxN2d (2-D),
 * and at most maxResponseValues numbers; the error names `n` and the largest n that fits.
 */
export function checkResponseSize(
  network: Network,
  n: number,
  limits: ServerLimits,
  withMembers = true,
  withPanels = false,
): void {
  const maxN = network.dims === 1 ? limits.maxN : limits.maxN2d;
  if (n > maxN) {
    throw new FieldError(
      'n',
      `must be a power of two from 1 to ${maxN} for a ${network.dims}-D network on this server, got ${n}`,
    );
  }
  const values = responseValues(network, n, withMembers, withPanels);
  if (values > limits.maxResponseValues) {
    if (withPanels && responseValues(network, 1, withMembers, true) > limits.maxResponseValues)
      throw new FieldError(
        'panels',
        `would send the impulse and step responses of ${values} numbers in all for this network, above the limit ${limits.maxResponseValues}; set panels to false`,
      );
    let fit = n;
    while (
      fit > 1 &&
      responseValues(network, fit, withMembers, withPanels) > limits.maxResponseValues
    )
      fit /= 2;
    throw new FieldError(
      'n',
      `of ${n} would send ${values} numbers for this network (${members(network).nodes.length} members), above the limit ${limits.maxResponseValues}; use n ≤ ${fit}`,
    );
  }
}

/**
 * Options of /api/response: n (a power of two, 1..limits.maxN), whole, fs (> 0),
 * includeNyquist — scipy.signal.freqz's meanings. For a 2-D network only n applies.
 */
export function responseOptions(maxN: number): OptionSpec[] {
  return [
    withRange(OPTIONS.n, { max: maxN }),
    OPTIONS.whole,
    OPTIONS.fs,
    OPTIONS.includeNyquist,
    { name: 'members', kind: 'boolean' },
    { name: 'panels', kind: 'boolean' },
  ];
}

/**
 * Options of /api/response2d: n (grid side, a power of two, 1..limits.maxN2d); size (the
 * largest side sent, a power of two: a larger grid is pooled down to size×size, the size of
 * the figure that shows it) and pool (max or min, with size).
 */
export function response2dOptions(maxN2d: number): OptionSpec[] {
  return [
    withRange(OPTIONS.n, { max: maxN2d }),
    { name: 'members', kind: 'boolean' },
    { name: 'panels', kind: 'boolean' },
    { name: 'size', kind: 'integer', min: 1, max: maxN2d, powerOfTwo: true },
    { name: 'pool', kind: 'choice', values: ['max', 'min'] },
  ];
}

/**
 * Whether the answer carries the phase panels and the impulse and step responses: the
 * `panels` option, by default true for a 1-D network and false for a 2-D one (its impulse
 * and step responses are as large as its receptive field area).
 */
export function wantPanels(network: Network, o: Options): boolean {
  return (o.panels as boolean | undefined) ?? network.dims === 1;
}

function gridSide(network: Network, o: Options): number {
  return (o.n as number | undefined) ?? (network.dims === 1 ? DEFAULT_N : DEFAULT_N2D);
}

/**
 * `GET|POST /api/response` → the frequency response JSON of `response(network, {n, whole,
 * fs, includeNyquist, members, panels})` (`responseToJSON`: dims 1, w, units, fs, form, re,
 * im, magnitude, magnitudeDb, phase, members, merge, envelope, and with panels
 * phaseUnwrapped, groupDelay, phaseDelay, zeroPhase, symmetry, impulse, step). A 2-D network is answered automatically
 * with the 2-D grid of `/api/response2d` (dims 2); whole, fs and includeNyquist are then
 * refused.
 */
export function responseHandler(ctx: ServerContext): RequestHandler {
  return computeHandler(ctx, {
    kind: 'response',
    options: responseOptions(ctx.limits.maxN),
    check: (network, o) => {
      if (network.dims === 2) {
        for (const f of ['whole', 'fs', 'includeNyquist'])
          if (o[f] !== undefined)
            throw new FieldError(f, 'applies to 1-D networks only (a 2-D response is an n×n grid)');
      }
      checkResponseSize(
        network,
        gridSide(network, o),
        ctx.limits,
        o.members !== false,
        wantPanels(network, o),
      );
    },
    cost: (network, o) =>
      responseValues(network, gridSide(network, o), o.members !== false, wantPanels(network, o)),
    binary: true,
  });
}

/**
 * `GET|POST /api/response2d` → the 2-D response of a 2-D network on an n×n grid
 * (`response2dToJSON`: dims 2, n, wy, wx, units, magnitude and magnitudeDb row-major
 * n×n with rows = wy, members, merge, envelope). A 1-D network is a 400.
 */
export function response2dHandler(ctx: ServerContext): RequestHandler {
  return computeHandler(ctx, {
    kind: 'response2d',
    options: response2dOptions(ctx.limits.maxN2d),
    check: (network, o) => {
      if (network.dims !== 2)
        throw new FieldError(
          'network',
          'is 1-D; /api/response2d needs a 2-D network (use /api/response)',
        );
      if (o.pool !== undefined && o.size === undefined)
        throw new FieldError('pool', 'applies only with size (the side the grid is pooled to)');
      checkResponseSize(
        network,
        gridSide(network, o),
        ctx.limits,
        o.members !== false,
        wantPanels(network, o),
      );
    },
    cost: (network, o) =>
      responseValues(network, gridSide(network, o), o.members !== false, wantPanels(network, o)),
    binary: true,
  });
}
