/**
 * One schema per option: its name, type, range, default and help text, and how each adapter
 * names it. The CLI declares its commander options from it (`--map-size <S>`, the help text
 * and the default), the server reads its query and body options with it, and the report
 * config validates its `options` with it; all three read values with `readOption`, so a
 * bad value gets the same message everywhere, under the adapter's name of the option.
 */
import { DEFAULT_THRESHOLD_DB, MAX_CHANNELS } from '../analysis/index.ts';
import {
  LIMITS,
  PADDING_NAMES,
  presetNames,
  SHORT_FORM_MERGES,
  SHORT_FORM_MODES,
  type SourceKey,
} from '../network/index.ts';
import { libraryNames, type OptionNamer } from '../util/validate.ts';

/** What kind of value an option takes. */
export type OptionKind =
  | 'integer'
  | 'number'
  | 'boolean'
  | 'size'
  | 'sides'
  | 'fields'
  | 'choice'
  | 'text'
  | 'kernel'
  | 'layers'
  | 'rates'
  | 'reference';

/** How one option is read: its name, its type, its bounds, its default and its help. */
export interface OptionSpec {
  /** The library's name of the option, and the key of a query string, a body and a config. */
  name: string;
  kind: OptionKind;
  /** For choices: the accepted values. */
  values?: readonly string[];
  /** For choices: other spellings of a value (`'rad/sample'` → `'rad'`), named in the message. */
  synonyms?: Readonly<Record<string, string>>;
  /** For text: its length in characters is at most this (and at least 1). */
  maxLength?: number;
  /** For text: characters it may not contain (`<>{};`). */
  forbidden?: string;
  /** For text: what the text is, in messages (`a CSS font list`). */
  what?: string;
  /** Smallest value (integers, numbers) or side (sizes). */
  min?: number;
  /** Largest value (integers, numbers) or side (sizes). */
  max?: number;
  /** For integers: must be a power of two. */
  powerOfTwo?: boolean;
  /** For numbers: must be above 0. */
  positive?: boolean;
  /** For numbers: must be below 0. */
  negative?: boolean;
  /** The unit of a number, in messages and help (`dB`). */
  unit?: string;
  /** The default, as the help text states it (the library applies it). */
  default?: string | number | boolean;
  /** One line of help (the CLI's --help). */
  help?: string;
  /** The CLI's flag (default: `--` and the name in kebab case, `mapSize` → `--map-size`). */
  cli?: string;
  /** The CLI's value placeholder (`<S>`); none for a boolean. */
  placeholder?: string;
  /** Other spellings a query string accepts (`map-size`). */
  aliases?: readonly string[];
  /**
   * The library's option paths this option sets (default: its name), as the library's
   * errors and hints name them: `receptiveField.atLeast` for `rfAtLeast`, `budget.maxMs`
   * for the CLI's `timeLimit`, `layers.min` and `layers.max` for `layers`.
   */
  library?: readonly string[];
  /** For a flag that stands for one value of a library option (`--beam` is search: "beam"). */
  sets?: string;
}

/** The same option with other bounds (an adapter's limit: the server's n, a report's n). */
export function withRange(spec: OptionSpec, range: { min?: number; max?: number }): OptionSpec {
  return { ...spec, ...range };
}

/** `mapSize` → `map-size`. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The CLI's flag of an option: `--map-size`. */
export function cliFlag(spec: OptionSpec): string {
  return spec.cli ?? `--${kebab(spec.name)}`;
}

/** The help line of an option with its default: `side S of ... (default 65)`. */
export function helpText(spec: OptionSpec): string {
  const help = spec.help ?? '';
  if (spec.default === undefined || /\(default\b/.test(help)) return help;
  return `${help} (default ${spec.default})`;
}

const source = (s: OptionSpec & { name: SourceKey }) => s;

/**
 * The keys of a network source (network/source.ts), as options. Their values are checked
 * by `resolveNetwork`; the schema gives their names and help.
 */
export const SOURCE_OPTIONS: Readonly<Record<SourceKey, OptionSpec>> = {
  kernel: source({
    name: 'kernel',
    kind: 'text',
    placeholder: '<spec>',
    help: 'kernel for the short form: box:K, box:KxK, binomial:K, gaussian:K:SIGMA, random:K:SEED, weights:w0,w1,... or a JSON list (default box:3 when --rates is given)',
  }),
  rates: source({
    name: 'rates',
    kind: 'text',
    placeholder: '<list>',
    help: 'dilation rates of the short form, e.g. 1,2,5 (2-D per axis: 1x2,2x4)',
  }),
  mode: source({
    name: 'mode',
    kind: 'choice',
    values: SHORT_FORM_MODES,
    placeholder: '<mode>',
    default: 'stack',
    help: `short form: ${SHORT_FORM_MODES.join(', ')}`,
  }),
  merge: source({
    name: 'merge',
    kind: 'choice',
    values: SHORT_FORM_MERGES,
    placeholder: '<merge>',
    default: 'sum',
    help: `short form with --mode parallel: ${SHORT_FORM_MERGES.join(' or ')}`,
  }),
  padding: source({
    name: 'padding',
    kind: 'text',
    placeholder: '<padding>',
    default: 'same',
    help: `padding of the layers of the short form or of a --network file that set none: ${PADDING_NAMES.join(', ')}, N (zeros before and after) or B,A`,
  }),
  network: source({
    name: 'network',
    kind: 'text',
    placeholder: '<file>',
    help: 'network spec file, JSON or YAML (docs/network-spec.md)',
  }),
  preset: source({
    name: 'preset',
    kind: 'choice',
    values: presetNames,
    placeholder: '<name>',
    help: 'a named network (see: dilation-lab presets)',
  }),
};

/** The options of more than one adapter (the analysis and response options). */
export const OPTIONS = {
  n: {
    name: 'n',
    kind: 'integer',
    powerOfTwo: true,
    min: 1,
    max: LIMITS.maxN,
    placeholder: '<N>',
    help: `number of frequency points, a power of two up to ${LIMITS.maxN} (default 512); 2-D: grid side up to ${LIMITS.maxN2d} (default 128)`,
  },
  n2d: {
    name: 'n2d',
    kind: 'integer',
    powerOfTwo: true,
    min: 1,
    max: LIMITS.maxN2d,
    default: 128,
    placeholder: '<N>',
    help: 'grid side N of 2-D responses (N×N points over [−π, π)²), a power of two',
  },
  whole: {
    name: 'whole',
    kind: 'boolean',
    help: 'the full circle [0, 2π) instead of [0, π) (as scipy.signal.freqz)',
  },
  fs: {
    name: 'fs',
    kind: 'number',
    positive: true,
    placeholder: '<FS>',
    help: 'sampling frequency: w in its units, w = ω·fs/2π (Hz, cycles/bp, ...)',
  },
  includeNyquist: {
    name: 'includeNyquist',
    kind: 'boolean',
    aliases: ['include-nyquist'],
    help: 'n points from 0 to π inclusive (as scipy.signal.freqz)',
  },
  mapSize: {
    name: 'mapSize',
    kind: 'integer',
    min: 1,
    max: LIMITS.maxMapSize,
    aliases: ['map-size'],
    placeholder: '<S>',
    help: 'side S of a square feature map: border validity per layer',
  },
  object: {
    name: 'object',
    kind: 'size',
    min: 1,
    max: LIMITS.maxMapSize,
    placeholder: '<WxH>',
    help: 'object size: probability that each layer touches it',
  },
  thresholdDb: {
    name: 'thresholdDb',
    kind: 'number',
    negative: true,
    unit: 'dB',
    default: DEFAULT_THRESHOLD_DB,
    aliases: ['threshold-db'],
    placeholder: '<DB>',
    help: 'deaf-band threshold in dB below max|H|',
  },
  inputSize: {
    name: 'inputSize',
    kind: 'sides',
    min: 1,
    max: 1 << 16,
    aliases: ['input-size'],
    placeholder: '<L|HxW>',
    help: "with --model: the input size (default: the model input's fixed size)",
  },
  channels: {
    name: 'channels',
    kind: 'integer',
    min: 1,
    max: MAX_CHANNELS,
    default: 1,
    placeholder: '<C>',
    help: 'channels in and out for the cost',
  },
} as const satisfies Record<string, OptionSpec>;

/** Most samples (random inputs or images) one ERF averages (the library's ERF_LIMITS). */
export const ERF_MAX_SAMPLES = 1024;

/** The activations an ERF of a spec network runs between its layers. */
export const ERF_ACTIVATIONS = ['none', 'relu', 'sigmoid', 'tanh'] as const;

/**
 * The options of an ERF (`erf`, `/api/erf`): how many seeded random inputs, the seed, the
 * output channel, the activation. The server lowers `samples`' maximum for one request.
 */
export const ERF_OPTIONS = {
  samples: {
    name: 'samples',
    kind: 'integer',
    min: 1,
    max: ERF_MAX_SAMPLES,
    default: 16,
    placeholder: '<N>',
    help: `seeded random inputs averaged (default 16, at most ${ERF_MAX_SAMPLES})`,
  },
  seed: {
    name: 'seed',
    kind: 'integer',
    min: 0,
    max: 2 ** 32 - 1,
    default: 0,
    placeholder: '<S>',
    help: 'seed of the random inputs (default 0)',
  },
  channel: {
    name: 'channel',
    kind: 'integer',
    min: 0,
    max: 1 << 16,
    placeholder: '<C>',
    help: 'take the gradient of one output channel (default: all channels summed)',
  },
  activation: {
    name: 'activation',
    kind: 'choice',
    values: ERF_ACTIVATIONS,
    placeholder: '<name>',
    help: 'none (default), relu, sigmoid or tanh after every convolution but the last',
  },
} as const satisfies Record<string, OptionSpec>;

/** The frequency units of a report's figure axes, by their short names. */
export const FREQUENCY_UNITS = ['rad', 'cycles', 'hz'] as const;

/** Where a report figure's legend goes. */
export const LEGEND_PLACES = ['top', 'right', 'bottom', 'none'] as const;

/**
 * The options of a report's figures only (docs/report.md, a config's `options`): axes,
 * size and type. `name` is the config key; a report reads them with `readOption` under
 * `experiments[i].options.NAME`. The analysis options a report shares with the CLI and the
 * server (n, n2d, thresholdDb, fs, mapSize, object) are in OPTIONS.
 */
export const FIGURE_OPTIONS = {
  units: {
    name: 'units',
    kind: 'choice',
    values: FREQUENCY_UNITS,
    synonyms: { 'rad/sample': 'rad', 'cycles/sample': 'cycles', Hz: 'hz' },
    default: 'rad',
    help: 'frequency axes: rad (rad/sample), cycles (cycles/sample) or hz (f = ω·fs/2π)',
  },
  maxRate: {
    name: 'maxRate',
    kind: 'integer',
    min: 2,
    max: 512,
    help: 'largest rate on the x axis of blind-fraction and object-hit (default 1.5 × the largest rate, at least 12)',
  },
  depth: {
    name: 'depth',
    kind: 'integer',
    min: 1,
    max: 30,
    default: 10,
    help: 'deepest stack in rf-linear-vs-exponential',
  },
  rate: {
    name: 'rate',
    kind: 'integer',
    min: 1,
    max: LIMITS.maxRate,
    help: "the rate d of periodicity (default: the network's largest rate)",
  },
  width: {
    name: 'width',
    kind: 'integer',
    min: 200,
    max: 4000,
    help: 'figure width in CSS pixels (default 480, 960 for side-by-side panels)',
  },
  height: {
    name: 'height',
    kind: 'integer',
    min: 150,
    max: 4000,
    help: 'figure height in CSS pixels (default: the plot plus title, legend and axes)',
  },
  fontSize: {
    name: 'fontSize',
    kind: 'integer',
    min: 6,
    max: 48,
    default: 14,
    help: 'base font size in CSS pixels',
  },
  scale: {
    name: 'scale',
    kind: 'number',
    min: 0.5,
    max: 8,
    default: 2,
    help: 'pixel ratio of the PNG: width·scale × height·scale pixels',
  },
  widthIn: {
    name: 'widthIn',
    kind: 'number',
    min: 1,
    max: 40,
    help: 'width in inches, 96 CSS pixels per inch (wins over width)',
  },
  heightIn: {
    name: 'heightIn',
    kind: 'number',
    min: 1,
    max: 40,
    help: 'height in inches (wins over height)',
  },
  dpi: {
    name: 'dpi',
    kind: 'number',
    min: 48,
    max: 768,
    help: 'PNG resolution: scale = dpi/96 (wins over scale)',
  },
  title: {
    name: 'title',
    kind: 'boolean',
    default: true,
    help: 'false: no title inside the figure',
  },
  legend: {
    name: 'legend',
    kind: 'choice',
    values: LEGEND_PLACES,
    default: 'top',
    help: 'top, right, bottom or none',
  },
  layers: {
    name: 'layers',
    kind: 'boolean',
    default: true,
    help: 'false: no per-layer (per-member) curves or zeros',
  },
  fontFamily: {
    name: 'fontFamily',
    kind: 'text',
    maxLength: 200,
    forbidden: '<>{};',
    what: 'a CSS font list',
    help: "the figure's CSS font list",
  },
} as const satisfies Record<string, OptionSpec>;

/** A search's option with its CLI help (the server and the library share its name and range). */
const search = (s: OptionSpec) => s;

/**
 * The options of a schedule search (`recommend`, `recommend --parallel`, /api/recommend,
 * /api/recommend-parallel). `name` is the query key; `library` the option of
 * `recommend(options)` it sets, as its errors and hints name it; the CLI's flag is
 * `cliFlag(spec)`. The library checks the same ranges again (it is called directly too).
 */
export const RECOMMEND_OPTIONS = {
  kernel: search({
    name: 'kernel',
    kind: 'kernel',
    placeholder: '<spec>',
    help: 'kernel of every layer: a size 3 or 3x3 (a box), box:K, binomial:K, weights:..., a JSON list (--parallel: default box:3x3)',
  }),
  layers: search({
    name: 'layers',
    kind: 'layers',
    min: 1,
    max: LIMITS.maxLayers,
    library: ['layers', 'layers.min', 'layers.max'],
    placeholder: '<N|MIN-MAX>',
    help: 'number of layers to choose (after --prefix), or a range such as 3-5',
  }),
  maxRate: search({
    name: 'maxRate',
    kind: 'integer',
    min: 1,
    max: LIMITS.maxRate,
    placeholder: '<R>',
    help: 'largest rate the search may choose (default 64; --parallel: the border cap)',
  }),
  minRate: search({
    name: 'minRate',
    kind: 'integer',
    min: 1,
    max: LIMITS.maxRate,
    default: 1,
    placeholder: '<R>',
    help: 'smallest rate the search may choose',
  }),
  rfAtLeast: search({
    name: 'rfAtLeast',
    kind: 'integer',
    min: 1,
    max: LIMITS.maxReceptiveField,
    library: ['receptiveField.atLeast'],
    placeholder: '<N>',
    help: 'receptive field wanted: at least N (per axis for a 2-D kernel)',
  }),
  rfAbout: search({
    name: 'rfAbout',
    kind: 'integer',
    min: 1,
    max: LIMITS.maxReceptiveField,
    library: ['receptiveField.about'],
    placeholder: '<N>',
    help: 'receptive field wanted: about N, within --tolerance',
  }),
  tolerance: search({
    name: 'tolerance',
    kind: 'number',
    min: 0,
    max: LIMITS.maxReceptiveField,
    library: ['receptiveField.tolerance'],
    placeholder: '<T>',
    help: 'with --rf-about: allowed distance from N (default 10% of N)',
  }),
  mapSize: search({
    ...OPTIONS.mapSize,
    help: 'side S of the feature map: every chosen rate must keep all taps inside at some position, (k−1)·d < S',
  }),
  minAllTapsFraction: search({
    name: 'minAllTapsFraction',
    kind: 'number',
    min: 0,
    max: 0.999999,
    default: 0,
    cli: '--min-all-taps',
    placeholder: '<F>',
    help: 'with --map-size: a rate must use all taps at more than this fraction of positions',
  }),
  prefix: search({
    name: 'prefix',
    kind: 'rates',
    min: 1,
    max: LIMITS.maxRate,
    placeholder: '<rates>',
    help: "fixed leading rates, e.g. a backbone's 1,1,2 (part of every schedule)",
  }),
  references: search({
    name: 'references',
    kind: 'reference',
    values: presetNames,
    max: LIMITS.maxRate,
    cli: '--reference',
    aliases: ['reference'],
    placeholder: '<preset|rates>',
    help: 'another schedule to show beside the picks: a preset name or rates such as 1,2,4,8 (repeatable); HDC 1,2,5 and powers of two are always shown',
  }),
  top: search({
    name: 'top',
    kind: 'integer',
    min: 1,
    max: 100,
    default: 5,
    placeholder: '<N>',
    help: 'how many schedules to show (at most 100)',
  }),
  thresholdDb: search({
    ...OPTIONS.thresholdDb,
    min: -300,
    max: -0.001,
    help: 'deaf threshold in dB below the peak',
  }),
  grid: search({
    name: 'grid',
    kind: 'integer',
    powerOfTwo: true,
    min: 16,
    max: 4096,
    default: 256,
    placeholder: '<G>',
    help: 'points of the frequency grid on [0, π] for the measures, a power of two',
  }),
  search: search({
    name: 'search',
    kind: 'choice',
    values: ['exhaustive', 'beam'],
    help: 'exhaustive or beam (default: exhaustive when the count allows, else beam)',
  }),
  beam: search({
    name: 'beam',
    kind: 'boolean',
    library: ['search'],
    sets: 'beam',
    help: 'beam search (a heuristic, for spaces too large to search exhaustively)',
  }),
  beamWidth: search({
    name: 'beamWidth',
    kind: 'integer',
    min: 1,
    max: 100_000,
    default: 2000,
    placeholder: '<W>',
    help: 'with --beam: partial schedules kept per depth',
  }),
  branches: search({
    name: 'branches',
    kind: 'integer',
    min: 1,
    max: LIMITS.maxBranches,
    placeholder: '<B>',
    help: 'with --parallel: the number of atrous branches',
  }),
  outputStride: search({
    name: 'outputStride',
    kind: 'integer',
    min: 1,
    max: LIMITS.maxStride,
    default: 16,
    placeholder: '<OS>',
    help: 'with --parallel: the output stride of the map',
  }),
  maxCandidates: search({
    name: 'maxCandidates',
    kind: 'integer',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    default: '20,000,000',
    library: ['budget.maxCandidates'],
    placeholder: '<N>',
    help: 'stop with advice after N search nodes',
  }),
  timeLimit: search({
    name: 'timeLimit',
    kind: 'number',
    positive: true,
    unit: 'seconds',
    library: ['budget.maxMs'],
    placeholder: '<S>',
    help: 'stop with advice after S seconds (default: no limit; Ctrl-C always stops)',
  }),
} as const satisfies Record<string, OptionSpec>;

const RO = RECOMMEND_OPTIONS;

/** The references of a parallel search: rate lists only. */
export const PARALLEL_REFERENCES: OptionSpec = { ...RO.references, values: [] };

/**
 * The options of a stack search that every adapter takes, in the order of the CLI's help
 * (the CLI adds --beam, --max-candidates and --time-limit; the server's query adds `search`).
 */
export const STACK_SEARCH_OPTIONS: readonly OptionSpec[] = [
  RO.kernel,
  RO.layers,
  RO.maxRate,
  RO.minRate,
  RO.rfAtLeast,
  RO.rfAbout,
  RO.tolerance,
  RO.mapSize,
  RO.minAllTapsFraction,
  RO.prefix,
  RO.references,
  RO.top,
  RO.thresholdDb,
  RO.grid,
  RO.beamWidth,
];

/** The options of a parallel (ASPP) search that every adapter takes. */
export const PARALLEL_SEARCH_OPTIONS: readonly OptionSpec[] = [
  RO.kernel,
  RO.branches,
  RO.mapSize,
  RO.outputStride,
  RO.maxRate,
  RO.minRate,
  RO.minAllTapsFraction,
  PARALLEL_REFERENCES,
  RO.top,
  RO.thresholdDb,
  RO.grid,
];

/** The library's option paths of a spec (`library`, else its name). */
export function libraryPaths(spec: OptionSpec): readonly string[] {
  return spec.library ?? [spec.name];
}

/**
 * How an adapter names options: `name(spec, value)` gives the adapter's words for an option
 * (`--max-rate`, `--beam`; `maxRate`, `search=beam`). From it, `field` names an error's field
 * path (`prefix[1]` → `--prefix[1]`, `layers.min` → `--layers`, `budget.maxMs` →
 * `--time-limit`) and `ref` names an option a message refers to (an `OptionRef`).
 * `overrides` maps a library path to the spec that stands for it in this request (the CLI's
 * `receptiveField` is `--rf-about` when that was given, else `--rf-at-least`).
 */
export function optionNames(
  specs: readonly OptionSpec[],
  name: (spec: OptionSpec, value?: string | number) => string,
  overrides: Readonly<Record<string, OptionSpec>> = {},
): { field: (path: string) => string; ref: OptionNamer } {
  const byPath = new Map<string, OptionSpec>();
  for (const s of specs) for (const p of libraryPaths(s)) if (!byPath.has(p)) byPath.set(p, s);
  for (const [p, s] of Object.entries(overrides)) byPath.set(p, s);
  const field = (path: string): string => {
    // The longest library path the field starts with, at a boundary (`.`, `[`, a space or the end).
    for (let end = path.length; end > 0; end--) {
      if (end < path.length && !'.[ '.includes(path[end])) continue;
      const spec = byPath.get(path.slice(0, end));
      if (spec !== undefined) return `${name(spec)}${path.slice(end)}`;
    }
    return path;
  };
  const ref: OptionNamer = (r) => {
    const spec =
      specs.find(
        (s) => s.sets !== undefined && s.sets === r.value && libraryPaths(s).includes(r.option),
      ) ?? byPath.get(r.option);
    if (spec === undefined) return libraryNames(r);
    return name(spec, spec.sets !== undefined && spec.sets === r.value ? undefined : r.value);
  };
  return { field, ref };
}
