/**
 * What the browser tests share: Debian's /usr/bin/chromium driven by playwright-core, the
 * real web bundle and the real server on an ephemeral loopback port. When Chromium is
 * missing, a suite fails with the install line under CI and is skipped with a printed reason
 * elsewhere (`requireChromium`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = path.join(ROOT, 'test-output', 'screenshots');
export const haveChromium = existsSync(CHROMIUM);
const missing = `Chromium is not installed at ${CHROMIUM}: install it with \`apt-get install chromium\` to run the browser tests.`;

/** Under CI a missing Chromium is a failing test; elsewhere the suite says why it is skipped. */
export function requireChromium(suite: string): void {
  if (haveChromium) return;
  if (process.env.CI) {
    describe(suite, () => {
      it('needs Chromium in CI', () => {
        throw new Error(missing);
      });
    });
  } else {
    console.warn(`\n[e2e] SKIPPED ${suite} tests: ${missing}\n`);
  }
}

/** A running lab: the server, a headless browser and one page, with the page's errors. */
export interface Lab {
  server: RunningServer;
  browser: Browser;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

/** Builds the web bundle, starts the server on 127.0.0.1:0 and opens a page of `viewport`. */
export async function startLab(viewport: { width: number; height: number }): Promise<Lab> {
  mkdirSync(SHOTS, { recursive: true });
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], {
    stdio: 'pipe',
  });
  const server = await startServer({ port: 0, host: '127.0.0.1', announce: null });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    server,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Waits until the page has finished recomputing and shows its status. */
export async function settled(page: Page, status = 'Up to date'): Promise<void> {
  await page.waitForFunction(
    (want) => document.getElementById('status')?.textContent?.startsWith(want) ?? false,
    status,
    { timeout: 20_000 },
  );
}

/**
 * Opens the spec editor and waits until it has loaded the current network's spec: the
 * `<details>` toggle event that loads it fires after the click returns, and a `fill` that
 * races it would have its text appended to the loaded spec instead of replacing it.
 */
export async function openSpecEditor(page: Page): Promise<void> {
  await page.click('#spec-editor summary');
  await page.waitForFunction(
    () => (document.getElementById('spec-text') as HTMLTextAreaElement | null)?.value !== '',
    undefined,
    { timeout: 10_000 },
  );
}

/** The text of one summary value of network `net` (A, B, C). */
export function summaryValue(page: Page, net: string, key: string): Promise<string> {
  return page
    .locator(`.summary[data-net="${net}"] dd[data-key="${key}"] .value`)
    .textContent()
    .then((t) => t ?? '');
}

/** A trace of a plotted proof (web/src/blindspots.ts `drawProof`), as Plotly holds it. */
export interface ProofTrace {
  type?: string;
  name?: string;
  z?: number[][];
  y?: number[];
  x?: number[];
  showscale?: boolean;
  hovertemplate?: string;
}

/**
 * What a plotted 2-D blind-spot proof shows at its ringed centre output: the heatmaps'
 * names, |Δy| of (b) (the holes perturbed) and of (c) (the control) read at the ring.
 */
export function proofAtCentre(data: ProofTrace[]): {
  heatmaps: ProofTrace[];
  holes: number | undefined;
  control: number | undefined;
} {
  const heatmaps = data.filter((t) => t.type === 'heatmap');
  const ring = data.find((t) => t.name === 'centre output');
  const out = heatmaps[1];
  const r = (ring?.y?.[0] ?? 0) - (out?.y?.[0] ?? 0);
  const c = (ring?.x?.[0] ?? 0) - (out?.x?.[0] ?? 0);
  return { heatmaps, holes: out?.z?.[r]?.[c], control: heatmaps[2]?.z?.[r]?.[c] };
}

/** How far the page is wider than its viewport (≤ 0: no sideways scrolling). */
export function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
