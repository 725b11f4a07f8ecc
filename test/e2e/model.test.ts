/**
 * The page's "Trained model" card in Chromium: an ONNX fixture chosen in the file input is
 * sent to the real server and shown as a network: summary with tap coverage, layer table,
 * per-layer power responses and the border validity of the dilated layers.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  haveChromium,
  type Lab,
  ROOT,
  requireChromium,
  SHOTS,
  settled,
  startLab,
} from './harness.ts';

requireChromium('the model card');

describe.skipIf(!haveChromium)('the model card', { timeout: 90_000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ width: 1280, height: 900 });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('shows a dropped DeepLab-like model: its table, taps, power responses and ASPP border validity', async () => {
    const { page, server } = lab;
    await page.goto(server.url);
    await settled(page);
    await page.setInputFiles(
      '#model-file',
      path.join(ROOT, 'test/fixtures/models/deeplab_like.onnx'),
    );
    await page.waitForFunction(
      () => document.getElementById('model-status')?.dataset.tone === 'ok',
      null,
      {
        timeout: 30_000,
      },
    );
    expect(await page.locator('.model-table tbody tr').count()).toBe(12);
    const summary = (await page.locator('.model-summary').textContent()) ?? '';
    expect(summary).toContain('3001 of 3025 offsets reached');
    expect(summary).toContain('55×55 input samples');
    await page.waitForSelector('#model-power .scatterlayer .trace', { timeout: 30_000 });
    // 7 conv layers wider than 1 (stem, 2 + 2 residual, 2 ASPP rates) and the linearised composite
    expect(await page.locator('#model-power .scatterlayer .trace').count()).toBe(8);
    await page.waitForSelector('#model-border .barlayer .trace', { timeout: 30_000 });
    expect(await page.locator('#model-border .barlayer .trace').count()).toBe(2);
    await page.locator('#model').scrollIntoViewIfNeeded();
    await page.locator('#model').screenshot({ path: path.join(SHOTS, 'model-card-1280.png') });
    expect(lab.pageErrors).toEqual([]);
  });

  it('a file that is not ONNX: the card says what is wrong, naming the file, and the console stays quiet', async () => {
    const { page } = lab;
    // The page asks the server first whether it would accept the file (check=true, a 200):
    // the analysis is never asked for, and the browser logs no failed request.
    const said: string[] = [];
    page.on('console', (m) => said.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => said.push(`requestfailed: ${r.url()}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/') && u.searchParams.get('check') !== 'true')
        said.push(`request: ${r.url()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) said.push(`${r.status()} ${r.url()}`);
    });
    await page.setInputFiles('#model-file', {
      name: 'notes.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('not a model at all'),
    });
    await page.waitForFunction(
      () => document.getElementById('model-status')?.dataset.tone === 'error',
      null,
      {
        timeout: 30_000,
      },
    );
    expect(await page.locator('#model-status').textContent()).toMatch(
      /^notes\.onnx: model is .*not an ONNX/,
    );
    expect(said).toEqual([]);
  });
});
