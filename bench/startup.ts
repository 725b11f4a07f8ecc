/**
 * Start-up of the `dilation-lab` command (issue 12): `node --import tsx bench/startup.ts`.
 * Median wall time of whole processes, one after another: the built binary
 * (`node bin/dilation-lab.mjs analyze --rates 1,2,5`, running dist/), the same command
 * through tsx on the TypeScript sources (what the binary did before the build), `npx
 * dilation-lab` here and in a project that depends on the package (a temporary folder whose
 * node_modules links this checkout, as `npm install` would place it), that project's
 * `node_modules/.bin/dilation-lab`, `npx --no-install node -e 0` (npm's own start-up, the
 * floor of anything run through npx) and `node -e 0` (Node alone, the floor).
 * Builds dist/ first when it is stale. Prints a Markdown section.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 7;
const args = ['analyze', '--rates', '1,2,5'];

const built = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
  cwd: root,
  // The build's messages go to stderr: stdout is this benchmark's Markdown section.
  stdio: ['ignore', 2, 2],
});
if (built.status !== 0) throw new Error('the build failed');

function medianMs(cmd: string, argv: string[], cwd = root): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, argv, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const tsxEntry =
  "import { register } from 'tsx/esm/api'; register(); const { run } = await import('./src/cli/run.ts'); await run();";
// A project that depends on dilation-lab: node_modules/dilation-lab and its .bin link, as
// `npm install` lays them out (the package's own dependencies resolve through the link).
// The link brings this checkout's src/ along, so the binary also checks dist/ against it
// (a walk an installed package, which has no src/, skips): an upper bound for an install.
const app = mkdtempSync(path.join(os.tmpdir(), 'dilation-lab-startup-'));
mkdirSync(path.join(app, 'node_modules', '.bin'), { recursive: true });
writeFileSync(
  path.join(app, 'package.json'),
  '{"name":"app","private":true,"dependencies":{"dilation-lab":"*"}}',
);
symlinkSync(root, path.join(app, 'node_modules', 'dilation-lab'), 'dir');
symlinkSync(
  path.join('..', 'dilation-lab', 'bin', 'dilation-lab.mjs'),
  path.join(app, 'node_modules', '.bin', 'dilation-lab'),
);
const rows: [string, number][] = [];
try {
  rows.push(
    [
      '`node bin/dilation-lab.mjs analyze --rates 1,2,5` (dist/)',
      medianMs(process.execPath, ['bin/dilation-lab.mjs', ...args]),
    ],
    [
      'the same through tsx on src/ (before the build)',
      medianMs(process.execPath, ['--input-type=module', '-e', tsxEntry, 'entry', ...args]),
    ],
    [
      '`npx dilation-lab analyze --rates 1,2,5` in this checkout',
      medianMs('npx', ['dilation-lab', ...args]),
    ],
    [
      '`node_modules/.bin/dilation-lab analyze --rates 1,2,5` in a project that depends on it',
      medianMs(path.join(app, 'node_modules', '.bin', 'dilation-lab'), args, app),
    ],
    [
      '`npx dilation-lab analyze --rates 1,2,5` in that project',
      medianMs('npx', ['dilation-lab', ...args], app),
    ],
    [
      "`npx --no-install node -e 0` (npm's own start-up: the floor of anything run through npx)",
      medianMs('npx', ['--no-install', 'node', '-e', '0'], app),
    ],
    ['`node -e 0` (Node alone)', medianMs(process.execPath, ['-e', '0'])],
  );
} finally {
  rmSync(app, { recursive: true, force: true });
}
const lines = [
  '## Command start-up',
  '',
  `Whole processes, median of ${RUNS} wall times in ms, run one after another.`,
  '',
  '| process | ms |',
  '|---|---:|',
  ...rows.map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
