/**
 * Runs every benchmark script in bench/ (each prints a Markdown section) one after
 * another, so they do not compete for the two cores, and prints the sections in order.
 * `npm run bench` runs all; `npm run bench -- response analyze` runs the named ones;
 * `--write` also rewrites the measured part of docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const write = args.includes('--write');
const wanted = args.filter((a) => !a.startsWith('--'));
const order = [
  'response',
  'response2d',
  'analyze',
  'analyze2d',
  'recommend',
  'recommend-count',
  'startup',
  'server',
  'page',
  'report',
  'erf',
];
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort(
    (a, b) => ((order.indexOf(a) + 99) % 99) - ((order.indexOf(b) + 99) % 99) || a.localeCompare(b),
  );

const sections: string[] = [];
const header = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0]?.model ?? 'unknown CPU'} ` +
    `(${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB), Node ${process.version}.`,
];
let failed = 0;
for (const name of scripts) {
  process.stderr.write(`bench: running ${name} ...\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stderr.write(
    `bench: ${name} finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (r.status !== 0) {
    failed++;
    sections.push(`## ${name}\n\nThe benchmark failed (exit ${r.status}).\n`);
  } else {
    sections.push(r.stdout.trim());
  }
  process.stdout.write(`${sections[sections.length - 1]}\n\n`);
}

if (write) {
  const file = path.join(root, 'docs/performance.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < 0) throw new Error(`docs/performance.md lacks the ${start} / ${end} markers`);
  const body = [header.join('\n'), ...sections].join('\n\n');
  const next = `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
  writeFileSync(`${file}.tmp`, next);
  renameSync(`${file}.tmp`, file);
  process.stderr.write('bench: docs/performance.md updated\n');
}
process.exitCode = failed > 0 ? 1 : 0;
