/**
 * The page's "Trained model" card in Chromium: an ONNX fixture chosen in the file input is
 * sent to the real server and shown as a network: summary with tap coverage, layer table,
 * per-layer power responses and the border validity of the dilated layers; a model whose
 * tap set has holes gets its blind-spot proof (exactly 0 at the centre output, a non-zero
 * control), drawn from the server's own forward passes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  haveChromium,
  type Lab,
  overflow,
  type ProofTrace,
  proofAtCentre,
  ROOT,
  requireChromium,
  SHOTS,
  settled,
  startLab,
} from './harness.ts';

requireChromium('the model card');

/** Chooses `file` in the model card and waits for its proof (or its error) to be said. */
async function dropModel(page: Page, file: string): Promise<void> {
  await page.setInputFiles('#model-file', path.join(ROOT, file));
  await page.waitForFunction(
    () => document.getElementById('model-status')?.dataset.tone === 'ok',
    null,
    { timeout: 30_000 },
  );
}

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
    // Its ERF and its proof (24 local holes; the image-pooling branch reads every sample).
    await page.waitForFunction(
      () =>
        ['model-erf-note', 'model-blindspots-note'].every(
          (id) => document.getElementById(id)?.dataset.tone !== undefined,
        ),
      null,
      { timeout: 60_000 },
    );
    expect(await page.locator('#model-erf-note').textContent()).toMatch(/24 holes/);
    expect(await page.locator('#model-blindspots-note').textContent()).toMatch(
      /^No holes and no unread samples: nothing to perturb\. .* Note: the local tap set has 24 holes, but a global branch \(image pooling\) reads every input sample: none is blind\.$/,
    );
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
  it.each([
    [1280, 800],
    [390, 844],
  ])(
    'a model with holes (blind2d: 3×3 convs at rates 2, 2, 4 with batch norm, ReLU, ReLU6 and tanh; 208 holes) at %i×%i: its measured ERF with gridding index 1 beside the exact tap set, and the proof — Δx visible, |Δy| exactly 0 at the centre output, the control non-zero',
    async (width, height) => {
      const page = await lab.browser.newPage({ viewport: { width, height } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(lab.server.url);
      await settled(page);
      await dropModel(page, 'test/fixtures/blindspots/blind2d.onnx');
      // The ERF of the trained model, its gridding index, the exact tap set beside it.
      await page.waitForFunction(
        () => document.getElementById('model-erf-note')?.dataset.tone !== undefined,
        null,
        { timeout: 60_000 },
      );
      expect(await page.locator('#model-erf-note').textContent()).toMatch(
        /^Measured over 8 seeded random inputs with the model's weights and nonlinearities: gridding index 1\.00 \(exact tap set 1\.00; 1 = holes\), 208 holes;/,
      );
      await page.waitForSelector('#model-erf .heatmaplayer .hm', { timeout: 30_000 });
      await page.waitForSelector('#model-taps .heatmaplayer .hm', { timeout: 30_000 });
      const [erfZ, tapZ] = await page.evaluate(() =>
        ['model-erf', 'model-taps'].map(
          (id) => (document.getElementById(id) as unknown as { data: ProofTrace[] }).data[0].z,
        ),
      );
      // 17×17 windows: the ERF is blank (no path) exactly where the tap set counts 0 paths.
      expect(erfZ?.flat()).toHaveLength(289);
      expect(tapZ?.flat()).toHaveLength(289);
      expect(erfZ?.flat().filter((v) => v === null)).toHaveLength(208);
      erfZ?.flat().forEach((v, i) => {
        expect(v === null).toBe(tapZ?.flat()[i] === 0);
      });
      await page.waitForFunction(
        () => {
          const n = document.getElementById('model-blindspots-note');
          return n?.dataset.tone === 'ok' || n?.dataset.tone === 'error';
        },
        null,
        { timeout: 60_000 },
      );
      const note = (await page.locator('#model-blindspots-note').textContent()) ?? '';
      // The sentence carries the server's maxOutputChange (0) and controlOutputChange (> 0).
      expect(note).toMatch(
        /^208 holes, 0 samples no output reads: 208 samples perturbed by \+10 changed the centre output by 0, exactly; [+-]10 at a reached sample changed it by /,
      );
      const control = Number(note.match(/changed it by ([0-9.e+-]+)\.$/)?.[1]);
      expect(control).toBeGreaterThan(0);
      await page.waitForSelector('#model-blindspots .heatmaplayer .hm', { timeout: 30_000 });
      const data = await page.evaluate(
        () =>
          (document.getElementById('model-blindspots') as unknown as { data: ProofTrace[] }).data,
      );
      const { heatmaps, holes, control: moved } = proofAtCentre(data);
      expect(heatmaps.map((t) => t.name)).toEqual([
        'perturbation',
        'outputChange',
        'controlChange',
      ]);
      // (a) the perturbation is visible: +10 at the 208 holes of the 17×17 window, 0 at the 81 taps.
      const dx = heatmaps[0].z?.flat() ?? [];
      expect(dx.filter((v) => v === 10)).toHaveLength(208);
      expect(dx.filter((v) => v === 0)).toHaveLength(81);
      // (b) 0 at the ringed centre output, (c) the control moves it.
      expect(holes).toBe(0);
      expect(moved).toBeGreaterThan(0);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.locator('.model-proof').scrollIntoViewIfNeeded();
      await page.waitForTimeout(200);
      await page.locator('.model-proof').screenshot({
        path: path.join(SHOTS, `model-blindspots-${width}x${height}.png`),
      });
      await page.locator('.model-erf').scrollIntoViewIfNeeded();
      await page.locator('.model-erf').screenshot({
        path: path.join(SHOTS, `model-erf-${width}x${height}.png`),
      });
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it('a gridding-free model (the TCN fixture): the card says there is no hole to prove and asks nothing', async () => {
    const page = await lab.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/blindspots') asked.push(r.url());
    });
    await page.goto(lab.server.url);
    await settled(page);
    await dropModel(page, 'test/fixtures/models/tcn.onnx');
    expect(await page.locator('#model-blindspots-note').textContent()).toMatch(
      /^No holes in the tap set: no blind spot to prove/,
    );
    expect(asked).toEqual([]);
    await page.close();
  });
  it('a model over 2 MiB: the ERF waits for the button (no /api/erf request before it), then draws', async () => {
    const page = await lab.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/erf') asked.push(r.url());
    });
    await page.goto(lab.server.url);
    await settled(page);
    // blind2d with a 2.1 MB doc_string (ModelProto field 6; a repeated singular field: the last wins).
    const pad = Buffer.alloc(2_100_000, 0x61);
    const len: number[] = [];
    for (let n = pad.length; ; n >>>= 7) {
      if (n < 0x80) {
        len.push(n);
        break;
      }
      len.push((n & 0x7f) | 0x80);
    }
    const big = Buffer.concat([
      readFileSync(path.join(ROOT, 'test/fixtures/blindspots/blind2d.onnx')),
      Buffer.from([0x32, ...len]),
      pad,
    ]);
    await page.setInputFiles('#model-file', {
      name: 'big.onnx',
      mimeType: 'application/octet-stream',
      buffer: big,
    });
    await page.waitForFunction(
      () => document.getElementById('model-status')?.dataset.tone === 'ok',
      null,
      { timeout: 30_000 },
    );
    await page.waitForSelector('#model-erf-run', { timeout: 30_000 });
    expect(await page.locator('#model-erf-note').textContent()).toMatch(
      /^big\.onnx is 2\.0 MiB: measuring its ERF runs 8 forward and backward passes on the server/,
    );
    expect(asked).toEqual([]);
    await page.click('#model-erf-run');
    await page.waitForFunction(
      () => document.getElementById('model-erf-note')?.dataset.tone === 'ok',
      null,
      { timeout: 60_000 },
    );
    expect(asked).toHaveLength(1);
    expect(await page.locator('#model-erf-note').textContent()).toMatch(/gridding index 1\.00/);
    await page.close();
  });
});
