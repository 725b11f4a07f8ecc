/**
 * The limits of what one answer of the HTTP API may weigh and cost, the part of the server's
 * limits (src/server/limits.ts `ServerLimits`, which extends this) that a client can judge
 * before it asks: the web page checks its requests against the numbers the server embeds in
 * its first view, with the same rule functions the server runs (this folder), so a request
 * the server would refuse with a 400 is never sent.
 */
export interface ApiLimits {
  /** Largest 1-D response size n (power of two). */
  maxN: number;
  /** Largest 2-D response grid side n (power of two; n×n points). */
  maxN2d: number;
  /**
   * Most numbers in one response answer (arrays of the whole network and of each member
   * together, about 19 bytes each in JSON): bounds n for networks with many members.
   */
  maxResponseValues: number;
  /** Most offsets of a 1-D path-count array sent by /api/taps. */
  maxTaps1d: number;
  /** Largest rows × cols of a 2-D path-count grid sent by /api/taps. */
  maxTapsCells: number;
  /** Largest 2-D path-count side (rows or cols) sent by /api/taps. */
  maxTapsSide: number;
  /** Largest ONNX body of `POST /api/analyze` (application/octet-stream), in bytes. */
  modelBytes: number;
  /**
   * Most points of work one ONNX analysis may cost: its bytes (decoding) plus the model
   * library's `analysisCost`; a dearer model is a 400 on `model` before the analysis runs.
   */
  maxModelCost: number;
}

/** The keys of ApiLimits, in the order the server embeds them. */
export const API_LIMIT_KEYS = [
  'maxN',
  'maxN2d',
  'maxResponseValues',
  'maxTaps1d',
  'maxTapsCells',
  'maxTapsSide',
  'modelBytes',
  'maxModelCost',
] as const satisfies readonly (keyof ApiLimits)[];

/** The ApiLimits part of a larger limits object (e.g. the server's), nothing else. */
export function apiLimitsOf(limits: ApiLimits): ApiLimits {
  const out = {} as ApiLimits;
  for (const k of API_LIMIT_KEYS) out[k] = limits[k];
  return out;
}

/**
 * ApiLimits read from untrusted JSON (the block a page finds in its HTML): every key a
 * positive finite number, else null (the page then leaves the judging to the server).
 */
export function readApiLimits(value: unknown): ApiLimits | null {
  if (typeof value !== 'object' || value === null) return null;
  const out = {} as ApiLimits;
  for (const k of API_LIMIT_KEYS) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return null;
    out[k] = v;
  }
  return out;
}
