/**
 * PNG and SVG export in headless Chromium. Needs /usr/bin/chromium (or DILATION_LAB_CHROMIUM):
 * when it is missing these tests fail with a clear message under CI and are skipped (with
 * the reason printed) elsewhere.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, MANIFEST, writeReport } from '../../src/report/index.ts';

const executable = process.env.DILATION_LAB_CHROMIUM || DEFAULT_CHROMIUM;
const available = existsSync(executable);
const reason = `Chromium not found at ${executable} (apt-get install chromium, or set DILATION_LAB_CHROMIUM)`;
if (!available && !process.env.CI) console.log(`skipping the PNG/SVG export tests: ${reason}`);

describe('Chromium is there when CI runs the export tests', () => {
  it.runIf(Boolean(process.env.CI))('finds the browser', () => {
    if (!available) throw new Error(`the PNG/SVG export tests need Chromium under CI: ${reason}`);
  });
});

describe.runIf(available)('PNG and SVG export', () => {
  const root = mkdtempSync(join(tmpdir(), 'dilation-lab-chromium-'));
  const example = readFileSync(
    new URL('../../docs/examples/gridding.yaml', import.meta.url),
    'utf8',
  );
  const small = {
    title: 'Sizes',
    experiments: [
      {
        name: 'sized',
        networks: [{ kernel: 'box:3', rates: [2, 2, 2] }],
        figures: [
          { kind: 'blind-fraction', options: { width: 400, height: 300, scale: 3 } },
          { kind: 'periodicity', options: { width: 520, height: 320, scale: 1.5 } },
        ],
      },
    ],
  };
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: executable, args: [...CHROMIUM_ARGS] });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Parses SVG text with the browser's XML parser: the root element's name, or the parse error. */
  async function parseSvg(
    text: string,
  ): Promise<{ root: string; error: string | null; width: string | null }> {
    const page = await browser.newPage();
    try {
      return await page.evaluate((s) => {
        const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
        const err = doc.getElementsByTagName('parsererror')[0];
        return {
          root: doc.documentElement.nodeName,
          error: err ? (err.textContent ?? 'parse error') : null,
          width: doc.documentElement.getAttribute('width'),
        };
      }, text);
    } finally {
      await page.close();
    }
  }

  it('renders every figure of an example config to a PNG of the manifest size and a well-formed SVG', async () => {
    const out = join(root, 'example');
    const r = await writeReport(example, out, { chromiumPath: executable });
    expect(r.warnings).toEqual([]);
    expect(r.images).toEqual(['png', 'svg']);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8'));
    expect(manifest.figures).toHaveLength(6);
    for (const f of manifest.figures) {
      const png = PNG.sync.read(readFileSync(join(out, 'figures', `${f.name}.png`)));
      expect([png.width, png.height]).toEqual([
        Math.round(f.width * f.scale),
        Math.round(f.height * f.scale),
      ]);
      const svg = await parseSvg(readFileSync(join(out, 'figures', `${f.name}.svg`), 'utf8'));
      expect(svg.error).toBeNull();
      expect(svg.root).toBe('svg');
      expect(svg.width).toBe(String(f.width));
    }
    // index.html draws every figure from file:// with no network and no script error.
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(/^https?:/, (route) => route.abort());
    await page.goto(`file://${join(out, 'index.html')}`);
    await page.waitForFunction(
      (n) => document.querySelectorAll('.plot .main-svg').length >= n,
      manifest.figures.length,
    );
    expect(await page.locator('.plot').count()).toBe(manifest.figures.length);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('renders at the width, height and scale a config asks for, the same bytes on every run', async () => {
    const a = await writeReport(small, join(root, 'sized-a'), { chromiumPath: executable });
    const b = await writeReport(small, join(root, 'sized-b'), { chromiumPath: executable });
    const sizes = [
      ['sized-blind-fraction', 1200, 900],
      ['sized-periodicity', 780, 480],
    ] as const;
    for (const [name, w, h] of sizes) {
      const png = PNG.sync.read(readFileSync(join(a.outDir, 'figures', `${name}.png`)));
      expect([png.width, png.height]).toEqual([w, h]);
      // Not blank: the plot draws dark pixels (axes, text, curves) on the white page.
      let dark = 0;
      for (let i = 0; i < png.data.length; i += 4)
        if (png.data[i] < 100 && png.data[i + 1] < 100) dark++;
      expect(dark).toBeGreaterThan(1000);
      for (const ext of ['svg', 'png']) {
        const fa = readFileSync(join(a.outDir, 'figures', `${name}.${ext}`));
        const fb = readFileSync(join(b.outDir, 'figures', `${name}.${ext}`));
        expect(fa.equals(fb)).toBe(true);
      }
    }
  }, 180_000);
});
