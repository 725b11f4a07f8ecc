/**
 * `dilation-lab blindspots`: the proof that the output ignores the holes of its receptive
 * field and the samples stride and padding never read — perturb only there, run the network
 * before and after, and show the output difference is exactly 0 while the same perturbation
 * at a reached sample changes it (docs/cli.md).
 */
import { type BlindspotOptions, type BlindspotResult, blindspots } from '../../erf/index.ts';
import { FieldError, integerIn, parseIntegerText, show } from '../../util/validate.ts';
import { type CommandModule, withExamples } from '../context.ts';
import { parseInputSize } from '../model-source.ts';
import {
  addNetworkOptions,
  type NetworkSourceOptions,
  networkFromOptions,
} from '../network-source.ts';

/** The options of `blindspots`, as text from commander. */
export interface BlindspotsCliOptions extends NetworkSourceOptions {
  inputSize?: string;
  seed?: string;
  activation?: string;
  json?: boolean;
}

function optionsFrom(o: BlindspotsCliOptions): BlindspotOptions {
  const options: BlindspotOptions = {};
  if (o.inputSize !== undefined) options.inputSize = parseInputSize(o.inputSize);
  if (o.seed !== undefined)
    options.seed = integerIn('--seed', parseIntegerText('--seed', o.seed), 0, 2 ** 32 - 1);
  if (o.activation !== undefined) {
    if (!['none', 'relu', 'sigmoid', 'tanh'].includes(o.activation))
      throw new FieldError(
        '--activation',
        `must be none, relu, sigmoid or tanh, got ${show(o.activation)}`,
      );
    options.activation = o.activation as BlindspotOptions['activation'];
  }
  return options;
}

/** The human output of `blindspots`. */
export function renderBlindspots(r: BlindspotResult): string {
  const at = (u: number[]) => `(${u.join(',')})`;
  const lines = [
    `blind spots on a ${r.inputSize.join('×')} input (seed ${r.seed}), centre output at ${at(r.outputPosition)}`,
    `  holes of its receptive field   ${r.holes}`,
    `  samples no output reads       ${r.unread}  (stride and padding)`,
    `  perturbed inputs              ${r.perturbedInputs.length}${r.perturbedInputs.length ? `, each by +${r.inputChange}: ${r.perturbedInputs.slice(0, 8).map(at).join(' ')}${r.perturbedInputs.length > 8 ? ' …' : ''}` : ''}`,
    `  output change                 ${r.maxOutputChange === 0 ? '0 exactly' : r.maxOutputChange}${r.perturbedInputs.length ? '' : '  (nothing to perturb: every sample is read)'}`,
    `  control: +${r.inputChange || 10} at ${at(r.controlInput)} (reached)  output change ${r.controlOutputChange.toPrecision(4)}`,
  ];
  return `${lines.join('\n')}\n`;
}

export const blindspotsCommand: CommandModule = {
  name: 'blindspots',
  register(program, ctx) {
    const cmd = program
      .command('blindspots')
      .description(
        'prove the output ignores its holes and the samples stride/padding never read: perturb there, the output change is exactly 0',
      );
    addNetworkOptions(cmd)
      .option(
        '--input-size <N|H,W>',
        'input length (1-D) or rows,cols (2-D); default 2·receptive field + 1, 16 to 257',
      )
      .option('--seed <S>', 'seed of the random input (default 0)')
      .option(
        '--activation <name>',
        'none (default), relu, sigmoid or tanh after every convolution but the last',
      )
      .option('--json', 'print the result as JSON (docs/cli.md lists every key)')
      .action(async (opts: BlindspotsCliOptions) => {
        const network = await networkFromOptions(opts, ctx.io);
        const r = await blindspots(network, optionsFrom(opts));
        ctx.out(opts.json ? `${JSON.stringify(r, null, 2)}\n` : renderBlindspots(r));
      });
    return withExamples(cmd, [
      '# every rate even: the centre output never reads the odd offsets',
      'dilation-lab blindspots --kernel box:3x3 --rates 2,2,2',
      '# a stride-4 layer of 3 taps skips samples',
      'dilation-lab blindspots --network strided.yaml --json',
    ]);
  },
};
