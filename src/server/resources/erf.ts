import type { RequestHandler } from 'express';
import { erf } from '../../erf/index.ts';
import { ERF_OPTIONS as OPTIONS_ERF } from '../../options/index.ts';
import type { ServerContext } from '../context.ts';
import { networkFromSource, type OptionSpec, readRequest } from '../input.ts';

/** Most random inputs one /api/erf request averages (the CLI allows more). */
export const MAX_SERVER_SAMPLES = 64;
/** Largest input side one /api/erf request runs (2-D: at most 257×257). */
export const MAX_SERVER_SIDE = 257;

/**
 * Options of /api/erf: samples (1..64), seed, channel, activation, inputSize (`WxH` or `S`,
 * each side at most 257; a 1-D network uses the first number as its length).
 */
export const ERF_OPTIONS: readonly OptionSpec[] = [
  { ...OPTIONS_ERF.samples, max: MAX_SERVER_SAMPLES },
  OPTIONS_ERF.seed,
  OPTIONS_ERF.channel,
  OPTIONS_ERF.activation,
  { name: 'inputSize', kind: 'size', max: MAX_SERVER_SIDE },
];

/**
 * `GET|POST /api/erf` → what `erf(network, options)` returns (the JSON of
 * `dilation-lab erf --json`, docs/cli.md): the measured ERF of the centre output by
 * TensorFlow.js back-propagation over seeded random inputs, the exact form, area ratios,
 * spread and gridding index. Bad options are a 400 naming the field.
 */
export function erfHandler(_ctx: ServerContext): RequestHandler {
  return async (req, res) => {
    const input = readRequest(req, ERF_OPTIONS);
    const network = networkFromSource(input.source);
    const o = input.options;
    const size = o.inputSize as [number, number] | undefined;
    const result = await erf(network, {
      samples: o.samples as number | undefined,
      seed: o.seed as number | undefined,
      channel: o.channel as number | undefined,
      activation: o.activation as 'none' | 'relu' | 'sigmoid' | 'tanh' | undefined,
      inputSize:
        size === undefined ? undefined : network.dims === 1 ? [size[0]] : [size[1], size[0]],
    });
    res.json(result);
  };
}
