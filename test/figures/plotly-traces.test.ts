import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CARTESIAN_TRACES,
  OMITTED_COMPONENTS,
  PAGE_TRACES,
  plotlyEntry,
  trimPlotly,
} from '../../scripts/plotly-traces.mjs';

const root = path.resolve(import.meta.dirname, '../..');

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the page’s Plotly bundle (scripts/plotly-traces.mjs)', () => {
  it('registers every Plotly trace type the figures name', () => {
    const named = new Set<string>();
    for (const file of [...sources('src/figures'), ...sources('web/src')]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\btype:\s*['"]([a-z0-9]+)['"]/g))
        if (CARTESIAN_TRACES.includes(m[1])) named.add(m[1]);
    }
    expect(named.has('heatmap')).toBe(true);
    expect([...named].filter((t) => !PAGE_TRACES.includes(t))).toEqual([]);
  });

  it('keeps only the registrations of bar and heatmap in the installed cartesian bundle', () => {
    const file = createRequire(import.meta.url).resolve('plotly.js-cartesian-dist-min');
    const source = readFileSync(file, 'utf8');
    const t = trimPlotly(source);
    expect(t.trimmed).toBe(true);
    expect(t.registered).toEqual([
      'bar',
      'box',
      'heatmap',
      'histogram',
      'histogram2d',
      'histogram2dcontour',
      'contour',
      'scatterternary',
      'violin',
      'image',
      'pie',
      'calendars',
    ]);
    expect(t.kept).toEqual(['bar', 'heatmap']);
    const registers = [...t.source.matchAll(/\.register\(\[((?:[\w$]+\(\),?)+)\]\)/g)];
    expect(registers.at(-1)?.[1].split(',')).toHaveLength(2);
    // Everything else is the bundle as shipped.
    expect(t.source.length).toBeLessThan(source.length);
    expect(source.startsWith(t.source.slice(0, 100_000))).toBe(true);
  });

  it.each([
    ['no register call', 'var a=1;'],
    ['a module it cannot name', 'var Q=z((a,b)=>{b.exports=1});P.register([Q()]);'],
  ])('ships a bundle laid out otherwise whole (%s)', (_why, source) => {
    const t = trimPlotly(source);
    expect(t.trimmed).toBe(false);
    expect(t.source).toBe(source);
  });

  it('builds its entry from plotly.js’s core without the omitted components, with bar and heatmap', () => {
    const file = createRequire(import.meta.url).resolve('plotly.js/src/core.js');
    const core = readFileSync(file, 'utf8');
    const e = plotlyEntry(core);
    expect(e.missing).toEqual([]);
    expect(e.omitted).toEqual(OMITTED_COMPONENTS);
    const components = (text: string) =>
      [...text.matchAll(/require\('\.\/components\/(\w+)'\)/g)].map((m) => m[1]);
    // Every component the core requires is kept or left out on purpose, not both.
    const kept = new Set(components(e.source ?? ''));
    expect(OMITTED_COMPONENTS.filter((c) => kept.has(c))).toEqual([]);
    expect([...kept, ...OMITTED_COMPONENTS].sort()).toEqual([...new Set(components(core))].sort());
    for (const name of ['annotations', 'shapes', 'legend', 'fx', 'modebar', 'colorbar'])
      expect(kept.has(name)).toBe(true);
    expect(e.source).toMatch(
      /exports\.register\(\[require\('\.\/traces\/bar'\), require\('\.\/traces\/heatmap'\)\]\);\n$/,
    );
    // The rest of the core is as plotly.js wrote it.
    expect(e.source?.startsWith(core.slice(0, core.indexOf('register(['))) ?? false).toBe(true);
  });

  it('says so when plotly.js’s core does not register a component it would leave out', () => {
    const core =
      "var register = exports.register = R.register;\nregister([\n    require('./components/legend'),\n    require('./components/images')\n]);\n";
    const e = plotlyEntry(core);
    expect(e.source).toBeNull();
    expect(e.omitted).toEqual(['images']);
    expect(e.missing).toEqual(OMITTED_COMPONENTS.filter((c) => c !== 'images'));
    expect(plotlyEntry(core, PAGE_TRACES, ['images']).source).toContain(
      "require('./components/legend'),\n]);",
    );
  });
});
