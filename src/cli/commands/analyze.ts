/**
 * `dilation-lab analyze`: receptive field, coverage and holes, gcd and period, HDC next to
 * exact coverage, per-layer numbers, exact nulls, deaf bands and cost of one network.
 */
import { analyze } from '../../analysis/analyze.ts';
import type { AnalyzeOptions } from '../../analysis/types.ts';
import { OPTIONS } from '../../options/index.ts';
import { type CommandModule, withExamples } from '../context.ts';
import { UsageError } from '../errors.ts';
import { modelFromFile, parseInputSize } from '../model-source.ts';
import {
  addNetworkOptions,
  type NetworkSourceOptions,
  networkFromOptions,
} from '../network-source.ts';
import {
  addOption,
  parseChannels,
  parseMapSize,
  parseObjectSize,
  parseThresholdDb,
} from '../options.ts';
import { renderAnalyze } from '../render-analyze.ts';
import { renderModelAnalysis } from '../render-model.ts';

/** The options of `analyze`, as text from commander. */
export interface AnalyzeCliOptions extends NetworkSourceOptions {
  mapSize?: string;
  object?: string;
  thresholdDb?: string;
  channels?: string;
  json?: boolean;
  summary?: boolean;
  model?: string;
  inputSize?: string;
  output?: string;
}

/** The network-source and short-form options that do not go with `--model`. */
const NOT_WITH_MODEL = [
  'kernel',
  'rates',
  'mode',
  'merge',
  'network',
  'preset',
  'mapSize',
  'object',
  'channels',
] as const;

/** Checks `--model` against the other options; throws a UsageError naming the clash. */
export function checkModelOptions(opts: AnalyzeCliOptions, allowed: readonly string[] = []): void {
  if (opts.model === undefined) {
    for (const o of ['inputSize', 'output'] as const) {
      if (opts[o] !== undefined) {
        const flag = o === 'inputSize' ? '--input-size' : '--output';
        throw new UsageError(`${flag} applies only with --model FILE.onnx`, o);
      }
    }
    return;
  }
  for (const o of NOT_WITH_MODEL) {
    if (allowed.includes(o)) continue;
    if ((opts as Record<string, unknown>)[o] !== undefined) {
      const flag = `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new UsageError(
        `${flag} does not go with --model (the model is the network${o === 'mapSize' ? '; use --input-size' : ''})`,
        o,
      );
    }
  }
}

/** Turns the command's option text into `analyze()` options (validated, exit 2 on error). */
export function analyzeOptionsFrom(opts: AnalyzeCliOptions): AnalyzeOptions {
  const options: AnalyzeOptions = {};
  if (opts.mapSize !== undefined) options.mapSize = parseMapSize(opts.mapSize);
  if (opts.object !== undefined) options.object = parseObjectSize(opts.object);
  if (opts.thresholdDb !== undefined) options.thresholdDb = parseThresholdDb(opts.thresholdDb);
  if (opts.channels !== undefined) options.channels = parseChannels(opts.channels);
  return options;
}

export const analyzeCommand: CommandModule = {
  name: 'analyze',
  register(program, ctx) {
    const cmd = program
      .command('analyze')
      .description(
        'analyze a network: receptive field, holes, gcd and period, HDC rule, per-layer numbers, exact nulls, deaf bands, cost',
      );
    addNetworkOptions(cmd);
    for (const spec of [OPTIONS.mapSize, OPTIONS.object, OPTIONS.thresholdDb, OPTIONS.channels])
      addOption(cmd, spec);
    cmd
      .option('--json', 'print the AnalyzeResult as JSON (docs/cli.md lists every key)')
      .option(
        '--summary',
        'print the summary and the network as runs of alike layers only (no per-layer tables)',
      )
      .option(
        '--model <file>',
        'an ONNX model (torch.onnx.export): its layers, learned weights, taps and deaf bands (docs/models.md)',
      )
      .option(
        '--input-size <L|HxW>',
        "with --model: the input size (default: the model input's fixed size)",
      )
      .option(
        '--output <name>',
        "with --model: the tensor to analyse (default: the model's first spatial output)",
      )
      .action(async (opts: AnalyzeCliOptions) => {
        checkModelOptions(opts);
        if (opts.model !== undefined) {
          const r = modelFromFile(opts.model, ctx.io, {
            inputSize: opts.inputSize === undefined ? undefined : parseInputSize(opts.inputSize),
            output: opts.output,
            thresholdDb:
              opts.thresholdDb === undefined ? undefined : parseThresholdDb(opts.thresholdDb),
          });
          ctx.out(
            opts.json ? `${JSON.stringify(r, null, 2)}\n` : renderModelAnalysis(r, opts.model),
          );
          return;
        }
        const network = await networkFromOptions(opts, ctx.io);
        const options = analyzeOptionsFrom(opts);
        if (network.dims === 1 && opts.object !== undefined && /[x×]/.test(opts.object)) {
          throw new UsageError(
            `--object ${opts.object.trim()} is a 2-D size but the network is 1-D: give --object W (a length in samples)`,
            'object',
          );
        }
        const result = analyze(network, options);
        ctx.out(
          opts.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : renderAnalyze(result, network, { summary: opts.summary === true }),
        );
      });
    return withExamples(cmd, [
      '# a gridding stack (every rate even) against a hybrid one',
      'dilation-lab analyze --kernel box:3 --rates 2,2,2',
      'dilation-lab analyze --kernel box:3 --rates 1,2,5',
      '# 2-D, with border validity on a 64×64 map and a 5×3 object',
      'dilation-lab analyze --kernel box:3x3 --rates 1,2,5 --map-size 64 --object 5x3',
      '# a parallel (ASPP-like) set, a preset, a spec file',
      'dilation-lab analyze --kernel box:3x3 --rates 6,12,18 --mode parallel',
      'dilation-lab analyze --preset deeplab-v3-aspp-os16 --json',
      'dilation-lab analyze --network my-net.yaml --threshold-db -30',
      '# a trained model exported with torch.onnx.export (docs/models.md)',
      'dilation-lab analyze --model deeplab.onnx --input-size 513x513',
      'dilation-lab analyze --model tcn.onnx --output /blocks/blocks.1/Relu_output_0 --json',
    ]);
  },
};
