import { PALETTE } from '../palette.ts';
import type { SeriesLabel } from '../types.ts';

/** One layer as the rate figures need it: kernel shape [k] or [k_y, k_x] and rates per axis. */
export interface LayerRates {
  shape: readonly number[];
  dilation: readonly number[];
}

/** A network's layers, marked on the rate figures (blind fraction, object hits). */
export interface RateMarkers {
  label: SeriesLabel;
  layers: readonly LayerRates[];
}

/**
 * Styles of reference curves (theory, not a network): dark to light grey with distinct
 * dashes, so they read in greyscale print and never clash with the network colours.
 */
export const REFERENCE_STYLES: readonly { color: string; dash: string }[] = [
  { color: '#1f2328', dash: 'solid' },
  { color: '#57606a', dash: 'dash' },
  { color: '#8c959f', dash: 'dashdot' },
  { color: '#6b6b6b', dash: 'longdash' },
];

/**
 * Colours of the branches (or layers) of one network, in order: Okabe & Ito's
 * colour-blind-safe set, starting with the network colours of PALETTE, without the yellow
 * that vanishes on white.
 */
export const MEMBER_COLORS: readonly string[] = [
  ...PALETTE.networks,
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#000000',
];

/** Colour of member `i` (cycling). */
export function memberColor(i: number): string {
  return MEMBER_COLORS[i % MEMBER_COLORS.length];
}

/**
 * Marker of network `i` on the rate figures: an open circle, a filled square and an open
 * diamond of decreasing size, so markers of two networks at the same point both show.
 */
export function networkMarker(i: number, color: string) {
  const k = i % 3;
  return {
    // Open symbols are stroked in marker.color, with marker.line.width as the stroke width.
    color,
    size: [16, 9, 13][k],
    symbol: ['circle-open', 'square', 'diamond-open'][k],
    line: { color, width: k === 1 ? 0 : 2.5 },
  };
}
