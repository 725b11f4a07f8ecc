/**
 * The module specifiers a TypeScript file imports, read from its text: `import ... from
 * '...'`, `export ... from '...'` and `import('...')` (type-only imports included).
 */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2]);
  return out;
}
