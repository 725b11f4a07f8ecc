import type { AnalyzeResult, LayerSummary } from '../analysis/types.ts';
import type { SeriesLabel } from './types.ts';

/**
 * The frequency response the builders draw: what `/api/response` returns (rad/sample grid
 * `w`, |H| of the whole network and of each member). Only these keys are read.
 */
export interface ResponseInput {
  /** Frequencies in rad/sample. */
  w: ArrayLike<number>;
  /** |H(ω)| of the whole network (for a concat merge, the envelope max_b |H_b|). */
  magnitude: ArrayLike<number>;
  /** |H| of each member (layer of the top-level stack or branch of the top-level parallel). */
  members?: readonly { magnitude: ArrayLike<number>; label?: string }[];
  /** Concat merge: max_b |H_b|. */
  envelope?: ArrayLike<number> | null;
}

/** The parts of an `AnalyzeResult` the frequency figures read. */
export type AnalysisInput = Pick<AnalyzeResult, 'kind' | 'nulls' | 'deafBands' | 'layers'> &
  Partial<Pick<AnalyzeResult, 'merge' | 'dims'>>;

/** One network of a comparison with its analysis and response. */
export interface NetworkResponse {
  label: SeriesLabel;
  analysis: AnalysisInput;
  response: ResponseInput;
}

/**
 * The rates of a member as text: 'd=2', 'd=2×3' (dy×dx, 2-D), or 'd=1,2' for a member made
 * of several layers. `dims` tells a 2-D layer's [dy, dx] from a 1-D member's rate list.
 */
export function rateText(dilation: LayerSummary['dilation'], dims: 1 | 2 = 1): string {
  const one = (d: number | [number, number] | readonly number[]): string =>
    typeof d === 'number' ? String(d) : d[0] === d[1] ? String(d[0]) : `${d[0]}×${d[1]}`;
  if (typeof dilation === 'number') return `d=${dilation}`;
  if (
    dims === 2 &&
    dilation.length === 2 &&
    typeof dilation[0] === 'number' &&
    typeof dilation[1] === 'number'
  )
    return `d=${one(dilation as [number, number])}`;
  return `d=${(dilation as (number | [number, number])[]).map(one).join(',')}`;
}

/**
 * The name of member `i` of a network: 'layer 2 · d=5' in a stack, 'branch 1 · d=6' in a
 * parallel set (1-based, as on the page and in the CLI tables).
 */
export function memberName(
  kind: 'stack' | 'parallel',
  layer: LayerSummary | undefined,
  i: number,
  dims: 1 | 2 = 1,
): string {
  const what = kind === 'stack' ? 'layer' : 'branch';
  return layer ? `${what} ${i + 1} · ${rateText(layer.dilation, dims)}` : `${what} ${i + 1}`;
}
