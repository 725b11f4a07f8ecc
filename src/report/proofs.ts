/**
 * What a report's figures need from the TensorFlow.js runtime, computed before the pure
 * build (`buildReport` is synchronous): the blind-spot proof of every `blindspots` figure.
 */
import { blindspots } from '../erf/index.ts';
import type { ReportProofs } from './build.ts';
import type { ReportConfig, ReportFigure } from './config.ts';

/**
 * Runs `blindspots(network, {maps: true})` (seed 0, the default input size) for every
 * `blindspots` figure of the config, one after another; the map goes to `buildReport`.
 */
export async function reportProofs(config: ReportConfig): Promise<ReportProofs> {
  const proofs = new Map<ReportFigure, Awaited<ReturnType<typeof blindspots>>>();
  for (const e of config.experiments)
    for (const f of e.figures) {
      if (f.kind !== 'blindspots') continue;
      const network = (f.network ?? e.networks[0]).network;
      if (!network) continue; // a model: the config refuses blindspots for it
      proofs.set(f, await blindspots(network, { maps: true }));
    }
  return { blindspots: proofs };
}
