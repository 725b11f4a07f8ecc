/**
 * Page benchmark: `node --import tsx bench/page.ts` (about 40 s).
 *
 * Builds the page, then drives headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core) against the real server on 127.0.0.1 (ephemeral port):
 *  1. cold load at 1280×800: a fresh browser context (empty HTTP cache) on a running server
 *     with its answer caches off, from navigation start to the last `plotly_afterplot` of
 *     the cards on screen; with the bundle the page ships (Plotly built from plotly.js's
 *     source with the page's traces and components, scripts/build-web.mjs) and, as the peer in the same run, the same page served plotly.js-dist
 *     (10 MB). The default view's answers are embedded in index.html (made once when the
 *     server starts); a third row loads a link to a view the server has not seen, whose
 *     answers are computed when the page asks;
 *  2. an edit of network B's rates: from the input event to the last `plotly_afterplot` of
 *     the cards on screen, debounce included; each edit a new schedule the server has not
 *     seen.
 * Reports medians of RUNS, the bytes and requests of a cold load, and prints a Markdown
 * section.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startServer } from '../src/server/index.ts';
import { CHROMIUM, type LabHook, launchChromium, visibleDrawn } from './lib/pageWait.ts';

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 5);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Lab = LabHook;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Cold {
  ms: number;
  cards: string[];
  requests: number;
  bytes: number;
}

type Server = Awaited<ReturnType<typeof startServer>>;

/** A running server without answer caches: every load computes every answer. */
function uncachedServer(plotlyFile?: string): Promise<Server> {
  return startServer({ port: 0, host: '127.0.0.1', announce: null, plotlyFile, cacheEntries: 0 });
}

/** Links to views the server has not answered before (each cold load takes the next one). */
const LINKS = [
  '1,2,7',
  '1,3,7',
  '1,2,9',
  '1,3,9',
  '1,2,6',
  '1,3,5',
  '1,2,4',
  '1,4,7',
  '1,3,8',
  '2,3,7',
];
let linkAt = 0;
const nextLink = () =>
  `?a.kernel=box:3&a.rates=2,2,2&b.kernel=box:3&b.rates=${LINKS[linkAt++ % LINKS.length]}`;

async function coldLoad(browser: Browser, server: Server, query = ''): Promise<Cold> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    let bytes = 0;
    let requests = 0;
    page.on('response', (r) => {
      requests++;
      void r
        .body()
        .then((b) => {
          bytes += Number(r.headers()['content-length'] ?? b.byteLength);
        })
        .catch(() => undefined);
    });
    await page.goto(`${server.url}${query}`, { waitUntil: 'commit' });
    const ms = await visibleDrawn(page, 0);
    const cards = await page.evaluate(() => (window as unknown as Lab).dilationLab.visibleCards());
    await page.waitForTimeout(100);
    return { ms, cards, requests, bytes };
  } finally {
    await context.close();
  }
}

async function edits(browser: Browser): Promise<{ ms: number[]; requests: number[] }> {
  const server = await startServer({ port: 0, host: '127.0.0.1', announce: null });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const out = { ms: [] as number[], requests: [] as number[] };
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await visibleDrawn(page, 0);
    const schedules = ['1,2,7', '1,3,7', '1,2,9', '1,3,9', '1,2,6', '1,3,5', '1,2,4', '1,4,7'];
    for (const rates of schedules.slice(0, Math.max(3, RUNS + 1))) {
      const before = await page.evaluate(() => (window as unknown as Lab).dilationLab.requests());
      await page.evaluate(() => {
        const w = window as unknown as Lab;
        w.__t0 = 0;
        document.addEventListener(
          'input',
          () => {
            w.__t0 = performance.now();
          },
          { capture: true, once: true },
        );
      });
      await page.fill('#net-B-rates', rates);
      const t0 = await page.evaluate(() => (window as unknown as Lab).__t0 ?? 0);
      const last = await visibleDrawn(page, t0);
      out.ms.push(last - t0);
      out.requests.push(
        (await page.evaluate(() => (window as unknown as Lab).dilationLab.requests())) - before,
      );
    }
    out.ms.shift(); // the first edit warms the code paths of an edit
    out.requests.shift();
    return out;
  } finally {
    await context.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(
      `## Web page (bench/page.ts)\n\nNot run: Chromium is not installed at ${CHROMIUM}.\n`,
    );
    return;
  }
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-web.mjs')], {
    stdio: 'pipe',
  });
  const fullPlotly = createRequire(import.meta.url).resolve('plotly.js-dist');
  const browser = await launchChromium();
  try {
    const ours: Cold[] = [];
    const peer: Cold[] = [];
    const linked: Cold[] = [];
    const ourServer = await uncachedServer();
    const peerServer = await uncachedServer(fullPlotly);
    try {
      // Warm both servers (worker threads, JIT) and Chromium.
      await coldLoad(browser, ourServer);
      await coldLoad(browser, peerServer);
      for (let i = 0; i < RUNS; i++) {
        ours.push(await coldLoad(browser, ourServer));
        peer.push(await coldLoad(browser, peerServer));
        linked.push(await coldLoad(browser, ourServer, nextLink()));
      }
    } finally {
      await ourServer.close();
      await peerServer.close();
    }
    const edit = await edits(browser);
    const f = (x: number) => x.toFixed(0);
    const kb = (x: number) => `${(x / 1024).toFixed(0)} kB`;
    const lines = [
      '## Web page (bench/page.ts)',
      '',
      `Headless Chromium (playwright-core, /usr/bin/chromium) at 1280×800 against the real server on loopback, ${RUNS} runs each, medians (min–max). Cold load: a fresh browser context (empty HTTP cache) on a running server with its answer caches off, navigation start to the last \`plotly_afterplot\` of the cards on screen (${ours[0].cards.join(', ')}; ${process.env.BENCH_PAGE_WAIT === 'playwright' ? 'waited for with page.waitForFunction' : 'polled by the page itself, bench/lib/pageWait.ts'}); the default view's answers come embedded in index.html (computed once, when the server started), a link's are computed when asked. Edit: network B's rates typed (a schedule the server has not seen), from the input event to the last \`plotly_afterplot\` of the cards on screen, the 60 ms debounce included.`,
      '',
      '| case | median ms | min–max ms | requests | bytes over the wire |',
      '|---|---:|---:|---:|---:|',
      `| cold load of the default view, Plotly built from plotly.js's source: scatter, bar, heatmap and the components the figures use (what the page ships) | ${f(median(ours.map((c) => c.ms)))} | ${f(Math.min(...ours.map((c) => c.ms)))}–${f(Math.max(...ours.map((c) => c.ms)))} | ${median(ours.map((c) => c.requests))} | ${kb(median(ours.map((c) => c.bytes)))} |`,
      `| cold load of a link to another view (B's rates new to the server: its answers computed; A's come from the embedded first view) | ${f(median(linked.map((c) => c.ms)))} | ${f(Math.min(...linked.map((c) => c.ms)))}–${f(Math.max(...linked.map((c) => c.ms)))} | ${median(linked.map((c) => c.requests))} | ${kb(median(linked.map((c) => c.bytes)))} |`,
      `| cold load, same page with plotly.js-dist (peer) | ${f(median(peer.map((c) => c.ms)))} | ${f(Math.min(...peer.map((c) => c.ms)))}–${f(Math.max(...peer.map((c) => c.ms)))} | ${median(peer.map((c) => c.requests))} | ${kb(median(peer.map((c) => c.bytes)))} |`,
      `| edit of B's rates to visible plots redrawn | ${f(median(edit.ms))} | ${f(Math.min(...edit.ms))}–${f(Math.max(...edit.ms))} | ${median(edit.requests)} API | — |`,
      '',
      'Targets: cold load ≤ 1000 ms; edit ≤ 250 ms, debounce included.',
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, Chromium ${browser.version()} (load average ${os.loadavg()[0].toFixed(1)} at the end).`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser.close();
  }
}

await main();
