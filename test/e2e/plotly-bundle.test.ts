/**
 * The page's own Plotly bundle (scripts/build-web.mjs: plotly.js's core with the traces and
 * components the figures use, scripts/plotly-traces.mjs) takes every figure of the page as
 * the complete cartesian bundle does: `Plotly.validate` says the same of each figure's data
 * and layout in both (an attribute of a component the bundle left out would be reported
 * "not part of the schema" by it and not by the complete one), and the default view draws without errors.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMITTED_COMPONENTS } from '../../scripts/plotly-traces.mjs';
import { haveChromium, type Lab, requireChromium, settled, startLab } from './harness.ts';

requireChromium('the page’s Plotly bundle');

interface Validated {
  [figure: string]: unknown;
}

/** `Plotly.validate` of each figure (as JSON), in the page that runs it; errors as text. */
const VALIDATE = `(figures) => {
  const out = {};
  for (const [k, f] of Object.entries(figures)) {
    try {
      out[k] = window.Plotly.validate(f.data, f.layout) ?? 'valid';
    } catch (e) {
      out[k] = 'throws ' + String(e && e.message);
    }
  }
  return out;
}`;

describe.skipIf(!haveChromium)('the page’s Plotly bundle', { timeout: 120_000 }, () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ width: 1280, height: 800 });
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
  });

  it('is built from plotly.js’s source, without the components no figure uses', async () => {
    const res = await fetch(`${lab.server.url}/vendor/plotly.min.js`);
    const text = await res.text();
    expect(text.startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
    expect(text).toMatch(/built for dilation-lab: traces scatter, bar, heatmap/);
    const full = readFileSync(
      createRequire(import.meta.url).resolve('plotly.js-cartesian-dist-min'),
      'utf8',
    );
    expect(text.length).toBeLessThan(0.8 * full.length);
  });

  it('says of every figure what the complete cartesian bundle says', async () => {
    const { page, pageErrors } = lab;
    await page.goto(lab.server.url);
    await settled(page);
    await page.evaluate(() =>
      (
        window as unknown as { dilationLab: { drawAll: () => Promise<void> } }
      ).dilationLab.drawAll(),
    );
    const figures = await page.evaluate(() => {
      const figs = (
        window as unknown as {
          dilationLab: { figures: () => Map<string, { data: unknown; layout: unknown }> };
        }
      ).dilationLab.figures();
      const out: Record<string, unknown> = {};
      for (const [k, f] of figs) out[k] = JSON.parse(JSON.stringify(f));
      return out;
    });
    expect(Object.keys(figures).length).toBeGreaterThanOrEqual(8);
    // Attributes of the components left out, to show the comparison can fail.
    const probes = {
      ...figures,
      probe: { data: [], layout: { updatemenus: [{ buttons: [] }], images: [{ source: 'x' }] } },
    };
    const ours = (await page.evaluate(`(${VALIDATE})(${JSON.stringify(probes)})`)) as Validated;
    const other = await lab.browser.newPage();
    try {
      await other.setContent('<!doctype html><html><body></body></html>');
      await other.addScriptTag({
        path: createRequire(import.meta.url).resolve('plotly.js-cartesian-dist-min'),
      });
      const theirs = (await other.evaluate(
        `(${VALIDATE})(${JSON.stringify(probes)})`,
      )) as Validated;
      const { probe: ourProbe, ...ourFigures } = ours;
      const { probe: theirProbe, ...theirFigures } = theirs;
      expect(ourFigures).toEqual(theirFigures);
      // The complete bundle knows updatemenus and images; ours says they are not in its schema.
      const notInSchema = (v: unknown) =>
        (Array.isArray(v) ? (v as { code: string; astr: string }[]) : [])
          .filter((e) => e.code === 'schema')
          .map((e) => e.astr);
      expect(notInSchema(theirProbe)).toEqual([]);
      expect(notInSchema(ourProbe)).toEqual(['updatemenus', 'images']);
      expect(OMITTED_COMPONENTS).toEqual(expect.arrayContaining(['updatemenus', 'images']));
    } finally {
      await other.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
