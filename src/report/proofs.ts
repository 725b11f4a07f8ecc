/**
 * What a report's figures need from the TensorFlow.js runtime, computed before the pure
 * build (`buildReport` is synchronous): the blind-spot proof of every `blindspots` figure
 * and the measured ERF of every `erf-measured` figure.
 */
import { blindspots, blindspotsModel, type ErfResult, erf, erfModel } from '../erf/index.ts';
import type { ReportProofs } from './build.ts';
import type { ReportConfig, ReportFigure } from './config.ts';

/** Random inputs an `erf-measured` figure averages (the CLI's default). */
const ERF_SAMPLES = 16;

/**
 * Runs `blindspots(network, {maps: true})` (seed 0, the default input size) — or, for a
 * `model:` entry, `blindspotsModel` with its weights and nonlinearities at the entry's
 * `inputSize` (default the model input's fixed size) — for every `blindspots` figure of the
 * config, one after another; and for every `erf-measured` figure `erf` (a spec network, 16
 * seeded random inputs, seed 0) or `erfModel` with `nonlinear: true` (a model: its learned
 * weights and nonlinearities, at the entry's `inputSize`). The maps go to `buildReport`.
 */
export async function reportProofs(config: ReportConfig): Promise<ReportProofs> {
  const proofs = new Map<ReportFigure, Awaited<ReturnType<typeof blindspots>>>();
  const erfs = new Map<ReportFigure, ErfResult>();
  for (const e of config.experiments)
    for (const f of e.figures) {
      const entry = f.network ?? e.networks[0];
      if (f.kind === 'erf-measured') {
        // The trained model as it runs (its nonlinearities); a spec network as specified.
        erfs.set(
          f,
          entry.model
            ? await erfModel(entry.model.imported, {
                nonlinear: true,
                samples: ERF_SAMPLES,
                ...(entry.model.inputSize ? { inputSize: entry.model.inputSize } : {}),
              })
            : await erf(entry.network, { samples: ERF_SAMPLES }),
        );
        continue;
      }
      if (f.kind !== 'blindspots') continue;
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
  return { blindspots: proofs, erf: erfs };
}
