import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recoverLeftovers } from '../../src/report/write.ts';

// Issue 8 items 11 and 13: a kill between the two renames of --force lost the old report
// into a hidden .DIR.old-*, every kill left .DIR.tmp-*, SIGTERM exited 0 without the report,
// and two concurrent runs into a new --out gave "unexpected error: ENOTEMPTY".
const root = mkdtempSync(join(tmpdir(), 'dilation-lab-signals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const BIN = new URL('../../bin/dilation-lab.mjs', import.meta.url).pathname;
const example = new URL('../../docs/examples/shared-nulls.yaml', import.meta.url).pathname;

/** A pid that is not running (spawned and waited for). */
async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => c.once('exit', r));
  return c.pid!;
}

function runReport(
  out: string,
  onLine?: (line: string, kill: (s: NodeJS.Signals) => void) => void,
) {
  const child = spawn(
    process.execPath,
    [BIN, 'report', example, '--out', out, '--formats', 'none'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
    onLine?.(String(d), (s) => child.kill(s));
  });
  return new Promise<{ code: number | null; err: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, err })),
  );
}

describe('leftovers of a killed run are repaired by the next one', () => {
  it('a previous report moved aside by a dead run is put back; its temporary folder removed', async () => {
    const dead = await deadPid();
    const dir = join(root, 'rep');
    mkdirSync(join(root, `.rep.old-${dead}-abcd`));
    writeFileSync(join(root, `.rep.old-${dead}-abcd`, 'report.json'), '{}');
    mkdirSync(join(root, `.rep.tmp-${dead}-xyz`));
    mkdirSync(join(root, '.rep.tmp-1-live')); // pid 1 is running: another run's, left alone
    await recoverLeftovers(dir);
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
    const names = readdirSync(root).filter((n) => n.startsWith('.rep.'));
    expect(names).toEqual(['.rep.tmp-1-live']);
  });
});

describe('signals and concurrent runs (real processes)', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    '%s during the report: exit %i, no DIR, no leftovers',
    async (signal, code) => {
      const out = join(root, `sig-${signal}`);
      let sent = false;
      const r = await runReport(out, (line, kill) => {
        if (!sent && /\[1\//.test(line)) {
          sent = true;
          kill(signal);
        }
      });
      expect(sent).toBe(true);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(new RegExp(`report stopped by ${signal}`));
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(root).filter((n) => n.startsWith(`.sig-${signal}.`))).toEqual([]);
    },
    60_000,
  );

  it('two runs into the same new --out: one writes it, the other exits 2 with a clear message', async () => {
    const out = join(root, 'race');
    const [a, b] = await Promise.all([runReport(out), runReport(out)]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    const loser = a.code === 2 ? a : b;
    expect(loser.err).toMatch(
      /dilation-lab: out directory .*race (cannot be written: another run wrote it at the same time|is not empty)/,
    );
    expect(loser.err).not.toMatch(/unexpected error/);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  }, 90_000);
});
