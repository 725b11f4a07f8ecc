/**
 * `npm run bench -- analyze-limits`: issue 12's "every network inside the documented limits
 * answers in ≤ 2 s". Times `analyze` (the library call; the CLI and the server where the
 * case says so) on the worst networks the documented limits allow (docs/network-spec.md,
 * LIMITS: 64 layers, 64 taps, rate 4096, 16 branches, RF 2^20 per axis, 2^22 in 2-D, map
 * 8192): max layers × max kernel × the largest rate that fits, distinct rates, parallel sums,
 * residuals, 2-D at the largest area, single layers at the max rate. Each case runs in a
 * child process of its own, stopped after CAP seconds (`ANALYZE_LIMITS_CAP_S`, default 60),
 * so a case of minutes shows as "> CAP". A refused case (a FieldError: the library's cost
 * limit) shows its field and the time it took to refuse. The load average is printed beside
 * every row: on the shared 2-core machine absolute times move 3–5× with it.
 *
 * Run: node --import tsx bench/analyze-limits.ts [case ...]   (prints a Markdown section)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { refusalOf } from './lib/refusal.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

type Spec = Record<string, unknown>;
const layer = (kernel: string, dilation: number | number[]) => ({ kernel, dilation });
const stack = (layers: Spec[]) => ({ type: 'stack', layers });
const range = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);

interface Case {
  name: string;
  spec: Spec;
  /** A preset instead of the spec. */
  preset?: string;
  options?: Record<string, unknown>;
  /** Also time `dilation-lab analyze --json` and `POST /api/analyze`. */
  adapters?: boolean;
}

const { analyzeCost: price, MAX_ANALYZE_COST } = await import('../src/analysis/index.ts');
const { parseNetwork: parse } = await import('../src/network/index.ts');
/** The largest rate of one box:64 layer that the cost limit accepts. */
let edge = 1;
while (price(parse(stack([layer('box:64', edge + 1)]))) <= MAX_ANALYZE_COST) edge++;

/** The worst networks inside LIMITS (each near a limit: RF 2^20 = 1,048,576 per axis). */
export const CASES: Case[] = [
  {
    name: `box:64 at ${edge} (the largest accepted single box:64 layer)`,
    spec: stack([layer('box:64', edge)]),
    adapters: true,
  },
  {
    name: `box:64 at ${edge + 1} (the first refused)`,
    spec: stack([layer('box:64', edge + 1)]),
    adapters: true,
  },
  { name: 'deeplab-v3-os16 (the dearest preset, 2-D)', spec: {}, preset: 'deeplab-v3-os16' },
  {
    name: '4 × box:64 at 220',
    spec: stack(range(4, 0).map(() => layer('box:64', 220))),
  },
  {
    name: '8 × box:64 at 1..8',
    spec: stack(range(8, 1).map((d) => layer('box:64', d))),
  },
  {
    name: 'residual 4 × box:64 at 2',
    spec: stack(range(4, 0).map(() => ({ type: 'residual', body: stack([layer('box:64', 2)]) }))),
  },
  {
    name: 'parallel sum 16 × box:3 at 80..95',
    spec: {
      type: 'parallel',
      merge: 'sum',
      branches: range(16, 80).map((d) => stack([layer('box:3', d)])),
    },
  },
  {
    // RF 1 + 64·63·260 = 1,048,321
    name: '64 × box:64 at 260',
    spec: stack(range(64, 0).map(() => layer('box:64', 260))),
    adapters: true,
  },
  {
    // RF 1 + 63·Σ(228..291) = 1,046,305
    name: '64 × box:64 at 228..291 (distinct)',
    spec: stack(range(64, 228).map((d) => layer('box:64', d))),
  },
  {
    name: '64 × random:64 at 260',
    spec: stack(range(64, 0).map((i) => layer(`random:64:${i + 1}`, 260))),
  },
  {
    // 64 residual blocks of one box:64 layer: RF 1,048,321 with 64 sum nodes
    name: '64 residual × box:64 at 260',
    spec: stack(
      range(64, 0).map(() => ({ type: 'residual', body: stack([layer('box:64', 260)]) })),
    ),
  },
  {
    // RF 1 + 63·1040 = 65,521 ≈ 2^16
    name: 'parallel sum 16 × box:64 at 995..1040',
    spec: {
      type: 'parallel',
      merge: 'sum',
      branches: range(16, 0).map((i) => stack([layer('box:64', 1040 - 3 * i)])),
    },
  },
  {
    // 16 branches of 4 layers each (64 layers), RF 1 + 4·63·4096 = 1,032,193
    name: 'parallel sum 16 × (4 × box:64 at ≤ 4096)',
    spec: {
      type: 'parallel',
      merge: 'sum',
      branches: range(16, 0).map((i) =>
        stack(range(4, 0).map(() => layer('box:64', 4096 - 7 * i))),
      ),
    },
  },
  {
    name: 'box:64 at 4096 (one layer)',
    spec: stack([layer('box:64', 4096)]),
    adapters: true,
  },
  {
    name: '16 × box:64 at 1040 (RF 1,048,321)',
    spec: stack(range(16, 0).map(() => layer('box:64', 1040))),
  },
  {
    // 2-D: RF 1 + 4·63·8 = 2017 per axis, 4.07·10^6 offsets ≤ 2^22, map 8192
    name: '2-D 4 × box:64x64 at 8, mapSize 8192',
    spec: stack(range(4, 0).map(() => layer('box:64x64', 8))),
    options: { mapSize: 8192 },
  },
  {
    name: '2-D 64 × box:3x3 at 15, mapSize 8192',
    spec: stack(range(64, 0).map(() => layer('box:3x3', 15))),
    options: { mapSize: 8192 },
  },
];

const CAP_S = Number(process.env.ANALYZE_LIMITS_CAP_S ?? 60);

interface Measured {
  ms: number;
  cost: number;
  /** CPU time of the call (user + system) in ms, library rows only. */
  cpu?: number;
  bytes?: number;
  refused?: string;
  /** The field a server refusal names (`null`: none), read from its whole error body. */
  field?: string | null;
  status?: number;
}

async function child(name: string, via: string): Promise<Measured> {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const { analyze, analyzeCost } = await import('../src/analysis/index.ts');
  const { parseNetwork, presetNetwork } = await import('../src/network/index.ts');
  const net = c.preset ? presetNetwork(c.preset) : parseNetwork(c.spec);
  const cost = analyzeCost(net);
  if (via === 'lib') {
    const t = performance.now();
    const c0 = process.cpuUsage();
    try {
      const r = analyze(net, c.options);
      const ms = performance.now() - t;
      const u = process.cpuUsage(c0);
      return {
        ms,
        cost,
        cpu: (u.user + u.system) / 1000,
        bytes: Buffer.byteLength(JSON.stringify(r)),
      };
    } catch (e) {
      const err = e as Error & { field?: string };
      if (err.field === undefined) throw e;
      return { ms: performance.now() - t, cost, refused: `${err.field}: ${err.message}` };
    }
  }
  if (via === 'cli') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'analyze-limits-'));
    try {
      const file = path.join(dir, 'net.json');
      writeFileSync(file, JSON.stringify(c.spec));
      const source = c.preset ? ['--preset', c.preset] : ['--network', file];
      const extra = c.options?.mapSize ? ['--map-size', String(c.options.mapSize)] : [];
      const t = performance.now();
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'bin/dilation-lab.mjs'), 'analyze', '--json', ...source, ...extra],
        { encoding: 'utf8', maxBuffer: 1 << 30 },
      );
      const ms = performance.now() - t;
      return r.status === 0
        ? { ms, cost, bytes: Buffer.byteLength(r.stdout), status: 0 }
        : { ms, cost, status: r.status ?? -1, refused: r.stderr.trim().split('\n')[0] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const { closeApp, createApp } = await import('../src/server/index.ts');
  const app = createApp();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  try {
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...(c.preset ? { preset: c.preset } : { network: c.spec }),
        options: c.options ?? {},
      }),
    });
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status === 200) return { ms, cost, bytes: Buffer.byteLength(body), status: 200 };
    const refusal = refusalOf(body);
    return {
      ms,
      cost,
      status: res.status,
      refused: (refusal?.message ?? body).slice(0, 300),
      field: refusal?.field ?? null,
    };
  } finally {
    server.close();
    await closeApp(app);
  }
}

const { analyzeCost } = await import('../src/analysis/index.ts');
const { parseNetwork, presetNetwork } = await import('../src/network/index.ts');
function priceOf(name: string): number {
  const c = CASES.find((x) => x.name === name);
  if (!c) return Number.NaN;
  return analyzeCost(c.preset ? presetNetwork(c.preset) : parseNetwork(c.spec));
}

function run(name: string, via: string): Measured & { load: number; timedOut?: boolean } {
  const load = os.loadavg()[0];
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', name, via],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: CAP_S * 1000,
      maxBuffer: 1 << 24,
      killSignal: 'SIGKILL',
    },
  );
  if (r.error || r.status !== 0) {
    const ms = performance.now() - t;
    if (ms >= CAP_S * 1000 * 0.99) return { ms, cost: priceOf(name), load, timedOut: true };
    throw new Error(`${name} via ${via} failed: ${r.stderr}`);
  }
  return { ...(JSON.parse(r.stdout.trim().split('\n').pop() as string) as Measured), load };
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  child(argv[1], argv[2]).then(
    (m) => {
      process.stdout.write(`${JSON.stringify(m)}\n`);
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
} else {
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const rows: string[] = [];
  const show = (m: ReturnType<typeof run>) =>
    m.timedOut
      ? `> ${CAP_S} s`
      : m.refused
        ? `refused in ${m.ms.toFixed(0)} ms`
        : `${(m.ms / 1000).toFixed(2)} s`;
  for (const c of CASES.filter(
    (x) => wanted.length === 0 || wanted.some((w) => x.name.includes(w)),
  )) {
    for (const via of c.adapters ? ['lib', 'cli', 'server'] : ['lib']) {
      const m = run(c.name, via);
      // A refusal: who said it (field, exit 2 or the 400) and the price, not the whole advice.
      const what = m.refused
        ? via === 'lib'
          ? 'FieldError on `network`'
          : via === 'cli'
            ? `exit ${m.status}, message on stderr`
            : `${m.status} on ${m.field ? `\`${m.field}\`` : 'no field'}`
        : m.bytes === undefined
          ? ''
          : `${(m.bytes / 1e6).toFixed(1)} MB JSON`;
      rows.push(
        `| ${c.name} | ${via === 'lib' ? '`analyze`' : via === 'cli' ? 'CLI' : 'server'} | ${Number.isNaN(m.cost) ? '—' : m.cost.toExponential(2)} | ${show(m)} | ${m.cpu === undefined ? '' : `${(m.cpu / 1000).toFixed(2)} s`} | ${what} | ${m.load.toFixed(1)} |`,
      );
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    }
  }
  process.stdout.write(
    `## analyze-limits\n\nThe worst networks inside the documented limits (issue 12: each must answer, or be refused, within 2 s). One cold call per row in a process of its own (the CLI row includes its start-up, the server row one POST /api/analyze to a fresh \`createApp()\`), stopped after ${CAP_S} s; points = \`analyzeCost\` (refused above ${MAX_ANALYZE_COST.toExponential(1)}); cpu = the call's own CPU time (one core), which a loaded machine stretches into the wall time; load = the 1-minute load average when the row started.\n\n| network | via | points | time | cpu | answer | load |\n|---|---|---:|---:|---:|---|---:|\n${rows.join('\n')}\n`,
  );
}
