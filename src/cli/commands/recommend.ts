/**
 * `dilation-lab recommend`: ranked dilation schedules for a stack of layers (or rate sets
 * for parallel ASPP branches) with the reasons, the well-known schedules beside them, the
 * search counts, and a line to paste into a model. The search runs on a worker thread
 * (src/cli/search.ts): a progress bar on a terminal's stderr for searches longer than about
 * a second, and Ctrl-C stops it cleanly ("stopped after N of M candidates", exit code 130).
 */
import { assertTextNesting } from '../../network/index.ts';
import type { RecommendOptions, RecommendParallelOptions } from '../../recommend/index.ts';
import { FieldError, parseIntegerText, parseNumberText, show } from '../../util/validate.ts';
import { type CliContext, type CommandModule, withExamples } from '../context.ts';
import { EXIT, UsageError } from '../errors.ts';
import { int } from '../format.ts';
import { parseMapSize, parseThresholdDb } from '../options.ts';
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

/** `--kernel`: a size `3` (box:3) or `3x3` (box:3x3), a spec, `weights:...`, or a JSON list. */
export function parseKernelOption(text: string): string | number[] | number[][] {
  const t = text.trim();
  const size = /^(\d+)\s*(?:[x×]\s*(\d+))?$/.exec(t);
  if (size) return size[2] === undefined ? `box:${size[1]}` : `box:${size[1]}x${size[2]}`;
  if (!t.startsWith('[')) return t;
  assertTextNesting('--kernel', t);
  try {
    return JSON.parse(t);
  } catch {
    throw new FieldError(
      '--kernel',
      `must be a size (3, 3x3), a spec or a JSON list of weights, got ${show(text)}`,
    );
  }
}

/** `--layers`: `4`, or a range `3-5` (also `3..5`). */
export function parseLayers(text: string): number | { min: number; max: number } {
  const m = /^\s*(\d+)\s*(?:(?:-|\.\.|–)\s*(\d+)\s*)?$/.exec(text);
  if (!m)
    throw new FieldError('--layers', `must be N or MIN-MAX (e.g. 4 or 3-5), got ${show(text)}`);
  const a = Number(m[1]);
  if (m[2] === undefined) return a;
  const b = Number(m[2]);
  if (b < a)
    throw new FieldError('--layers', `range must go from low to high (MIN-MAX), got ${show(text)}`);
  return { min: a, max: b };
}

/** `--prefix 1,2` or `--reference 1,2,4,8`: a comma-separated list of integers. */
export function parseRateListText(field: string, text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === ''))
    throw new FieldError(
      field,
      `must be rates separated by commas (e.g. 1,2,5), got ${show(text)}`,
    );
  return parts.map((p) => parseIntegerText(field, p));
}

const int_ = (field: string, text: string | undefined) =>
  text === undefined ? undefined : parseIntegerText(field, text);

/** The library field → the command's option, for messages that name the option. */
const FLAGS: [RegExp, string][] = [
  [/^budget\.maxCandidates/, '--max-candidates'],
  [/^budget\.maxMs/, '--time-limit'],
  [/^receptiveField\.atLeast/, '--rf-at-least'],
  [/^receptiveField\.about/, '--rf-about'],
  [/^receptiveField\.tolerance/, '--tolerance'],
  [/^layers(\.min|\.max)?/, '--layers'],
  [/^maxRate/, '--max-rate'],
  [/^minRate/, '--min-rate'],
  [/^mapSize/, '--map-size'],
  [/^minAllTapsFraction/, '--min-all-taps'],
  [/^prefix/, '--prefix'],
  [/^references/, '--reference'],
  [/^thresholdDb/, '--threshold-db'],
  [/^grid/, '--grid'],
  [/^beamWidth/, '--beam-width'],
  [/^branches/, '--branches'],
  [/^outputStride/, '--output-stride'],
  [/^top/, '--top'],
  [/^kernel/, '--kernel'],
  [/^preset/, '--reference'],
];

/**
 * A library error's message in the command's words: the field it starts with becomes the
 * option (`maxRate must be ...` → `--max-rate must be ...`; `receptiveField asks ...` →
 * `--rf-at-least asks ...`) and the advice names options (`a lower --max-rate`, `--beam`).
 */
export function cliMessage(message: string, field: string | undefined, rfFlag: string): string {
  let m = message;
  if (
    field?.startsWith('budget.') &&
    m.startsWith(field) &&
    !/^\s*must\b/.test(m.slice(field.length))
  ) {
    const flag = field === 'budget.maxMs' ? '--time-limit' : '--max-candidates';
    m = `the search space is too large for ${flag}: ${m.slice(field.length).trim()}`;
  } else if (field !== undefined && m.startsWith(field)) {
    const rest = m.slice(field.length);
    const flag = field === 'receptiveField' ? rfFlag : FLAGS.find(([re]) => re.test(field))?.[1];
    if (flag) m = `${flag}${field.replace(/^[A-Za-z.]+/, '')}${rest}`;
  }
  return m
    .replace(/search: "beam"/g, '--beam')
    .replace(/a receptiveField window/g, 'an --rf-about window')
    .replace(/\bmaxRate\b/g, '--max-rate')
    .replace(/\bminRate\b/g, '--min-rate')
    .replace(/\bmapSize\b/g, '--map-size')
    .replace(/\bbeamWidth\b/g, '--beam-width');
}

/** The search the options ask for (validated text; the library checks the ranges). */
export function searchRequest(o: RecommendCliOptions): SearchRequest {
  const top = int_('--top', o.top);
  const thresholdDb = o.thresholdDb === undefined ? undefined : parseThresholdDb(o.thresholdDb);
  const grid = int_('--grid', o.grid);
  const maxRate = int_('--max-rate', o.maxRate);
  const minRate = int_('--min-rate', o.minRate);
  const mapSize = o.mapSize === undefined ? undefined : parseMapSize(o.mapSize);
  const minAllTapsFraction =
    o.minAllTaps === undefined ? undefined : parseNumberText('--min-all-taps', o.minAllTaps);
  const maxCandidates = int_('--max-candidates', o.maxCandidates);
  const common = {
    ...(top === undefined ? {} : { top }),
    ...(thresholdDb === undefined ? {} : { thresholdDb }),
    ...(grid === undefined ? {} : { grid }),
    ...(maxRate === undefined ? {} : { maxRate }),
    ...(minRate === undefined ? {} : { minRate }),
    ...(minAllTapsFraction === undefined ? {} : { minAllTapsFraction }),
    ...(maxCandidates === undefined ? {} : { budget: { maxCandidates } }),
  };
  const kernel = o.kernel === undefined ? undefined : parseKernelOption(o.kernel);
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
    const references = (o.reference ?? []).map((r) => parseRateListText('--reference', r));
    const options: Omit<RecommendParallelOptions, 'signal' | 'onProgress'> = {
      ...common,
      ...(kernel === undefined ? {} : { kernel }),
      branches: parseIntegerText('--branches', o.branches),
      mapSize,
      ...(o.outputStride === undefined
        ? {}
        : { outputStride: parseIntegerText('--output-stride', o.outputStride) }),
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
    receptiveField = { atLeast: parseIntegerText('--rf-at-least', o.rfAtLeast) };
  else if (o.rfAbout !== undefined)
    receptiveField = {
      about: parseIntegerText('--rf-about', o.rfAbout),
      ...(o.tolerance === undefined
        ? {}
        : { tolerance: parseNumberText('--tolerance', o.tolerance) }),
    };
  if (o.beamWidth !== undefined && !o.beam)
    throw new UsageError('--beam-width goes with --beam', 'beam-width');
  const references = (o.reference ?? []).map((r) =>
    /^[\d\s,]+$/.test(r) ? parseRateListText('--reference', r) : r.trim(),
  );
  const options: Omit<RecommendOptions, 'signal' | 'onProgress'> = {
    ...common,
    kernel,
    layers: parseLayers(o.layers),
    ...(receptiveField === undefined ? {} : { receptiveField }),
    ...(mapSize === undefined ? {} : { mapSize }),
    ...(o.prefix === undefined ? {} : { prefix: parseRateListText('--prefix', o.prefix) }),
    ...(references.length ? { references } : {}),
    ...(o.beam ? { search: 'beam' as const } : {}),
    ...(o.beamWidth === undefined
      ? {}
      : { beamWidth: parseIntegerText('--beam-width', o.beamWidth) }),
  };
  return { kind: 'stack', options };
}

/** `--time-limit S`: seconds, a positive number → ms. */
export function parseTimeLimit(text: string): number {
  const s = parseNumberText('--time-limit', text);
  if (!(s > 0) || !Number.isFinite(s))
    throw new FieldError('--time-limit', `must be a positive number of seconds, got ${show(text)}`);
  return s * 1000;
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
  const rfFlag = o.rfAbout !== undefined ? '--rf-about' : '--rf-at-least';
  const env = ctx.io.env ?? {};
  const after =
    env.DILATION_LAB_PROGRESS_MS !== undefined && env.DILATION_LAB_PROGRESS_MS !== ''
      ? Number(env.DILATION_LAB_PROGRESS_MS)
      : PROGRESS_AFTER_MS;
  const showBar = isTty(ctx.io.stderr) && !env.CI;
  const started = performance.now();
  let drawn = false;
  let last = { done: 0, total: 0 };

  // Ctrl-C: io.signal when the caller gives one (tests, embedding), else SIGINT.
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  const external = ctx.io.signal;
  if (external) {
    if (external.aborted) controller.abort();
    else external.addEventListener('abort', onSigint, { once: true });
  } else process.on('SIGINT', onSigint);

  let outcome: Awaited<ReturnType<typeof runSearch>>;
  try {
    outcome = await runSearch(request, {
      maxMs,
      signal: controller.signal,
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
    if (e instanceof Error && (e instanceof RangeError || e instanceof TypeError)) {
      const field = (e as { field?: string }).field;
      const err = new RangeError(cliMessage(e.message, field, rfFlag));
      if (field !== undefined) Object.assign(err, { field });
      throw err;
    }
    throw e;
  } finally {
    if (drawn) ctx.err('\r\x1b[2K');
    if (external) external.removeEventListener('abort', onSigint);
    else process.off('SIGINT', onSigint);
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
    ctx.err(
      `dilation-lab: ${cliMessage(r.reason ?? 'no schedule meets the constraints', undefined, rfFlag)}\n`,
    );
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
      .option(
        '--kernel <spec>',
        'kernel of every layer: a size 3 or 3x3 (a box), box:K, binomial:K, weights:..., a JSON list (--parallel: default box:3x3)',
      )
      .option(
        '--layers <N|MIN-MAX>',
        'number of layers to choose (after --prefix), or a range such as 3-5',
      )
      .option(
        '--max-rate <R>',
        'largest rate the search may choose (default 64; --parallel: the border cap)',
      )
      .option('--min-rate <R>', 'smallest rate the search may choose (default 1)')
      .option('--rf-at-least <N>', 'receptive field wanted: at least N (per axis for a 2-D kernel)')
      .option('--rf-about <N>', 'receptive field wanted: about N, within --tolerance')
      .option('--tolerance <T>', 'with --rf-about: allowed distance from N (default 10% of N)')
      .option(
        '--map-size <S>',
        'side S of the feature map: every chosen rate must keep all taps inside at some position, (k−1)·d < S',
      )
      .option(
        '--min-all-taps <F>',
        'with --map-size: a rate must use all taps at more than this fraction of positions (default 0)',
      )
      .option(
        '--prefix <rates>',
        "fixed leading rates, e.g. a backbone's 1,1,2 (part of every schedule)",
      )
      .option('--top <N>', 'how many schedules to show (default 5, at most 100)')
      .option(
        '--reference <preset|rates>',
        'another schedule to show beside the picks: a preset name or rates such as 1,2,4,8 (repeatable); HDC 1,2,5 and powers of two are always shown',
        (v: string, prev: string[] = []) => [...prev, v],
      )
      .option('--threshold-db <DB>', 'deaf threshold in dB below the peak (default -20)')
      .option(
        '--grid <G>',
        'points of the frequency grid on [0, π] for the measures, a power of two (default 256)',
      )
      .option('--beam', 'beam search (a heuristic, for spaces too large to search exhaustively)')
      .option('--beam-width <W>', 'with --beam: partial schedules kept per depth (default 2000)')
      .option('--parallel', 'recommend rate sets for parallel branches (ASPP) instead of a stack')
      .option('--branches <B>', 'with --parallel: the number of atrous branches')
      .option('--output-stride <OS>', 'with --parallel: the output stride of the map (default 16)')
      .option('--max-candidates <N>', 'stop with advice after N search nodes (default 20,000,000)')
      .option(
        '--time-limit <S>',
        'stop with advice after S seconds (default: no limit; Ctrl-C always stops)',
      )
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
