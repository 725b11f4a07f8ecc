/**
 * `dilation-lab erf`: the effective receptive field of a network's centre output, measured
 * by back-propagation (TensorFlow.js) over seeded random inputs or PNG images, next to the
 * exact form, with the area ratios, spread and gridding index (docs/cli.md, docs/theory.md §13).
 * A progress bar on a terminal's stderr when it takes over a second; Ctrl-C stops it.
 */
import {
  type BlindspotResult,
  blindspotsModel,
  ERF_LIMITS,
  type ErfOptions,
  type ErfResult,
  erf,
  erfModel,
} from '../../erf/index.ts';
import { decodeOnnx, importOnnx } from '../../model/index.ts';
import type { Network } from '../../network/index.ts';
import { ERF_OPTIONS } from '../../options/index.ts';
import { initRuntime } from '../../runtime/index.ts';
import { FieldError, show } from '../../util/validate.ts';
import { type CliContext, type CommandModule, withExamples } from '../context.ts';
import { UsageError } from '../errors.ts';
import { readImages } from '../images.ts';
import { onInterrupt } from '../interrupt.ts';
import { parseInputSize, readModelFile } from '../model-source.ts';
import {
  addNetworkOptions,
  type NetworkSourceOptions,
  networkFromOptions,
} from '../network-source.ts';
import { addOption, cliValue } from '../options.ts';

/** Exit code of an ERF stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;
/** An ERF running longer than this (ms) shows a progress bar on a terminal's stderr. */
export const PROGRESS_AFTER_MS = 1000;

/** The options of `erf`, as text from commander. */
export interface ErfCliOptions extends NetworkSourceOptions {
  inputSize?: string;
  samples?: string;
  seed?: string;
  images?: string;
  channel?: string;
  activation?: string;
  model?: string;
  output?: string;
  backend?: string;
  nonlinear?: boolean;
  json?: boolean;
}

/** Turns the option text into `erf()` options (inputs from --images are added by the action). */
export function erfOptionsFrom(o: ErfCliOptions): ErfOptions {
  const options: ErfOptions = {};
  if (o.inputSize !== undefined) options.inputSize = parseInputSize(o.inputSize);
  if (o.samples !== undefined) {
    if (o.images !== undefined)
      throw new FieldError('--samples', 'does not apply with --images (every image is one sample)');
    options.samples = cliValue(ERF_OPTIONS.samples, o.samples) as number;
  }
  if (o.seed !== undefined) options.seed = cliValue(ERF_OPTIONS.seed, o.seed) as number;
  if (o.channel !== undefined) options.channel = cliValue(ERF_OPTIONS.channel, o.channel) as number;
  if (o.activation !== undefined)
    options.activation = cliValue(ERF_OPTIONS.activation, o.activation) as ErfOptions['activation'];
  return options;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** A small text heatmap of the ERF (log scale, 5 shades), one character per offset. */
export function textHeatmap(rows: number[][], origin: number[]): string {
  const shades = ' .:*#';
  const two = rows.length > 1 || origin.length === 2;
  return `${rows
    .map((row, r) =>
      row
        .map((v, c) => {
          if (two ? r === origin[0] && c === origin[1] : c === origin[0]) return 'o';
          if (v <= 0) return ' ';
          // log10 scale over 4 decades: 1e-4 … 1.
          const level = Math.max(0, Math.min(4, Math.floor(4 + Math.log10(v)) + 1));
          return shades[Math.min(4, level)];
        })
        .join(''),
    )
    .join('\n')}\n`;
}

/** The exact tap set as text, one character per offset: o output, + reached, - hole. */
export function textTaps(counts: number[][], origin: number[]): string {
  const two = counts.length > 1 || origin.length === 2;
  return `${counts
    .map((row, r) =>
      row
        .map((v, c) =>
          (two ? r === origin[0] && c === origin[1] : c === origin[0]) ? 'o' : v > 0 ? '+' : '-',
        )
        .join(''),
    )
    .join('\n')}\n`;
}

/** Two text maps side by side (`gap` spaces apart), the left padded to its widest row. */
function sideBySide(left: string, right: string, gap = 3): string {
  const a = left.trimEnd().split('\n');
  const b = right.trimEnd().split('\n');
  const w = Math.max(...a.map((l) => l.length));
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
    `${(a[i] ?? '').padEnd(w + gap)}${b[i] ?? ''}`.trimEnd(),
  ).join('\n');
}

/** The human output of `erf`. */
export function renderErf(r: ErfResult, name: string, dims: number): string {
  const lines: string[] = [];
  const size =
    r.erf.length > 1 || r.origin.length === 2
      ? `${r.erf.length}×${r.erf[0].length}`
      : `${r.erf[0].length}`;
  lines.push(
    `effective receptive field of ${name} (${dims}-D), centre output at ${r.outputPosition.join(',')}`,
  );
  lines.push(
    `  inputs          ${r.samples} ${r.inputs === 'random' ? `seeded random (seed ${r.seed})` : 'images'}, ${r.inputSize.join('×')}, activation ${r.activation}, TensorFlow.js ${r.backend}`,
  );
  lines.push(`  window          ${size} (the receptive field), origin ${r.origin.join(',')}`);
  lines.push(
    `  area ratio      t=0.2 ${fmt(r.areaRatio['0.2'])}  t=0.3 ${fmt(r.areaRatio['0.3'])}  t=0.5 ${fmt(r.areaRatio['0.5'])}  t=0.99 ${fmt(r.areaRatio['0.99'])}`,
  );
  lines.push(
    `  spread (std)    ${r.spread.std.map(fmt).join(' × ')} samples = ${r.spread.ratio.map(fmt).join(' × ')} of the receptive field`,
  );
  lines.push(
    `  gridding index  ${fmt(r.griddingIndex)} (measured)   ${fmt(r.tapSetGriddingIndex)} (exact tap set; 1 = holes)`,
  );
  lines.push(
    `  holes           ${r.holes}${r.holes > 0 ? '  (dilation-lab blindspots proves the output ignores them)' : ''}`,
  );
  lines.push(
    `  exact form      ${r.exact ? 'linear network: the squared composite kernel (in --json)' : 'none (nonlinear network)'}`,
  );
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  const width = r.erf[0].length;
  if (width <= 80 && r.erf.length <= 40) {
    const legend = 'ERF (log scale: o output, # ≥ 0.1, * ≥ 0.01, : ≥ 0.001, . ≥ 1e-4, blank below)';
    const taps = 'exact tap set (o output, + reached, - hole)';
    const erfText = textHeatmap(r.erf, r.origin);
    const tapText = textTaps(r.pathCounts, r.origin);
    if (r.erf.length > 1 && 2 * width + 3 <= 80)
      // 2-D and narrow enough: the exact tap set beside the ERF, row by row.
      lines.push('', `${legend}; beside it the ${taps}:`, sideBySide(erfText, tapText));
    else
      lines.push(
        '',
        `${legend}:`,
        erfText.trimEnd(),
        '',
        `${taps[0].toUpperCase()}${taps.slice(1)}:`,
        tapText.trimEnd(),
      );
  }
  return `${lines.join('\n')}\n`;
}

function isTty(sink: unknown): boolean {
  return Boolean((sink as { isTTY?: boolean } | null)?.isTTY);
}

type Source =
  | { kind: 'network'; network: Network }
  | {
      kind: 'model';
      name: string;
      run: (o: ErfOptions) => Promise<ErfResult>;
      proof: (o: ErfOptions) => Promise<BlindspotResult>;
    };

/** The blind-spot proof of a model beside its ERF (the erf JSON's `blindspots`). */
export interface ErfBlindspots {
  /** Hole offsets of the tap set that no path reaches (none with a global branch). */
  holes: number;
  /** Input samples perturbed by +10 (holes inside the input and unread samples). */
  perturbed: number;
  /** max abs(Δy) of the outputs that cannot see them: 0. */
  maxOutputChange: number;
  /** abs(Δy) of the centre output under the same perturbation at a reached sample. */
  controlOutputChange: number;
}

/** The one line of the erf output that gives the blind-spot proof. */
export function renderErfBlindspots(p: ErfBlindspots | null): string {
  if (p === null) return '';
  if (p.perturbed === 0)
    return `  blind spots     none: a global branch reads every input sample (control change ${p.controlOutputChange.toPrecision(3)})\n`;
  return `  blind spots     +10 at the ${p.perturbed} samples no path reaches changed the centre output by ${p.maxOutputChange === 0 ? '0 exactly' : p.maxOutputChange}; +10 at a reached sample by ${p.controlOutputChange.toPrecision(3)} (dilation-lab blindspots --model for every number)\n`;
}

async function sourceFrom(ctx: CliContext, o: ErfCliOptions, options: ErfOptions): Promise<Source> {
  if (o.model === undefined) {
    if (o.output !== undefined)
      throw new UsageError('--output applies only with --model FILE.onnx', 'output');
    if (o.nonlinear)
      throw new UsageError(
        '--nonlinear applies only with --model FILE.onnx (a spec network takes --activation)',
        'nonlinear',
      );
    return { kind: 'network', network: await networkFromOptions(o, ctx.io) };
  }
  for (const flag of ['kernel', 'rates', 'mode', 'merge', 'network', 'preset'] as const) {
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
    return {
      kind: 'model',
      name: o.model,
      run: (opts) => erfModel(model, opts),
      proof: (opts) => blindspotsModel(model, { inputSize: opts.inputSize, seed: opts.seed }),
    };
  } catch (e) {
    if (e instanceof RangeError && 'field' in e)
      throw new UsageError(`${o.model}: ${e.message}`, (e as { field?: string }).field);
    throw e;
  }
}

async function runErf(ctx: CliContext, o: ErfCliOptions): Promise<void> {
  const options = erfOptionsFrom(o);
  if (o.nonlinear) options.nonlinear = true;
  if (o.backend !== undefined) {
    if (o.backend !== 'wasm' && o.backend !== 'cpu')
      throw new FieldError('--backend', `must be wasm or cpu, got ${show(o.backend)}`);
    await initRuntime({ backend: o.backend });
  }
  const source = await sourceFrom(ctx, o, options);
  if (o.images !== undefined) {
    const batch = await readImages(o.images, ctx.io.cwd ?? process.cwd(), ERF_LIMITS.maxSamples);
    options.inputs = batch;
  }
  const env = ctx.io.env ?? {};
  const after = env.DILATION_LAB_PROGRESS_MS
    ? Number(env.DILATION_LAB_PROGRESS_MS)
    : PROGRESS_AFTER_MS;
  const showBar = isTty(ctx.io.stderr) && !env.CI;
  const started = performance.now();
  let drawn = false;
  // The total is known before the first batch: a Ctrl-C during it says "0 of N".
  let last = { done: 0, total: options.inputs?.count ?? options.samples ?? 16 };
  const { controller, release } = onInterrupt(ctx.io);
  let result: ErfResult;
  try {
    const opts: ErfOptions = {
      ...options,
      signal: controller.signal,
      onProgress: (done, total) => {
        last = { done, total };
        const ms = performance.now() - started;
        if (showBar && ms >= after) {
          const f = done / total;
          const full = Math.round(24 * f);
          ctx.err(
            `\rerf [${'█'.repeat(full)}${'░'.repeat(24 - full)}] ${done} of ${total} samples  ${(ms / 1000).toFixed(1)} s  (Ctrl-C stops)`,
          );
          drawn = true;
        }
      },
    };
    result = source.kind === 'network' ? await erf(source.network, opts) : await source.run(opts);
  } catch (e) {
    if (controller.signal.aborted) {
      if (drawn) ctx.err('\r\x1b[2K');
      ctx.err(
        `dilation-lab: stopped after ${last.done} of ${last.total || '?'} samples; no ERF was written\n`,
      );
      ctx.exitCode = EXIT_INTERRUPTED;
      return;
    }
    throw e;
  } finally {
    if (drawn) ctx.err('\r\x1b[2K');
    release();
  }
  // A model with holes: the blind-spot proof beside its ERF (a few forward passes).
  let proof: ErfBlindspots | null = null;
  if (source.kind === 'model' && result.holes > 0) {
    const p = await source.proof(options);
    proof = {
      holes: p.holes.length,
      perturbed: p.perturbedInputs.length,
      maxOutputChange: p.maxOutputChange,
      controlOutputChange: p.controlOutputChange,
    };
  }
  ctx.out(
    o.json
      ? `${JSON.stringify(source.kind === 'model' ? { ...result, blindspots: proof } : result, null, 2)}\n`
      : renderErf(
          result,
          source.kind === 'network' ? (source.network.name ?? 'the network') : source.name,
          source.kind === 'network' ? source.network.dims : result.origin.length,
        ).replace(/(\n {2}exact form)/, `\n${renderErfBlindspots(proof).replace(/\n$/, '')}$1`),
  );
}

export const erfCommand: CommandModule = {
  name: 'erf',
  register(program, ctx) {
    const cmd = program
      .command('erf')
      .description(
        'effective receptive field of the centre output: measured by back-propagation, the exact form, area ratios, spread, gridding index',
      );
    addNetworkOptions(cmd).option(
      '--input-size <N|H,W>',
      'input length (1-D) or rows,cols (2-D); default 2·receptive field + 1, 16 to 257',
    );
    addOption(cmd, ERF_OPTIONS.samples);
    addOption(cmd, ERF_OPTIONS.seed);
    cmd.option(
      '--images <dir>',
      'average over the PNG images of a directory instead (gray for a single-channel network)',
    );
    addOption(cmd, ERF_OPTIONS.channel);
    addOption(cmd, ERF_OPTIONS.activation);
    cmd
      .option(
        '--model <file>',
        'an ONNX model (docs/models.md): its learned weights, linearised unless --nonlinear',
      )
      .option(
        '--output <name>',
        "with --model: the tensor whose centre output is measured (default: the model's first spatial output)",
      )
      .option(
        '--nonlinear',
        "with --model: run the model's ReLU, sigmoid, tanh, clip and batch-norm ops (default: its linearisation)",
      )
      .option(
        '--backend <name>',
        'TensorFlow.js backend: wasm (default, shipped in the package) or cpu (plain JavaScript)',
      )
      .option('--json', 'print the result as JSON (docs/cli.md lists every key)')
      .action(async (opts: ErfCliOptions) => runErf(ctx, opts));
    return withExamples(cmd, [
      '# a gridding stack: the ERF is zero at the holes, gridding index 1',
      'dilation-lab erf --kernel box:3x3 --rates 2,2,2',
      '# a hybrid schedule with ReLUs, 64 random inputs',
      'dilation-lab erf --kernel random:3x3:7 --rates 1,2,5 --activation relu --samples 64',
      '# over your own gray images (all the same size)',
      'dilation-lab erf --preset deeplab-v3-aspp-os16 --images ./crops --json',
      '# a trained model exported with torch.onnx.export',
      'dilation-lab erf --model tcn.onnx --samples 32',
    ]);
  },
};
