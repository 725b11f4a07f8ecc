#!/usr/bin/env node
// Builds the browser lab into web/dist: esbuild bundles web/src/main.ts (and the pure src/
// modules it imports) to app.js; index.html and app.css are copied. Plotly is not bundled:
// the page loads it as a global from /vendor/plotly.min.js. Prints one line.
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const started = performance.now();

try {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  await build({
    entryPoints: [path.join(web, 'src', 'main.ts')],
    outfile: path.join(dist, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'silent',
  });
  await Promise.all(
    ['index.html', 'app.css'].map((f) => copyFile(path.join(web, f), path.join(dist, f))),
  );
  const { size } = await stat(path.join(dist, 'app.js'));
  const ms = Math.round(performance.now() - started);
  console.log(
    `build-web: web/dist/app.js ${(size / 1024).toFixed(0)} kB, index.html, app.css in ${ms} ms`,
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
