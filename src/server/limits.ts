import type { ApiLimits } from '../limits/index.ts';
import { LIMITS } from '../network/limits.ts';

/**
 * Limits of the HTTP API on top of the library's LIMITS (src/network/limits.ts, which bound
 * rates, strides, kernel sizes, layers, depth and receptive fields). These bound what one
 * response may weigh: the library accepts N up to 2^20 and 2-D grids up to 1024×1024, but a
 * JSON body of a million points is tens of megabytes, so the server sends less.
 */
export interface ServerLimits extends ApiLimits {
  /** Largest request body in bytes (JSON). */
  bodyBytes: number;
  /** Largest ONNX body of `POST /api/analyze` (application/octet-stream), in bytes. */
  modelBytes: number;
  /**
   * Most points of work one ONNX analysis may cost: its bytes (decoding) plus the model
   * library's `analysisCost` (one point ≈ 10–200 ns on the 2-core reference machine, see
   * docs/performance.md); a dearer model is a 400 on `model` before the analysis runs.
   */
  maxModelCost: number;
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
  /** Most medium jobs waiting for a worker before the server answers 503 (at once). */
  maxQueue: number;
  /** Most heavy jobs (searches, large grids) waiting, a lane of their own; then 503. */
  maxQueueHeavy: number;
  /** Longest a queued job waits for a worker before a 503 with Retry-After (ms). */
  maxWaitMs: number;
  /**
   * Resident memory of the whole process (MB) above which running worker jobs are stopped
   * (503): it counts typed arrays, which a worker's heap limit does not.
   */
  maxRssMb: number;
  /** A job running longer than this (ms) is stopped and answered 503. */
  jobTimeoutMs: number;
  /** Largest request line plus headers in bytes (Node's maxHeaderSize); larger is a 431. */
  maxHeaderBytes: number;
  /** Time (ms) to receive the request line and headers; then the connection is closed. */
  headersTimeoutMs: number;
  /** Time (ms) to receive a whole request, body included; then a 408. */
  requestTimeoutMs: number;
  /** Idle time (ms) of a kept-alive connection before it is closed. */
  keepAliveTimeoutMs: number;
  /**
   * Most open connections. A new connection beyond it closes the oldest one that is still
   * sending its request or idle (a slow or abandoned client), so health keeps answering.
   */
  maxConnections: number;
  /** Most API requests one client address may have in progress; more are 503s (health is exempt). */
  maxClientRequests: number;
}

/** The defaults of ServerLimits (docs/http.md lists them). */
export const SERVER_LIMITS: Readonly<ServerLimits> = {
  bodyBytes: 64 * 1024,
  modelBytes: 256 * 1024 * 1024,
  maxModelCost: 5e8,
  maxN: Math.min(65536, LIMITS.maxN),
  maxN2d: Math.min(512, LIMITS.maxN2d),
  maxResponseValues: 1 << 21,
  maxTaps1d: 65536,
  maxTapsCells: 512 * 512,
  maxTapsSide: 512,
  maxQueue: 64,
  maxQueueHeavy: 8,
  maxWaitMs: 10_000,
  maxRssMb: 2048,
  jobTimeoutMs: 30_000,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  maxClientRequests: 64,
};
