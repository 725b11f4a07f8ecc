/**
 * Writes a report to a directory atomically: everything is built in a temporary folder
 * beside DIR and renamed into place. A non-empty DIR is refused without `force`; with it,
 * the old DIR is replaced only once the new one is complete. Any failure removes the
 * temporary folder and leaves the previous report as it was.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { MODEL_LIMITS } from '../model/index.ts';
import { FieldError } from '../util/validate.ts';
import { buildReport, type ReportModel } from './build.ts';
import { type ConfigFiles, MAX_CONFIG_NETWORK_FILE, parseReportConfig } from './config.ts';
import { analysisJson, figureCsv, figureJson } from './data.ts';
import { checkFormats, IMAGE_FORMATS } from './formats.ts';
import { renderHtml } from './html.ts';
import { withPngDpi } from './png.ts';

export { ALL_IMAGE_FORMATS, checkFormats } from './formats.ts';

import { renderMarkdown } from './markdown.ts';
import { reportProofs } from './proofs.ts';
import { type Provenance, provenanceOf } from './provenance.ts';
import {
  ChromiumUnavailableError,
  DEFAULT_CHROMIUM,
  type ImageFormat,
  type ImageRenderer,
  openRenderer,
  plotlyBundle,
} from './render.ts';

/** One step of `writeReport`, for a progress line. */
export interface ReportProgress {
  /** 'figure' after each figure's files are written; 'page' after index.html and report.md. */
  step: 'figure' | 'page';
  /** 1-based figure number (0 for 'page'). */
  index: number;
  total: number;
  /** Figure name (or 'index.html, report.md'). */
  name: string;
  /** Files written in this step, relative to DIR. */
  files: string[];
  /** One line: `[3/12] gridding-magnitude: png, svg, csv, json`. */
  message: string;
}

/**
 * Reads the files a config names from `dir`: a relative path resolves against it, and only a
 * regular file is read (not a FIFO, a device or a directory; the error's `code` says why):
 * a spec file of at most MAX_CONFIG_NETWORK_FILE bytes as text, a model (and its external
 * data) of at most MODEL_LIMITS.maxBytes as bytes.
 */
export function filesIn(dir: string): ConfigFiles {
  return {
    readText(file: string): string {
      const full = resolve(dir, file);
      const st = statSync(full);
      if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      if (!st.isFile()) throw new Error('it is not a regular file');
      if (st.size > MAX_CONFIG_NETWORK_FILE)
        throw Object.assign(new Error('big'), { code: 'EFBIG' });
      return readFileSync(full, 'utf8');
    },
    readBytes(file: string): Uint8Array {
      const full = resolve(dir, file);
      const st = statSync(full);
      if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      if (!st.isFile()) throw new Error('it is not a regular file');
      if (st.size > MODEL_LIMITS.maxBytes) throw Object.assign(new Error('big'), { code: 'EFBIG' });
      return new Uint8Array(readFileSync(full));
    },
  };
}

/** Options of `writeReport`. */
export interface WriteReportOptions {
  /** Replace a non-empty DIR that holds an earlier report (default false). */
  force?: boolean;
  /** Image formats to render (default ['png', 'svg']; [] for none). */
  formats?: readonly ImageFormat[];
  /** Called after each figure and after the pages. An exception aborts the report. */
  onProgress?: (progress: ReportProgress) => void;
  /** The config's name in syntax errors, e.g. its file name (default 'config'). */
  source?: string;
  /**
   * The folder of the config file: the spec files it names (`network: nets/a.yaml`) are read
   * relative to it (regular files of at most 1 MiB). Without it (nor `files`), a config that
   * names a file is an error saying so.
   */
  baseDir?: string;
  /** Reads the files the config names (default: from `baseDir`). */
  files?: ConfigFiles;
  /** Chromium executable (default /usr/bin/chromium). */
  chromiumPath?: string;
  /** The generation date (default now): only the provenance shows it. */
  now?: Date;
  /**
   * Stops the report (Ctrl-C, SIGTERM): checked between steps; the temporary folder is
   * removed, DIR is left as it was, and the promise rejects with `signal.reason`.
   */
  signal?: AbortSignal;
  /** Starts the image renderer (default: headless Chromium, see render.ts). */
  openRenderer?: (executablePath: string) => Promise<ImageRenderer>;
}

/** What `writeReport` wrote. */
export interface WriteReportResult {
  /** The absolute path of DIR. */
  outDir: string;
  /** Every file written, relative to DIR, sorted. */
  files: string[];
  /** Number of figures. */
  figures: number;
  /** The image formats written (empty when Chromium is missing or none were asked for). */
  images: ImageFormat[];
  /** Why something asked for was not written (e.g. Chromium missing), one line each. */
  warnings: string[];
  provenance: Provenance;
  /** The report in memory (analysis, tables, figures). */
  model: ReportModel;
}

/** The name of the manifest every report holds: provenance, figures, sizes and files. */
export const MANIFEST = 'report.json';

/** Why the file system refused, in words, from a Node error code. */
function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'its parent cannot be created (no such file or directory)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EEXIST':
    case 'ENOTEMPTY':
      return 'another run wrote it at the same time';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** A file-system failure writing DIR as bad input on `out` (exit 2 in the CLI), or `e` itself. */
function outError(dir: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  return new FieldError('out', `directory ${dir} cannot be written: ${fsReason(e)} (${code})`);
}

async function statOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** True when `dir` holds a manifest written by dilation-lab. */
async function isReportDir(dir: string): Promise<boolean> {
  try {
    const m = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
    return m?.provenance?.tool === 'dilation-lab';
  } catch {
    return false;
  }
}

/** Refuses DIR when it is a file, or non-empty without `force`, or not a report even with it. */
async function checkOutDir(outDir: string, force: boolean): Promise<boolean> {
  const st = await statOrNull(outDir);
  if (!st) return false;
  if (!st.isDirectory()) throw new FieldError('out', `${outDir} exists and is not a directory`);
  const entries = await readdir(outDir);
  if (entries.length === 0) return true;
  if (!force)
    throw new FieldError(
      'out',
      `directory ${outDir} is not empty; pass --force (force: true) to replace the report in it`,
    );
  if (!(await isReportDir(outDir))) {
    throw new FieldError(
      'out',
      `directory ${outDir} is not empty and holds no dilation-lab report (no ${MANIFEST}); refusing to replace it even with --force, choose a new directory`,
    );
  }
  return true;
}

/**
 * Writes the report of `config` (YAML or JSON text, or an object; see docs/report.md) to
 * `outDir`:
 * - index.html: the interactive report, plotly.js inlined, works offline;
 * - report.md: the tables and the figures as image links;
 * - figures/NAME.png and figures/NAME.svg (as `formats` asks), rendered in headless
 *   Chromium from the same Plotly figures; PNG size width·scale × height·scale;
 * - data/NAME.csv and data/NAME.json: the numbers behind each figure;
 *   data/EXPERIMENT-analysis.json: `analyze` of each network;
 * - report.json (the manifest) and config.yaml or config.json (the config as given).
 * Provenance (tool version, the config's SHA-256, the date) is in every page and data file.
 * When Chromium is missing, everything but the images is written and `warnings` says what
 * to install. Config errors are FieldError naming the path; nothing is written then.
 */
export async function writeReport(
  config: unknown,
  outDir: string,
  options: WriteReportOptions = {},
): Promise<WriteReportResult> {
  const configFiles =
    options.files ?? (options.baseDir === undefined ? undefined : filesIn(options.baseDir));
  const parsed = parseReportConfig(config, options.source, { files: configFiles });
  const formats = checkFormats(options.formats ?? parsed.formats ?? IMAGE_FORMATS);
  const dir = resolve(outDir);
  const signal = options.signal;
  signal?.throwIfAborted();
  await recoverLeftovers(dir).catch((e) => {
    throw outError(dir, e);
  });
  const exists = await checkOutDir(dir, options.force ?? false).catch((e) => {
    throw outError(dir, e);
  });
  const provenance = provenanceOf(config, options.now);
  // Chromium starts while the figures are built (its start-up is seconds of another process).
  const rendererP: Promise<ImageRenderer | Error> | null =
    formats.length > 0
      ? (options.openRenderer ?? openRenderer)(options.chromiumPath ?? DEFAULT_CHROMIUM).catch(
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        )
      : null;
  /** Closes the renderer being opened when nothing took it (a failure before rendering). */
  let rendererTaken = false;
  const dropRenderer = async () => {
    if (rendererTaken || !rendererP) return;
    rendererTaken = true;
    const r = await rendererP;
    if (!(r instanceof Error)) await r.close().catch(() => undefined);
  };
  let model: ReturnType<typeof buildReport>;
  let tmp: string;
  const parent = dirname(dir);
  try {
    model = buildReport(parsed, undefined, await reportProofs(parsed));
  } catch (e) {
    await dropRenderer();
    throw e;
  }
  try {
    await mkdir(parent, { recursive: true });
    tmp = await mkdtemp(join(parent, `.${basename(dir)}.tmp-${process.pid}-`));
  } catch (e) {
    await dropRenderer();
    throw outError(dir, e);
  }
  const figures = model.experiments.flatMap((e) => e.figures);
  const warnings: string[] = [];

  const files: string[] = [];
  const put = async (rel: string, content: string | Buffer) => {
    await writeFile(join(tmp, rel), content);
    files.push(rel);
  };
  let renderer: ImageRenderer | undefined;
  try {
    await mkdir(join(tmp, 'data'));
    if (formats.length > 0) {
      await mkdir(join(tmp, 'figures'));
      rendererTaken = true;
      const opened = await rendererP!;
      if (!(opened instanceof Error)) renderer = opened;
      else {
        const e = opened;
        if (!(e instanceof ChromiumUnavailableError)) throw e;
        warnings.push(
          `${formats.map((f) => f.toUpperCase()).join(' and ')} figures were not written: ${e.message}`,
        );
      }
    }
    const images = renderer ? formats : [];
    for (const [i, f] of figures.entries()) {
      signal?.throwIfAborted();
      const written: string[] = [];
      for (const format of images) {
        const raw = await renderer!.render(f.figure, f.size, format);
        // PNGs say their resolution: 96·scale dots per inch (a pHYs chunk).
        const bytes = format === 'png' ? withPngDpi(raw, 96 * f.size.scale) : raw;
        await put(`figures/${f.name}.${format}`, bytes);
        written.push(format);
      }
      await put(`data/${f.name}.csv`, figureCsv(f, provenance));
      await put(`data/${f.name}.json`, figureJson(f, provenance));
      written.push('csv', 'json');
      options.onProgress?.({
        step: 'figure',
        index: i + 1,
        total: figures.length,
        name: f.name,
        files: written.map(
          (x) => `${x === 'csv' || x === 'json' ? 'data' : 'figures'}/${f.name}.${x}`,
        ),
        message: `[${i + 1}/${figures.length}] ${f.name}: ${written.join(', ')}`,
      });
    }
    if (renderer) {
      await renderer.close();
      renderer = undefined;
    }
    for (const e of model.experiments)
      await put(`data/${e.name}-analysis.json`, analysisJson(e, provenance));
    const imageSet = new Set(images);
    await put('index.html', renderHtml(model, provenance, plotlyBundle(), imageSet, warnings));
    await put('report.md', renderMarkdown(model, provenance, imageSet, warnings));
    const source =
      typeof config === 'string'
        ? { name: config.trimStart().startsWith('{') ? 'config.json' : 'config.yaml', text: config }
        : { name: 'config.json', text: `${JSON.stringify(config, null, 2)}\n` };
    await put(source.name, source.text);
    files.push(MANIFEST);
    files.sort();
    await writeFile(
      join(tmp, MANIFEST),
      `${JSON.stringify(
        {
          provenance,
          title: model.title,
          images,
          warnings,
          figures: figures.map((f) => ({
            name: f.name,
            kind: f.kind,
            experiment: f.experiment,
            ...(f.network ? { network: f.network } : {}),
            width: f.size.width,
            height: f.size.height,
            scale: f.size.scale,
          })),
          files,
        },
        null,
        1,
      )}\n`,
    );
    options.onProgress?.({
      step: 'page',
      index: 0,
      total: figures.length,
      name: 'index.html, report.md',
      files: ['index.html', 'report.md', source.name, MANIFEST],
      message: `wrote index.html, report.md and ${MANIFEST}`,
    });
    signal?.throwIfAborted();
    try {
      await swapInto(tmp, dir, exists);
    } catch (e) {
      throw outError(dir, e);
    }
    return { outDir: dir, files, figures: figures.length, images, warnings, provenance, model };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    if (renderer) await renderer.close().catch(() => undefined);
    await dropRenderer();
  }
}

/** True when process `pid` is running (signal 0 probes it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a leftover's name `.DIR.KIND-PID-xxxx`, or null when `name` is not one. */
function leftoverPid(name: string, base: string, kind: 'old' | 'tmp'): number | null {
  const prefix = `.${base}.${kind}-`;
  if (!name.startsWith(prefix)) return null;
  const m = /^(\d+)-/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) : null;
}

/**
 * Repairs what an earlier run killed mid-way left beside DIR (the names carry the writer's
 * pid, so a run still going is never touched): `.DIR.old-PID-*` of a dead run is the previous
 * report moved aside — put back as DIR when DIR is missing (killed between the two renames
 * of a `--force` replacement), else removed; `.DIR.tmp-PID-*` of a dead run is removed.
 */
export async function recoverLeftovers(dir: string): Promise<void> {
  const parent = dirname(dir);
  const base = basename(dir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const dead = (name: string, kind: 'old' | 'tmp') => {
    const pid = leftoverPid(name, base, kind);
    return pid !== null && pid !== process.pid && !alive(pid);
  };
  for (const name of names.filter((n) => dead(n, 'old'))) {
    const from = join(parent, name);
    if ((await statOrNull(dir)) === null) await rename(from, dir);
    else await rm(from, { recursive: true, force: true });
  }
  for (const name of names.filter((n) => dead(n, 'tmp')))
    await rm(join(parent, name), { recursive: true, force: true });
}

/** Renames the finished `tmp` to `dir`; an existing `dir` is moved aside first and removed after. */
async function swapInto(tmp: string, dir: string, exists: boolean): Promise<void> {
  if (!exists) {
    await rename(tmp, dir);
    return;
  }
  const old = join(
    dirname(dir),
    `.${basename(dir)}.old-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await rename(dir, old);
  try {
    await rename(tmp, dir);
  } catch (e) {
    await rename(old, dir);
    throw e;
  }
  await rm(old, { recursive: true, force: true });
}
