/** What bench/erf.ts uses from the library: erf() on a spec or an ONNX model, the runtime warm-up. */
import { erfModel, erf as erfOf } from '../../src/erf/index.ts';
import { decodeOnnx, importOnnx } from '../../src/model/index.ts';
import { parseNetwork } from '../../src/network/index.ts';
import { initRuntime } from '../../src/runtime/index.ts';

export const initRuntimeForBench = initRuntime;

/** The ERF of a network spec (parsed here). */
export function erf(spec: unknown, options: Parameters<typeof erfOf>[1]) {
  return erfOf(parseNetwork(spec), options);
}

/** The ERF of an ONNX model's bytes at an input size (imported once, outside the timing). */
export function erfOfModel(
  bytes: Uint8Array,
  inputSize: number[],
  options: Parameters<typeof erfModel>[1],
) {
  const model = importOnnx(decodeOnnx(bytes), { inputSize });
  return erfModel(model, { ...options, inputSize });
}
