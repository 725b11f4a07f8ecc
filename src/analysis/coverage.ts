import type { Network } from '../network/types.ts';
import type { DenseKernel } from './composite.ts';
import { pathCounts } from './tapSet.ts';
import type { CoverageReport } from './types.ts';

/** Most hole offsets listed in a coverage report. */
export const MAX_HOLE_OFFSETS = 64;

/**
 * Coverage of a receptive field from exact path counts: size = number of offsets in the
 * receptive field (rows·cols for 2-D), covered = offsets with at least one path, holes =
 * size − covered, holeFraction = holes/size, the first 64 hole offsets (causal form,
 * row-major), and the smallest and largest path count over covered offsets.
 */
export function coverageOf(counts: DenseKernel): CoverageReport {
  const w = counts.weights;
  const two = counts.shape.length === 2;
  const C = two ? counts.shape[1] : 1;
  let covered = 0;
  let minPaths = Number.POSITIVE_INFINITY;
  let maxPaths = 0;
  const holeOffsets: (number | [number, number])[] = [];
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    if (c > 0) {
      covered++;
      if (c < minPaths) minPaths = c;
      if (c > maxPaths) maxPaths = c;
    } else if (holeOffsets.length < MAX_HOLE_OFFSETS) {
      holeOffsets.push(two ? [Math.floor(i / C), i % C] : i);
    }
  }
  const size = w.length;
  const holes = size - covered;
  return {
    size,
    covered,
    holes,
    holeFraction: holes / size,
    holeOffsets,
    minPaths: covered > 0 ? minPaths : 0,
    maxPaths,
  };
}

/** Coverage of a network's receptive field (see `coverageOf`). */
export function coverage(network: Network): CoverageReport {
  return coverageOf(pathCounts(network));
}

/** A network is gridding-free when its exact tap set has no holes in its receptive field. */
export function isGriddingFree(network: Network): boolean {
  return coverage(network).holes === 0;
}
