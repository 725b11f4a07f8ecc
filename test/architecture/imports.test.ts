/**
 * The shape of src/ (design.md, "Layout"): the core folders are pure — they never import
 * node:*, express, playwright, nor use process or console — and a folder uses another
 * folder only through its index.ts. Read from the source text, so a new file is checked the
 * day it is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specifiers } from './specifiers.ts';

const SRC = new URL('../../src/', import.meta.url).pathname;
/**
 * The adapters: they may touch the outside world. `runtime` is the TensorFlow.js adapter
 * of the ERF work (it loads the tfjs gradient bundle with node:module's createRequire).
 */
const ADAPTERS = new Set(['cli', 'server', 'report', 'runtime']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The text without comments and string contents, for the process/console check. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/(['"`])(?:\\.|(?!\1).)*\1/g, '""');
}

const all = files(SRC).map((f) => {
  const rel = relative(SRC, f);
  const folder = rel.includes('/') ? rel.split('/')[0] : '';
  return { file: rel, folder, text: readFileSync(f, 'utf8') };
});
const core = all.filter((f) => f.folder !== '' && !ADAPTERS.has(f.folder));

describe('the architecture', () => {
  it('finds the source files', () => {
    expect(core.length).toBeGreaterThan(50);
  });

  it.each(core.map((f) => [f.file, f] as const))(
    '%s (core) imports no node:*, express or playwright and uses no process or console',
    (_name, f) => {
      const bad = specifiers(f.text).filter(
        (s) => s.startsWith('node:') || /^(express|playwright|playwright-core)(\/|$)/.test(s),
      );
      expect(bad).toEqual([]);
      expect(code(f.text)).not.toMatch(/\b(process|console)\s*\./);
    },
  );

  // Imports of another folder's file instead of its index.ts that predate this test: the
  // list may only shrink (a fixed import must leave it, a new one fails).
  const known = new Set<string>(
    JSON.parse(readFileSync(new URL('./known-deep-imports.json', import.meta.url), 'utf8')),
  );

  it('lists only deep imports that still exist', () => {
    const now = new Set(all.flatMap((f) => deepImports(f).map((s) => `${f.file} -> ${s}`)));
    expect([...known].filter((k) => !now.has(k))).toEqual([]);
  });

  it.each(all.filter((f) => f.folder !== '').map((f) => [f.file, f] as const))(
    '%s uses other folders only through their index.ts',
    (_name, f) => {
      const fresh = deepImports(f).filter((s) => !known.has(`${f.file} -> ${s}`));
      expect(fresh).toEqual([]);
    },
  );
});

/** Folders with an index.ts (src/util has none: its files are the shared helpers, used directly). */
const INDEXED = new Set(
  readdirSync(SRC, { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(join(SRC, e.name)).includes('index.ts'))
    .map((e) => e.name),
);

/** Specifiers that reach into another folder (one with an index.ts) past its index.ts. */
function deepImports(f: { file: string; text: string }): string[] {
  const depth = f.file.split('/').length - 1;
  return specifiers(f.text).filter((s) => {
    if (!s.startsWith('../')) return false;
    const parts = s.split('/');
    const up = parts.filter((p) => p === '..').length;
    if (up < depth) return false; // inside the same folder
    const rest = parts.slice(up);
    if (!INDEXED.has(rest[0])) return false;
    return !(rest.length === 2 && rest[1] === 'index.ts') && rest.length !== 1;
  });
}
