/**
 * The page's layout checked by structure in headless Chromium: on a 390×844 phone no two plot
 * boxes overlap (neither the cards' plots nor the panels and panel titles inside one plot), no
 * panel title is cut at the plot's edge and no Recommend button lies off-screen; with the
 * system in dark mode the page is dark. Screenshots go to test-output/screenshots/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, type Lab, requireChromium, SHOTS, settled, startLab } from './harness.ts';

requireChromium('the page layout');

interface Box {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The pairs of boxes whose interiors meet (1 px of touching is allowed). */
function overlaps(boxes: Box[]): string[] {
  const hits: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) hits.push(`${a.name} × ${b.name}`);
    }
  return hits;
}

/** Scrolls each figure card into view and waits until the page has drawn it. */
async function drawEveryCard(page: Page): Promise<void> {
  const keys = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('[id^="card-"]')).map((e) => e.id.slice(5)),
  );
  for (const key of keys) {
    await page.locator(`#card-${key}`).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (k) =>
        (window as unknown as { dilationLab: { drawn: (k: string) => boolean } }).dilationLab.drawn(
          k,
        ),
      key,
      { timeout: 20_000 },
    );
  }
}

describe.skipIf(!haveChromium)('the page layout', { timeout: 120_000 }, () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ width: 390, height: 844 });
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
  });

  it('at 390×844 has no overlapping plot boxes, no cut panel title, every Recommend button on screen', async () => {
    const { page, server } = lab;
    await page.goto(server.url);
    await settled(page);
    await page.click('#rec-run');
    await page.waitForSelector('.rec-table td.rec-load button', { timeout: 20_000 });
    await drawEveryCard(page);
    const found = await page.evaluate(() => {
      const box = (name: string, e: Element) => {
        const r = e.getBoundingClientRect();
        return {
          name,
          left: r.left,
          top: r.top + window.scrollY,
          right: r.right,
          bottom: r.bottom + window.scrollY,
        };
      };
      const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
      return {
        plots: plots.map((p) => box(p.id, p.querySelector('.main-svg') ?? p)),
        inner: plots.map((p) => ({
          id: p.id,
          plot: box(p.id, p),
          panels: Array.from(p.querySelectorAll('.draglayer .nsewdrag')).map((e, i) =>
            box(`${p.id} panel ${i}`, e),
          ),
          titles: Array.from(p.querySelectorAll('.annotation')).map((e, i) =>
            box(`${p.id} title ${i}`, e),
          ),
        })),
        buttons: Array.from(document.querySelectorAll('.recommend button')).map((b) =>
          box(b.textContent?.trim() ?? '', b),
        ),
        viewport: window.innerWidth,
      };
    });
    expect(found.plots.length).toBeGreaterThanOrEqual(10);
    expect(overlaps(found.plots)).toEqual([]);
    const twoD = found.inner.filter((p) => p.panels.length > 1);
    expect(twoD.map((p) => p.id)).toEqual(
      expect.arrayContaining(['plot-taps2d', 'plot-response2d']),
    );
    for (const p of found.inner) {
      expect(overlaps([...p.panels, ...p.titles]), p.id).toEqual([]);
      for (const t of p.titles) {
        expect(t.left, t.name).toBeGreaterThanOrEqual(p.plot.left - 1);
        expect(t.right, t.name).toBeLessThanOrEqual(p.plot.right + 1);
      }
    }
    expect(found.buttons.filter((b) => b.name.startsWith('→')).length).toBeGreaterThan(0);
    const off = found.buttons.filter((b) => b.left < 0 || b.right > found.viewport);
    expect(off.map((b) => `${b.name} at ${Math.round(b.left)}..${Math.round(b.right)}`)).toEqual(
      [],
    );
    await page.screenshot({
      path: path.join(SHOTS, 'lab-mobile-390x844-full.png'),
      fullPage: true,
    });
    // The phone's screen where the 2-D panels used to collide: the tap-coverage card on top.
    await page.evaluate(() => document.getElementById('card-taps2d')?.scrollIntoView());
    await page.screenshot({ path: path.join(SHOTS, 'lab-mobile-390x844.png') });
    expect(lab.pageErrors).toEqual([]);
  });

  it('follows a dark system setting: dark page, dark figures, light text', async () => {
    const dark = await lab.browser.newPage({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'dark',
    });
    const errors: string[] = [];
    dark.on('pageerror', (e) => errors.push(e.message));
    await dark.goto(lab.server.url);
    await settled(dark);
    // The magnitude card is below the fold at 1280×800: draw it without scrolling.
    await dark.evaluate(() =>
      (
        window as unknown as { dilationLab: { drawAll: () => Promise<void> } }
      ).dilationLab.drawAll(),
    );
    await dark.waitForFunction(
      () =>
        (window as unknown as { dilationLab: { drawn: (k: string) => boolean } }).dilationLab.drawn(
          'magnitude',
        ),
      undefined,
      { timeout: 20_000 },
    );
    const colours = await dark.evaluate(() => {
      const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const bg = document.querySelector('#plot-magnitude .main-svg .bg');
      return {
        page: rgb(getComputedStyle(document.body).backgroundColor),
        text: rgb(getComputedStyle(document.body).color),
        card: rgb(getComputedStyle(document.querySelector('.card') as Element).backgroundColor),
        plot: rgb(bg?.getAttribute('style')?.match(/fill: ([^;]+)/)?.[1] ?? ''),
      };
    });
    // Relative luminance (sRGB, ITU-R BT.709 weights on linearised channels), 0 black .. 1 white.
    const lum = ([r, g, b]: number[]) => {
      const lin = (v: number) => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    expect(colours.page).toHaveLength(3);
    expect(colours.plot).toHaveLength(3);
    expect(lum(colours.page)).toBeLessThan(0.05);
    expect(lum(colours.card)).toBeLessThan(0.05);
    expect(lum(colours.plot)).toBeLessThan(0.05);
    expect(lum(colours.text)).toBeGreaterThan(0.6);
    await dark.screenshot({ path: path.join(SHOTS, 'lab-dark-1280x800.png') });
    expect(errors).toEqual([]);
    await dark.close();
  });
});
