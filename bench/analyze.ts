/**
 * Benchmark of `analyze` (issue 2 target: a 6-layer 1-D schedule, box:3 at rates
 * 1, 2, 5, 1, 2, 5, default settings, under 5 ms warm median), against a naive path in the
 * same run: every tap combination enumerated (3^6 = 729 paths) for the tap set, path counts
 * and holes. With python3 + numpy, also numpy's route to the same spatial numbers and the
 * composite nulls (np.convolve of the dilated kernels, np.roots on the unit circle).
 * Run: node --import tsx bench/analyze.ts  (prints a Markdown section).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { aliasing } from '../src/analysis/aliasing.ts';
import { analyze } from '../src/analysis/analyze.ts';
import { coverageOf } from '../src/analysis/coverage.ts';
import { pathCounts } from '../src/analysis/tapSet.ts';
import { presetNetwork, shortFormNetwork } from '../src/network/index.ts';

const RATES = [1, 2, 5, 1, 2, 5];
const network = shortFormNetwork({ kernel: 'box:3', rates: RATES });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time in ms of `fn` after `warm` warm-up calls, over `runs` timed calls. */
function time(fn: () => unknown, runs: number, warm = 50): number {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - a) / 1e6);
  }
  return median(t);
}

/** Naive: enumerate all k^n tap combinations, count paths per offset, list holes. */
function naiveSpatial(k: number, rates: readonly number[]) {
  const counts = new Map<number, number>();
  const idx = rates.map(() => 0);
  for (;;) {
    let o = 0;
    for (let j = 0; j < rates.length; j++) o += idx[j] * rates[j];
    counts.set(o, (counts.get(o) ?? 0) + 1);
    let j = rates.length - 1;
    while (j >= 0 && ++idx[j] === k) idx[j--] = 0;
    if (j < 0) break;
  }
  const span = Math.max(...counts.keys()) + 1;
  const holes: number[] = [];
  for (let i = 0; i < span; i++) if (!counts.has(i)) holes.push(i);
  return { counts, span, holes };
}

// Sanity: the fast and naive routes agree before anything is timed.
const fast = pathCounts(network);
const naive = naiveSpatial(3, RATES);
if (fast.weights.length !== naive.span) throw new Error('receptive field mismatch');
fast.weights.forEach((c, i) => {
  if ((naive.counts.get(i) ?? 0) !== c) throw new Error(`path count mismatch at ${i}`);
});

const rows: [string, number][] = [];
rows.push(['`analyze` (all parts, default settings)', time(() => analyze(network), 400)]);
rows.push([
  'spatial part only (path counts, coverage, aliasing)',
  time(() => {
    const c = pathCounts(network);
    coverageOf(c);
    aliasing(network, c);
  }, 2000),
]);
rows.push([
  'naive: enumerate 3^6 tap combinations, holes',
  time(() => naiveSpatial(3, RATES), 2000),
]);

// Where the naive route stops scaling: 12 layers means 3^12 = 531441 tap combinations.
const RATES12 = [...RATES, ...RATES];
const network12 = shortFormNetwork({ kernel: 'box:3', rates: RATES12 });
rows.push([
  'spatial part, 12 layers (rates repeated twice)',
  time(() => {
    const c = pathCounts(network12);
    coverageOf(c);
    aliasing(network12, c);
  }, 2000),
]);
rows.push([
  'naive, 12 layers: enumerate 3^12 tap combinations',
  time(() => naiveSpatial(3, RATES12), 10, 2),
]);

const ctx = presetNetwork('context-module');
const ctxRow = time(() => analyze(ctx, { mapSize: 65, object: [5, 3] }), 100, 10);

const py = `
import json, time
import numpy as np
rates = [1, 2, 5, 1, 2, 5]
def run():
    h = np.ones(1); p = np.ones(1)
    for d in rates:
        k = np.zeros(2 * d + 1); k[::d] = 1.0 / 3
        h = np.convolve(h, k)
        u = np.zeros(2 * d + 1); u[::d] = 1.0
        p = np.convolve(p, u)
    holes = np.flatnonzero(p == 0)
    r = np.roots(h[::-1])
    on = r[np.abs(np.abs(r) - 1) < 1e-6]
    w = np.sort(np.abs(np.angle(on)))
    return holes, w
for _ in range(50): run()
t = []
for _ in range(400):
    a = time.perf_counter(); run(); t.append((time.perf_counter() - a) * 1e3)
print(json.dumps({"ms": float(np.median(t)), "numpy": np.__version__}))
`;
let numpyNote = 'python3 with numpy not found: numpy column skipped.';
const r = spawnSync('python3', ['-c', py], { encoding: 'utf8' });
if (r.status === 0) {
  const { ms, numpy } = JSON.parse(r.stdout.trim());
  rows.push(['numpy, 6 layers: np.convolve tap counts + holes + np.roots composite nulls', ms]);
  numpyNote = `numpy ${numpy} through python3 (same process-local timing, median of 400).`;
}

const fmt = (ms: number) => (ms < 0.1 ? ms.toFixed(4) : ms < 10 ? ms.toFixed(3) : ms.toFixed(1));
const lines = [
  '## analyze',
  '',
  `\`analyze\` of a 6-layer 1-D schedule (box:3, rates ${RATES.join(', ')}), default settings; warm medians.`,
  '',
  '| route | median (ms) |',
  '| --- | ---: |',
  ...rows.map(([name, ms]) => `| ${name} | ${fmt(ms)} |`),
  `| \`analyze\` of the 2-D context-module preset (mapSize 65, object 5×3) | ${fmt(ctxRow)} |`,
  '',
  `Target: under 5 ms warm for the 6-layer schedule — ${rows[0][1] < 5 ? 'met' : 'NOT met'} (${fmt(rows[0][1])} ms).`,
  `The naive row enumerates every tap combination (only the spatial part); it is checked against the fast path counts before timing. ${numpyNote}`,
  `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
