#!/usr/bin/env node
// Builds the package: recompiles the WebAssembly kernel when wasm/derived.ts changed
// (scripts/build-wasm.mjs), compiles src/ to JavaScript with declarations in dist/ (tsc -p
// tsconfig.build.json; relative `.ts` imports rewritten to `.js`), copies the worker-thread
// entries (src/**/*.mjs) with their `.ts` imports pointed at the compiled `.js`, and writes
// dist/.build-stamp last. It builds into a fresh folder and then swaps it in for dist/, so a
// command started during a build finds the old dist/ or the new one, not half of one.
// Prints one line.
//   node scripts/build.mjs              build
//   node scripts/build.mjs --if-stale   build only when a file under src/ (or the build's
//                                       tsconfig) is newer than dist/.build-stamp
// Uses only Node built-ins and the installed typescript.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');
const config = path.join(root, 'tsconfig.build.json');

/** Newest modification time (ms) of any file under dir. */
function newest(dir) {
  let t = 0;
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    t = Math.max(t, statSync(path.join(f.parentPath ?? f.path, f.name)).mtimeMs);
  }
  return t;
}

// The WebAssembly kernel (wasm/derived.ts -> src/response/derivedWasm.ts, committed) is
// recompiled first when its source is newer than the generated module (needs asc, a
// devDependency; without it the committed module is kept).
const wasmSource = path.join(root, 'wasm', 'derived.ts');
const wasmModule = path.join(src, 'response', 'derivedWasm.ts');
if (
  existsSync(wasmSource) &&
  (!existsSync(wasmModule) || statSync(wasmSource).mtimeMs > statSync(wasmModule).mtimeMs)
) {
  const w = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-wasm.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (w.status !== 0) process.exit(w.status ?? 1);
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const configs = [config, path.join(root, 'tsconfig.json')];
  if (newest(src) <= built && configs.every((c) => statSync(c).mtimeMs <= built)) process.exit(0);
}

const started = performance.now();
const out = path.join(root, `.dist-build-${process.pid}`);
rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', config, '--outDir', out], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  console.error('build: tsc failed; see the messages above.');
  process.exit(r.status ?? 1);
}
let files = 0;
for (const f of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!f.isFile()) continue;
  const from = path.join(f.parentPath ?? f.path, f.name);
  const to = path.join(out, path.relative(src, from));
  if (f.name.endsWith('.mjs')) {
    mkdirSync(path.dirname(to), { recursive: true });
    // `import('./jobs.ts')` -> `import('./jobs.js')`: relative specifiers only.
    const text = readFileSync(from, 'utf8').replace(/(['"]\.{1,2}\/[^'"?]*)\.ts(['"])/g, '$1.js$2');
    writeFileSync(to, text);
  } else if (f.name.endsWith('.d.ts')) {
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
  } else continue;
  files++;
}
writeFileSync(path.join(out, '.build-stamp'), `${new Date().toISOString()}\n`);
rmSync(dist, { recursive: true, force: true });
renameSync(out, dist);
const ms = Math.round(performance.now() - started);
console.log(
  `build: dist/ (JavaScript and declarations, ${files} worker entries copied) in ${ms} ms`,
);
