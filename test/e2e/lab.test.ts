/**
 * End-to-end tests of the browser lab in headless Chromium (Debian's /usr/bin/chromium
 * driven by playwright-core): the real web bundle, the real server on an ephemeral port.
 * Screenshots go to test-output/screenshots/ for people to look at.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import {
  haveChromium,
  type Lab,
  requireChromium,
  SHOTS,
  settled,
  startLab,
  summaryValue,
} from './harness.ts';

requireChromium('the browser lab');

interface LabWindow {
  dilationLab: {
    visibleCards: () => string[];
    drawn: (key: string) => boolean;
    requests: () => number;
    figures: () => Map<string, unknown>;
  };
}

const CARDS = [
  'taps2d',
  'magnitude',
  'phase',
  'groupdelay',
  'phasedelay',
  'zerophase',
  'zplane',
  'impulse',
  'step',
  'taps1d',
  'nullmap',
  'matrix',
  'response2d',
  'growth',
  'border',
  'erf',
  'blindspots',
];

/** Whether card `key` holds a Plotly plot with data. */
function cardHasPlot(page: Page, key: string): Promise<boolean> {
  return page.evaluate(
    (k) =>
      ((document.getElementById(`plot-${k}`) as unknown as { data?: unknown[] })?.data ?? [])
        .length > 0,
    key,
  );
}

/**
 * Scrolls every card into view, as a reader would, waiting for each to be drawn (the page
 * draws a card when it comes on screen), then back to the top.
 */
async function scrollThroughCards(page: Page): Promise<void> {
  for (const key of CARDS) {
    await page.locator(`#card-${key}`).scrollIntoViewIfNeeded();
    await page.waitForFunction((k) => (window as unknown as LabWindow).dilationLab.drawn(k), key, {
      timeout: 20_000,
    });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The number of Plotly plots on the page that hold data, once every card was scrolled to. */
async function plotsWithData(page: Page): Promise<number> {
  await scrollThroughCards(page);
  return page.evaluate(
    () =>
      Array.from(document.querySelectorAll('.js-plotly-plot')).filter(
        (el) => ((el as unknown as { data?: unknown[] }).data ?? []).length > 0,
      ).length,
  );
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

describe.skipIf(!haveChromium)('the browser lab', { timeout: 60_000 }, () => {
  let lab: Lab;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    lab = await startLab({ width: 1280, height: 800 });
    ({ server, browser, page, pageErrors } = lab);
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('opens on the default comparison and draws every plot', async () => {
    await page.goto(server.url);
    await settled(page);
    expect(await plotsWithData(page)).toBe(CARDS.length);
    expect(await page.inputValue('#net-A-rates')).toBe('2,2,2');
    expect(await page.inputValue('#net-B-rates')).toBe('1,2,5');
    await page.waitForTimeout(300);
    await shot(page, 'lab-default-1280x800');
    await shot(page, 'lab-default-full', true);
    expect(pageErrors).toEqual([]);
  });

  it('opens the default view without an API request: the server embeds its answers', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const fresh = await context.newPage();
      const api: string[] = [];
      fresh.on('request', (r) => {
        if (r.url().includes('/api/')) api.push(r.url());
      });
      await fresh.goto(server.url);
      await settled(fresh);
      expect(await summaryValue(fresh, 'A', 'holes')).toMatch(/^6 of 13/);
      expect(await summaryValue(fresh, 'B', 'holes')).toBe('none');
      const onScreen = await fresh.evaluate(() =>
        (window as unknown as LabWindow).dilationLab.visibleCards(),
      );
      for (const key of onScreen) {
        await fresh.waitForFunction(
          (k) => (window as unknown as LabWindow).dilationLab.drawn(k),
          key,
        );
        expect(await cardHasPlot(fresh, key)).toBe(true);
      }
      expect(api).toEqual([]);
      // An edit still asks the server, for the changed network only.
      await fresh.fill('#net-B-rates', '1,3,5');
      await settled(fresh);
      expect(api.length).toBeGreaterThan(0);
      expect(api.every((u) => !/rates=2%2C2%2C2/.test(u))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('draws the cards on screen first and an off-screen card only once it is scrolled to', async () => {
    await page.goto(server.url);
    await settled(page);
    const onScreen = await page.evaluate(() =>
      (window as unknown as LabWindow).dilationLab.visibleCards(),
    );
    expect(onScreen.length).toBeGreaterThan(0);
    expect(onScreen).not.toContain('border');
    for (const key of onScreen) {
      await page.waitForFunction((k) => (window as unknown as LabWindow).dilationLab.drawn(k), key);
      expect(await cardHasPlot(page, key)).toBe(true);
    }
    await page.waitForTimeout(300);
    expect(await cardHasPlot(page, 'border')).toBe(false);
    await page.locator('#card-border').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (window as unknown as LabWindow).dilationLab.drawn('border'));
    expect(await cardHasPlot(page, 'border')).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('asks the server again only for the network that changed', async () => {
    await page.goto(server.url);
    await settled(page);
    const urls: string[] = [];
    const listen = (r: { url: () => string; postData: () => string | null }) =>
      urls.push(`${r.url()} ${r.postData() ?? ''}`);
    page.on('request', listen);
    const before = await page.evaluate(() =>
      (window as unknown as LabWindow).dilationLab.requests(),
    );
    await page.fill('#net-B-rates', '1,2,7');
    await settled(page);
    page.off('request', listen);
    const api = urls.filter((u) => u.includes('/api/'));
    expect(api.length).toBeGreaterThan(0);
    // Network A (box:3 at 2,2,2) is unchanged: none of its requests is sent again.
    expect(
      api.filter((u) => /rates=2%2C2%2C2|"rates":"2,2,2"|"dilation":2\}.*"dilation":2\}/.test(u)),
    ).toEqual([]);
    expect(api.every((u) => /1%2C2%2C7|"dilation":7/.test(u))).toBe(true);
    const after = await page.evaluate(() =>
      (window as unknown as LabWindow).dilationLab.requests(),
    );
    expect(after - before).toBe(api.length);
    // Going back to an earlier view is answered from the page's memory.
    page.on('request', listen);
    urls.length = 0;
    await page.fill('#net-B-rates', '1,2,5');
    await settled(page);
    page.off('request', listen);
    expect(urls.filter((u) => u.includes('/api/'))).toEqual([]);
    expect(await summaryValue(page, 'B', 'holes')).toBe('none');
  });

  it('shows the holes of the gridding stack and none for the hybrid schedule, as analyze counts them', async () => {
    const a = analyze(shortFormNetwork({ kernel: 'box:3', rates: '2,2,2' }), { mapSize: 65 });
    const b = analyze(shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' }), { mapSize: 65 });
    expect(await summaryValue(page, 'A', 'holes')).toBe(
      `${a.coverage.holes} of ${a.coverage.size} (46.2 %)`,
    );
    expect(await summaryValue(page, 'B', 'holes')).toBe('none');
    expect(b.coverage.holes).toBe(0);
    expect(await summaryValue(page, 'A', 'receptive-field')).toBe(`${a.receptiveField} samples`);
    expect(await summaryValue(page, 'A', 'coverage')).toBe('grids');
    expect(await summaryValue(page, 'B', 'coverage')).toBe('gridding-free');
  });

  it('recomputes the summary when the rates change, without a reload', async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    await page.fill('#net-A-rates', '1,2,5');
    await settled(page);
    expect(await summaryValue(page, 'A', 'holes')).toBe('none');
    await page.fill('#net-A-rates', '2,4');
    await settled(page);
    const c = analyze(shortFormNetwork({ kernel: 'box:3', rates: '2,4' }));
    expect(await summaryValue(page, 'A', 'holes')).toBe(
      `${c.coverage.holes} of ${c.coverage.size} (${(100 * c.coverage.holeFraction).toFixed(1)} %)`,
    );
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(page.url()).toContain('a.rates=2,4');
    await page.fill('#net-A-rates', '2,2,2');
    await settled(page);
  });

  it('shows a bad rate’s error next to its field and keeps the last good plots', async () => {
    await scrollThroughCards(page);
    const before = await page.evaluate(() =>
      JSON.stringify(
        (document.getElementById('plot-taps1d') as unknown as { data: unknown[] }).data,
      ),
    );
    await page.fill('#net-A-rates', '2,0,2');
    await settled(page, 'Fix the marked value');
    const error = page.locator('#net-A-rates-error');
    await expect(error.isVisible()).resolves.toBe(true);
    expect(await error.textContent()).toContain('rates[1] must be a positive integer');
    expect(await page.getAttribute('#net-A-rates', 'aria-invalid')).toBe('true');
    expect(await plotsWithData(page)).toBe(CARDS.length);
    const after = await page.evaluate(() =>
      JSON.stringify(
        (document.getElementById('plot-taps1d') as unknown as { data: unknown[] }).data,
      ),
    );
    expect(after).toBe(before);
    expect(await summaryValue(page, 'A', 'holes')).toContain('6 of 13');
    await shot(page, 'lab-inline-error');
    await page.fill('#net-A-rates', '2,2,2');
    await settled(page);
    await expect(error.isVisible()).resolves.toBe(false);
    expect(await page.getAttribute('#net-A-rates', 'aria-invalid')).toBeNull();
  });

  it('shows a bad map size next to the map-size field', async () => {
    await page.fill('#opt-map', '0');
    await settled(page, 'Fix the marked value');
    expect(await page.locator('#opt-map-error').textContent()).toMatch(/mapSize/);
    await page.fill('#opt-map', '65');
    await settled(page);
  });

  it('restores the whole view from a copied link', async () => {
    await page.click('#add-net');
    await settled(page);
    await page.selectOption('#net-C-preset', 'hdc');
    await settled(page);
    await page.fill('#net-B-rates', '1,2,3');
    await page.selectOption('#net-B-mode', 'parallel');
    await page.selectOption('#opt-units', 'cycles');
    await page.check('#opt-scale-db');
    await settled(page);
    const link = page.url();
    const summaries = await page.locator('#summaries').textContent();
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await other.goto(link);
    await settled(other);
    expect(await other.inputValue('#net-B-rates')).toBe('1,2,3');
    expect(await other.inputValue('#net-B-mode')).toBe('parallel');
    expect(await other.inputValue('#net-C-preset')).toBe('hdc');
    expect(await other.inputValue('#opt-units')).toBe('cycles');
    expect(await other.isChecked('#opt-scale-db')).toBe(true);
    expect(await other.locator('#summaries').textContent()).toBe(summaries);
    expect(await plotsWithData(other)).toBe(CARDS.length);
    await shot(other, 'lab-three-networks-full', true);
    await other.close();
  });

  it('switches to 2-D and draws the checkerboard of the gridding stack', async () => {
    await page.goto(`${server.url}?dims=2`);
    await settled(page);
    expect(await page.inputValue('#net-A-kernel')).toBe('box:3x3');
    const a = analyze(shortFormNetwork({ kernel: 'box:3x3', rates: '2,2,2' }));
    expect(await summaryValue(page, 'A', 'receptive-field')).toBe('13×13 pixels');
    expect(await summaryValue(page, 'A', 'holes')).toContain(
      `${a.coverage.holes} of ${a.coverage.size}`,
    );
    const z = await page.evaluate(
      () =>
        (document.getElementById('plot-taps2d') as unknown as { data: { z: number[][] }[] }).data[0]
          .z,
    );
    expect(z[0][0]).toBeGreaterThan(0);
    expect(await plotsWithData(page)).toBe(CARDS.length);
    expect(z[0][1]).toBe(0);
    expect(z[1][1]).toBe(0);
    await shot(page, 'lab-2d-full', true);
    await page.locator('#card-taps2d').screenshot({ path: path.join(SHOTS, 'lab-2d-taps.png') });
  });

  it('is readable on a narrow screen', async () => {
    const narrow = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await narrow.goto(server.url);
    await settled(narrow);
    expect(await plotsWithData(narrow)).toBe(CARDS.length);
    const overflow = await narrow.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(narrow, 'lab-narrow-390', true);
    await narrow.close();
  });

  it('exports a figure’s data as CSV whose header matches its JSON', async () => {
    await page.goto(server.url);
    await settled(page);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#card-taps1d button[data-format="csv"]'),
    ]);
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#card-taps1d button[data-format="json"]'),
    ]);
    expect(csv.suggestedFilename()).toBe('dilation-lab-taps-1d.csv');
    const csvText = await streamText(await csv.createReadStream());
    const jsonText = JSON.parse(await streamText(await json.createReadStream()));
    expect(csvText.split('\n')[0]).toBe(jsonText.columns.join(','));
    const holes = csvText.split('\n').filter((l) => l.startsWith('A,hole,'));
    expect(holes.length).toBe(6);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#card-magnitude button[data-format="png"]'),
    ]);
    expect(png.suggestedFilename()).toBe('dilation-lab-magnitude-linear.png');
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
