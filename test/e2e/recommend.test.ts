/**
 * End-to-end tests of the lab's Recommend panel in headless Chromium (the same launch as
 * lab.test.ts: Debian's /usr/bin/chromium through playwright-core, the real bundle, the real
 * server on an ephemeral port). Screenshots go to test-output/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { recommend, recommendParallel } from '../../src/recommend/index.ts';
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

requireChromium('the Recommend panel');

/** Waits until the panel's search has answered (a table or an error). */
async function searched(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        window as unknown as { dilationLab?: { recommendIdle: () => boolean } }
      ).dilationLab?.recommendIdle() === true &&
      (document.getElementById('rec-status')?.textContent ?? '') !== 'Searching…',
    undefined,
    { timeout: 20_000 },
  );
}

describe.skipIf(!haveChromium)('the Recommend panel', { timeout: 60_000 }, () => {
  let lab: Lab;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    lab = await startLab({ width: 1280, height: 900 });
    ({ server, browser, page, pageErrors } = lab);
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('answers the issue’s question with a ranked table and the references beside it', async () => {
    await page.goto(server.url);
    await settled(page);
    // The panel opens on the question: 4 layers of 3×3 kernels, RF at least 45.
    expect(await page.inputValue('#rec-kernel')).toBe('box:3x3');
    expect(await page.inputValue('#rec-layers')).toBe('4');
    expect(await page.inputValue('#rec-rf')).toBe('45');
    await page.click('#rec-run');
    await searched(page);
    const want = recommend({ kernel: 'box:3x3', layers: 4, receptiveField: { atLeast: 45 } });
    const picks = await page.$$eval('#rec-result tr.rec-pick', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.rates),
    );
    expect(picks).toEqual(want.picks.map((p) => p.rates.join(',')));
    const refs = await page.$$eval('#rec-result tr.rec-ref', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.rates),
    );
    expect(refs).toEqual(want.references.map((r) => r.rates.join(',')));
    // The top row's numbers are the library's: RF 81×81, no hole, no shared null.
    const top = await page
      .locator('#rec-result tr.rec-pick')
      .first()
      .locator('td')
      .allTextContents();
    expect(top.slice(0, 5)).toEqual(['1', '1,3,9,27', '81×81', '0', '0']);
    // HDC fails the receptive field, and says so.
    expect(await page.locator('#rec-result tr.rec-ref').first().textContent()).toContain(
      'fails: receptive field 19 < 45',
    );
    const search = (await page.textContent('#rec-search')) ?? '';
    expect(search).toContain(`Searched ${want.search.space.toLocaleString('en-US')} candidates`);
    expect(search).toContain('exhaustive');
    expect(await page.textContent('#rec-paste-code')).toContain('dilation = [1, 3, 9, 27]');
    await page.locator('#recommend').screenshot({ path: path.join(SHOTS, 'recommend-panel.png') });
    expect(pageErrors).toEqual([]);
  });

  it('loads a pick into network A and recomputes A’s summary', async () => {
    const before = await summaryValue(page, 'A', 'receptive-field');
    expect(before).toBe('13 samples');
    await page.locator('#rec-result tr.rec-pick').first().locator('button[data-net="A"]').click();
    await settled(page);
    const a = analyze(shortFormNetwork({ kernel: 'box:3x3', rates: [1, 3, 9, 27] }));
    expect(await summaryValue(page, 'A', 'receptive-field')).toBe('81×81 pixels');
    expect(a.receptiveField).toEqual([81, 81]);
    expect(await summaryValue(page, 'A', 'holes')).toBe('none');
    expect(await page.inputValue('#net-A-rates')).toBe('1,3,9,27');
    expect(await page.inputValue('#net-A-kernel')).toBe('box:3x3');
    expect(await page.isChecked('#opt-dims-2')).toBe(true);
    // The HDC reference goes into B for a side-by-side look.
    await page.locator('#rec-result tr.rec-ref').first().locator('button[data-net="B"]').click();
    await settled(page);
    expect(await page.inputValue('#net-B-rates')).toBe('1,2,5,1');
    expect(await summaryValue(page, 'B', 'receptive-field')).toBe('19×19 pixels');
    expect(page.url()).toContain('rec=stack');
    await page.screenshot({ path: path.join(SHOTS, 'recommend-loaded.png') });
    await page.screenshot({ path: path.join(SHOTS, 'recommend-loaded-full.png'), fullPage: true });
  });

  it('shows a bad value’s error at its field, with nothing in the console', async () => {
    // What Chromium would log: console messages, and a 4xx or 5xx answer to any request.
    const logged: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) =>
      logged.push(`${m.type()}: ${m.text()}`);
    const onResponse = (r: { status(): number; url(): string }) => {
      if (r.status() >= 400) logged.push(`${r.status()} ${r.url()}`);
    };
    page.on('console', onConsole);
    page.on('response', onResponse);
    await page.fill('#rec-rf', '100000');
    await page.fill('#rec-max-rate', '8');
    await page.click('#rec-run');
    await searched(page);
    const err = page.locator('#rec-rf-error');
    expect(await err.isVisible()).toBe(true);
    // the message names the field and the value, and the bound that rules it out
    expect(await err.textContent()).toMatch(
      /receptiveField asks for at least 100000, but .* at most/,
    );
    expect(await page.getAttribute('#rec-rf', 'aria-invalid')).toBe('true');
    await page.locator('#recommend').screenshot({ path: path.join(SHOTS, 'recommend-error.png') });
    await page.fill('#rec-layers', '0');
    await page.click('#rec-run');
    await searched(page);
    expect(await page.locator('#rec-layers-error').textContent()).toContain('layers');
    expect(await page.locator('#rec-rf-error').isVisible()).toBe(false);
    page.off('console', onConsole);
    page.off('response', onResponse);
    expect(logged).toEqual([]);
    await page.fill('#rec-layers', '4');
    await page.fill('#rec-rf', '45');
    await page.fill('#rec-max-rate', '');
  });

  it('recommends ASPP rate sets next to DeepLab’s and loads one as a parallel network', async () => {
    await page.check('#rec-kind-parallel');
    expect(await page.inputValue('#rec-pmap')).toBe('33');
    await page.click('#rec-run');
    await searched(page);
    const want = recommendParallel({ branches: 3, mapSize: 33, outputStride: 16, top: 5 });
    const picks = await page.$$eval('#rec-result tr.rec-pick', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.rates),
    );
    expect(picks).toEqual(want.picks.map((p) => p.rates.join(',')));
    const refs = await page.$$eval('#rec-result tr.rec-ref', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.rates),
    );
    expect(refs).toEqual(['6,12,18', '12,24,36']);
    await page.locator('#recommend').screenshot({ path: path.join(SHOTS, 'recommend-aspp.png') });
    await page.locator('#rec-result tr.rec-pick').first().locator('button[data-net="A"]').click();
    await settled(page);
    expect(await page.inputValue('#net-A-mode')).toBe('parallel');
    expect(await page.inputValue('#net-A-merge')).toBe('concat');
    expect(await page.inputValue('#opt-map')).toBe('33');
    expect(await page.inputValue('#net-A-rates')).toBe(want.picks[0].rates.join(','));
  });

  it('restores the panel and its answer from a copied link', async () => {
    const link = page.url();
    const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await other.goto(link);
    await settled(other);
    await searched(other);
    expect(await other.isChecked('#rec-kind-parallel')).toBe(true);
    expect(await other.locator('#rec-result tr.rec-pick').count()).toBe(5);
    await other.close();
  });

  it('is readable on a narrow screen', async () => {
    const narrow = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await narrow.goto(`${server.url}?rec=stack`);
    await settled(narrow);
    await searched(narrow);
    const overflow = await narrow.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await narrow
      .locator('#recommend')
      .screenshot({ path: path.join(SHOTS, 'recommend-narrow-390.png') });
    await narrow.close();
    expect(pageErrors).toEqual([]);
  });
});
