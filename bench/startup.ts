/**
 * Start-up of the `dilation-lab` command (issue 12): `node --import tsx bench/startup.ts`.
 * Median wall time of whole processes, one after another: the built binary
 * (`node bin/dilation-lab.mjs analyze --rates 1,2,5`, running dist/), the same command
 * through tsx on the TypeScript sources (what the binary did before the build), `npx
 * dilation-lab` (npm's own start-up on top), and `node -e 0` (Node alone, the floor).
 * Builds dist/ first when it is stale. Prints a Markdown section.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 7;
const args = ['analyze', '--rates', '1,2,5'];

const built = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) throw new Error('the build failed');

function medianMs(cmd: string, argv: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, argv, {
      cwd: root,
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
const rows: [string, number][] = [
  [
    '`node bin/dilation-lab.mjs analyze --rates 1,2,5` (dist/)',
    medianMs(process.execPath, ['bin/dilation-lab.mjs', ...args]),
  ],
  [
    'the same through tsx on src/ (before the build)',
    medianMs(process.execPath, ['--input-type=module', '-e', tsxEntry, 'entry', ...args]),
  ],
  ['`npx dilation-lab analyze --rates 1,2,5`', medianMs('npx', ['dilation-lab', ...args])],
  ['`node -e 0` (Node alone)', medianMs(process.execPath, ['-e', '0'])],
];
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
