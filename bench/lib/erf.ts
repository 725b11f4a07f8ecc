/** What bench/erf.ts uses from the library: erf() on a spec, and the runtime warm-up. */
import { erf as erfOf } from '../../src/erf/index.ts';
import { parseNetwork } from '../../src/network/index.ts';
import { initRuntime } from '../../src/runtime/index.ts';

export const initRuntimeForBench = initRuntime;

/** The ERF of a network spec (parsed here). */
export function erf(spec: unknown, options: Parameters<typeof erfOf>[1]) {
  return erfOf(parseNetwork(spec), options);
}
