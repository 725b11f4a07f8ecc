/**
 * `dilation-lab blindspots`: the proof that the output ignores the holes of its receptive
 * field and the samples stride and padding never read — perturb only there, run the network
 * before and after, and show the output difference is exactly 0 while the same perturbation
 * at a reached sample changes it (docs/cli.md).
 */
import {
  type BlindspotOptions,
  type BlindspotResult,
  blindspots,
  blindspotsModel,
} from '../../erf/index.ts';
import { decodeOnnx, importOnnx } from '../../model/index.ts';
import { ERF_OPTIONS } from '../../options/index.ts';
import { type CliContext, type CommandModule, withExamples } from '../context.ts';
import { UsageError } from '../errors.ts';
import { parseInputSize, readModelFile } from '../model-source.ts';
import {
  addNetworkOptions,
  type NetworkSourceOptions,
  networkFromOptions,
} from '../network-source.ts';
import { cliValue } from '../options.ts';

/** The options of `blindspots`, as text from commander. */
export interface BlindspotsCliOptions extends NetworkSourceOptions {
  inputSize?: string;
  seed?: string;
  activation?: string;
  model?: string;
  output?: string;
  json?: boolean;
}

function optionsFrom(o: BlindspotsCliOptions): BlindspotOptions {
  const options: BlindspotOptions = {};
  if (o.inputSize !== undefined) options.inputSize = parseInputSize(o.inputSize);
  if (o.seed !== undefined) options.seed = cliValue(ERF_OPTIONS.seed, o.seed) as number;
  if (o.activation !== undefined)
    options.activation = cliValue(
      ERF_OPTIONS.activation,
      o.activation,
    ) as BlindspotOptions['activation'];
  return options;
}

/** The human output of `blindspots`. */
export function renderBlindspots(r: BlindspotResult, name = 'the network'): string {
  const at = (u: number[]) => `(${u.join(',')})`;
  const bump = (v: number) => (v > 0 ? `+${v}` : `${v}`);
  const lines = [
    `blind spots of ${name} on a ${r.inputSize.join('×')} input (seed ${r.seed}), centre output at ${at(r.outputPosition)}`,
    `  holes of its receptive field  ${r.holes.length}${r.holes.length ? `: offsets from S·p ${r.holes.slice(0, 8).map(at).join(' ')}${r.holes.length > 8 ? ' …' : ''}` : '  (no holes: every offset of the receptive field is read)'}`,
    `  samples no output reads       ${r.unread}  (stride and padding)`,
    `  perturbed inputs              ${r.perturbedInputs.length}${r.perturbedInputs.length ? `, each by +${r.inputChange}: ${r.perturbedInputs.slice(0, 8).map(at).join(' ')}${r.perturbedInputs.length > 8 ? ' …' : ''}` : ''}`,
    `  output change                 ${r.maxOutputChange === 0 ? '0 exactly' : r.maxOutputChange}${r.perturbedInputs.length ? '' : '  (nothing to perturb: every sample is read)'}`,
    `  control: ${bump(r.controlBump)} at ${at(r.controlInput)} (reached)  output change ${r.controlOutputChange.toPrecision(4)}`,
  ];
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

/** Runs the proof on `--model FILE.onnx` (read as `erf --model` reads it) or on the network options. */
async function runBlindspots(
  ctx: CliContext,
  o: BlindspotsCliOptions,
): Promise<{ result: BlindspotResult; name: string }> {
  const options = optionsFrom(o);
  if (o.model === undefined) {
    if (o.output !== undefined)
      throw new UsageError('--output applies only with --model FILE.onnx', 'output');
    const network = await networkFromOptions(o, ctx.io);
    return { result: await blindspots(network, options), name: network.name ?? 'the network' };
  }
  for (const flag of [
    'kernel',
    'rates',
    'mode',
    'merge',
    'network',
    'preset',
    'activation',
  ] as const) {
    if (o[flag] !== undefined)
      throw new UsageError(`--${flag} does not go with --model (the model is the network)`, flag);
  }
  const { bytes, resolveExternal } = readModelFile(o.model, ctx.io);
  const size = options.inputSize === undefined ? undefined : [...(options.inputSize as number[])];
  try {
    const model = importOnnx(decodeOnnx(bytes, { resolveExternal }), {
      inputSize: size,
      output: o.output,
    });
    return { result: await blindspotsModel(model, options), name: o.model };
  } catch (e) {
    if (e instanceof RangeError && 'field' in e)
      throw new UsageError(`${o.model}: ${e.message}`, (e as { field?: string }).field);
    throw e;
  }
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
      .option(
        '--model <file>',
        'an ONNX model (docs/models.md): its exact tap set, run with its learned weights and nonlinearities',
      )
      .option(
        '--output <name>',
        "with --model: the tensor whose centre output is tested (default: the model's first spatial output)",
      )
      .option('--json', 'print the result as JSON (docs/cli.md lists every key)')
      .action(async (opts: BlindspotsCliOptions) => {
        const { result, name } = await runBlindspots(ctx, opts);
        ctx.out(
          opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderBlindspots(result, name),
        );
      });
    return withExamples(cmd, [
      '# every rate even: the centre output never reads the odd offsets',
      'dilation-lab blindspots --kernel box:3x3 --rates 2,2,2',
      '# a stride-4 layer of 3 taps skips samples',
      'dilation-lab blindspots --network strided.yaml --json',
      '# a trained model exported with torch.onnx.export',
      'dilation-lab blindspots --model seg.onnx --input-size 64x64',
    ]);
  },
};
