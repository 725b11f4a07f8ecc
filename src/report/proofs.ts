/**
 * What a report's figures need from the TensorFlow.js runtime, computed before the pure
 * build (`buildReport` is synchronous): the blind-spot proof of every `blindspots` figure.
 */
import { blindspots, blindspotsModel } from '../erf/index.ts';
import type { ReportProofs } from './build.ts';
import type { ReportConfig, ReportFigure } from './config.ts';

/**
 * Runs `blindspots(network, {maps: true})` (seed 0, the default input size) — or, for a
 * `model:` entry, `blindspotsModel` with its weights and nonlinearities at the entry's
 * `inputSize` (default the model input's fixed size) — for every `blindspots` figure of the
 * config, one after another; the map goes to `buildReport`.
 */
export async function reportProofs(config: ReportConfig): Promise<ReportProofs> {
  const proofs = new Map<ReportFigure, Awaited<ReturnType<typeof blindspots>>>();
  for (const e of config.experiments)
    for (const f of e.figures) {
      if (f.kind !== 'blindspots') continue;
      const entry = f.network ?? e.networks[0];
      if (entry.model)
        proofs.set(
          f,
          await blindspotsModel(entry.model.imported, {
            maps: true,
            ...(entry.model.inputSize ? { inputSize: entry.model.inputSize } : {}),
          }),
        );
      else proofs.set(f, await blindspots(entry.network, { maps: true }));
    }
  return { blindspots: proofs };
}
