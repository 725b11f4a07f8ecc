/**
 * `npm run bench -- fuzz`: the attack fuzz of test/server/attack.ts at scale against a real
 * `dilation-lab serve` process — thousands of seeded requests, 8 at a time, counted by
 * status — with health probed all along (p50/p99), the server's resident memory after, and
 * then 8 clients sending the heaviest accepted analyze, recommend and response2d requests
 * while health is probed again. FUZZ_REQUESTS and HEAVY_SECONDS change the sizes.
 */
import { readFileSync } from 'node:fs';
import { attackRequests, sendAttack } from '../test/server/attack.ts';
import { spawnServer } from '../test/server/process.ts';

const N = Number(process.env.FUZZ_REQUESTS ?? 3000);
const HEAVY_S = Number(process.env.HEAVY_SECONDS ?? 20);

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

async function probeHealth(url: string, stop: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!stop()) {
    const t = performance.now();
    try {
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      await r.text();
      times.push(r.status === 200 ? performance.now() - t : Number.POSITIVE_INFINITY);
    } catch {
      times.push(Number.POSITIVE_INFINITY);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return times;
}

const server = await spawnServer();
const pid = server.child.pid!;
const port = Number(new URL(server.url).port);
const rss0 = rssMb(pid);
try {
  // 1. the fuzz
  const requests = attackRequests(2026, N);
  const counts = new Map<number, number>();
  let done = false;
  const health = probeHealth(server.url, () => done);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < requests.length) {
        const s = await sendAttack(port, requests[next++]);
        counts.set(s, (counts.get(s) ?? 0) + 1);
      }
    }),
  );
  const fuzzS = (performance.now() - t0) / 1000;
  done = true;
  const h1 = await health;
  const rss1 = rssMb(pid);
  const statusRows = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, c]) => `| ${s === 0 ? 'no answer' : s} | ${c} |`)
    .join('\n');

  // 2. eight clients sending the heaviest accepted requests
  // The heaviest accepted requests, each made distinct by a seed so neither the cache nor
  // sharing answers it: analyze near MAX_ANALYZE_COST (box:64 at rates 256 ×4, ≈1.6e7
  // points), a search that uses its whole 2 s budget, the largest 2-D grid.
  const heavy = [
    (k: number) => `/api/analyze?kernel=random:64:${k}&rates=256,256,256,256`,
    (k: number) => `/api/recommend?kernel=3&layers=7&rfAtLeast=${45 + k}`,
    (k: number) => `/api/response2d?kernel=random:5x5:${k}&rates=1,2,4,8&n=256`,
  ];
  const heavyCounts = new Map<number, number>();
  let stopHeavy = false;
  const h2p = probeHealth(server.url, () => stopHeavy);
  const end = performance.now() + HEAVY_S * 1000;
  let k = 0;
  await Promise.all(
    Array.from({ length: 8 }, async (_, c) => {
      while (performance.now() < end) {
        // a distinct query each time, so neither the cache nor sharing answers it
        const n = k++;
        const path = heavy[(c + n) % heavy.length](n);
        const s = await sendAttack(
          port,
          { kind: 'heavy', method: 'GET', path, headers: {} },
          60_000,
        );
        heavyCounts.set(s, (heavyCounts.get(s) ?? 0) + 1);
      }
    }),
  );
  stopHeavy = true;
  const h2 = await h2p;
  const rss2 = rssMb(pid);

  // 3. the largest accepted analysis alone: time and memory
  const before = rssMb(pid);
  const t3 = performance.now();
  const s3 = await sendAttack(
    port,
    { kind: 'largest', method: 'GET', path: `${heavy[0]}&channels=3`, headers: {} },
    120_000,
  );
  const largestS = (performance.now() - t3) / 1000;
  const after = rssMb(pid);

  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'failed');
  process.stdout.write(`## fuzz

Attack fuzz (test/server/attack.ts, seed 2026): ${N} requests, 8 at a time, against \`dilation-lab serve\` in ${fuzzS.toFixed(1)} s.

| status | requests |
|---:|---:|
${statusRows}

Health during the fuzz: ${h1.length} probes, p50 ${f(pct(h1, 50))} ms, p99 ${f(pct(h1, 99))} ms, ${h1.filter((x) => !Number.isFinite(x)).length} failed.
Server resident memory: ${rss0} MB at start, ${rss1} MB after the fuzz.

8 clients sending the heaviest accepted analyze, recommend and response2d requests for ${HEAVY_S} s (statuses ${[...heavyCounts.entries()].map(([s, c]) => `${s}: ${c}`).join(', ')}): health ${h2.length} probes, p50 ${f(pct(h2, 50))} ms, p99 ${f(pct(h2, 99))} ms, ${h2.filter((x) => !Number.isFinite(x)).length} failed; ${rss2} MB resident after.

The largest accepted analysis (box:64 at rates 256 ×4, ≈1.6e7 points) alone: status ${s3}, ${largestS.toFixed(1)} s, resident memory ${before} → ${after} MB.
`);
} finally {
  await server.stop();
}
