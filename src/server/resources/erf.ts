import type { Request, RequestHandler } from 'express';
import { erf, erfModel } from '../../erf/index.ts';
import { checkModelPrice } from '../../limits/index.ts';
import { analysisCost, decodeOnnx, type ImportedModel, importOnnx } from '../../model/index.ts';
import { OPTIONS, ERF_OPTIONS as OPTIONS_ERF, readOption } from '../../options/index.ts';
import { FieldError } from '../../util/validate.ts';
import type { ServerContext } from '../context.ts';
import { networkFromSource, type OptionSpec, octetBody, readRequest } from '../input.ts';

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

/** What a route with an ONNX body reads: the imported model and its query's options. */
export interface ModelRequest {
  model: ImportedModel;
  /** `inputSize` of the query (L, S or HxW), each side at most MAX_SERVER_SIDE. */
  inputSize: number[] | undefined;
  /** Reads query option `spec` (undefined when absent), as the query string gives it. */
  option(spec: OptionSpec): unknown;
}

/**
 * Reads a request with an ONNX body for the TensorFlow.js routes (/api/erf, /api/blindspots):
 * only the query keys `known` (beside `output` and `inputSize`), the model decoded and
 * imported (at most `limits.modelBytes`), priced as the analysis prices it (its bytes plus
 * `analysisCost`, at most `limits.maxModelCost`: a 400 on `model`), and an input no larger
 * than MAX_SERVER_SIDE per side (given, or the model's fixed size: a 400 on `inputSize`).
 */
export function readModelRequest(
  ctx: ServerContext,
  req: Request,
  route: 'blindspots' | 'erf',
  known: readonly string[],
): ModelRequest {
  const keys = ['output', 'inputSize', 'input-size', ...known];
  for (const key of Object.keys(req.query))
    if (!keys.includes(key))
      throw new FieldError(
        key,
        `is not a known parameter with a model body (expected one of ${['output', 'inputSize', ...known].join(', ')})`,
      );
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const sizeText = text(req.query.inputSize ?? req.query['input-size']);
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
  const bytes = Uint8Array.prototype.slice.call(req.body as Buffer);
  const model = importOnnx(decodeOnnx(bytes, { maxBytes: ctx.limits.modelBytes }), {
    output: text(req.query.output),
    inputSize,
  });
  checkModelPrice(bytes.length, analysisCost(model), ctx.limits, route);
  const fixed = model.nodes[0].outputSize;
  if (inputSize === undefined && fixed?.some((s) => s > MAX_SERVER_SIDE))
    throw new FieldError(
      'inputSize',
      `the model's input is ${fixed.join('×')}, above this server's ${MAX_SERVER_SIDE} per side; give a smaller inputSize`,
    );
  return {
    model,
    inputSize,
    option(spec) {
      const v = text(req.query[spec.name]);
      return v === undefined ? undefined : readOption(spec, v, true);
    },
  };
}

/** `nonlinear` of /api/erf with a model body (`erf --model --nonlinear`). */
const NONLINEAR: OptionSpec = { name: 'nonlinear', kind: 'boolean' };

/**
 * `POST /api/erf` with an ONNX body (`Content-Type: application/octet-stream`, as `POST
 * /api/analyze`): what `dilation-lab erf --model FILE --json` prints — the measured ERF of
 * the model's centre output with its learned weights, its gridding index, the exact tap set
 * (`pathCounts`, `holes`). Query: `output`, `inputSize` (L, S or HxW, each side at most
 * 257), `samples` (1..64), `seed`, `channel`, `nonlinear` (true: run its ReLU, sigmoid,
 * tanh, clip and batch norm). Priced and bounded as `POST /api/blindspots` (readModelRequest).
 * Without `blindspots`: the page asks /api/blindspots for the proof. A JSON body passes on to the network route.
 */
export function erfModelBody(ctx: ServerContext): RequestHandler[] {
  return [
    octetBody(ctx.limits.modelBytes, async (req, res) => {
      const r = readModelRequest(ctx, req, 'erf', ['samples', 'seed', 'channel', 'nonlinear']);
      res.json(
        await erfModel(r.model, {
          inputSize: r.inputSize,
          samples: r.option(ERF_OPTIONS[0]) as number | undefined,
          seed: r.option(ERF_OPTIONS[1]) as number | undefined,
          channel: r.option(ERF_OPTIONS[2]) as number | undefined,
          nonlinear: r.option(NONLINEAR) === true,
        }),
      );
    }),
  ];
}
