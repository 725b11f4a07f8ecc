/**
 * One walk (issue 9, "the number of places that walk the network tree is one"): the spec
 * tree is walked in src/network/ only — compile.ts builds the graph from it, structure.ts
 * (`foldSpec`, `mapSpec`) reads its nesting back from the graph — and every other
 * computation walks the graph (`walkGraph`, `foldSpec`, `networkMembers`). A file elsewhere
 * that switches on the tree's container kinds (`case 'stack'`, `'parallel'`, `'residual'`)
 * or tests a node other than a network's `root` for them is walking the tree itself, and
 * fails here. Reading `root.type` (the top-level shape: what a network's members are) is
 * not a walk and is allowed. Read from the source text (comments removed), so a new file
 * is checked the day it is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Files that may still walk the spec tree until they convert. Only the freqcore helper's two
 * files (src/analysis/nulls.ts, src/analysis/nullCuts.ts) may ever be listed here; both
 * walk the graph since 242f577, so the list is empty. It may only shrink.
 */
const ALLOWED: readonly string[] = [];
const MAY_BE_ALLOWED = new Set(['src/analysis/nulls.ts', 'src/analysis/nullCuts.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The places in a source text that walk the spec tree (comments removed first). */
function treeWalks(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(/case\s+'(stack|parallel|residual)'/g)) out.push(m[0]);
  for (const m of code.matchAll(
    /([A-Za-z_$][\w$]*)\??\.type\s*[!=]==?\s*'(stack|parallel|residual)'/g,
  ))
    if (m[1] !== 'root') out.push(m[0]);
  return out;
}

const sources = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'web/src'))]
  .map((f) => relative(ROOT, f))
  .filter((f) => !f.startsWith('src/network/'));

describe('one walk over the network', () => {
  it('finds the source files', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it.each([
    ["switch (node.type) { case 'stack': return 1; }", ["case 'stack'"]],
    [
      "if (node.type === 'layer') m = 1; else if (node.type === 'stack') node.layers.forEach(visit);",
      ["node.type === 'stack'"],
    ],
    ["const grouped = net.root.type === 'parallel' || root.type === 'stack';", []],
    ["// case 'residual': a comment\n/* b.type === 'stack' */ x = 1;", []],
    ["if (b?.type !== 'residual') return;", ["b?.type !== 'residual'"]],
  ])('the detector reads %j as %j', (text, found) => {
    expect(treeWalks(text)).toEqual(found);
  });

  it.each(sources.map((f) => [f] as const))('%s does not walk the spec tree', (file) => {
    const walks = treeWalks(readFileSync(join(ROOT, file), 'utf8'));
    if (ALLOWED.includes(file)) expect(walks.length).toBeGreaterThan(0);
    else expect(walks).toEqual([]);
  });

  it('allows only the two files that may still convert', () => {
    expect(ALLOWED.filter((f) => !MAY_BE_ALLOWED.has(f))).toEqual([]);
  });
});
