/**
 * ERF benchmark: the measured ERF (TensorFlow.js CPU backend, src/erf) of 2-D conv stacks
 * at 128×128 with 16 samples, against torch autograd on the CPU (one thread) on the same
 * networks and input size in the same run (bench/python/erf_torch.py). Prints a Markdown
 * section; best of 3 runs each.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { erf, initRuntimeForBench } from './lib/erf.ts';

const cases = [
  { name: 'box:3x3 @ 1,2,5 (ReLU)', rates: [1, 2, 5] },
  { name: 'random 3×3 @ 1,2,5,9 (ReLU)', rates: [1, 2, 5, 9] },
  { name: 'random 3×3 @ 2,2,2,2,2,2 (ReLU)', rates: [2, 2, 2, 2, 2, 2] },
];
const size = 128;
const samples = 16;

function kernels(n: number, box: boolean): number[][] {
  return Array.from({ length: n }, (_, l) =>
    Array.from({ length: 9 }, (_, i) => (box ? 1 / 9 : Math.sin(1 + 7 * l + 3 * i) * 0.6)),
  );
}

await initRuntimeForBench();
const rows: string[] = [];
const torchCases = cases.map((c, i) => ({
  name: c.name,
  kernels: kernels(c.rates.length, i === 0),
  rates: c.rates,
  size,
  samples,
}));
const py = spawnSync('/usr/bin/python3', ['bench/python/erf_torch.py'], {
  input: JSON.stringify({ cases: torchCases, repeats: 3 }),
  encoding: 'utf8',
});
const torch: Record<string, number> | null = py.status === 0 ? JSON.parse(py.stdout) : null;
for (const [i, c] of cases.entries()) {
  const ks = torchCases[i].kernels;
  const network = {
    type: 'stack',
    layers: c.rates.map((d, l) => ({
      kernel: [ks[l].slice(0, 3), ks[l].slice(3, 6), ks[l].slice(6, 9)],
      dilation: d,
    })),
  };
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await erf(network, { inputSize: [size, size], samples, activation: 'relu' });
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  const t = torch?.[c.name];
  rows.push(
    `| ${c.name} | ${best.toFixed(3)} | ${t === undefined ? 'n/a' : t.toFixed(3)} | ${t === undefined ? 'n/a' : `${(best / t).toFixed(1)}×`} |`,
  );
}
console.log(`## ERF (dilation-lab erf, TensorFlow.js CPU) vs torch autograd (CPU, 1 thread)

${size}×${size} input, ${samples} samples, best of 3 runs, seconds per ERF (forward + backward + averaging).
${torch ? `torch ${py.stderr ? '' : ''}from /usr/bin/python3.` : `torch unavailable: ${py.stderr?.slice(0, 200)}`}

| network | dilation-lab (s) | torch (s) | ratio |
|---|---|---|---|
${rows.join('\n')}
`);
