import { receptiveFieldOf } from '../analysis/index.ts';
import { members, type Network } from '../network/index.ts';
import { FieldError } from '../util/validate.ts';
import type { ApiLimits } from './types.ts';

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
  limits: ApiLimits,
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
