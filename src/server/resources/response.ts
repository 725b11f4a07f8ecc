import type { RequestHandler } from 'express';
import { checkResponseSize, responseValues } from '../../limits/index.ts';
import type { Network } from '../../network/index.ts';
import { OPTIONS, withRange } from '../../options/index.ts';
import { FieldError } from '../../util/validate.ts';
import type { ServerContext } from '../context.ts';
import type { OptionSpec, Options } from '../input.ts';
import { computeHandler } from './compute.ts';

export { checkResponseSize, responseValues } from '../../limits/index.ts';

/** The library's defaults (response: 512 points; response2d: a 128×128 grid). */
export const DEFAULT_N = 512;
export const DEFAULT_N2D = 128;

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
