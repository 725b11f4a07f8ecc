/**
 * `dilation-lab analyze`: receptive field, coverage and holes, gcd and period, HDC next to
 * exact coverage, per-layer numbers, exact nulls, deaf bands and cost of one network.
 */
import { analyze } from '../../analysis/analyze.ts';
import type { AnalyzeOptions } from '../../analysis/types.ts';
import { type CommandModule, withExamples } from '../context.ts';
import {
  addNetworkOptions,
  type NetworkSourceOptions,
  networkFromOptions,
} from '../network-source.ts';
import { parseChannels, parseMapSize, parseObjectSize, parseThresholdDb } from '../options.ts';
import { renderAnalyze } from '../render-analyze.ts';

/** The options of `analyze`, as text from commander. */
export interface AnalyzeCliOptions extends NetworkSourceOptions {
  mapSize?: string;
  object?: string;
  thresholdDb?: string;
  channels?: string;
  json?: boolean;
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
    addNetworkOptions(cmd)
      .option('--map-size <S>', 'side S of a square feature map: border validity per layer')
      .option('--object <WxH>', 'object size: probability that each layer touches it')
      .option('--threshold-db <DB>', 'deaf-band threshold in dB below max|H| (default -20)')
      .option('--channels <C>', 'channels in and out for the cost (default 1)')
      .option('--json', 'print the AnalyzeResult as JSON (docs/cli.md lists every key)')
      .action(async (opts: AnalyzeCliOptions) => {
        const network = await networkFromOptions(opts, ctx.io);
        const options = analyzeOptionsFrom(opts);
        const result = analyze(network, options);
        ctx.out(
          opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderAnalyze(result, network),
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
    ]);
  },
};
