/**
 * An effective-receptive-field map: one output's sensitivity to each input offset of the
 * window it can reach, row-major, with `origin` the output's own position in that window.
 */
export interface ErfMap {
  /** [n] for 1-D, [rows, cols] for 2-D: the window, in input samples (pixels). */
  readonly shape: readonly number[];
  /** Row-major values, length = product of `shape`; ≥ 0. */
  readonly values: Float64Array;
  /** Per axis, the window index of the input sample the output is centred on. */
  readonly origin: readonly number[];
}

/** The high-contribution area ratios of the JSON contract, keyed by threshold t. */
export interface AreaRatios {
  readonly '0.2': number;
  readonly '0.3': number;
  readonly '0.5': number;
  readonly '0.99': number;
}

/** The thresholds RepLKNet reports (share of the total ERF mass), in the contract's order. */
export const AREA_THRESHOLDS = ['0.2', '0.3', '0.5', '0.99'] as const;

/** Spread of an ERF against the theoretical receptive field, per axis. */
export interface ErfSpread {
  /** Standard deviation of the ERF (as a distribution over offsets), in samples, per axis. */
  readonly std: number[];
  /** Theoretical receptive field (window size), in samples, per axis. */
  readonly receptiveField: number[];
  /** std / receptiveField per axis: shrinks like 1/√L for a stack of L equal layers. */
  readonly ratio: number[];
}
