#!/usr/bin/env node
// Builds the browser lab into web/dist: esbuild bundles web/src/main.ts (and the pure src/
// modules it imports) to app.js; app.css is copied; the Plotly bundle of
// plotly.js-cartesian-dist-min (scatter, bar, heatmap: every trace the lab draws) is copied
// to vendor/plotly.min.js. index.html is copied with a content hash on each asset's URL
// (`app.js?v=…`), so a browser may keep them a year and still never runs a stale one.
// Every text file gets a brotli (.br) and a gzip (.gz) copy beside it, which the server
// sends as they are (src/server/static.ts). Prints one line.
// No source map unless `--sourcemap` is given (a development build): the server never
// serves .map files, so a production page does not publish its source.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const started = performance.now();
const withSourceMap = process.argv.includes('--sourcemap');
const br = promisify(brotliCompress);
const gz = promisify(gzip);

/** Writes FILE.br and FILE.gz beside FILE (brotli quality 11 for small files, 9 for large). */
async function precompress(file) {
  const raw = await readFile(file);
  const quality = raw.byteLength > 256 * 1024 ? 9 : 11;
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
  await rm(dist, { recursive: true, force: true });
  await mkdir(path.join(dist, 'vendor'), { recursive: true });
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
    logLevel: 'silent',
  });
  const plotly = createRequire(import.meta.url).resolve('plotly.js-cartesian-dist-min');
  await Promise.all([
    copyFile(path.join(web, 'app.css'), path.join(dist, 'app.css')),
    copyFile(plotly, path.join(dist, 'vendor', 'plotly.min.js')),
  ]);
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
  const ms = Math.round(performance.now() - started);
  const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
  console.log(
    `build-web: web/dist/app.js ${kb(size)} (br ${kb(sizes[1].br)}), vendor/plotly.min.js ${kb(sizes[3].raw)} (br ${kb(sizes[3].br)}), index.html, app.css in ${ms} ms`,
  );
} catch (e) {
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
