/**
 * Limits of the ONNX reader. They bound memory for untrusted input: a model of B bytes
 * decodes into at most about 2·B bytes of weights (float16/bfloat16 widen to float32).
 */
export const MODEL_LIMITS = {
  /**
   * Largest ONNX file read, in bytes (512 MiB). A ResNet-50 DeepLabv3 in float32 is about
   * 168 MB; external data files count towards the same limit, added up.
   */
  maxBytes: 512 * 1024 * 1024,
  /** Largest number of graph nodes (a ResNet-152 export has under 1,000). */
  maxNodes: 100_000,
  /** Largest tensor rank accepted anywhere in the graph. */
  maxRank: 8,
} as const;
