/**
 * The browser lab's modules (web/src) import each other without a cycle: a cycle makes the
 * order in which the bundle runs them depend on which one is imported first (a value used
 * before its module ran is undefined), and it says two modules are one idea split in two.
 * Read from the source text (relative imports, type-only ones included), so a new file is
 * checked the day it is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specifiers } from './specifiers.ts';

const WEB = new URL('../../web/src/', import.meta.url).pathname;

/** The import graph of the .ts files in `dir`: file → the files of `dir` it imports. */
function importGraph(dir: string): Map<string, string[]> {
  const names = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const graph = new Map<string, string[]>();
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8');
    const local = specifiers(text)
      .filter((s) => s.startsWith('./'))
      .map((s) => normalize(s))
      .filter((s) => names.includes(s));
    graph.set(name, [...new Set(local)]);
  }
  return graph;
}

/** Every import cycle of `graph`, each as the path file → … → the same file (depth-first). */
function importCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('the web lab’s modules', () => {
  it('finds the page’s files and their imports', () => {
    const graph = importGraph(WEB);
    expect(graph.size).toBeGreaterThan(10);
    expect(graph.get('main.ts')).toContain('compute.ts');
  });

  it.each([
    ['no import', { 'a.ts': [], 'b.ts': [] }, []],
    ['a chain', { 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': [] }, []],
    [
      'two files importing each other',
      { 'a.ts': ['b.ts'], 'b.ts': ['a.ts'] },
      [['a.ts', 'b.ts', 'a.ts']],
    ],
    [
      'a cycle of three behind an entry',
      { 'm.ts': ['x.ts'], 'x.ts': ['y.ts'], 'y.ts': ['z.ts'], 'z.ts': ['x.ts'] },
      [['x.ts', 'y.ts', 'z.ts', 'x.ts']],
    ],
  ])('the cycle finder sees %s', (_name, edges, cycles) => {
    expect(importCycles(new Map(Object.entries(edges)))).toEqual(cycles);
  });

  it('import each other without a cycle', () => {
    expect(importCycles(importGraph(WEB)).map((c) => c.join(' → '))).toEqual([]);
  });
});
