/**
 * `dilation-lab response`: the frequency response of a network on scipy.signal.freqz's
 * grid (`--n`, `--whole`, `--fs`, `--include-nyquist`), as a summary, CSV or JSON; for a
 * 2-D network, on an N×N grid.
 */

import { nullsReport } from '../../analysis/nulls.ts';
import { LIMITS, members, type Network, networkGraph } from '../../network/index.ts';
import { OPTIONS } from '../../options/index.ts';
import {
  nodeLabel,
  response,
  response2d,
  response2dToJSON,
  responseToJSON,
} from '../../response/index.ts';
import { type CommandModule, withExamples } from '../context.ts';
import { UsageError } from '../errors.ts';
import { labelText } from '../format.ts';
import { modelFromFile, parseInputSize } from '../model-source.ts';
import {
  addNetworkOptions,
  type NetworkSourceOptions,
  networkFromOptions,
} from '../network-source.ts';
import { addOption, parseFftSize, parseRows, parseSampleRate } from '../options.ts';
import { renderModelResponse } from '../render-model.ts';
import { renderResponse, renderResponse2d, responseCsv } from '../render-response.ts';
import { checkModelOptions } from './analyze.ts';

/** The options of `response`, as commander gives them. */
export interface ResponseCliOptions extends NetworkSourceOptions {
  n?: string;
  whole?: boolean;
  fs?: string;
  includeNyquist?: boolean;
  json?: boolean;
  csv?: boolean;
  rows?: string;
  model?: string;
  inputSize?: string;
  output?: string;
}

function title(network: Network): string {
  const name = network.name ? `${network.name}: ` : '';
  return `${name}${network.dims}-D ${labelText(nodeLabel(networkGraph(network)))}`;
}

function run2d(network: Network, opts: ResponseCliOptions): string {
  for (const [flag, given] of [
    ['--whole', opts.whole],
    ['--fs', opts.fs !== undefined],
    ['--include-nyquist', opts.includeNyquist],
    ['--csv', opts.csv],
  ] as const) {
    if (given)
      throw new UsageError(
        `${flag} applies to 1-D networks; a 2-D response is an N×N grid over [−π, π)² (use --json)`,
        flag.slice(2),
      );
  }
  const n = opts.n === undefined ? undefined : parseFftSize(opts.n, LIMITS.maxN2d);
  const r = response2d(network, { n });
  return opts.json
    ? `${JSON.stringify(response2dToJSON(r))}\n`
    : renderResponse2d(r, title(network));
}

function run1d(network: Network, opts: ResponseCliOptions): string {
  const n = opts.n === undefined ? undefined : parseFftSize(opts.n, LIMITS.maxN);
  const fs = opts.fs === undefined ? undefined : parseSampleRate(opts.fs);
  const rows = opts.rows === undefined ? undefined : parseRows(opts.rows);
  const whole = Boolean(opts.whole);
  const includeNyquist = Boolean(opts.includeNyquist);
  const r = response(network, { n, fs, whole, includeNyquist });
  const { kind } = members(network);
  if (opts.json) return `${JSON.stringify(responseToJSON(r))}\n`;
  if (opts.csv) return responseCsv(r, kind);
  return renderResponse(r, {
    title: title(network),
    kind,
    nulls: nullsReport(network, 'x').composite,
    rows,
    whole,
    includeNyquist,
  });
}

export const responseCommand: CommandModule = {
  name: 'response',
  register(program, ctx) {
    const cmd = program
      .command('response')
      .description(
        'frequency response H(ω) of a network on the freqz grid: summary, --csv or --json (2-D: an N×N grid)',
      );
    addNetworkOptions(cmd);
    for (const spec of [OPTIONS.n, OPTIONS.whole, OPTIONS.fs, OPTIONS.includeNyquist])
      addOption(cmd, spec);
    cmd
      .option('--json', 'print {w, magnitude, magnitudeDb, phase, re, im, members, ...} as JSON')
      .option(
        '--csv',
        'print columns w,magnitude,magnitude_db,phase and one magnitude column per member',
      )
      .option('--rows <R>', 'sample rows in the human table (default 9)')
      .option(
        '--model <file>',
        'an ONNX model: per-layer power responses and the linearised composite (docs/models.md)',
      )
      .option(
        '--input-size <L|HxW>',
        "with --model: the input size (default: the model input's fixed size)",
      )
      .option('--output <name>', 'with --model: the tensor to analyse')
      .action(async (opts: ResponseCliOptions) => {
        if (opts.json && opts.csv) throw new UsageError('give --json or --csv, not both', 'csv');
        checkModelOptions(opts);
        if (opts.model !== undefined) {
          for (const [flag, given] of [
            ['--n', opts.n],
            ['--whole', opts.whole],
            ['--fs', opts.fs],
            ['--include-nyquist', opts.includeNyquist],
            ['--csv', opts.csv],
          ] as const) {
            if (given !== undefined && given !== false)
              throw new UsageError(
                `${flag} does not go with --model (its responses are on [0, π], 129 points)`,
                flag.slice(2),
              );
          }
          const r = modelFromFile(opts.model, ctx.io, {
            inputSize: opts.inputSize === undefined ? undefined : parseInputSize(opts.inputSize),
            output: opts.output,
          });
          ctx.out(
            opts.json
              ? `${JSON.stringify({ dims: r.dims, model: r.model, form: r.form, power: r.power, composite: r.composite })}\n`
              : renderModelResponse(
                  r,
                  opts.model,
                  opts.rows === undefined ? undefined : parseRows(opts.rows),
                ),
          );
          return;
        }
        const network = await networkFromOptions(opts, ctx.io);
        ctx.out(network.dims === 2 ? run2d(network, opts) : run1d(network, opts));
      });
    return withExamples(cmd, [
      'dilation-lab response --kernel box:3 --rates 1,2,5',
      'dilation-lab response --kernel box:3 --rates 2,2,2 --n 1024 --csv > gridding.csv',
      '# audio at 16 kHz: w in Hz',
      'dilation-lab response --preset wavenet-block --n 4096 --fs 16000 --json',
      '# scipy.signal.freqz(h, 8, whole=True)',
      'dilation-lab response --kernel weights:0.25,0.5,0.25 --rates 1 --n 8 --whole --csv',
      '# a 2-D network: an N×N grid',
      'dilation-lab response --preset hdc --n 64 --json',
    ]);
  },
};
