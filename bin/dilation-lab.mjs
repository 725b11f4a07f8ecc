#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step): tsx compiles src/ on the fly.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/run.ts');
await run();
