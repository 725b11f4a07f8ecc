import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { CliIO } from '../../src/cli/io.ts';
import { TextBuffer } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

/** The result of one captured `main` call. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `main(args)` with captured stdout and stderr. */
export async function cli(args: string[], extra: Partial<CliIO> = {}): Promise<CliRun> {
  const stdout = new TextBuffer();
  const stderr = new TextBuffer();
  const code = await main(args, { stdout, stderr, env: {}, ...extra });
  return { code, out: stdout.text, err: stderr.text };
}

/** A temporary directory with files written into it; `cleanup` removes it. */
export function tempDir(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'dilation-lab-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Checks the bad-input contract: exit code 2, nothing on stdout, exactly one line on stderr
 * that starts with `dilation-lab: ` and contains every expected fragment, no stack trace.
 */
export function expectBadInput(run: CliRun, ...fragments: string[]): void {
  expect(run.code).toBe(2);
  expect(run.out).toBe('');
  const lines = run.err.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^dilation-lab: /);
  for (const f of fragments) expect(lines[0]).toContain(f);
  expect(run.err).not.toMatch(/\n\s+at /);
}

/** JSON round trip (what `--json` output parses back to). */
export function viaJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}
