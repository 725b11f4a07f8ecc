import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
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
