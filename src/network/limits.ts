/**
 * Input limits, shared by the library, the CLI and the server (docs/network-spec.md).
 * They keep every request bounded in memory and time.
 */
export const LIMITS = {
  /** Largest dilation rate on any axis. */
  maxRate: 4096,
  /** Largest stride on any axis. */
  maxStride: 64,
  /** Most taps along one axis of a kernel. */
  maxKernelSize: 64,
  /** Most layers in a network (counted over all stacks, branches and bodies). */
  maxLayers: 64,
  /** Most branches of one parallel node. */
  maxBranches: 16,
  /** Deepest nesting of stack/parallel/residual nodes. */
  maxDepth: 8,
  /** Largest 1-D FFT size N (a power of two). */
  maxN: 2 ** 20,
  /** Largest 2-D grid side N (a power of two; N×N points). */
  maxN2d: 1024,
  /** Largest receptive field along one axis for exact tap-set analysis. */
  maxReceptiveField: 1 << 20,
  /** Largest 2-D receptive field area (rows × cols) for exact tap-set analysis. */
  maxReceptiveArea: 1 << 22,
  /** Largest map side S for border validity. */
  maxMapSize: 8192,
  /**
   * Deepest nesting of a network or kernel TEXT (JSON or YAML) or of a JSON request body:
   * open `[`/`{` plus open block-indentation levels (textNesting.ts). The deepest spec the
   * other limits allow (maxDepth 8 nodes, a name wrapper, 2-D weights, [dy, dx] rates) needs
   * about 20 (a report config about 25); deeper text is refused before any parser sees it.
   */
  maxTextNesting: 64,
} as const;
