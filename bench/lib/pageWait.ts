/**
 * What the page benchmarks share (bench/page.ts, bench/lib/pageAB.ts,
 * bench/lib/pageProfile.ts): the Chromium they drive and what they wait for, the status up
 * to date and every card on screen drawn after `since` (performance.now() in the page),
 * which resolves to the last card's plotly_afterplot time.
 */
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, which the benchmarks drive. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium as the page benchmarks run it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** The page's test hook (web/src/main.ts `window.dilationLab`), as far as the wait reads it. */
export interface LabHook {
  dilationLab: {
    visibleCards: () => string[];
    afterplot: () => Record<string, number>;
    drawn: (key: string) => boolean;
    requests: () => number;
  };
  __t0?: number;
}

/**
 * The wait, polled by the page itself every 10 ms: one page.evaluate of a promise. Not
 * page.waitForFunction: that compiles playwright's injected script (its selector engine) on
 * the page's main thread in the middle of the load, 50–100 ms in traced cold loads
 * (bench/lib/pageProfile.ts) that no user's browser spends. A string: tsx's helpers do not exist in the page.
 */
function visibleDrawnInPage(page: Page, since: number): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const t0 = ${Number(since)};
    const poll = () => {
      const lab = window.dilationLab;
      let last = 0;
      let ok = Boolean(lab) && (document.getElementById('status')?.textContent ?? '').startsWith('Up to date');
      const keys = ok ? lab.visibleCards() : [];
      if (keys.length === 0) ok = false;
      const ap = ok ? lab.afterplot() : {};
      for (const k of ok ? keys : []) {
        if (!lab.drawn(k)) { ok = false; break; }
        if (document.getElementById('card-' + k)?.classList.contains('empty')) continue;
        if (!(ap[k] > t0)) { ok = false; break; }
        last = Math.max(last, ap[k]);
      }
      if (ok) resolve(last);
      else setTimeout(poll, 10);
    };
    poll();
  })`) as Promise<number>;
}

/**
 * Waits until the status says up to date and every card on screen is drawn after `since`:
 * polled in the page (`visibleDrawnInPage`), or with page.waitForFunction as the benchmark
 * did before 2026-12-02 when BENCH_PAGE_WAIT=playwright.
 */
export async function visibleDrawn(page: Page, since: number): Promise<number> {
  if (process.env.BENCH_PAGE_WAIT !== 'playwright') return visibleDrawnInPage(page, since);
  const handle = await page.waitForFunction(
    (t0) => {
      const w = window as unknown as LabHook;
      const lab = w.dilationLab;
      if (!lab) return false;
      if (!document.getElementById('status')?.textContent?.startsWith('Up to date')) return false;
      const keys = lab.visibleCards();
      if (keys.length === 0) return false;
      const ap = lab.afterplot();
      let last = 0;
      for (const k of keys) {
        if (!lab.drawn(k)) return false;
        const empty = document.getElementById(`card-${k}`)?.classList.contains('empty');
        if (empty) continue;
        if (!(ap[k] > t0)) return false;
        last = Math.max(last, ap[k]);
      }
      return last;
    },
    since,
    { timeout: 60_000, polling: 10 },
  );
  return (await handle.jsonValue()) as number;
}
