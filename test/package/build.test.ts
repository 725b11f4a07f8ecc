/**
 * The package as a user gets it: the compiled JavaScript in dist/ (npm run build), the
 * `dilation-lab` binary running it without TypeScript, the library imported by name in
 * plain Node, its declarations read by tsc, and the file list of `npm pack`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir = '';
let pkg = '';
let app = '';

function node(args: string[], cwd: string) {
  return spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', DILATION_LAB_DEBUG: '' },
  });
}

beforeAll(() => {
  // The set-up (npm test, npm start, npm ci's prepare) builds dist/; a bare `vitest run`
  // after an edit may find it stale.
  const built = node([path.join(root, 'scripts', 'build.mjs'), '--if-stale'], root);
  expect(built.status, built.stderr).toBe(0);
  // An installed package: package.json, bin/ and dist/ only (no src/, no tsx loader
  // registered), its dependencies from the project's node_modules, and an app using it.
  dir = mkdtempSync(path.join(tmpdir(), 'dilation-lab-pkg-'));
  pkg = path.join(dir, 'pkg');
  app = path.join(dir, 'app');
  for (const part of ['package.json', 'bin', 'dist']) {
    cpSync(path.join(root, part), path.join(pkg, part), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
  mkdirSync(path.join(app, 'node_modules'), { recursive: true });
  symlinkSync(pkg, path.join(app, 'node_modules', 'dilation-lab'), 'dir');
  writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true,"type":"module"}');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the built binary (bin/dilation-lab.mjs on dist/)', () => {
  it('analyzes a network: box:3 at 1, 2, 5 has the receptive field 1 + 2·(1+2+5) = 17', () => {
    const r = node(
      [path.join(pkg, 'bin', 'dilation-lab.mjs'), 'analyze', '--rates', '1,2,5', '--json'],
      app,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.receptiveField).toBe(17);
    expect(json.coverage.holes).toBe(0);
  });

  it('runs recommend through its worker thread (dist/cli/recommend-worker.mjs)', () => {
    const r = node(
      [
        path.join(pkg, 'bin', 'dilation-lab.mjs'),
        'recommend',
        '--kernel',
        'box:3',
        '--layers',
        '3',
        '--max-rate',
        '8',
        '--json',
      ],
      app,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.picks.length).toBeGreaterThan(0);
    expect(json.picks[0].rates).toHaveLength(3);
    expect(json.picks[0].coverage.holes).toBe(0);
  });

  it('exits with 2 and names the option for bad input', () => {
    const r = node([path.join(pkg, 'bin', 'dilation-lab.mjs'), 'analyze', '--rates', '1,x'], app);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^dilation-lab: .*rates/);
  });
});

describe('the built library', () => {
  it.each([
    [
      'dilation-lab',
      'analyze(shortFormNetwork({ kernel: "box:3", rates: [2, 2, 2] })).coverage.holes === 6',
    ],
    [
      'dilation-lab',
      'analyze(shortFormNetwork({ kernel: "box:3", rates: [1, 2, 4] })).receptiveField === 15',
    ],
    ['dilation-lab/report', 'typeof writeReport === "function"'],
  ])('import from %s in plain Node: %s', (spec, expr) => {
    const names = spec === 'dilation-lab' ? 'analyze, shortFormNetwork' : 'writeReport';
    const code = `import { ${names} } from '${spec}'; console.log(JSON.stringify(${expr}));`;
    const r = node(['--input-type=module', '-e', code], app);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true');
  });

  it('has declarations that tsc reads (a misuse is a type error)', () => {
    writeFileSync(
      path.join(app, 'use.ts'),
      [
        "import { analyze, shortFormNetwork, type AnalyzeResult } from 'dilation-lab';",
        "const r: AnalyzeResult = analyze(shortFormNetwork({ kernel: 'box:3', rates: [1, 2] }));",
        'export const rf = r.receptiveField;',
        '// @ts-expect-error: rates must be numbers or a rates text',
        "analyze(shortFormNetwork({ kernel: 'box:3', rates: [{}] }));",
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    const r = node([path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('npm pack', () => {
  it('packs dist/, bin/ and the page, not the TypeScript sources or the tests', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const f of [
      'bin/dilation-lab.mjs',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/run.js',
    ]) {
      expect(files).toContain(f);
    }
    expect(files).toContain('dist/server/worker.mjs');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });
});
