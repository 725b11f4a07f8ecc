import { LIMITS } from '../network/limits.ts';
import {
  FieldError,
  FieldTypeError,
  finiteIn,
  integerIn,
  isPowerOfTwo,
  type MessagePart,
  type OptionRef,
  show,
} from '../util/validate.ts';
import type { CommonSearchOptions, ReceptiveFieldGoal, SearchBudget } from './types.ts';

/** Default number of answers. */
export const DEFAULT_TOP = 5;
/** Default deaf-band threshold, dB relative to the peak. */
export const DEFAULT_THRESHOLD_DB = -20;
/** Default grid size G on [0, π]. */
export const DEFAULT_GRID = 256;
/** Default largest rate of a stack search. */
export const DEFAULT_MAX_RATE = 64;
/** Default beam width. */
export const DEFAULT_BEAM_WIDTH = 2000;
/** Most exact dilated nulls the per-rate tables may hold (memory bound). */
export const MAX_NULL_ENTRIES = 2_000_000;

/**
 * Default memory budget of one search in bytes (`budget.maxBytes`): the per-rate tables and
 * the search's own arrays, estimated before anything is allocated (typed arrays are outside
 * the V8 heap, so a heap limit does not bound them).
 */
export const MAX_SEARCH_BYTES = 256 * 2 ** 20;

/**
 * A search refused for its memory (budget.maxBytes), before anything was allocated. Every
 * other check of the options has passed when it is thrown, so `budget: {maxBytes: 1}` makes
 * `recommend` a cheap validation of its options (the server does that before queueing).
 */
export class SearchMemoryError extends FieldError {}

/** An option named in a message or a hint, by its library name (see OptionRef). */
export const opt = (option: string, value?: string | number): OptionRef =>
  value === undefined ? { option } : { option, value };

/**
 * The advice of a stack search too large for its budget: what to narrow, options by
 * reference (`fewer` layers, a receptive-field window, `search: "beam"`).
 */
export const NARROW_STACK: readonly MessagePart[] = [
  'narrow the search: a lower ',
  opt('maxRate'),
  ', fewer layers (',
  opt('layers'),
  '), a window for the receptive field (',
  opt('receptiveField.about'),
  '), a ',
  opt('mapSize'),
  ', or ',
  opt('search', 'beam'),
];

/** Validated common options. */
export interface CommonResolved {
  top: number;
  thresholdDb: number;
  grid: number;
  budget?: SearchBudget;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Validates the options shared by both searches. */
export function resolveCommon(o: CommonSearchOptions): CommonResolved {
  const top = o.top === undefined ? DEFAULT_TOP : integerIn('top', o.top, 1, 100);
  const thresholdDb =
    o.thresholdDb === undefined
      ? DEFAULT_THRESHOLD_DB
      : finiteIn('thresholdDb', o.thresholdDb, -300, -0.001);
  let grid = DEFAULT_GRID;
  if (o.grid !== undefined) {
    grid = integerIn('grid', o.grid, 16, 4096);
    if (!isPowerOfTwo(grid))
      throw new FieldError('grid', `must be a power of two from 16 to 4096, got ${show(o.grid)}`);
  }
  let budget: SearchBudget | undefined;
  if (o.budget !== undefined) {
    if (typeof o.budget !== 'object' || o.budget === null)
      throw new FieldTypeError(
        'budget',
        `must be an object {maxCandidates?, maxMs?, now?, maxBytes?}, got ${show(o.budget)}`,
      );
    const b = o.budget;
    if (b.maxCandidates !== undefined)
      integerIn('budget.maxCandidates', b.maxCandidates, 1, Number.MAX_SAFE_INTEGER);
    if (b.maxBytes !== undefined)
      integerIn('budget.maxBytes', b.maxBytes, 1, Number.MAX_SAFE_INTEGER);
    if (b.maxMs !== undefined) {
      finiteIn('budget.maxMs', b.maxMs, 0);
      if (typeof b.now !== 'function')
        throw new FieldTypeError(
          'budget.now',
          'must be a clock function returning ms when budget.maxMs is given (the core never reads the clock)',
        );
    }
    budget = b;
  }
  if (
    o.signal !== undefined &&
    (typeof o.signal !== 'object' || typeof o.signal?.throwIfAborted !== 'function')
  )
    throw new FieldTypeError('signal', `must be an AbortSignal, got ${show(o.signal)}`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function')
    throw new FieldTypeError(
      'onProgress',
      `must be a function (done, total) => void, got ${show(o.onProgress)}`,
    );
  return { top, thresholdDb, grid, budget, signal: o.signal, onProgress: o.onProgress };
}

/** Validates a list of rates. */
export function rateList(field: string, value: unknown, allowEmpty: boolean): number[] {
  if (!Array.isArray(value))
    throw new FieldTypeError(field, `must be a list of rates, got ${show(value)}`);
  if (!allowEmpty && value.length === 0)
    throw new FieldError(field, 'must list at least one rate, got []');
  return value.map((d, i) => integerIn(`${field}[${i}]`, d, 1, LIMITS.maxRate));
}

/** Validates the receptive-field goal into an inclusive window [min, max] (max may be Infinity). */
export function receptiveFieldWindow(goal: ReceptiveFieldGoal | undefined): {
  min: number;
  max: number;
} {
  if (goal === undefined) return { min: 1, max: Number.POSITIVE_INFINITY };
  if (typeof goal !== 'object' || goal === null)
    throw new FieldTypeError(
      'receptiveField',
      `must be {atLeast} or {about, tolerance}, got ${show(goal)}`,
    );
  const g = goal as { atLeast?: unknown; about?: unknown; tolerance?: unknown };
  if (g.atLeast !== undefined && g.about !== undefined)
    throw new FieldError(
      'receptiveField',
      `must have atLeast or about, not both, got ${show(goal)}`,
    );
  if (g.atLeast !== undefined) {
    const a = integerIn('receptiveField.atLeast', g.atLeast, 1, LIMITS.maxReceptiveField);
    return { min: a, max: Number.POSITIVE_INFINITY };
  }
  if (g.about !== undefined) {
    const a = integerIn('receptiveField.about', g.about, 1, LIMITS.maxReceptiveField);
    const t =
      g.tolerance === undefined
        ? Math.round(0.1 * a)
        : finiteIn('receptiveField.tolerance', g.tolerance, 0, LIMITS.maxReceptiveField);
    return { min: Math.max(1, Math.ceil(a - t)), max: Math.floor(a + t) };
  }
  throw new FieldError('receptiveField', `must have atLeast or about, got ${show(goal)}`);
}
