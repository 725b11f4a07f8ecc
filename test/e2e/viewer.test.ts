/**
 * Browser tests of the viewer's page features (issue 13): the automatic frequency grid,
 * the network spec editor, keyboard use and a console that stays quiet on bad input.
 */
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { haveChromium, type Lab, requireChromium, settled, startLab } from './harness.ts';

requireChromium('the viewer page');

interface LabWindow {
  dilationLab: {
    figures: () => Map<string, { data: { x?: unknown[]; name?: string }[] }>;
  };
}

/** The largest frequency of the magnitude figure's first curve, as a share of π. */
function magnitudeEnd(page: Page): Promise<number> {
  return page.evaluate(() => {
    const x = (window as unknown as LabWindow).dilationLab.figures().get('magnitude')?.data[0].x;
    return x ? Number(x[x.length - 1]) / Math.PI : Number.NaN;
  });
}

describe.skipIf(!haveChromium)('the viewer page', { timeout: 90_000 }, () => {
  let lab: Lab;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let consoleMessages: string[];
  /** The n of every /api/response request sent. */
  const responseN: number[] = [];

  beforeAll(async () => {
    lab = await startLab({ width: 1280, height: 800 });
    ({ server, browser, page } = lab);
    consoleMessages = [];
    page.on('console', (m: ConsoleMessage) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/response') responseN.push(Number(u.searchParams.get('n')));
    });
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('raises N so a rate-512 layer gets 16 points per period, and says so under the N menu', async () => {
    await page.goto(`${server.url}/?a.kernel=box:3&a.rates=1,512`);
    await settled(page);
    expect(await page.inputValue('#opt-n')).toBe('1024');
    // ω = πk/N for k = 0…N: 2N/512 = 16 points per period needs N = 4096
    expect(responseN).toEqual([4096]);
    expect(await magnitudeEnd(page)).toBeCloseTo(1, 12);
    const note = page.locator('#opt-n-note');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toBe(
      'N raised to 4096: the fastest layer (rate 512) gets 16 points per period.',
    );
    responseN.length = 0;
    await page.fill('#net-A-rates', '1,2,5');
    await settled(page);
    expect(responseN).toEqual([1024]);
    expect(await note.isVisible()).toBe(false);
    expect(browser.isConnected()).toBe(true);
  });
});
