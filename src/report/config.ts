/**
 * The report config (docs/report.md): a title and a list of experiments, each with its
 * networks, the figures to draw and options. Validation names the path of a bad field
 * (`experiments[1].figures[0] must be one of magnitude, ..., got "x"`); YAML and JSON
 * syntax errors give their line and column.
 */

import { hasMaxPool } from '../erf/index.ts';
import type { FrequencyUnits } from '../figures/types.ts';
import {
  analyzeModel,
  compositeCost,
  type ImportedModel,
  importModelFile,
  MODEL_LIMITS,
  type ModelAnalysis,
} from '../model/index.ts';
import {
  allLayers,
  getPreset,
  type Network,
  parseNetwork,
  parseNetworkText,
  presetNames,
  resolveNetwork,
  type SourceNames,
  shortFormSource,
} from '../network/index.ts';
import { LIMITS } from '../network/limits.ts';
import {
  FIGURE_OPTIONS,
  OPTIONS,
  type OptionSpec,
  readOption,
  withRange,
} from '../options/index.ts';
import { FieldError, FieldTypeError, renameField, show } from '../util/validate.ts';
import { checkFormats } from './formats.ts';
import { figureKind, figureKindNames, modelUse } from './kinds.ts';
import type { ImageFormat } from './render.ts';

/**
 * Frequency axis units, as the figure builders take them: `rad` (rad/sample), `cycles`
 * (cycles/sample) or `hz` (f = ω·fs/(2π), scipy.signal.freqz's `fs`). The long names
 * `rad/sample`, `cycles/sample` and `Hz` are accepted too.
 */
export type { FrequencyUnits } from '../figures/types.ts';

/** Options of an experiment or a figure, after defaults. */
export interface ReportOptions {
  /** Frequency points of 1-D responses on [0, π] (scipy freqz's worN; a power of two, 16..2^20; default 1024). */
  n: number;
  /** Grid side N of 2-D responses, N×N points over [−π, π)² (a power of two, 16..1024; default 128). */
  n2d: number;
  /** Deaf-band threshold in dB relative to max|H| (negative; default −20). */
  thresholdDb: number;
  /** Frequency axis units: rad (rad/sample, default), cycles (cycles/sample) or hz. */
  units: FrequencyUnits;
  /** Sample rate in Hz for units hz: f = ω·fs/(2π) (required for hz). */
  fs?: number;
  /** Side S of the square feature map for border validity (default 65). */
  mapSize: number;
  /** Object size [w, h] in samples/pixels for the hit probability (default [1, 1]). */
  object: [number, number];
  /**
   * Largest rate on the x axis of the blind-fraction and object-hit figures (default:
   * 1.5 × the experiment's largest rate, at least 12).
   */
  maxRate?: number;
  /** Deepest network in the receptive-field growth figures (default 10 layers). */
  depth: number;
  /** The rate d of the periodicity figure (default: the network's largest rate). */
  rate?: number;
  /**
   * Figure width in CSS pixels (default 480, one column of a paper; 960 for figures with
   * side-by-side panels).
   */
  width?: number;
  /** Figure height in CSS pixels (default 340, more when the legend needs rows). */
  height?: number;
  /** Base font size in CSS pixels (default 14: about 7.4 pt when 480 px print 3.5 in wide). */
  fontSize: number;
  /** Pixel ratio of the PNG: its size is width·scale × height·scale (default 2). */
  scale: number;
  /** Draw the figure's title inside the image (default true; false for a paper's own caption). */
  title?: boolean;
  /** Where the legend goes: top (default, a grid above the plot), right (outside), bottom, none. */
  legend?: 'top' | 'right' | 'bottom' | 'none';
  /** Draw per-layer (per-member) curves and zeros (default true). */
  layers?: boolean;
  /** Width in inches (96 CSS px per inch); wins over `width`. */
  widthIn?: number;
  /** Height in inches; wins over `height`. */
  heightIn?: number;
  /** PNG resolution in dots per inch: scale = dpi/96 (wins over `scale`); written in the PNG. */
  dpi?: number;
  /** Font family of the figure (CSS font list, default the lab's sans-serif). */
  fontFamily?: string;
}

/** The defaults every experiment starts from. */
export const DEFAULT_OPTIONS: Readonly<ReportOptions> = Object.freeze({
  n: 1024,
  n2d: 128,
  thresholdDb: -20,
  units: 'rad',
  mapSize: 65,
  object: [1, 1] as [number, number],
  depth: 10,
  fontSize: 14,
  scale: 2,
});

/** A network of an experiment given as a spec (a preset, the short form, a spec or a spec file). */
export interface ReportSpecNetwork {
  /** Shown in legends, titles and tables. */
  label: string;
  /** Label in file-name form (lowercase letters, digits, dashes), unique in the experiment. */
  slug: string;
  network: Network;
  model?: undefined;
}

/**
 * An ONNX model a config names (`model: m.onnx`, relative to the config file), imported
 * into the network graph (src/model) and analysed at the experiment's options.
 */
export interface ReportModelSource {
  /** The path as the config gives it. */
  file: string;
  /** The tensor analysed (`output:`, the CLI's --output), when given. */
  output?: string;
  /** Spatial input size (`inputSize:`, the CLI's --input-size), when given. */
  inputSize?: number[];
  imported: ImportedModel;
  /** `analyzeModel` at the experiment's options (`modelAnalyzeOptions`). */
  analysis: ModelAnalysis;
}

/** A network of an experiment given as an ONNX model. */
export interface ReportModelNetwork {
  label: string;
  slug: string;
  model: ReportModelSource;
  network?: undefined;
}

/** A network of an experiment: a spec network or an ONNX model, with its label. */
export type ReportNetwork = ReportSpecNetwork | ReportModelNetwork;

/** Spatial axes of a network entry. */
export function entryDims(n: ReportNetwork): 1 | 2 {
  return n.model ? n.model.imported.dims : n.network.dims;
}

/** One figure to draw. */
export interface ReportFigure {
  kind: string;
  /** File base name: figures/NAME.svg, data/NAME.csv (unique in the report). */
  name: string;
  /** For a per-network kind, the network it draws; undefined for an experiment-wide figure. */
  network?: ReportNetwork;
  /** An optional caption under the figure. */
  caption?: string;
  options: ReportOptions;
}

/** One experiment: networks compared side by side, with their figures. */
export interface ReportExperiment {
  /** File-name form (lowercase letters, digits, dashes), unique in the report. */
  name: string;
  title: string;
  description?: string;
  networks: ReportNetwork[];
  figures: ReportFigure[];
  options: ReportOptions;
}

/** A validated report config. */
export interface ReportConfig {
  title: string;
  description?: string;
  /** Image formats to write (`formats: [png, svg, pdf]`); the CLI's --formats wins. */
  formats?: ImageFormat[];
  experiments: ReportExperiment[];
}

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const MAX_EXPERIMENTS = 64;
/** As in the web lab: up to three networks side by side (palette colours A, B, C). */
const MAX_NETWORKS = 3;
const MAX_FIGURES = 64;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(path: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new FieldError(
        path ? `${path}.${key}` : key,
        `is not a known field (expected one of ${allowed.join(', ')})`,
      );
    }
  }
}

function text(path: string, value: unknown, maxLength = 2000): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FieldTypeError(path, `must be a non-empty string, got ${show(value)}`);
  }
  if (value.length > maxLength)
    throw new FieldError(path, `must be at most ${maxLength} characters long`);
  return value;
}

/** Turns a label into file-name form: `box:3 2,2,2` → `box-3-2-2-2`. */
export function slugify(label: string): string {
  const s = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, 48).replace(/-+$/, '') || 'network';
}

/** Prefixes a library error's field with the config path (`layers[1].dilation` → `experiments[0].networks[2].network.layers[1].dilation`). */
function rethrowUnder(path: string, e: unknown): never {
  if (e instanceof FieldError || e instanceof FieldTypeError) {
    throw renameField(e, e.field === 'network' ? path : `${path}.${e.field}`);
  }
  throw e;
}

/** How a config names the short form's keys in messages: `mode: parallel`. */
const CONFIG_SOURCE_NAMES: SourceNames = {
  name: (key) => key,
  give: (key, value) => `${key}: ${value}`,
};

/** The keys of a config's `options`: the shared analysis options and the figure options. */
const OPTION_KEYS = [
  ...(['n', 'n2d', 'thresholdDb', 'fs', 'mapSize', 'object'] as const),
  ...Object.keys(FIGURE_OPTIONS),
];

/**
 * Largest `n` of a report (1-D frequency points). Every figure's numbers are inlined in
 * index.html and its data files: at the library's 2^20, three networks × four figures made
 * strings over V8's limit ("Invalid string length") and a heap abort. 2^16 is the server's
 * limit too.
 */
export const REPORT_MAX_N = Math.min(65536, LIMITS.maxN);

/** Largest `n2d` of a report (side of the 2-D grid), for the same reason: the server's 512. */
export const REPORT_MAX_N2D = Math.min(512, LIMITS.maxN2d);

/** The schema's options with a report's bounds (n and n2d inline their numbers in index.html). */
const REPORT_OPTIONS = {
  n: withRange(OPTIONS.n, { min: 16, max: REPORT_MAX_N }),
  n2d: withRange(OPTIONS.n2d, { min: 16, max: REPORT_MAX_N2D }),
  thresholdDb: withRange(OPTIONS.thresholdDb, { min: -200, max: -0.001 }),
  fs: withRange(OPTIONS.fs, { min: 1e-12, max: 1e15 }),
};

/** Validates an `options` object and merges it over `base`. */
function parseOptions(path: string, value: unknown, base: ReportOptions): ReportOptions {
  if (value === undefined) return { ...base };
  if (!isObject(value)) throw new FieldTypeError(path, `must be an object, got ${show(value)}`);
  checkKeys(path, value, OPTION_KEYS);
  const at = (k: string) => `${path}.${k}`;
  const out: ReportOptions = { ...base };
  // The options shared with the CLI and the server: the one schema, with a report's bounds.
  const read = (spec: OptionSpec) => readOption(spec, value[spec.name], false, at(spec.name));
  if (value.n !== undefined) out.n = read(REPORT_OPTIONS.n) as number;
  if (value.n2d !== undefined) out.n2d = read(REPORT_OPTIONS.n2d) as number;
  if (value.thresholdDb !== undefined) out.thresholdDb = read(REPORT_OPTIONS.thresholdDb) as number;
  if (value.fs !== undefined) out.fs = read(REPORT_OPTIONS.fs) as number;
  if (value.mapSize !== undefined) out.mapSize = read(OPTIONS.mapSize) as number;
  if (value.object !== undefined) out.object = read(OPTIONS.object) as [number, number];
  // The figure options: the schema's FIGURE_OPTIONS, each read as its spec says.
  const figure = out as unknown as Record<string, unknown>;
  for (const spec of Object.values(FIGURE_OPTIONS) as OptionSpec[])
    if (value[spec.name] !== undefined) figure[spec.name] = read(spec);
  // Inches and dots per inch win over pixels and the pixel ratio.
  if (out.widthIn !== undefined) out.width = Math.round(out.widthIn * 96);
  if (out.heightIn !== undefined) out.height = Math.round(out.heightIn * 96);
  if (out.dpi !== undefined) out.scale = out.dpi / 96;
  // As scipy.signal.freqz: a sample rate without units means Hz.
  if (value.fs !== undefined && value.units === undefined && out.units === 'rad') out.units = 'hz';
  if (out.units === 'hz' && out.fs === undefined)
    throw new FieldError(at('fs'), 'is required when units is "hz" (the sample rate in Hz)');
  return out;
}

/** A readable default label of a short-form network: `box:3 × 1,2,5`. */
function shortLabel(kernel: unknown, rates: unknown, mode: unknown): string {
  const k = typeof kernel === 'string' ? kernel : JSON.stringify(kernel);
  const r = Array.isArray(rates)
    ? rates.map((x) => (Array.isArray(x) ? x.join('x') : String(x))).join(',')
    : String(rates);
  const m = mode === 'parallel' ? ' parallel' : mode === 'residual' ? ' residual' : '';
  return `${k} rates ${r}${m}`;
}

/**
 * How a config reads the files it names (`network: nets/a.yaml`): the adapter resolves the
 * path as written against the config file's folder and returns the text, or throws (an
 * error with a `code` such as ENOENT says why).
 */
export interface ConfigFiles {
  readText(file: string): string;
  /**
   * The bytes of a model file (`model: m.onnx`) or of its external data, as written
   * (relative to the config file's folder); a file over MODEL_LIMITS.maxBytes throws with
   * code EFBIG.
   */
  readBytes?(file: string): Uint8Array;
}

/** Largest network file a config names (a spec is a few kB). */
export const MAX_CONFIG_NETWORK_FILE = 1 << 20;

/** A `network` value that names a spec file: one line ending in .yaml, .yml or .json. */
function isNetworkFile(value: unknown): value is string {
  return typeof value === 'string' && !/[\n{}[\]]/.test(value) && /\.(ya?ml|json)\s*$/i.test(value);
}

/** Why a file could not be read, from its error code. */
function unreadable(e: unknown, limit = MAX_CONFIG_NETWORK_FILE): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EFBIG') return `it is larger than ${limit} bytes`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The network of a spec file a config names: errors name the config key and the file
 * (`experiments[0].networks[1].network cannot read "nets/a.yaml": no such file`, `...network.layers[1].dilation must be ... (in nets/a.yaml)`).
 */
function networkFromFile(
  at: string,
  file: string,
  padding: unknown,
  files: ConfigFiles | undefined,
): Network {
  if (!files)
    throw new FieldError(
      at,
      `names the file ${show(file)}, but this config was given as text with no folder to read it from; paste the spec or run the report from its file`,
    );
  let text: string;
  try {
    text = files.readText(file.trim());
  } catch (e) {
    throw new FieldError(at, `cannot read ${show(file)}: ${unreadable(e)}`);
  }
  try {
    return resolveNetwork({ network: text, padding }, { sourceName: file });
  } catch (e) {
    if (e instanceof FieldError || e instanceof FieldTypeError) {
      if (e.field === 'padding') return rethrowUnder(at.replace(/\.network$/, ''), e);
      // Syntax errors are named by the file (`nets/a.yaml is not valid ...`); spec errors by their path.
      const field = e.field === file || e.field === 'network' ? at : `${at}.${e.field}`;
      const detail = `${e.detail} (in ${file})`;
      throw e instanceof FieldTypeError
        ? new FieldTypeError(field, detail)
        : new FieldError(field, detail);
    }
    throw e;
  }
}

/**
 * The options `analyzeModel` gets from a report's: the deaf-band threshold, and n + 1
 * frequency points on [0, π] (spacing π/n, as the spec networks' responses), so a layer at
 * effective dilation D gets about 2n/D points per period of its response.
 */
export function modelAnalyzeOptions(o: ReportOptions): { thresholdDb: number; points: number } {
  return { thresholdDb: o.thresholdDb, points: o.n + 1 };
}

/** The keys of a model entry, in the CLI's words: --model, --output, --input-size. */
const MODEL_KEYS = ['model', 'output', 'inputSize', 'label'] as const;

/**
 * The model a config entry names (`{model: m.onnx, output?, inputSize?, label?}`), read
 * through `files` relative to the config file, imported by src/model's `importModelFile`
 * (the CLI's --model reader) and analysed at `thresholdDb`. Errors name the config key and
 * the file: `experiments[0].networks[1].model cannot read "m.onnx": no such file`,
 * `experiments[0].networks[1].model is truncated or not an ONNX file (...) (in m.onnx)`.
 */
function parseModelEntry(
  path: string,
  value: Record<string, unknown>,
  files: ConfigFiles | undefined,
  options: ReportOptions,
): { label?: string; model: ReportModelSource } {
  checkKeys(path, value, MODEL_KEYS);
  const at = `${path}.model`;
  if (
    typeof value.model !== 'string' ||
    value.model.trim() === '' ||
    /[\n{}[\]]/.test(value.model)
  ) {
    throw new FieldTypeError(at, `must be the path of an ONNX file, got ${show(value.model)}`);
  }
  const file = value.model.trim();
  const output =
    value.output === undefined ? undefined : text(`${path}.output`, value.output, 1000);
  const inputSize =
    value.inputSize === undefined
      ? undefined
      : (readOption(OPTIONS.inputSize, value.inputSize, false, `${path}.inputSize`) as number[]);
  if (!files?.readBytes)
    throw new FieldError(
      at,
      `names the model ${show(file)}, but this config was given as text with no folder to read it from; run the report from its file`,
    );
  const read = (f: string) => files.readBytes!(f);
  let bytes: Uint8Array;
  try {
    bytes = read(file);
  } catch (e) {
    throw new FieldError(at, `cannot read ${show(file)}: ${unreadable(e, MODEL_LIMITS.maxBytes)}`);
  }
  const inFile = (e: unknown): never => {
    if (e instanceof FieldError || e instanceof FieldTypeError) {
      const field =
        e.field === 'model'
          ? at
          : e.field === 'inputSize'
            ? `${path}.inputSize`
            : `${at}.${e.field}`;
      // src/model suggests the CLI's --output; in a config the key is `output:`.
      const detail = e.detail
        .replace('--output NAME', `${path}.output: NAME`)
        .replace('(e.g. --output ', '(e.g. output: ');
      throw new FieldError(field, `${detail} (in ${file})`);
    }
    throw e;
  };
  let imported: ImportedModel;
  let analysis: ModelAnalysis;
  try {
    imported = importModelFile(bytes, file, read, { output, inputSize });
    analysis = analyzeModel(imported, modelAnalyzeOptions(options));
  } catch (e) {
    return inFile(e);
  }
  return {
    label: value.label === undefined ? undefined : text(`${path}.label`, value.label, 80),
    model: {
      file,
      ...(output !== undefined ? { output } : {}),
      ...(inputSize ? { inputSize } : {}),
      imported,
      analysis,
    },
  };
}

/**
 * A network entry: a preset name (`hdc`), `{preset, label?}`, the short form
 * `{kernel, rates, mode?, merge?, padding?, label?}`, `{network: SPEC or FILE.yaml, padding?, label?}`
 * (a file path relative to the config file), or a bare spec.
 */
function parseNetworkEntry(
  path: string,
  value: unknown,
  files: ConfigFiles | undefined,
  options: ReportOptions,
): { label: string; network: Network } | { label: string; model: ReportModelSource } {
  if (typeof value === 'string') {
    if (!presetNames.includes(value)) {
      throw new FieldError(
        path,
        `must be a preset name (${presetNames.join(', ')}), a short form {kernel, rates} or {network: spec}, got ${show(value)}`,
      );
    }
    return { label: value, network: presetNetworkOf(value) };
  }
  if (!isObject(value)) {
    throw new FieldTypeError(
      path,
      `must be a preset name, a short form {kernel, rates} or {network: spec}, got ${show(value)}`,
    );
  }
  const label = value.label === undefined ? undefined : text(`${path}.label`, value.label, 80);
  if (value.preset !== undefined) {
    checkKeys(path, value, ['preset', 'label']);
    if (typeof value.preset !== 'string' || !presetNames.includes(value.preset)) {
      throw new FieldError(
        `${path}.preset`,
        `must be one of ${presetNames.join(', ')}, got ${show(value.preset)}`,
      );
    }
    return { label: label ?? value.preset, network: presetNetworkOf(value.preset) };
  }
  if (value.model !== undefined) {
    const m = parseModelEntry(path, value, files, options);
    return { label: m.label ?? m.model.file, model: m.model };
  }
  if (value.rates !== undefined) {
    checkKeys(path, value, ['kernel', 'rates', 'mode', 'merge', 'padding', 'label']);
    if (value.kernel === undefined) throw new FieldError(`${path}.kernel`, 'is required');
    try {
      const network = shortFormSource(
        {
          kernel: value.kernel,
          rates: value.rates,
          mode: value.mode,
          merge: value.merge,
          padding: value.padding,
        },
        CONFIG_SOURCE_NAMES,
      );
      return { label: label ?? shortLabel(value.kernel, value.rates, value.mode), network };
    } catch (e) {
      return rethrowUnder(path, e);
    }
  }
  if (value.network !== undefined) {
    checkKeys(path, value, ['network', 'padding', 'label']);
    const at = `${path}.network`;
    if (isNetworkFile(value.network)) {
      return {
        label: label ?? value.network,
        network: networkFromFile(at, value.network, value.padding, files),
      };
    }
    try {
      return {
        label: label ?? 'network',
        network: resolveNetwork({ network: value.network, padding: value.padding }),
      };
    } catch (e) {
      if ((e instanceof FieldError || e instanceof FieldTypeError) && e.field === 'padding')
        return rethrowUnder(path, e);
      return rethrowUnder(at, e);
    }
  }
  const { label: _drop, ...spec } = value;
  try {
    return { label: label ?? 'network', network: parseNetwork(spec) };
  } catch (e) {
    return rethrowUnder(path, e);
  }
}

/**
 * Whether a model has what figure `kind` draws: the map sizes of its dilated layers
 * (border-validity), conv layers with a power response (power, null-map), a linear graph
 * without global branches (erf: the exact ERF of the linearised model). Throws a
 * FieldError at `kpath` saying what is missing and how to give it.
 */
function checkModelKind(kpath: string, kind: string, n: ReportModelNetwork, npath: string): void {
  const a = n.model.analysis;
  const who = `${show(n.label)} (${npath}.model)`;
  const fail = (why: string): never => {
    throw new FieldError(kpath, `${show(kind)} cannot be drawn for ${who}: ${why}`);
  };
  if (kind === 'border-validity' && a.border.length === 0) {
    if (!a.model.inputSize)
      fail(
        `its input has no fixed size, so the maps its dilated layers read are unknown; give ${npath}.inputSize (the CLI's --input-size)`,
      );
    fail('it has no dilated layer (dilation > 1) on a map of known size');
  }
  if ((kind === 'power' || kind === 'null-map') && a.power.length === 0)
    fail('it has no conv layer with a kernel wider than 1 (no power response to draw)');
  if (kind === 'erf' || kind === 'erf-radial') {
    const { blocker } = compositeCost(n.model.imported);
    if (blocker)
      fail(
        `the exact ERF is that of the linearised model, and ${blocker}; use dilation-lab erf --model to measure it`,
      );
    if (a.global)
      fail(
        'a global branch (image pooling) reaches the output, which the exact ERF of the window leaves out; use dilation-lab erf --model to measure it',
      );
  }
}

function presetNetworkOf(name: string): Network {
  const p = getPreset(name);
  return { ...parseNetwork(p.spec), name: p.name };
}

function uniqueSlug(base: string, taken: Set<string>): string {
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  taken.add(slug);
  return slug;
}

function maxRateOf(network: Network): number {
  return Math.max(1, ...allLayers(network).flatMap((l) => l.dilation));
}

function parseExperiment(
  path: string,
  value: unknown,
  defaults: ReportOptions,
  figureNames: Set<string>,
  experimentNames: Set<string>,
  files: ConfigFiles | undefined,
): ReportExperiment {
  if (!isObject(value)) throw new FieldTypeError(path, `must be an object, got ${show(value)}`);
  checkKeys(path, value, ['name', 'title', 'description', 'networks', 'figures', 'options']);
  const name = text(`${path}.name`, value.name, 64);
  if (!SLUG.test(name)) {
    throw new FieldError(
      `${path}.name`,
      `must be lowercase letters, digits, "-" or "_" (it names files), got ${show(name)}`,
    );
  }
  if (experimentNames.has(name))
    throw new FieldError(`${path}.name`, `must be unique, got ${show(name)} twice`);
  experimentNames.add(name);
  const title = value.title === undefined ? name : text(`${path}.title`, value.title, 200);
  const description =
    value.description === undefined
      ? undefined
      : text(`${path}.description`, value.description, 4000);
  const options = parseOptions(`${path}.options`, value.options, defaults);

  const nets = value.networks;
  if (!Array.isArray(nets) || nets.length === 0) {
    throw new FieldError(`${path}.networks`, `must be a non-empty list, got ${show(nets)}`);
  }
  if (nets.length > MAX_NETWORKS) {
    throw new FieldError(
      `${path}.networks`,
      `must list at most ${MAX_NETWORKS} networks, got ${nets.length}`,
    );
  }
  const slugs = new Set<string>();
  const networks: ReportNetwork[] = nets.map((n, i) => {
    const entry = parseNetworkEntry(`${path}.networks[${i}]`, n, files, options);
    const slug = uniqueSlug(slugify(entry.label), slugs);
    return 'model' in entry
      ? { label: entry.label, slug, model: entry.model }
      : { label: entry.label, slug, network: entry.network };
  });
  const what = (n: ReportNetwork) => (n.model ? 'an ONNX model' : 'a network spec');
  networks.forEach((n, i) => {
    const d = entryDims(n);
    const d0 = entryDims(networks[0]);
    if (d !== d0) {
      throw new FieldError(
        `${path}.networks[${i}]`,
        `is ${d}-D but ${path}.networks[0] is ${d0}-D; an experiment compares networks of one dimension`,
      );
    }
    if (!n.model !== !networks[0].model) {
      throw new FieldError(
        `${path}.networks[${i}]${n.model ? '.model' : ''}`,
        `is ${what(n)} but ${path}.networks[0] is ${what(networks[0])}; an experiment compares models with models and specs with specs (put them in experiments of their own)`,
      );
    }
  });

  const figs = value.figures;
  if (!Array.isArray(figs) || figs.length === 0) {
    throw new FieldError(`${path}.figures`, `must be a non-empty list, got ${show(figs)}`);
  }
  if (figs.length > MAX_FIGURES) {
    throw new FieldError(
      `${path}.figures`,
      `must list at most ${MAX_FIGURES} figures, got ${figs.length}`,
    );
  }
  const figures: ReportFigure[] = [];
  figs.forEach((f, j) => {
    const fpath = `${path}.figures[${j}]`;
    let kind: unknown = f;
    let figName: string | undefined;
    let caption: string | undefined;
    let figOptions = options;
    if (isObject(f)) {
      checkKeys(fpath, f, ['kind', 'name', 'caption', 'options']);
      kind = f.kind;
      if (f.name !== undefined) {
        figName = text(`${fpath}.name`, f.name, 96);
        if (!SLUG.test(figName)) {
          throw new FieldError(
            `${fpath}.name`,
            `must be lowercase letters, digits, "-" or "_" (it names files), got ${show(figName)}`,
          );
        }
      }
      if (f.caption !== undefined) caption = text(`${fpath}.caption`, f.caption, 2000);
      figOptions = parseOptions(`${fpath}.options`, f.options, options);
    } else if (typeof f !== 'string') {
      throw new FieldTypeError(
        fpath,
        `must be a figure kind or {kind, name?, caption?, options?}, got ${show(f)}`,
      );
    }
    const kpath = isObject(f) ? `${fpath}.kind` : fpath;
    const info = typeof kind === 'string' ? figureKind(kind) : undefined;
    if (!info) {
      throw new FieldError(
        kpath,
        `must be one of ${figureKindNames.join(', ')}, got ${show(kind)}`,
      );
    }
    let per = info.per;
    if (networks[0].model) {
      const use = modelUse(info);
      if ('refused' in use)
        throw new FieldError(
          kpath,
          `${show(info.kind)} cannot draw an ONNX model (${path}.networks[0].model): ${use.refused}`,
        );
      per = use.per;
      networks.forEach((n, i) => {
        if (n.model) checkModelKind(kpath, info.kind, n, `${path}.networks[${i}]`);
      });
    } else if (info.needs === 'model') {
      throw new FieldError(
        kpath,
        `${show(info.kind)} needs an ONNX model (model: m.onnx) in the experiment, and there is none; for a spec network use magnitude-db`,
      );
    } else if (info.kind === 'erf' || info.kind === 'erf-radial') {
      // The figure draws the exact ERF; a max pool is not linear, so there is none.
      networks.forEach((n, i) => {
        if (n.network && hasMaxPool(n.network))
          throw new FieldError(
            kpath,
            `${show(info.kind)} cannot be drawn for ${show(n.label)} (${path}.networks[${i}]): it has a max pool, which is not linear, so no exact ERF applies; use dilation-lab erf --network to measure it`,
          );
      });
    }
    const accepted = networks.filter((n) =>
      n.model
        ? true
        : info.needs === '2d'
          ? n.network.dims === 2
          : info.needs === 'parallel'
            ? n.network.root.type === 'parallel'
            : true,
    );
    if (accepted.length === 0) {
      throw new FieldError(
        kpath,
        `${show(info.kind)} needs ${info.needs === '2d' ? 'a 2-D network' : 'a parallel network (branches)'} in the experiment, and there is none`,
      );
    }
    const base = figName ?? `${name}-${info.kind}`;
    const add = (fileName: string, network?: ReportNetwork) => {
      if (figureNames.has(fileName)) {
        throw new FieldError(
          isObject(f) && figName ? `${fpath}.name` : fpath,
          `gives the figure name ${show(fileName)} a second time; give it a distinct name`,
        );
      }
      figureNames.add(fileName);
      let o = figOptions;
      if (network?.network && info.kind === 'periodicity' && o.rate === undefined)
        o = { ...o, rate: maxRateOf(network.network) };
      figures.push({ kind: info.kind, name: fileName, network, caption, options: o });
    };
    if (per === 'experiment') add(base);
    else if (accepted.length === 1) add(base, accepted[0]);
    else for (const n of accepted) add(`${base}-${n.slug}`, n);
  });
  return { name, title, description, networks, figures, options };
}

/**
 * Validates a report config given as an object, or as JSON or YAML text (syntax errors
 * name `source`, e.g. the file name, and the line); `options.files` reads the spec files
 * the config names (`network: nets/a.yaml`). Returns the config with defaults filled in, networks built, and one
 * entry per figure file. Throws FieldError / FieldTypeError naming the path of the bad
 * field.
 */
export function parseReportConfig(
  input: unknown,
  source = 'config',
  options: { files?: ConfigFiles } = {},
): ReportConfig {
  const value = typeof input === 'string' ? parseNetworkText(input, source) : input;
  if (!isObject(value))
    throw new FieldTypeError(
      'config',
      `must be an object with title and experiments, got ${show(value)}`,
    );
  checkKeys('', value, ['title', 'description', 'options', 'experiments', 'formats']);
  let formats: ImageFormat[] | undefined;
  if (value.formats !== undefined) {
    if (!Array.isArray(value.formats))
      throw new FieldTypeError(
        'formats',
        `must be a list of png, svg, pdf, got ${show(value.formats)}`,
      );
    formats = checkFormats(value.formats);
  }
  const title = text('title', value.title, 200);
  const description =
    value.description === undefined ? undefined : text('description', value.description, 4000);
  const defaults = parseOptions('options', value.options, { ...DEFAULT_OPTIONS });
  const exps = value.experiments;
  if (!Array.isArray(exps) || exps.length === 0)
    throw new FieldError('experiments', `must be a non-empty list, got ${show(exps)}`);
  if (exps.length > MAX_EXPERIMENTS) {
    throw new FieldError(
      'experiments',
      `must list at most ${MAX_EXPERIMENTS} experiments, got ${exps.length}`,
    );
  }
  const figureNames = new Set<string>();
  const experimentNames = new Set<string>();
  const experiments = exps.map((e, i) =>
    parseExperiment(`experiments[${i}]`, e, defaults, figureNames, experimentNames, options.files),
  );
  return { title, description, experiments, ...(formats ? { formats } : {}) };
}
