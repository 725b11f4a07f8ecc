import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliIO, TextBuffer } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

/** A stderr that says it is a terminal, recording every write. */
class TtyBuffer extends TextBuffer {
  isTTY = true;
  writes: string[] = [];
  onWrite?: (chunk: string) => void;
  override write(chunk: string): boolean {
    this.writes.push(chunk);
    this.onWrite?.(chunk);
    return super.write(chunk);
  }
}

// With a ReLU: a linear network's gradient is the same for every input, so its ERF runs one
// sample, not batches (empiricalErf).
const args = [
  'erf',
  '--kernel',
  'box:3x3',
  '--rates',
  '1,2',
  '--activation',
  'relu',
  '--samples',
  '12',
  '--json',
];

async function run(stderr: TextBuffer, extra: Partial<CliIO> = {}) {
  const stdout = new TextBuffer();
  const code = await main(args, { stdout, stderr, ...extra });
  return { code, out: stdout.text };
}

describe('erf progress on a terminal and Ctrl-C', () => {
  it('draws a bar per batch on a terminal once past the threshold, then clears it', async () => {
    const err = new TtyBuffer();
    const r = await run(err, { env: { DILATION_LAB_PROGRESS_MS: '0' } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).samples).toBe(12);
    const bars = err.writes.filter((w) => w.startsWith('\rerf ['));
    // Batches of 4: 4, 8, 12 of 12.
    expect(bars.map((b) => /(\d+) of 12 samples/.exec(b)?.[1])).toEqual(['4', '8', '12']);
    expect(bars[0]).toContain('(Ctrl-C stops)');
    expect(err.writes[err.writes.length - 1]).toBe('\r\x1b[2K');
  });

  it.each([
    ['not a terminal', false, {}],
    ['a terminal under CI', true, { CI: 'true', DILATION_LAB_PROGRESS_MS: '0' }],
    ['a terminal before the threshold', true, { DILATION_LAB_PROGRESS_MS: '600000' }],
  ])('draws nothing on %s', async (_name, tty, env) => {
    const err = tty ? new TtyBuffer() : new TextBuffer();
    const r = await run(err, { env: { DILATION_LAB_PROGRESS_MS: '0', ...env } });
    expect(r.code).toBe(0);
    expect(err.text).toBe('');
  });

  it('stops between batches when aborted mid-run: exit 130, nothing on stdout', async () => {
    const err = new TtyBuffer();
    const controller = new AbortController();
    // Ctrl-C as the first bar appears (after the first batch of 4).
    err.onWrite = (w) => {
      if (w.startsWith('\rerf [')) controller.abort();
    };
    const r = await run(err, {
      env: { DILATION_LAB_PROGRESS_MS: '0' },
      signal: controller.signal,
    });
    expect(r.code).toBe(130);
    expect(r.out).toBe('');
    expect(err.text).toContain('dilation-lab: stopped after 4 of 12 samples; no ERF was written');
  });

  it('a real SIGINT stops a long ERF process with exit 130', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const run = async (delayMs: number) => {
      const child = spawn(
        process.execPath,
        [
          path.join(root, 'bin', 'dilation-lab.mjs'),
          'erf',
          '--kernel',
          'random:3x3:1',
          '--rates',
          '1,2,4,8,1,2,4,8',
          '--activation',
          'relu',
          '--input-size',
          '512,512',
          '--samples',
          '1024',
          '--json',
        ],
        { cwd: root, env: { ...process.env, CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      const timer = setTimeout(() => child.kill('SIGINT'), delayMs);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearTimeout(timer);
      return { code, out, err };
    };
    // Well into the run (start-up and tfjs take about a second), far before 1024 samples.
    // A signal that lands before the command has taken over SIGINT (start-up slower than
    // the delay on a loaded machine) ends the process by Node's default action (code null,
    // no message): then try again later. A command that never handles SIGINT fails all three.
    let r = await run(2500);
    for (const delay of [6000, 12000]) if (r.code === null && r.err === '') r = await run(delay);
    expect(r.code).toBe(130);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /^dilation-lab: stopped after \d+ of 1024 samples; no ERF was written\n$/,
    );
  }, 60_000);

  it('runs on the wasm backend by default and on cpu with --backend cpu: the same ERF', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const erfOf = (extra: string[]) => {
      const r = spawnSync(
        process.execPath,
        [
          path.join(root, 'bin', 'dilation-lab.mjs'),
          'erf',
          '--kernel',
          'random:3x3:4',
          '--rates',
          '1,2',
          '--activation',
          'relu',
          '--samples',
          '4',
          '--json',
          ...extra,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout);
    };
    const wasm = erfOf([]);
    const cpu = erfOf(['--backend', 'cpu']);
    expect(wasm.backend).toBe('wasm');
    expect(cpu.backend).toBe('cpu');
    const a = (wasm.erf as number[][]).flat();
    const b = (cpu.erf as number[][]).flat();
    expect(a.length).toBe(b.length);
    a.forEach((v, i) => {
      expect(Math.abs(v - b[i])).toBeLessThan(1e-5);
    });
    expect(a.some((v) => v > 0 && v < 1)).toBe(true);
  }, 60_000);

  it('refuses an unknown backend with exit 2', async () => {
    const err = new TextBuffer();
    const stdout = new TextBuffer();
    const code = await main(['erf', '--kernel', 'box:3', '--rates', '1,2', '--backend', 'gpu'], {
      stdout,
      stderr: err,
    });
    expect(code).toBe(2);
    expect(err.text).toContain('--backend must be wasm or cpu, got "gpu"');
  });
});
