/**
 * The docs list the options the schema declares (src/options/schema.ts), with the schema's
 * ranges: a new option, or a changed range, fails here until docs/cli.md, docs/http.md and
 * docs/report.md say it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TextBuffer } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import {
  cliFlag,
  FIGURE_OPTIONS,
  type OptionSpec,
  PARALLEL_SEARCH_OPTIONS,
  RECOMMEND_OPTIONS,
  STACK_SEARCH_OPTIONS,
} from '../../src/options/index.ts';

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

/** The table rows (lines starting with `|`) of a doc's section from `start` to the next `## `. */
function rows(text: string, start: string): string[] {
  const from = text.indexOf(start);
  expect(from, `no "${start}"`).toBeGreaterThanOrEqual(0);
  const rest = text.slice(from + start.length);
  const end = rest.search(/\n## /);
  return (end < 0 ? rest : rest.slice(0, end)).split('\n').filter((l) => l.startsWith('|'));
}

/**
 * A row names `word` in backticks in a column before its last (the meaning): `--max-rate R`
 * counts for --max-rate.
 */
function names(row: string, word: string): boolean {
  const columns = row.split('|').slice(1, -2).join('|');
  return new RegExp(`\`${word}[\\s\`]`).test(columns);
}

/** The doc states the bound as 4096 or 4,096. */
const statesBound = (row: string | undefined, n: number) =>
  row !== undefined && (row.includes(String(n)) || row.includes(n.toLocaleString('en-US')));

/** Every option of the CLI's `recommend` (the schema's, but `search`, which is the CLI's --beam). */
const CLI_RECOMMEND = Object.values(RECOMMEND_OPTIONS).filter(
  (s: OptionSpec) => s.name !== 'search',
) as OptionSpec[];

describe('docs/cli.md lists every option of recommend', () => {
  const table = rows(doc('cli.md'), '## recommend');
  it.each(CLI_RECOMMEND.map((s) => [cliFlag(s), s] as const))('%s', (flag, spec) => {
    const row = table.find((r) => names(r, flag));
    expect(row, `no row for ${flag}`).toBeDefined();
    // A stated bound of the schema is the doc's too.
    if (spec.kind === 'integer' && spec.max !== undefined && spec.max < 1e6)
      expect(statesBound(row, spec.max), `${row} states no ${spec.max}`).toBe(true);
  });

  it('and the command declares every one of them (its --help is built from the schema)', async () => {
    const stdout = new TextBuffer();
    const code = await main(['recommend', '--help'], { stdout, stderr: new TextBuffer(), env: {} });
    expect(code).toBe(0);
    for (const s of CLI_RECOMMEND) expect(stdout.text).toContain(`${cliFlag(s)} `);
  });
});

describe('docs/http.md lists every query key of the search routes', () => {
  const table = rows(doc('http.md'), 'A GET query has flat keys like the CLI');
  const keys = [
    ...new Set([...STACK_SEARCH_OPTIONS, RECOMMEND_OPTIONS.search, ...PARALLEL_SEARCH_OPTIONS]),
  ];
  it.each(keys.map((s) => [s.name, s] as const))('%s', (name, spec) => {
    const row = table.find((r) => names(r, name));
    expect(row, `no row for ${name}`).toBeDefined();
    if (spec.kind === 'integer' && spec.max !== undefined && spec.max < 1e6)
      expect(statesBound(row, spec.max), `${row} states no ${spec.max}`).toBe(true);
  });
});

describe('docs/report.md lists every figure option with its range', () => {
  const table = rows(doc('report.md'), '| option | default | meaning |');
  it.each(Object.values(FIGURE_OPTIONS).map((s) => [s.name, s as OptionSpec] as const))(
    '%s',
    (name, spec) => {
      const row = table.find((r) => names(r, name));
      expect(row, `no row for ${name}`).toBeDefined();
      if ((spec.kind === 'integer' || spec.kind === 'number') && spec.min !== undefined)
        expect(row).toContain(`${spec.min}..${spec.max}`);
      if (spec.maxLength !== undefined) expect(row).toContain(`1..${spec.maxLength} characters`);
      if (spec.forbidden !== undefined) expect(row).toContain(spec.forbidden);
      for (const v of spec.values ?? []) expect(row).toContain(`\`${v}\``);
      if (typeof spec.default === 'number')
        expect(row?.split('|')[2]).toContain(String(spec.default));
    },
  );
});
