/**
 * Interleaved cold loads of two or more builds of the page (each a web/dist folder), the
 * same measure as bench/page.ts (a fresh browser context, navigation start to the last
 * plotly_afterplot of the cards on screen, 1280×800): `node --import tsx bench/lib/pageAB.ts
 * RUNS DIST_A DIST_B ...`. Each server has its answer caches off; loads alternate A, B, A, B
 * so both see the same machine load. Prints each build's median, min–max, and the median of
 * the paired differences against the first.
 */
import os from 'node:os';
import { startServer } from '../../src/server/index.ts';
import { launchChromium, visibleDrawn } from './pageWait.ts';

const [runsArg, ...dists] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 9);
const W = Number(process.env.W ?? 1280);
const H = Number(process.env.H ?? 800);

const servers = await Promise.all(
  dists.map((webDist) =>
    startServer({ port: 0, host: '127.0.0.1', announce: null, cacheEntries: 0, webDist }),
  ),
);
const browser = await launchChromium();
const times = dists.map(() => [] as number[]);
const errors: string[] = [];
const load0 = os.loadavg()[0];
try {
  for (let run = -1; run < RUNS; run++) {
    for (let i = 0; i < servers.length; i++) {
      const k = run % 2 === 0 ? i : servers.length - 1 - i; // ABBA order
      const context = await browser.newContext({ viewport: { width: W, height: H } });
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${dists[k]}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${dists[k]}: ${e.message}`));
      await page.goto(servers[k].url, { waitUntil: 'commit' });
      const ms = await visibleDrawn(page, 0);
      await page.waitForTimeout(50);
      await context.close();
      if (run >= 0) times[k].push(ms);
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(
  `${RUNS} interleaved cold loads at ${W}×${H}, load ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`,
);
dists.forEach((d, i) => {
  const diff = times[i].map((t, j) => t - times[0][j]);
  console.log(
    `  ${med(times[i]).toFixed(0)} ms median (${Math.min(...times[i]).toFixed(0)}–${Math.max(...times[i]).toFixed(0)}), paired Δ vs first ${med(diff).toFixed(0)} ms  ${d}  [${times[i].map((t) => t.toFixed(0)).join(' ')}]`,
  );
});
if (errors.length) console.log(`console errors:\n  ${errors.slice(0, 10).join('\n  ')}`);
