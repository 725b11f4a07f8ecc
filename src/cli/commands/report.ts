/**
 * `dilation-lab report CONFIG --out DIR`: writes a reproducible report (index.html,
 * report.md, figures/NAME.png and .svg, data/NAME.csv and .json) from a YAML or JSON config
 * (docs/report.md). Progress lines go to stderr, the summary to stdout.
 */
import path from 'node:path';
import { DEFAULT_CHROMIUM, type ImageFormat } from '../../report/render.ts';
import { checkFormats, writeReport } from '../../report/write.ts';
import { FieldError, FieldTypeError, show } from '../../util/validate.ts';
import { type CommandModule, withExamples } from '../context.ts';
import { UsageError, unreadableFile } from '../errors.ts';
import { readTextFileBounded } from '../io.ts';

/** Largest config file read (a config is a few kB). */
export const MAX_CONFIG_FILE = 1 << 20;

/** The options of `report`, as text from commander. */
export interface ReportCliOptions {
  out: string;
  force?: boolean;
  formats?: string;
  quiet?: boolean;
  json?: boolean;
}

/** `--formats png,svg` (or `none`): the image formats, checked. */
export function parseFormats(text: string): ImageFormat[] {
  const t = text.trim();
  if (t === 'none' || t === '') return [];
  try {
    return checkFormats(t.split(',').map((s) => s.trim()));
  } catch (e) {
    if (e instanceof FieldError)
      throw new FieldError(
        '--formats',
        `must list png, svg and/or pdf (or none), got ${show(text)}`,
      );
    throw e;
  }
}

function readError(file: string, e: unknown): UsageError {
  return unreadableFile('report cannot read the config', file, e, 'config');
}

export const reportCommand: CommandModule = {
  name: 'report',
  register(program, ctx) {
    const cmd = program
      .command('report')
      .description(
        'write a reproducible report from a config: index.html, report.md, PNG/SVG figures, CSV/JSON data',
      )
      .argument('<config>', 'report config, YAML or JSON (docs/report.md)')
      .requiredOption(
        '--out <DIR>',
        'directory to write (built beside it, then renamed into place)',
      )
      .option('--force', 'replace DIR when it holds an earlier report')
      .option(
        '--formats <LIST>',
        'image formats, a list of png, svg, pdf (default png,svg), or none',
      )
      .option('--quiet', 'print no progress lines')
      .option('--json', 'print the result as JSON: directory, files, warnings, provenance')
      .action(async (configFile: string, opts: ReportCliOptions) => {
        const io = ctx.io;
        const cwd = io.cwd ?? process.cwd();
        const formats = opts.formats === undefined ? undefined : parseFormats(opts.formats);
        const full = path.resolve(cwd, configFile);
        const read = io.readFile ?? ((p: string) => readTextFileBounded(p, MAX_CONFIG_FILE));
        let text: string;
        try {
          text = await read(full);
        } catch (e) {
          throw readError(configFile, e);
        }
        if (text.length > MAX_CONFIG_FILE) {
          throw new UsageError(
            `the config ${show(configFile)} is larger than ${MAX_CONFIG_FILE} bytes`,
            'config',
          );
        }
        const started = performance.now();
        let result: Awaited<ReturnType<typeof writeReport>>;
        // Ctrl-C and SIGTERM stop the report cleanly: the temporary folder is removed, DIR is
        // left as it was, and the exit code is 128 + the signal (130, 143), never 0.
        const stop = new AbortController();
        const onSignal = (name: NodeJS.Signals) => stop.abort(name);
        const external = io.signal;
        const fromIo = () => stop.abort('SIGINT');
        if (external) external.addEventListener('abort', fromIo, { once: true });
        else {
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
        }
        try {
          result = await writeReport(text, path.resolve(cwd, opts.out), {
            signal: stop.signal,
            force: opts.force ?? false,
            formats,
            source: configFile,
            baseDir: path.dirname(full),
            chromiumPath: io.env?.DILATION_LAB_CHROMIUM || DEFAULT_CHROMIUM,
            onProgress: opts.quiet ? undefined : (p) => ctx.err(`${p.message}\n`),
          });
        } catch (e) {
          if (stop.signal.aborted) {
            const name = String(stop.signal.reason);
            ctx.err(`dilation-lab: report stopped by ${name}; ${opts.out} was left as it was\n`);
            ctx.exitCode = name === 'SIGTERM' ? 143 : 130;
            return;
          }
          // Config errors name the file: `exp.yaml: experiments[0].figures[1] must be ...`.
          if ((e instanceof FieldError || e instanceof FieldTypeError) && e.field !== 'out') {
            const prefix = e.message.startsWith(configFile) ? '' : `${configFile}: `;
            throw new UsageError(`${prefix}${e.message}`, e.field);
          }
          throw e;
        } finally {
          if (external) external.removeEventListener('abort', fromIo);
          else {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
          }
        }
        const seconds = (performance.now() - started) / 1000;
        for (const w of result.warnings) ctx.err(`dilation-lab: warning: ${w}\n`);
        if (opts.json) {
          const { model: _model, ...rest } = result;
          ctx.out(`${JSON.stringify({ ...rest, seconds: Number(seconds.toFixed(2)) }, null, 2)}\n`);
        } else {
          const images = result.images.length ? result.images.join(' and ') : 'no images';
          ctx.out(
            `wrote ${result.outDir}: ${result.figures} figures (${images}, CSV and JSON data), index.html, report.md in ${seconds.toFixed(1)} s\n`,
          );
        }
      });
    return withExamples(cmd, [
      'dilation-lab report docs/examples/gridding.yaml --out report-gridding',
      'dilation-lab report docs/examples/aspp.yaml --out report-aspp --formats png',
      '# regenerate into the same directory',
      'dilation-lab report my-report.yaml --out my-report --force',
      '# no Chromium: HTML, Markdown and data only',
      'dilation-lab report my-report.yaml --out my-report --formats none',
    ]);
  },
};
