import type { RequestHandler } from 'express';
import { type BlindspotOptions, blindspots, blindspotsModel } from '../../erf/index.ts';
import type { ServerContext } from '../context.ts';
import { networkFromSource, type OptionSpec, octetBody, readRequest } from '../input.ts';
import { MAX_SERVER_SIDE, readModelRequest } from './erf.ts';

/**
 * Options of /api/blindspots: seed, activation (spec networks), inputSize (`WxH` or `S`,
 * each side at most 257, as /api/erf), maps (true: the maps a figure draws).
 */
export const BLINDSPOTS_OPTIONS: readonly OptionSpec[] = [
  { name: 'seed', kind: 'integer', min: 0, max: 2 ** 32 - 1 },
  { name: 'activation', kind: 'choice', values: ['none', 'relu', 'sigmoid', 'tanh'] },
  { name: 'inputSize', kind: 'size', max: MAX_SERVER_SIDE },
  { name: 'maps', kind: 'boolean' },
];

/**
 * `GET|POST /api/blindspots` → what `blindspots(network, options)` returns (the JSON of
 * `dilation-lab blindspots --json`, docs/cli.md): the holes and unread samples perturbed,
 * `maxOutputChange` exactly 0, `controlOutputChange` > 0. Like /api/erf it runs
 * TensorFlow.js on the event loop within the same input bounds. Bad options are a 400
 * naming the field.
 */
export function blindspotsHandler(_ctx: ServerContext): RequestHandler {
  return async (req, res) => {
    const input = readRequest(req, BLINDSPOTS_OPTIONS);
    const network = networkFromSource(input.source);
    const o = input.options;
    const size = o.inputSize as [number, number] | undefined;
    res.json(
      await blindspots(network, {
        seed: o.seed as number | undefined,
        activation: o.activation as BlindspotOptions['activation'],
        maps: o.maps === true,
        inputSize:
          size === undefined ? undefined : network.dims === 1 ? [size[0]] : [size[1], size[0]],
      }),
    );
  };
}

/**
 * `POST /api/blindspots` with an ONNX body (`Content-Type: application/octet-stream`, at
 * most `limits.modelBytes`, as `POST /api/analyze`): what `dilation-lab blindspots --model
 * FILE --json` prints. Query: `output`, `inputSize` (L, S or HxW, each side at most 257),
 * `seed`, `maps`. Priced as the model analysis is (its bytes plus `analysisCost`, at most
 * `limits.maxModelCost`: a dearer model is a 400 on `model` before it runs). A JSON body
 * passes on to the network route.
 */
export function blindspotsModelBody(ctx: ServerContext): RequestHandler[] {
  const onlyOctets = octetBody(ctx.limits.modelBytes, async (req, res) => {
    const r = readModelRequest(ctx, req, 'blindspots', ['seed', 'maps']);
    res.json(
      await blindspotsModel(r.model, {
        seed: r.option(BLINDSPOTS_OPTIONS[0]) as number | undefined,
        inputSize: r.inputSize,
        maps: r.option(BLINDSPOTS_OPTIONS[3]) === true,
      }),
    );
  });
  return [onlyOctets];
}
