#!/usr/bin/env node
// Makes `npm start` and `npm test` work on a fresh clone: installs the locked
// dependencies with `npm ci` when node_modules is missing or older than package-lock.json
// (npm ci runs `prepare`, which builds dist/), then rebuilds dist/ when a file under src/ is
// newer than the last build (scripts/build.mjs --if-stale). Uses only Node built-ins, since
// it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.error('dilation-lab: installing dependencies (npm ci) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('dilation-lab: npm ci failed; see the messages above.');
    process.exit(r.status ?? 1);
  }
}

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) {
  console.error('dilation-lab: the build (npm run build) failed; see the messages above.');
  process.exit(built.status ?? 1);
}
