import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { presetNames } from '../../src/network/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'dilation-lab.mjs');

function spawn(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DILATION_LAB_DEBUG: '' },
  });
}

describe('bin/dilation-lab.mjs as a real process', () => {
  it('lists the presets and exits with 0', () => {
    const r = spawn(['presets']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const name of presetNames) expect(r.stdout).toContain(name);
  });

  it('exits with 2 and one line on stderr for an unknown option', () => {
    const r = spawn(['presets', '--nope']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(["dilation-lab: unknown option '--nope'"]);
  });
});
