/**
 * The page's "Blind spots" card in Chromium: drawn when scrolled to, from the real server's
 * /api/blindspots: the perturbation, the centre output unchanged (exactly 0) and the control
 * beside it, with colour bars on the 2-D heatmaps; stacked on a phone.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  haveChromium,
  type Lab,
  overflow,
  type ProofTrace,
  proofAtCentre,
  requireChromium,
  SHOTS,
  settled,
  startLab,
} from './harness.ts';

requireChromium('the blind-spot card');

async function showCard(page: Page): Promise<ProofTrace[]> {
  await page.locator('#card-blindspots').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () =>
      (window as unknown as { dilationLab: { drawn(k: string): boolean } }).dilationLab.drawn(
        'blindspots',
      ),
    null,
    { timeout: 30_000 },
  );
  return page.evaluate(
    () => (document.getElementById('plot-blindspots') as unknown as { data: ProofTrace[] }).data,
  );
}

describe.skipIf(!haveChromium)('the blind-spot card', { timeout: 120_000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ width: 1280, height: 800 });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('asks nothing until it is scrolled to, then proves the 1-D first view: 0 at the centre', async () => {
    const { page, server } = lab;
    await page.goto(server.url);
    await settled(page);
    expect(await page.evaluate(() => document.querySelector('#plot-blindspots .main-svg'))).toBe(
      null,
    );
    const data = await showCard(page);
    // Box 3 at rates 2,2,2: the six odd offsets −5 … 5 are perturbed by 10.
    const bars = data.filter((t) => t.type === 'bar');
    expect(bars).toHaveLength(3);
    expect(bars[0].y?.filter((v) => v === 10)).toHaveLength(6);
    const note = (await page.locator('#note-blindspots').textContent()) ?? '';
    expect(note).toMatch(
      /6 holes, 0 samples no output reads: 6 samples perturbed by \+10 changed the centre output by 0, exactly/,
    );
    expect(
      data.every((t) => !t.hovertemplate || /units|reached|control/.test(t.hovertemplate)),
    ).toBe(true);
    await page.locator('#card-blindspots').screenshot({
      path: path.join(SHOTS, 'blindspots-card-1d-1280.png'),
    });
    expect(lab.pageErrors).toEqual([]);
  });

  it.each([
    [1280, 800],
    [390, 844],
  ])(
    'draws 2-D heatmaps with colour bars at %i×%i, 0 at the centre output',
    async (width, height) => {
      const page = await lab.browser.newPage({ viewport: { width, height } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${lab.server.url}?dims=2`);
      await settled(page);
      const data = await showCard(page);
      const { heatmaps, holes, control } = proofAtCentre(data);
      expect(heatmaps.map((t) => t.name)).toEqual([
        'perturbation',
        'outputChange',
        'controlChange',
      ]);
      expect(heatmaps.every((t) => t.showscale !== false)).toBe(true);
      // The centre output of (b): its ring marker sits on a 0 of the heatmap.
      expect(holes).toBe(0);
      expect(control).toBeGreaterThan(0);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.waitForTimeout(200);
      await page.locator('#card-blindspots').screenshot({
        path: path.join(SHOTS, `blindspots-card-2d-${width}.png`),
      });
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});
