/**
 * `dilation-lab recommend`: ranked dilation schedules for a stack of layers (or rate sets
 * for parallel ASPP branches) with the reasons, the well-known schedules beside them, the
 * search counts, and a line to paste into a model. The search runs on a worker thread
 * (src/cli/search.ts): a progress bar on a terminal's stderr for searches longer than about
 * a second, and Ctrl-C stops it cleanly ("stopped after N of M candidates", exit code 130).
 */
import {
  type CountRange,
  cliFlag,
  type OptionSpec,
  optionNames,
  PARALLEL_REFERENCES,
  RECOMMEND_OPTIONS,
  STACK_SEARCH_OPTIONS,
} from '../../options/index.ts';
import type { RecommendOptions, RecommendParallelOptions } from '../../recommend/index.ts';
import {
  detailIn,
  FieldError,
  FieldTypeError,
  partsText,
  renameField,
} from '../../util/validate.ts';
import { type CliContext, type CommandModule, withExamples } from '../context.ts';
import { EXIT, UsageError } from '../errors.ts';
import { int } from '../format.ts';
import { onInterrupt } from '../interrupt.ts';
import { addOption, cliValue } from '../options.ts';
import { renderRecommend, renderRecommendParallel } from '../render-recommend.ts';
import { runSearch, type SearchRequest } from '../search.ts';

/** Exit code of a search stopped by Ctrl-C (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

/** A search running longer than this (ms) shows a progress bar on a terminal's stderr. */
export const PROGRESS_AFTER_MS = 1000;

/** The options of `recommend`, as commander gives them (text, flags, repeated lists). */
export interface RecommendCliOptions {
  kernel?: string;
  layers?: string;
  maxRate?: string;
  minRate?: string;
  rfAtLeast?: string;
  rfAbout?: string;
  tolerance?: string;
  mapSize?: string;
  minAllTaps?: string;
  prefix?: string;
  top?: string;
  reference?: string[];
  thresholdDb?: string;
  grid?: string;
  beam?: boolean;
  beamWidth?: string;
  parallel?: boolean;
  branches?: string;
  outputStride?: string;
  maxCandidates?: string;
  timeLimit?: string;
  json?: boolean;
}

const R = RECOMMEND_OPTIONS;

/** The options of `recommend`, in the order of its --help (the option schema, src/options). */
const CLI_OPTIONS: readonly OptionSpec[] = [
  ...STACK_SEARCH_OPTIONS,
  R.beam,
  R.branches,
  R.outputStride,
  R.maxCandidates,
  R.timeLimit,
];

/**
 * How the command names the search's options in messages: the flags of the schema
 * (`budget.maxMs` → `--time-limit`, `search: "beam"` → `--beam`); the receptive-field goal
 * as a whole is the flag that was given (`--rf-about`, else `--rf-at-least`).
 */
export function cliNames(o: RecommendCliOptions): ReturnType<typeof optionNames> {
  return optionNames(
    CLI_OPTIONS,
    (spec, value) => (value === undefined ? cliFlag(spec) : `${cliFlag(spec)} ${value}`),
    { receptiveField: o.rfAbout !== undefined ? R.rfAbout : R.rfAtLeast },
  );
}

/**
 * A library error in the command's words, from its structure: the field becomes the flag
 * (`maxRate` → `--max-rate`, `prefix[1]` → `--prefix[1]`) and the options its detail and
 * hint refer to are named by their flags. A search that ran out of a budget
 * (`budget.maxCandidates`, `budget.maxMs`: a whole sentence) starts with the flag that set
 * it: `--time-limit is too short for this search space: ...`.
 */
export function inCliWords(
  e: FieldError | FieldTypeError,
  o: RecommendCliOptions,
): FieldError | FieldTypeError {
  const names = cliNames(o);
  const flag = names.field(e.field);
  if (e.field.startsWith('budget.') && e instanceof FieldError && e.whole)
    return new FieldError(
      flag,
      `is too ${e.field === 'budget.maxMs' ? 'short' : 'small'} for this search space: ${detailIn(e, names.ref)}`,
    );
  return renameField(e, flag, names.ref);
}

/** Reads a given option's text by the schema (errors name its flag), else undefined. */
function read<T>(spec: OptionSpec, text: string | undefined): T | undefined {
  return text === undefined ? undefined : (cliValue(spec, text) as T);
}

/** The search the options ask for (every value read by the option schema). */
export function searchRequest(o: RecommendCliOptions): SearchRequest {
  const top = read<number>(R.top, o.top);
  const thresholdDb = read<number>(R.thresholdDb, o.thresholdDb);
  const grid = read<number>(R.grid, o.grid);
  const maxRate = read<number>(R.maxRate, o.maxRate);
  const minRate = read<number>(R.minRate, o.minRate);
  const mapSize = read<number>(R.mapSize, o.mapSize);
  const minAllTapsFraction = read<number>(R.minAllTapsFraction, o.minAllTaps);
  const maxCandidates = read<number>(R.maxCandidates, o.maxCandidates);
  const common = {
    ...(top === undefined ? {} : { top }),
    ...(thresholdDb === undefined ? {} : { thresholdDb }),
    ...(grid === undefined ? {} : { grid }),
    ...(maxRate === undefined ? {} : { maxRate }),
    ...(minRate === undefined ? {} : { minRate }),
    ...(minAllTapsFraction === undefined ? {} : { minAllTapsFraction }),
    ...(maxCandidates === undefined ? {} : { budget: { maxCandidates } }),
  };
  const kernel = read<string | number[] | number[][]>(R.kernel, o.kernel);
  if (o.parallel) {
    for (const [flag, given] of [
      ['--layers', o.layers],
      ['--rf-at-least', o.rfAtLeast],
      ['--rf-about', o.rfAbout],
      ['--tolerance', o.tolerance],
      ['--prefix', o.prefix],
      ['--beam', o.beam],
      ['--beam-width', o.beamWidth],
    ] as const)
      if (given !== undefined && given !== false)
        throw new UsageError(`${flag} applies to stacks, not to --parallel`, flag.slice(2));
    if (o.branches === undefined)
      throw new UsageError(
        '--parallel needs --branches B (e.g. --branches 3 --map-size 33)',
        'branches',
      );
    if (mapSize === undefined)
      throw new UsageError(
        '--parallel needs --map-size S, the side of the feature map (e.g. 33)',
        'map-size',
      );
    const references = (o.reference ?? []).map((r) => cliValue(PARALLEL_REFERENCES, r) as number[]);
    const outputStride = read<number>(R.outputStride, o.outputStride);
    const options: Omit<RecommendParallelOptions, 'signal' | 'onProgress'> = {
      ...common,
      ...(kernel === undefined ? {} : { kernel }),
      branches: cliValue(R.branches, o.branches) as number,
      mapSize,
      ...(outputStride === undefined ? {} : { outputStride }),
      ...(references.length ? { references } : {}),
    };
    return { kind: 'parallel', options };
  }
  for (const [flag, given] of [
    ['--branches', o.branches],
    ['--output-stride', o.outputStride],
  ] as const)
    if (given !== undefined)
      throw new UsageError(`${flag} applies only with --parallel`, flag.slice(2));
  if (kernel === undefined)
    throw new UsageError('--kernel is required (e.g. --kernel 3x3 or --kernel box:3)', 'kernel');
  if (o.layers === undefined)
    throw new UsageError('--layers is required (e.g. --layers 4 or --layers 3-5)', 'layers');
  if (o.rfAtLeast !== undefined && o.rfAbout !== undefined)
    throw new UsageError('give --rf-at-least or --rf-about, not both', 'rf-about');
  if (o.tolerance !== undefined && o.rfAbout === undefined)
    throw new UsageError('--tolerance goes with --rf-about', 'tolerance');
  let receptiveField: RecommendOptions['receptiveField'];
  if (o.rfAtLeast !== undefined)
    receptiveField = { atLeast: cliValue(R.rfAtLeast, o.rfAtLeast) as number };
  else if (o.rfAbout !== undefined) {
    const tolerance = read<number>(R.tolerance, o.tolerance);
    receptiveField = {
      about: cliValue(R.rfAbout, o.rfAbout) as number,
      ...(tolerance === undefined ? {} : { tolerance }),
    };
  }
  if (o.beamWidth !== undefined && !o.beam)
    throw new UsageError('--beam-width goes with --beam', 'beam-width');
  const references = (o.reference ?? []).map((r) => cliValue(R.references, r) as string | number[]);
  const prefix = read<number[]>(R.prefix, o.prefix);
  const beamWidth = read<number>(R.beamWidth, o.beamWidth);
  const options: Omit<RecommendOptions, 'signal' | 'onProgress'> = {
    ...common,
    kernel,
    layers: cliValue(R.layers, o.layers) as number | CountRange,
    ...(receptiveField === undefined ? {} : { receptiveField }),
    ...(mapSize === undefined ? {} : { mapSize }),
    ...(prefix === undefined ? {} : { prefix }),
    ...(references.length ? { references } : {}),
    ...(o.beam ? { search: 'beam' as const } : {}),
    ...(beamWidth === undefined ? {} : { beamWidth }),
  };
  return { kind: 'stack', options };
}

/** `--time-limit S`: seconds (a positive number, the schema's timeLimit) → ms. */
export function parseTimeLimit(text: string): number {
  return (cliValue(R.timeLimit, text) as number) * 1000;
}

/** A one-line progress bar: `searching [██████░░░░]  41%  1.2M of 2.9M candidates  3.4 s`. */
export function progressLine(done: number, total: number, ms: number): string {
  const f = total > 0 ? Math.min(1, done / total) : 0;
  const width = 24;
  const full = Math.round(f * width);
  const short = (n: number) =>
    n >= 1e9
      ? `${(n / 1e9).toFixed(1)}G`
      : n >= 1e6
        ? `${(n / 1e6).toFixed(1)}M`
        : n >= 1e4
          ? `${(n / 1e3).toFixed(0)}k`
          : String(n);
  return `searching [${'█'.repeat(full)}${'░'.repeat(width - full)}] ${(100 * f).toFixed(0).padStart(3)}%  ${short(done)} of ${short(total)} candidates  ${(ms / 1000).toFixed(1)} s  (Ctrl-C stops)`;
}

function isTty(sink: unknown): boolean {
  return Boolean((sink as { isTTY?: boolean } | null)?.isTTY);
}

/** Runs the search with the progress bar and Ctrl-C handling, and writes its output. */
async function runRecommend(ctx: CliContext, o: RecommendCliOptions): Promise<void> {
  const request = searchRequest(o);
  const maxMs = o.timeLimit === undefined ? undefined : parseTimeLimit(o.timeLimit);
  const env = ctx.io.env ?? {};
  const after =
    env.DILATION_LAB_PROGRESS_MS !== undefined && env.DILATION_LAB_PROGRESS_MS !== ''
      ? Number(env.DILATION_LAB_PROGRESS_MS)
      : PROGRESS_AFTER_MS;
  const showBar = isTty(ctx.io.stderr) && !env.CI;
  const started = performance.now();
  let drawn = false;
  let last = { done: 0, total: 0 };

  const { controller, release } = onInterrupt(ctx.io);

  let outcome: Awaited<ReturnType<typeof runSearch>>;
  try {
    outcome = await runSearch(request, {
      maxMs,
      signal: controller.signal,
      // Reports every 100 ms; more often when the bar is asked to show sooner (the tests'
      // DILATION_LAB_PROGRESS_MS=0: from the first checkpoint on).
      progressEveryMs: Math.min(100, after),
      onProgress: (done, total) => {
        last = { done, total };
        const ms = performance.now() - started;
        if (showBar && ms >= after) {
          ctx.err(`\r${progressLine(done, total, ms)}`);
          drawn = true;
        }
      },
    });
  } catch (e) {
    if (e instanceof FieldError || e instanceof FieldTypeError) throw inCliWords(e, o);
    throw e;
  } finally {
    if (drawn) ctx.err('\r\x1b[2K');
    release();
  }

  if (outcome.status === 'stopped') {
    const done = Math.max(outcome.done, last.done);
    const total = outcome.total || last.total;
    const share = ` (${((100 * done) / total).toFixed(1)}%)`;
    ctx.err(
      total > 0
        ? `dilation-lab: stopped after ${int(done)} of ${int(total)} candidates${share} in ${(outcome.ms / 1000).toFixed(1)} s; nothing was recommended\n`
        : 'dilation-lab: stopped before the search started; nothing was recommended\n',
    );
    ctx.exitCode = EXIT_INTERRUPTED;
    return;
  }
  const r = outcome.result;
  if (o.json) ctx.out(`${JSON.stringify(r, null, 2)}\n`);
  if (r.picks.length === 0) {
    // No pick means the limits admit nothing: one line saying why (with the closest
    // schedules), exit code 2; --json still prints the result with its reason and closest.
    const reason = r.reasonParts ?? [r.reason ?? 'no schedule meets the constraints'];
    ctx.err(`dilation-lab: ${partsText(reason, cliNames(o).ref)}\n`);
    ctx.exitCode = EXIT.badInput;
    return;
  }
  if (!o.json)
    ctx.out(
      r.kind === 'stack' ? renderRecommend(r, outcome.ms) : renderRecommendParallel(r, outcome.ms),
    );
}

export const recommendCommand: CommandModule = {
  name: 'recommend',
  register(program, ctx) {
    const cmd = program
      .command('recommend')
      .description(
        'ranked gridding-free dilation schedules with their reasons, beside HDC and powers of two (--parallel: ASPP rate sets)',
      )
      .option('--parallel', 'recommend rate sets for parallel branches (ASPP) instead of a stack');
    for (const spec of CLI_OPTIONS)
      if (spec === R.references)
        cmd.option(
          `${cliFlag(spec)} ${spec.placeholder}`,
          spec.help ?? '',
          (v: string, prev: string[] = []) => [...prev, v],
        );
      else addOption(cmd, spec);
    cmd
      .option('--json', 'print the RecommendResult as JSON (the object recommend() returns)')
      .action(async (opts: RecommendCliOptions) => runRecommend(ctx, opts));
    return withExamples(cmd, [
      "# the issue's question: 4 layers of 3×3 kernels with a receptive field of at least 45",
      'dilation-lab recommend --kernel 3x3 --layers 4 --rf-at-least 45',
      '# rates up to 32, 3 to 5 layers, receptive field about 64 ± 8, on a 65×65 map',
      'dilation-lab recommend --kernel 3x3 --layers 3-5 --max-rate 32 --rf-about 64 --tolerance 8 --map-size 65',
      '# after a fixed prefix, compared with a preset and a rate list too',
      'dilation-lab recommend --kernel box:3 --layers 3 --prefix 1,2 --rf-at-least 40 --reference context-module --reference 1,2,4,8,16',
      '# a large space: a beam search, or a time limit',
      'dilation-lab recommend --kernel 3 --layers 8 --rf-at-least 200 --beam',
      "# ASPP: 3 branches on a 33×33 map at output stride 16, next to DeepLab's (6,12,18) and (12,24,36)",
      'dilation-lab recommend --parallel --branches 3 --map-size 33 --output-stride 16',
      'dilation-lab recommend --kernel 3x3 --layers 4 --rf-at-least 45 --json',
      '# Ctrl-C stops a search: "stopped after N of M candidates", exit code 130',
    ]);
  },
};
