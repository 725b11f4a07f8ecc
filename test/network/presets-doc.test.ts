import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.ts';
import { PRESETS, presetNetwork } from '../../src/network/index.ts';

const doc = readFileSync(new URL('../../docs/presets.md', import.meta.url), 'utf8');

describe('docs/presets.md', () => {
  it('names every preset with its source and spec', () => {
    for (const p of PRESETS) {
      expect(doc).toContain(`## ${p.name}`);
      expect(doc).toContain(p.source);
      expect(doc).toContain(JSON.stringify(p.spec));
    }
  });

  it('states the receptive field and gridding verdict that analyze computes', () => {
    for (const p of PRESETS) {
      const a = analyze(presetNetwork(p.name));
      const rf = Array.isArray(a.receptiveField)
        ? a.receptiveField.join('×')
        : String(a.receptiveField);
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${p.name}\``));
      expect(row, p.name).toBeDefined();
      expect(row).toContain(`| ${rf} |`);
      expect(row).toContain(a.griddingFree ? '| yes |' : `no (${a.coverage.holes} holes)`);
    }
  });
});

describe('the presets', () => {
  it('reproduce the receptive fields their papers state', () => {
    // Yu & Koltun 2016, Table 1: 67×67; WaveNet (van den Oord et al. 2016): 1024 samples.
    expect(analyze(presetNetwork('context-module')).receptiveField).toEqual([67, 67]);
    expect(analyze(presetNetwork('wavenet-block')).receptiveField).toBe(1024);
  });
});
