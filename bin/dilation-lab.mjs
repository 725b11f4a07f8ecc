#!/usr/bin/env node
// The `dilation-lab` command. Runs the compiled JavaScript in dist/ (`npm run build`; the
// package ships it), so start-up compiles nothing. In a source checkout whose dist/ is
// missing or older than a file under src/, it runs the TypeScript sources through tsx
// instead, so an edit is never hidden by a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';

const here = new URL('../', import.meta.url);
const stamp = new URL('dist/.build-stamp', here);
const src = new URL('src/', here);

function builtIsCurrent() {
  if (!existsSync(stamp)) return false;
  if (!existsSync(src)) return true; // an installed package: dist/ is all there is
  const built = statSync(stamp).mtimeMs;
  for (const f of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (f.isFile() && statSync(`${f.parentPath ?? f.path}/${f.name}`).mtimeMs > built) {
      return false;
    }
  }
  return true;
}

if (builtIsCurrent()) {
  const { run } = await import('../dist/cli/run.js');
  await run();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import('../src/cli/run.ts');
  await run();
}
