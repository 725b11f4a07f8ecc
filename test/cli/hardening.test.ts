import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, expectBadInput, tempDir } from './helpers.ts';

// Issue 8 items 1 and 6 in the CLI and in report configs: deep text and YAML alias bombs are
// bad input (exit 2 naming the file/field), never a crash or an "unexpected error".
const bomb = [
  'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'network: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
].join('\n');

const files = tempDir({
  'deep.json': '['.repeat(1000),
  'deep.yaml': `${'- '.repeat(2000)}x\n`,
  'bomb.yaml': bomb,
  'report-deep.yaml': `title: t\nexperiments:\n  - name: e\n    networks: ${'['.repeat(1000)}\n`,
  'report-bomb.yaml': `${bomb}\ntitle: t\n`,
});
afterAll(files.cleanup);
const f = (name: string) => path.join(files.dir, name);

describe('deep text and alias bombs in the CLI', () => {
  it.each([
    ['deep.json', 'nests deeper than 64 levels'],
    ['deep.yaml', 'nests deeper than 64 levels'],
    ['bomb.yaml', 'YAML aliases that expand too far'],
  ])('analyze --network %s: exit 2 naming the file', async (name, message) => {
    const r = await cli(['analyze', '--network', f(name)]);
    expectBadInput(r, name, message);
  });

  it('a kernel nested 1,200 deep on the command line is exit 2 on --kernel', async () => {
    expectBadInput(await cli(['analyze', '--kernel', '['.repeat(1200), '--rates', '1']), 'kernel');
    expectBadInput(
      await cli(['recommend', '--kernel', '['.repeat(1200), '--layers', '2']),
      'kernel',
    );
  });

  it.each([
    ['report-deep.yaml', 'nests deeper than 64 levels'],
    ['report-bomb.yaml', 'YAML aliases that expand too far'],
  ])('report %s: exit 2 naming the config', async (name, message) => {
    const r = await cli(['report', f(name), '--out', f(`${name}-out`), '--formats', 'none']);
    expectBadInput(r, name, message);
  });
});

describe('exit codes and messages (item 8)', () => {
  it('dilation-lab help analyze prints the help and exits 0', async () => {
    const r = await cli(['help', 'analyze']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: dilation-lab analyze/);
  });

  it('dilation-lab alone still prints the help to stderr and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Usage: dilation-lab/);
  });

  it('--max-candidates 0 says what is wrong with the flag, not that the space is too large', async () => {
    const r = await cli(['recommend', '--kernel', '3', '--layers', '3', '--max-candidates', '0']);
    expectBadInput(r, '--max-candidates must be a positive integer, got 0');
    expect(r.err).not.toMatch(/too large/);
  });

  it.each([
    ['/proc/dilation-lab-x', 'ENOENT'],
    [path.join(f('deep.json'), 'x'), 'ENOTDIR'],
  ])('report --out %s: exit 2 naming the path', async (out, code) => {
    const example = new URL('../../docs/examples/shared-nulls.yaml', import.meta.url).pathname;
    const r = await cli(['report', example, '--out', out, '--formats', 'none', '--quiet']);
    expectBadInput(r, out, 'cannot be written', code);
  });

  it.each([
    ['--fs', '0x10'],
    ['--n', '0x10'],
  ])('one number grammar: response %s %s is exit 2', async (flag, value) => {
    const r = await cli(['response', '--kernel', 'box:3', '--rates', '1,2', flag, value]);
    expectBadInput(r, value);
  });
});

describe('files that are not regular, or too large, are refused before reading (item 10)', () => {
  const fifo = path.join(files.dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const big = path.join(files.dir, 'big.json');
  writeFileSync(big, Buffer.alloc((1 << 20) + 10, 0x20));

  it.each([
    ['/dev/zero', 'it is a device'],
    [fifo, 'it is a FIFO'],
    [files.dir, 'it is a directory'],
    [big, 'it is larger than 1048576 bytes'],
  ])('analyze --network %s: exit 2, %s', async (file, why) => {
    expectBadInput(await cli(['analyze', '--network', file]), file, why);
  });

  it.each([
    ['/dev/zero', 'it is a device'],
    [fifo, 'it is a FIFO'],
  ])('report %s: exit 2, %s', async (file, why) => {
    const r = await cli(['report', file, '--out', f('never'), '--formats', 'none']);
    expectBadInput(r, file, why);
  });
});
