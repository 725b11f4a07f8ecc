/**
 * HTTP API benchmark: `node --import tsx bench/server.ts` (about 50 s).
 *
 * Starts the server as a child process on 127.0.0.1 with an ephemeral port (so the load
 * generator does not share its event loop), then drives it with autocannon on loopback,
 * each case bounded to DURATION seconds:
 *  1. GET /api/analyze of a 4-layer schedule (box:3, rates 1,2,5,9), cache off: every
 *     request is computed — and the same with the cache on (the lab re-asking a view);
 *  2. GET /api/response2d of box:3x3 rates 1,2,5 at 256×256, cache off;
 *  3. against a bare node:http peer (the same library call, a Map cache) in the same run;
 *  4. /api/response2d n = 256 end to end, one client (JSON and the Float32 binary form);
 *  5. stall check: light analyze requests while heavy 2-D requests run at the same time,
 *     with the worker threads (the default) and with every job on the event loop (workers 0,
 *     the naive server), reporting the light requests' p99.
 * The baseline column is the library call itself, in process (median of repeated calls).
 * Prints a Markdown section.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of autocannon's API used here (the package ships no types). */
interface CannonRequest {
  setupRequest?: (req: { path: string }) => { path: string };
}
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
  requests?: CannonRequest[];
}) => Promise<CannonResult>;

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ANALYZE = '/api/analyze?kernel=box:3&rates=1,2,5,9';
const HEAVY = '/api/response2d?kernel=box:3x3&rates=1,2,5&n=256';
/**
 * The same 2-D network as HEAVY as YAML text with a numbered comment: every request is a
 * different text, so neither the answer cache nor the sharing of identical running jobs
 * can spare a computation.
 */
const HEAVY_YAML =
  'layers: [{kernel: box:3x3, dilation: 1}, {kernel: box:3x3, dilation: 2}, {kernel: box:3x3, dilation: 5}]';
let unique = 0;
const heavyUnique = () =>
  `/api/response2d?n=256&network=${encodeURIComponent(`${HEAVY_YAML}\n# ${unique++}`)}`;
/** As heavyUnique, without the members. */
const leanUnique = () => `${heavyUnique()}&members=false`;
/** As leanUnique, in the Float32 binary form (what the web page asks for). */
const f32Unique = () => `${leanUnique()}&format=f32`;

/** Times `count` sequential requests of `makePath()` (fetch and read the body), in ms. */
async function endToEnd(
  url: string,
  makePath: () => string,
  count: number,
): Promise<{ median: number; p90: number; bytes: number }> {
  const t: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count + 2; i++) {
    const a = performance.now();
    const res = await fetch(url + makePath());
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`${res.status}`);
    if (i >= 2) t.push(performance.now() - a);
    bytes = body.byteLength;
  }
  t.sort((x, y) => x - y);
  return { median: t[t.length >> 1], p90: t[Math.floor(t.length * 0.9)], bytes };
}

// ---- peer mode: a bare node:http server doing the same library call -------------------
if (process.argv[2] === '--peer') {
  const cacheOn = process.argv[3] === 'cache';
  const http = await import('node:http');
  const { analyze } = await import('../src/analysis/analyze.ts');
  const { shortFormNetwork } = await import('../src/network/index.ts');
  const cache = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    let body = cacheOn ? cache.get(url) : undefined;
    if (body === undefined) {
      const q = new URL(url, 'http://x').searchParams;
      try {
        const network = shortFormNetwork({
          kernel: q.get('kernel') ?? 'box:3',
          rates: q.get('rates') ?? '',
        });
        body = Buffer.from(JSON.stringify(analyze(network)));
      } catch (e) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(e) } }));
        return;
      }
      if (cacheOn) cache.set(url, body);
    }
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': body.byteLength,
    });
    res.end(body);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(0, '127.0.0.1', () => {
    const a = server.address() as { port: number };
    process.stdout.write(`URL http://127.0.0.1:${a.port}\n`);
  });
  process.on('SIGUSR1', () => {
    const u = process.cpuUsage();
    process.stdout.write(`CPU ${u.user + u.system}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else if (process.argv[2] === '--child') {
  // ---- child mode: run the server -----------------------------------------------------
  const options = JSON.parse(process.argv[3] ?? '{}');
  const { startServer } = await import('../src/server/index.ts');
  const s = await startServer({ port: 0, host: '127.0.0.1', announce: null, ...options });
  process.stdout.write(`URL ${s.url}\n`);
  // On SIGUSR1, report the CPU time the server process (all threads) has used so far.
  process.on('SIGUSR1', () => {
    const u = process.cpuUsage();
    process.stdout.write(`CPU ${u.user + u.system}\n`);
  });
  process.on('SIGTERM', () => {
    void s.close().then(() => process.exit(0));
  });
} else {
  await main();
}

interface Served {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
  /** CPU microseconds the server has used so far (all its threads). */
  cpu: () => Promise<number>;
}

async function serve(
  options: Record<string, unknown>,
  peer?: 'cache' | 'nocache',
): Promise<Served> {
  const args = peer ? ['--peer', peer] : ['--child', JSON.stringify(options)];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const waiters: ((us: number) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /URL (\S+)/.exec(out);
      if (m) resolve(m[1].replace(/\/$/, ''));
      let c = /CPU (\d+)\n/.exec(out);
      while (c) {
        out = out.slice(c.index + c[0].length);
        waiters.shift()?.(Number(c[1]));
        c = /CPU (\d+)\n/.exec(out);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url,
    child,
    cpu: () =>
      new Promise<number>((resolve) => {
        waiters.push(resolve);
        child.kill('SIGUSR1');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Load {
  /** Server CPU time per request in ms (all threads), when measured. */
  cpuMs?: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

/** Drives `url` (a fixed path, or `makePath()` for each request) with autocannon. */
async function load(
  url: string,
  connections: number,
  duration = DURATION,
  makePath?: () => string,
): Promise<Load> {
  const requests = makePath
    ? [{ setupRequest: (req: { path: string }) => ({ ...req, path: makePath() }) }]
    : undefined;
  const r = await autocannon({ url, connections, duration, pipelining: 1, requests });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
  };
}

/** A load run that also measures the server's CPU time per request. */
async function measured(
  s: Served,
  path: string,
  connections: number,
  duration = DURATION,
  makePath?: () => string,
) {
  const before = await s.cpu();
  const l = await load(s.url + path, connections, duration, makePath);
  const after = await s.cpu();
  return { ...l, cpuMs: (after - before) / 1000 / Math.max(1, l.requests) };
}

async function warm(url: string, times = 50): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function libraryMedianMs(fn: () => unknown, runs: number): Promise<number> {
  for (let i = 0; i < Math.min(20, runs); i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    fn();
    t.push(performance.now() - a);
  }
  t.sort((x, y) => x - y);
  return t[t.length >> 1];
}

async function stallCheck(workers?: number): Promise<{ light: Load; heavy: Load }> {
  const s = await serve(workers === undefined ? { cacheEntries: 0 } : { cacheEntries: 0, workers });
  try {
    await warm(s.url + ANALYZE);
    await warm(s.url + HEAVY, 3);
    const [light, heavy] = await Promise.all([
      load(s.url + ANALYZE, 4),
      load(s.url + HEAVY, 2, DURATION, heavyUnique),
    ]);
    return { light, heavy };
  } finally {
    await s.stop();
  }
}

async function main(): Promise<void> {
  const { analyze } = await import('../src/analysis/analyze.ts');
  const { response2d, response2dToJSON } = await import('../src/response/index.ts');
  const { encodeBinary } = await import('../src/util/binary.ts');
  const { shortFormNetwork } = await import('../src/network/index.ts');
  const net1 = shortFormNetwork({ kernel: 'box:3', rates: '1,2,5,9' });
  const net2 = shortFormNetwork({ kernel: 'box:3x3', rates: '1,2,5' });
  const libAnalyze = await libraryMedianMs(() => JSON.stringify(analyze(net1)), 500);
  const libResponse2d = await libraryMedianMs(
    () => JSON.stringify(response2dToJSON(response2d(net2, { n: 256 }))),
    20,
  );
  const libResponse2dLean = await libraryMedianMs(
    () => JSON.stringify(response2dToJSON(response2d(net2, { n: 256, members: false }))),
    20,
  );

  const libResponse2dF32 = await libraryMedianMs(
    () => encodeBinary(response2dToJSON(response2d(net2, { n: 256, members: false }))),
    20,
  );
  const rows: string[] = [];
  const e2e: string[] = [];
  const peerRows: string[] = [];
  const fmt = (x: number, d = 1) => x.toFixed(d);
  const row = (name: string, l: Load, lib: string) =>
    rows.push(
      `| ${name} | ${fmt(l.rps, 0)} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${l.errors} | ${l.requests} | ${l.cpuMs === undefined ? '—' : fmt(l.cpuMs, 3)} | ${lib} |`,
    );

  const uncached = await serve({ cacheEntries: 0 });
  try {
    await warm(uncached.url + ANALYZE, 200);
    row(
      'GET /api/analyze box:3 rates 1,2,5,9 (computed each time), 10 connections',
      await measured(uncached, ANALYZE, 10),
      `${fmt(libAnalyze, 3)} ms`,
    );
    await warm(uncached.url + HEAVY, 3);
    row(
      'GET /api/response2d box:3x3 rates 1,2,5, n = 256 (computed each time), 4 connections',
      await measured(uncached, HEAVY, 4, DURATION, heavyUnique),
      `${fmt(libResponse2d, 1)} ms`,
    );
    row(
      'GET /api/response2d, same, members=false, 4 connections',
      await measured(uncached, `${HEAVY}&members=false`, 4, DURATION, leanUnique),
      `${fmt(libResponse2dLean, 1)} ms`,
    );
    row(
      'GET /api/response2d, same, members=false&format=f32 (as the page asks: Float32 binary), 4 connections',
      await measured(uncached, `${HEAVY}&members=false&format=f32`, 4, DURATION, f32Unique),
      `${fmt(libResponse2dF32, 1)} ms`,
    );
    const one = await endToEnd(uncached.url, f32Unique, 20);
    e2e.push(
      `| /api/response2d n = 256, members=false, format=f32, computed each time, one client | ${fmt(one.median)} | ${fmt(one.p90)} | ${one.bytes} |`,
    );
    const pooled = await endToEnd(uncached.url, () => `${f32Unique()}&size=128`, 20);
    e2e.push(
      `| /api/response2d n = 256, members=false, format=f32, size=128 (pooled to a 128-pixel figure), computed each time, one client | ${fmt(pooled.median)} | ${fmt(pooled.p90)} | ${pooled.bytes} |`,
    );
    const oneJson = await endToEnd(uncached.url, leanUnique, 10);
    e2e.push(
      `| /api/response2d n = 256, members=false, JSON, computed each time, one client | ${fmt(oneJson.median)} | ${fmt(oneJson.p90)} | ${oneJson.bytes} |`,
    );
  } finally {
    await uncached.stop();
  }
  const cached = await serve({});
  try {
    await warm(cached.url + ANALYZE, 200);
    row(
      'GET /api/analyze, same view again (answer cache on, the default), 10 connections',
      await measured(cached, ANALYZE, 10, Math.max(3, DURATION / 2)),
      '—',
    );
  } finally {
    await cached.stop();
  }

  // Against a bare node:http server doing the same library call, with and without a Map cache.
  for (const cache of [true, false]) {
    const peer = await serve({}, cache ? 'cache' : 'nocache');
    const ours = await serve(cache ? {} : { cacheEntries: 0 });
    try {
      await warm(peer.url + ANALYZE, 200);
      await warm(ours.url + ANALYZE, 200);
      // Alternating rounds, so a change of the machine's load falls on both alike.
      const rounds = 3;
      const d = Math.max(2, Math.round(DURATION / 2));
      const ps: Load[] = [];
      const os_: Load[] = [];
      for (let r = 0; r < rounds; r++) {
        ps.push(await measured(peer, ANALYZE, 10, d));
        os_.push(await measured(ours, ANALYZE, 10, d));
      }
      const sum = (ls: Load[]): Load => ({
        rps: ls.reduce((a, l) => a + l.rps, 0) / ls.length,
        p50: median(ls.map((l) => l.p50)),
        p99: median(ls.map((l) => l.p99)),
        errors: ls.reduce((a, l) => a + l.errors, 0),
        requests: ls.reduce((a, l) => a + l.requests, 0),
      });
      const p = sum(ps);
      const o = sum(os_);
      peerRows.push(
        `| ${cache ? 'answer cache on (ours: raw-URL cache; peer: Map)' : 'computed each time'} | ${fmt(o.rps, 0)} | ${fmt(p.rps, 0)} | ${fmt(o.rps / p.rps, 2)}× | ${fmt(o.p99)} | ${fmt(p.p99)} | ${o.p99 === 0 && p.p99 === 0 ? 'equal: both under 1 ms' : `${fmt(o.p99 / Math.max(1, p.p99), 2)}×`} | ${o.errors + p.errors} |`,
      );
    } finally {
      await peer.stop();
      await ours.stop();
    }
  }

  const withWorker = await stallCheck();
  const inline = await stallCheck(0);
  const alone = await (async () => {
    const s = await serve({ cacheEntries: 0 });
    try {
      await warm(s.url + ANALYZE, 200);
      return await load(s.url + ANALYZE, 4, Math.max(3, DURATION / 2));
    } finally {
      await s.stop();
    }
  })();

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const out = [
    '## HTTP API (bench/server.ts)',
    '',
    `autocannon on loopback, ${DURATION} s per case, server in a child process (Express 5, two worker threads), cache off unless said. Baseline: the library call plus JSON.stringify in process (median). Server CPU per request counts all the server's threads; 1000 / it bounds req/s per core whatever else runs on the machine (load average ${os.loadavg()[0].toFixed(1)} at the end of the run).`,
    '',
    '| case | req/s | p50 ms | p99 ms | errors | requests | server CPU ms/request | library call |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Against its peer in the same run: a bare node:http server (no framework) doing the same library call (\`analyze\` of the short form, JSON.stringify), with a Map from the raw URL to the answer bytes when its cache is on. GET /api/analyze box:3 rates 1,2,5,9, 10 connections, in three alternating rounds of half the case time each (peer, ours, peer, ...), so a change of the machine's load falls on both; mean req/s and median p99 of the rounds. p99 is autocannon's (1 ms resolution).`,
    '',
    '| case | ours req/s | peer req/s | ours / peer | ours p99 ms | peer p99 ms | p99 ratio | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...peerRows,
    '',
    "Targets: ≥ 0.8× the peer's req/s with the cache, p99 ≤ 1.25×.",
    '',
    'End to end, one client, one request at a time (fetch, body read in full), every request a new network text so nothing is cached; medians of the run:',
    '',
    '| request | median ms | p90 ms | bytes |',
    '|---|---:|---:|---:|',
    ...e2e,
    '',
    'Target: /api/response2d n = 256 end to end ≤ 20 ms (with the binary form).',
    '',
    'Stall check: light requests (GET /api/analyze, 4 connections) while heavy ones (2-D response at 256×256, 2 connections) run at the same time.',
    '',
    '| server | light req/s | light p50 ms | light p99 ms | heavy req/s | heavy p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| light alone (reference) | ${fmt(alone.rps, 0)} | ${fmt(alone.p50)} | ${fmt(alone.p99)} | — | — | ${alone.errors} |`,
    `| heavy jobs on worker threads (default) | ${fmt(withWorker.light.rps, 0)} | ${fmt(withWorker.light.p50)} | ${fmt(withWorker.light.p99)} | ${fmt(withWorker.heavy.rps, 1)} | ${fmt(withWorker.heavy.p99)} | ${withWorker.light.errors + withWorker.heavy.errors} |`,
    `| every job on the event loop (workers: 0, naive) | ${fmt(inline.light.rps, 0)} | ${fmt(inline.light.p50)} | ${fmt(inline.light.p99)} | ${fmt(inline.heavy.rps, 1)} | ${fmt(inline.heavy.p99)} | ${inline.light.errors + inline.heavy.errors} |`,
    '',
    `Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, ${os.platform()} ${os.release()}.`,
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
