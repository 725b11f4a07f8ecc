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

/** Waits until the status says up to date and every card on screen is drawn after `since`. */
export async function visibleDrawn(page: Page, since: number): Promise<number> {
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
