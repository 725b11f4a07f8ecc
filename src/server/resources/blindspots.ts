import type { RequestHandler } from 'express';
import { type BlindspotOptions, blindspots, blindspotsModel } from '../../erf/index.ts';
import { checkModelPrice } from '../../limits/index.ts';
import { analysisCost, decodeOnnx, importOnnx } from '../../model/index.ts';
import { OPTIONS, readOption } from '../../options/index.ts';
import { FieldError } from '../../util/validate.ts';
import type { ServerContext } from '../context.ts';
import { networkFromSource, type OptionSpec, octetBody, readRequest } from '../input.ts';
import { MAX_SERVER_SIDE } from './erf.ts';

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

function query(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

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
    for (const key of Object.keys(req.query))
      if (!['output', 'inputSize', 'input-size', 'seed', 'maps'].includes(key))
        throw new FieldError(
          key,
          'is not a known parameter with a model body (expected one of output, inputSize, seed, maps)',
        );
    const sizeText = query(req.query.inputSize ?? req.query['input-size']);
    const inputSize =
      sizeText === undefined
        ? undefined
        : (readOption(OPTIONS.inputSize, sizeText, true, 'inputSize') as number[]);
    inputSize?.forEach((s, i) => {
      if (s > MAX_SERVER_SIDE)
        throw new FieldError(
          'inputSize',
          `side ${i} is ${s}, above this server's ${MAX_SERVER_SIDE} (the command line has no such limit)`,
        );
    });
    const seedText = query(req.query.seed);
    const seed =
      seedText === undefined
        ? undefined
        : (readOption(BLINDSPOTS_OPTIONS[0], seedText, true) as number);
    const mapsText = query(req.query.maps);
    const maps = mapsText === undefined ? false : readOption(BLINDSPOTS_OPTIONS[3], mapsText, true);
    const bytes = Uint8Array.prototype.slice.call(req.body as Buffer);
    const model = importOnnx(decodeOnnx(bytes, { maxBytes: ctx.limits.modelBytes }), {
      output: query(req.query.output),
      inputSize,
    });
    checkModelPrice(bytes.length, analysisCost(model), ctx.limits, 'blindspots');
    const fixed = model.nodes[0].outputSize;
    if (inputSize === undefined && fixed?.some((s) => s > MAX_SERVER_SIDE))
      throw new FieldError(
        'inputSize',
        `the model's input is ${fixed.join('×')}, above this server's ${MAX_SERVER_SIDE} per side; give a smaller inputSize`,
      );
    res.json(await blindspotsModel(model, { seed, inputSize, maps: maps === true }));
  });
  return [onlyOctets];
}
