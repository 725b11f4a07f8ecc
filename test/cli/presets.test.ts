import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/network/index.ts';
import { cli, viaJson } from './helpers.ts';

describe('dilation-lab presets', () => {
  it('lists every preset with its title and the start of its source', async () => {
    const run = await cli(['presets']);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    const flat = run.out.replace(/\s+/g, ' ');
    for (const p of PRESETS) {
      expect(run.out).toMatch(new RegExp(`^  ${p.name}\\s`, 'm'));
      expect(flat).toContain(p.title);
      expect(flat).toContain(p.source.replace(/\s+/g, ' '));
    }
  });

  it('gives the full list with specs as JSON', async () => {
    const run = await cli(['presets', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual(viaJson(PRESETS));
  });
});

describe('--help', () => {
  for (const command of ['analyze', 'response', 'presets', 'serve']) {
    it(`shows the options and examples of ${command}`, async () => {
      const run = await cli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.out).toContain(`Usage: dilation-lab ${command}`);
      expect(run.out).toContain('Examples:');
      expect(run.out).toContain(`$ dilation-lab ${command}`);
    });
  }

  it('shows the commands and exit codes of the program', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const c of ['analyze', 'response', 'presets', 'serve']) expect(run.out).toContain(c);
    expect(run.out).toContain('Exit codes');
  });
});
