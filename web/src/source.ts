/**
 * Where a network of the page comes from: its preset, its spec text, or its short form,
 * read by the one resolver the CLI, the server and report configs use
 * (src/network/source.ts: `selectSource` picks the source, `resolveNetwork` builds it). The
 * page sends the server exactly the keys it resolves itself (`sourceValues`), so the two
 * build the same network and judge it by the same rules.
 */
import {
  type Network,
  type NetworkSource,
  resolveNetwork,
  type SourceKey,
  selectSource,
} from '../../src/network/index.ts';
import { kernelForDims, type NetState } from './state.ts';

/**
 * The source keys of network `n` as the server's query takes them: `preset`, `network` (the
 * spec text), or the short form `kernel`, `rates`, `mode`, with `merge` only for a parallel
 * set and `padding` only when it is not `same` (the defaults are left out, so a URL is the
 * same whatever the page's defaults are). `kernel` is the kernel for `dims` (box:3 in 1-D is
 * box:3x3 in 2-D, state.ts `kernelForDims`).
 */
export function sourceValues(n: NetState, dims: 1 | 2): Partial<Record<SourceKey, string>> {
  if (n.preset) return { preset: n.preset };
  if (n.spec) return { network: n.spec };
  return {
    kernel: kernelForDims(n.kernel, dims),
    rates: n.rates,
    mode: n.mode,
    ...(n.mode === 'parallel' ? { merge: n.merge } : {}),
    ...(n.padding && n.padding !== 'same' ? { padding: n.padding } : {}),
  };
}

/** The network source of `n` (`selectSource` of its `sourceValues`): a FieldError when bad. */
export function netSource(n: NetState, dims: 1 | 2): NetworkSource {
  return selectSource(sourceValues(n, dims));
}

/**
 * Network `n` built in the page exactly as the server builds it (`resolveNetwork` of its
 * source); a bad value is the library's FieldError naming the key (`rates[1]`, `kernel`, or
 * the spec path `layers[0].dilation`).
 */
export function parseHere(n: NetState, dims: 1 | 2): Network {
  return resolveNetwork(netSource(n, dims));
}
