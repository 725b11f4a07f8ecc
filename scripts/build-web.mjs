#!/usr/bin/env node
// Builds the browser lab into web/dist: esbuild bundles web/src/main.ts (and the pure src/
// modules it imports) to app.js; app.css is copied; vendor/plotly.min.js is Plotly built
// from plotly.js's source with only the traces (scatter, bar, heatmap) and components the
// lab draws (scripts/plotly-traces.mjs `plotlyEntry`), or, without the plotly.js package,
// plotly.js-cartesian-dist-min with only those traces registered (`trimPlotly`).
// Both scripts start with V8's compile hint `//# allFunctionsCalledOnLoad`: Chromium then
// compiles every function of them on its streaming thread while they download, instead of
// on the main thread at each function's first call (most of Plotly's start-up was that).
// index.html is copied with a content hash on each asset's URL
// (`app.js?v=…`), so a browser may keep them a year and still never runs a stale one.
// first-view.json lists the requests of the page's first view (web/src/firstView.ts runs the
// page's own request code under Node and writes each request down); the server answers them
// and embeds the answers in index.html (src/server/firstView.ts).
// Every text file gets a brotli (.br) and a gzip (.gz) copy beside it, which the server
// sends as they are (src/server/static.ts). Prints one line.
// No source map unless `--sourcemap` is given (a development build): the server never
// serves .map files, so a production page does not publish its source.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { build } from 'esbuild';
import { OMITTED_COMPONENTS, PAGE_TRACES, plotlyEntry, trimPlotly } from './plotly-traces.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
// Built into a fresh folder beside web/dist, which then takes web/dist's place in two
// renames: a server (or a parallel test) never sees a half-written page.
const target = path.join(web, 'dist');
const stamp = `${process.pid}-${Date.now()}`;
const dist = path.join(web, `.dist-build-${stamp}`);
const started = performance.now();
const withSourceMap = process.argv.includes('--sourcemap');
const br = promisify(brotliCompress);
/** V8's explicit compile hint: compile every function of the script eagerly, off the main thread. */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
const require = createRequire(import.meta.url);

/**
 * vendor/plotly.min.js built from plotly.js's source (`plotlyEntry`), or null when the
 * plotly.js package is not installed or its core is not laid out as expected (said on stderr).
 */
async function plotlyFromSource(outfile) {
  let core;
  try {
    core = require.resolve('plotly.js/src/core.js');
  } catch {
    return null;
  }
  const { version } = JSON.parse(
    await readFile(path.join(path.dirname(core), '..', 'package.json'), 'utf8'),
  );
  const entry = plotlyEntry(await readFile(core, 'utf8'));
  if (entry.source === null) {
    console.error(
      `build-web: plotly.js ${version}'s src/core.js does not register ${entry.missing.join(', ')} as expected; shipping the trimmed dist bundle`,
    );
    return null;
  }
  await build({
    stdin: { contents: entry.source, resolveDir: path.dirname(core), sourcefile: 'core.js' },
    outfile,
    bundle: true,
    format: 'iife',
    globalName: 'Plotly',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    // What plotly.js's own esbuild config sets for a browser bundle.
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    alias: { stream: 'stream-browserify' },
    banner: {
      js: `${COMPILE_HINT}\n/*! plotly.js v${version} (MIT license, Copyright 2012-2026, Plotly, Inc.), built for dilation-lab: traces ${PAGE_TRACES.join(', ')}; without the components ${OMITTED_COMPONENTS.join(', ')} */`,
    },
    logLevel: 'silent',
  });
  return { version };
}
const gz = promisify(gzip);

/** Writes FILE.br and FILE.gz beside FILE (brotli quality 11 up to 512 kB, as app.js; 9 above, as Plotly). */
async function precompress(file) {
  const raw = await readFile(file);
  const quality = raw.byteLength > 512 * 1024 ? 9 : 11;
  const [b, g] = await Promise.all([
    br(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
      },
    }),
    gz(raw, { level: 9 }),
  ]);
  await Promise.all([writeFile(`${file}.br`, b), writeFile(`${file}.gz`, g)]);
  return { raw: raw.byteLength, br: b.byteLength };
}

const hash = async (file) =>
  createHash('sha1')
    .update(await readFile(file))
    .digest('base64url')
    .slice(0, 12);

try {
  await mkdir(path.join(dist, 'vendor'), { recursive: true });
  // Plotly (about 1.5 s) is built while app.js is bundled and the first view recorded.
  const plotlyOut = path.join(dist, 'vendor', 'plotly.min.js');
  const plotlyBuilt = plotlyFromSource(plotlyOut);
  plotlyBuilt.catch(() => undefined);
  await build({
    entryPoints: [path.join(web, 'src', 'main.ts')],
    outfile: path.join(dist, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: withSourceMap ? 'linked' : false,
    legalComments: 'none',
    banner: { js: COMPILE_HINT },
    logLevel: 'silent',
  });
  // The first view's requests (web/src/firstView.ts, run here under Node with a recording
  // fetch): the server answers them and embeds the answers in index.html.
  const recorder = path.join(tmpdir(), `dilation-lab-first-view-${process.pid}-${Date.now()}.cjs`);
  try {
    await build({
      entryPoints: [path.join(web, 'src', 'firstView.ts')],
      outfile: recorder,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: ['node20'],
      logLevel: 'silent',
    });
    const { firstViewRequests } = require(recorder);
    const requests = await firstViewRequests('');
    await writeFile(
      path.join(dist, 'first-view.json'),
      `${JSON.stringify({ query: '', requests }, null, 1)}\n`,
    );
  } finally {
    await rm(recorder, { force: true });
  }
  const fromSource = await plotlyBuilt;
  if (!fromSource) {
    const plotly = require.resolve('plotly.js-cartesian-dist-min');
    const trim = trimPlotly(await readFile(plotly, 'utf8'));
    if (!trim.trimmed)
      console.error(
        `build-web: ${path.basename(plotly)} is not laid out as expected (registers ${trim.registered.join(', ') || 'nothing found'}); shipping it whole`,
      );
    await writeFile(plotlyOut, `${COMPILE_HINT}\n${trim.source}`);
  }
  await copyFile(path.join(web, 'app.css'), path.join(dist, 'app.css'));
  const versions = {
    'app.js': await hash(path.join(dist, 'app.js')),
    'app.css': await hash(path.join(dist, 'app.css')),
    '/vendor/plotly.min.js': await hash(path.join(dist, 'vendor', 'plotly.min.js')),
  };
  let html = await readFile(path.join(web, 'index.html'), 'utf8');
  for (const [url, v] of Object.entries(versions)) {
    const quoted = `"${url}"`;
    if (!html.includes(quoted)) throw new Error(`web/index.html does not load ${url}`);
    html = html.replaceAll(quoted, `"${url}?v=${v}"`);
  }
  await writeFile(path.join(dist, 'index.html'), html);
  const sizes = await Promise.all(
    [
      'index.html',
      'app.js',
      'app.css',
      'vendor/plotly.min.js',
      ...(withSourceMap ? ['app.js.map'] : []),
    ].map((f) => precompress(path.join(dist, f))),
  );
  const { size } = await stat(path.join(dist, 'app.js'));
  // Swap the new folder in; another build finishing at the same moment may take the place
  // between the two renames, so try again a few times.
  const old = path.join(web, `.dist-build-old-${stamp}`);
  for (let attempt = 0; ; attempt++) {
    await rename(target, old).catch(() => undefined);
    try {
      await rename(dist, target);
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
  await rm(old, { recursive: true, force: true });
  const ms = Math.round(performance.now() - started);
  const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
  console.log(
    `build-web: web/dist/app.js ${kb(size)} (br ${kb(sizes[1].br)}), vendor/plotly.min.js ${kb(sizes[3].raw)} (br ${kb(sizes[3].br)}; ${fromSource ? `plotly.js ${fromSource.version} source` : 'trimmed plotly.js-cartesian-dist-min'}), index.html, app.css in ${ms} ms`,
  );
} catch (e) {
  await rm(dist, { recursive: true, force: true }).catch(() => undefined);
  const errors = e?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    for (const m of errors.slice(0, 5)) {
      const where = m.location
        ? `${m.location.file}:${m.location.line}:${m.location.column}: `
        : '';
      console.error(`build-web: ${where}${m.text}`);
    }
  } else console.error(`build-web: ${e?.message ?? e}`);
  process.exit(1);
}
