/**
 * One cold load of the page traced in Chromium (CDP Tracing: devtools.timeline, v8, the V8
 * CPU profile): where the renderer's main thread spends its time from navigation start to
 * the last plotly_afterplot of the cards on screen. `node --import tsx bench/lib/pageProfile.ts [N]`
 * prints, for N loads (default 3), the main thread's busy time by kind and by script, and
 * the page's own performance marks.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../src/server/index.ts';
import { launchChromium, visibleDrawn } from './pageWait.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const N = Number(process.argv[2] ?? 3);
if (!process.env.NO_BUILD)
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-web.mjs')], {
    stdio: 'inherit',
  });

interface Ev {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
  id?: string;
}

const server = await startServer({ port: 0, host: '127.0.0.1', announce: null, cacheEntries: 0 });
const browser = await launchChromium();
const agg = new Map<string, number[]>();
const push = (k: string, v: number) => {
  const a = agg.get(k) ?? [];
  a.push(v);
  agg.set(k, a);
};
try {
  for (let run = -1; run < N; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const events: Ev[] = [];
    cdp.on('Tracing.dataCollected', (d) => {
      events.push(...(d.value as unknown as Ev[]));
    });
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    const trace = process.env.TRACE !== '0';
    if (trace)
      await cdp.send('Tracing.start', {
        transferMode: 'ReportEvents',
        traceConfig: {
          includedCategories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'v8.execute',
            'v8',
            'blink.user_timing',
            'loading',
            ...(process.env.CPU === '0'
              ? ['disabled-by-default-v8.compile']
              : ['disabled-by-default-v8.cpu_profiler']),
          ],
        },
      });
    await page.goto(server.url, { waitUntil: 'commit' });
    const last = await visibleDrawn(page, 0);
    const marks = await page.evaluate(() =>
      performance
        .getEntries()
        .filter(
          (e) =>
            e.entryType === 'mark' ||
            e.entryType === 'measure' ||
            e.entryType === 'resource' ||
            e.entryType === 'paint',
        )
        .map((e) => ({
          t: e.entryType,
          n: e.name.replace(/^https?:\/\/[^/]+/, ''),
          s: Math.round(e.startTime),
          d: Math.round(e.duration),
          r:
            e.entryType === 'resource'
              ? Math.round((e as PerformanceResourceTiming).responseEnd)
              : undefined,
        })),
    );
    if (trace) {
      await cdp.send('Tracing.end');
      await done;
    }
    await context.close();
    if (run < 0) continue;
    for (const m of marks)
      if (m.t !== 'resource') push(`mark ${m.n} start`, m.s);
      else push(`res ${m.n.replace(/\?.*/, '')} end`, m.r ?? 0);
    for (const m of marks) if (m.t === 'measure') push(`measure ${m.n} dur`, m.d);
    if (!trace) {
      push('total (to last afterplot)', last);
      continue;
    }
    // The renderer's main thread: the CrRendererMain thread that ran the page's scripts.
    const threads = events.filter(
      (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
    );
    const nav = events.find(
      (e) =>
        e.name === 'navigationStart' &&
        (e.args?.data as { url?: string })?.url?.startsWith(server.url),
    );
    const mainKey = (() => {
      const counts = new Map<string, number>();
      for (const e of events)
        if (e.name === 'EvaluateScript' || e.name === 'v8.compile' || e.name === 'FunctionCall') {
          const k = `${e.pid}:${e.tid}`;
          counts.set(k, (counts.get(k) ?? 0) + (e.dur ?? 0));
        }
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    })();
    void threads;
    const main = events.filter((e) => `${e.pid}:${e.tid}` === mainKey && e.ph === 'X');
    const t0 = nav?.ts ?? Math.min(...main.map((e) => e.ts));
    const endTs = t0 + last * 1000;
    const tasks = main.filter((e) => e.name === 'RunTask' && e.ts >= t0 && e.ts <= endTs);
    const busy = tasks.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
    push('total (to last afterplot)', last);
    push('main thread busy in tasks', busy);
    // Self time by event name inside tasks: nested X events, self = dur − children.
    const inWindow = main
      .filter((e) => e.ts >= t0 && e.ts <= endTs)
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: Ev[] = [];
    const self = new Map<string, number>();
    const label = (e: Ev) => {
      const d = (e.args?.data ?? {}) as { url?: string; functionName?: string };
      const url = (d.url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\?.*/, '');
      if (
        e.name === 'EvaluateScript' ||
        e.name === 'v8.compile' ||
        e.name === 'v8.compileModule' ||
        e.name === 'FunctionCall'
      )
        return `${e.name} ${url}`;
      return e.name;
    };
    const add = (e: Ev, v: number) => self.set(label(e), (self.get(label(e)) ?? 0) + v);
    for (const e of inWindow) {
      while (
        stack.length &&
        stack[stack.length - 1].ts + (stack[stack.length - 1].dur ?? 0) <= e.ts
      )
        stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) add(parent, -(e.dur ?? 0));
      add(e, e.dur ?? 0);
      stack.push(e);
    }
    for (const [k, v] of self) if (v > 2000) push(`self ${k}`, v / 1000);
    // CPU profile: self time by script URL and by top functions.
    const prof = events.filter(
      (e) => e.name === 'ProfileChunk' && `${e.pid}` === mainKey?.split(':')[0],
    );
    const nodes = new Map<number, { url: string; fn: string; parent?: number }>();
    const bySelf = new Map<string, number>();
    const byUrl = new Map<string, number>();
    for (const c of prof) {
      const data = c.args?.data as {
        cpuProfile?: {
          nodes?: {
            id: number;
            parent?: number;
            callFrame: { url: string; functionName: string; lineNumber?: number };
          }[];
          samples?: number[];
        };
        timeDeltas?: number[];
      };
      for (const n of data.cpuProfile?.nodes ?? [])
        nodes.set(n.id, {
          url: (n.callFrame.url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\?.*/, ''),
          fn: `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber ?? ''}`,
          parent: n.parent,
        });
      const samples = data.cpuProfile?.samples ?? [];
      const deltas = data.timeDeltas ?? [];
      samples.forEach((s, i) => {
        const n = nodes.get(s);
        const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
        if (!n) return;
        const k = `${n.url || '(native)'} ${n.fn}`;
        bySelf.set(k, (bySelf.get(k) ?? 0) + dt);
        byUrl.set(n.url || n.fn, (byUrl.get(n.url || n.fn) ?? 0) + dt);
      });
    }
    for (const [k, v] of byUrl) if (v > 3) push(`cpu url ${k}`, v);
    if (run === N - 1) {
      console.log(`marks of the last run (ms from navigation start):`);
      for (const m of marks)
        console.log(`  ${m.t} ${m.n} @${m.s}${m.d ? ` +${m.d}` : ''}${m.r ? ` (end ${m.r})` : ''}`);
      console.log('top self functions of the last run:');
      for (const [k, v] of [...bySelf.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30))
        console.log(`  ${v.toFixed(1)} ms ${k}`);
      // the task timeline of the last run
      // DETAIL=1: every event ≥ 2 ms inside the tasks ≥ 8 ms, indented by depth.
      if (process.env.DETAIL) {
        console.log('events ≥ 2 ms inside tasks ≥ 8 ms (start ms, duration ms):');
        const open: Ev[] = [];
        for (const e of inWindow) {
          while (open.length && open[open.length - 1].ts + (open[open.length - 1].dur ?? 0) <= e.ts)
            open.pop();
          open.push(e);
          const task = open[0];
          if ((task.dur ?? 0) < 8000 || (e.dur ?? 0) < 2000 || open.length > 8) continue;
          console.log(
            `  ${'  '.repeat(open.length - 1)}@${((e.ts - t0) / 1000).toFixed(0)} ${((e.dur ?? 0) / 1000).toFixed(1)} ${label(e)}`,
          );
        }
      }
      console.log('tasks ≥ 8 ms (start ms, duration ms, main child):');
      for (const t of tasks.filter((t) => (t.dur ?? 0) > 8000)) {
        const kids = inWindow.filter(
          (e) =>
            e.ts >= t.ts &&
            e.ts < t.ts + (t.dur ?? 0) &&
            e !== t &&
            (e.dur ?? 0) > 0.3 * (t.dur ?? 0),
        );
        console.log(
          `  @${((t.ts - t0) / 1000).toFixed(0)} ${((t.dur ?? 0) / 1000).toFixed(0)} ${kids.slice(0, 3).map(label).join(' > ')}`,
        );
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`medians over ${N} loads (ms):`);
for (const [k, v] of [...agg.entries()].sort((a, b) => med(b[1]) - med(a[1])))
  if (v.length >= N / 2)
    console.log(`  ${med(v).toFixed(1)}  ${k}  [${v.map((x) => x.toFixed(0)).join(' ')}]`);
