import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFormats, reportCommand } from '../../src/cli/commands/report.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { reportError } from '../../src/cli/errors.ts';
import { TextBuffer } from '../../src/cli/io.ts';

const root = mkdtempSync(join(tmpdir(), 'dilation-lab-report-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const example = new URL('../../docs/examples/shared-nulls.yaml', import.meta.url).pathname;

/** Runs `dilation-lab report ARGS` with only the report command registered; returns the exit code and output. */
async function run(args: string[], env: Record<string, string> = {}) {
  const stdout = new TextBuffer();
  const stderr = new TextBuffer();
  const ctx: CliContext = {
    io: { stdout, stderr, env, cwd: root },
    out: (s) => stdout.write(s),
    err: (s) => stderr.write(s),
    exitCode: 0,
  };
  const program = new Command('dilation-lab').exitOverride().configureOutput({
    writeOut: (s) => ctx.out(s),
    writeErr: (s) => ctx.err(s),
  });
  reportCommand.register(program, ctx);
  let code: number;
  try {
    await program.parseAsync(['report', ...args], { from: 'user' });
    code = ctx.exitCode;
  } catch (e) {
    code = reportError(e, stderr, env);
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('dilation-lab report', () => {
  it('writes the report, prints a progress line per figure and a summary', async () => {
    const r = await run([example, '--out', 'nulls', '--formats', 'none']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => /^\[\d+\/5\] /.test(l))).toHaveLength(5);
    expect(r.stdout).toMatch(
      /^wrote .*nulls: 5 figures \(no images, CSV and JSON data\), index\.html, report\.md in \d+\.\d s\n$/,
    );
    expect(existsSync(join(root, 'nulls', 'report.md'))).toBe(true);
  });

  it('refuses the same directory again without --force (exit 2), and replaces it with it', async () => {
    const again = await run([example, '--out', 'nulls', '--formats', 'none']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^dilation-lab: out directory .*nulls is not empty; pass --force/);
    const forced = await run([
      example,
      '--out',
      'nulls',
      '--formats',
      'none',
      '--force',
      '--quiet',
      '--json',
    ]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe('');
    const result = JSON.parse(forced.stdout);
    expect(result.figures).toBe(5);
    expect(result.provenance.tool).toBe('dilation-lab');
  });

  it('names the config file and the bad field, and writes nothing', async () => {
    writeFileSync(
      join(root, 'bad.yaml'),
      'title: t\nexperiments:\n  - name: e\n    networks: [hdc]\n    figures: [coverage, nope]\n',
    );
    const r = await run(['bad.yaml', '--out', 'bad-out', '--formats', 'none']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^dilation-lab: bad\.yaml: experiments\[0\]\.figures\[1\] must be one of magnitude, .*, got "nope"\n$/,
    );
    expect(existsSync(join(root, 'bad-out'))).toBe(false);
    const missing = await run(['missing.yaml', '--out', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'dilation-lab: report cannot read the config "missing.yaml": no such file\n',
    );
  });

  it('warns on stderr and still succeeds when Chromium is missing', async () => {
    const r = await run([example, '--out', 'no-browser', '--quiet'], {
      DILATION_LAB_CHROMIUM: join(root, 'nothing'),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^dilation-lab: warning: PNG and SVG figures were not written: Chromium was not found at .*apt-get install chromium\)\n$/,
    );
    expect(readFileSync(join(root, 'no-browser', 'index.html'), 'utf8')).toContain(
      'apt-get install chromium',
    );
  });

  it('checks --formats', async () => {
    expect(parseFormats('png,svg')).toEqual(['png', 'svg']);
    expect(parseFormats('svg')).toEqual(['svg']);
    expect(parseFormats('none')).toEqual([]);
    const r = await run([example, '--out', 'f', '--formats', 'png,gif']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'dilation-lab: --formats must list png, svg and/or pdf (or none), got "png,gif"\n',
    );
  });
});
