/**
 * ERF benchmark: the measured ERF (TensorFlow.js, src/erf) against torch autograd on the
 * CPU (one thread) on the same networks and input sizes in the same run — single-channel
 * 2-D conv stacks and the 2-D fixture models (test/fixtures/models) at 128×128 with 16
 * samples, with each TensorFlow.js backend (wasm, the default, and cpu; one child process
 * each, since a process picks its backend once). Prints a Markdown section; best of 3 runs
 * (the fixture models: best of 2), seconds per ERF call (for the models: ONNX import and the
 * exact linearised form included).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { erf, erfOfModel, initRuntimeForBench } from './lib/erf.ts';

const stacks = [
  { name: 'box:3x3 @ 1,2,5 (ReLU)', rates: [1, 2, 5] },
  { name: 'random 3×3 @ 1,2,5,9 (ReLU)', rates: [1, 2, 5, 9] },
  { name: 'random 3×3 @ 2,2,2,2,2,2 (ReLU)', rates: [2, 2, 2, 2, 2, 2] },
];
const models = ['deeplab_like', 'bottleneck'];
const size = 128;
const samples = 16;

function kernels(n: number, box: boolean): number[][] {
  return Array.from({ length: n }, (_, l) =>
    Array.from({ length: 9 }, (_, i) => (box ? 1 / 9 : Math.sin(1 + 7 * l + 3 * i) * 0.6)),
  );
}

async function best(runs: number, f: () => Promise<unknown>): Promise<number> {
  let t = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await f();
    t = Math.min(t, (performance.now() - t0) / 1000);
  }
  return t;
}

/** Child mode: time every case on one backend, print {name: seconds}. */
async function child(backend: 'wasm' | 'cpu'): Promise<void> {
  await initRuntimeForBench({ backend });
  const out: Record<string, number> = {};
  for (const [i, c] of stacks.entries()) {
    const ks = kernels(c.rates.length, i === 0);
    const network = {
      type: 'stack',
      layers: c.rates.map((d, l) => ({
        kernel: [ks[l].slice(0, 3), ks[l].slice(3, 6), ks[l].slice(6, 9)],
        dilation: d,
      })),
    };
    out[c.name] = await best(3, () =>
      erf(network, { inputSize: [size, size], samples, activation: 'relu' }),
    );
  }
  for (const m of models) {
    const bytes = readFileSync(new URL(`../test/fixtures/models/${m}.onnx`, import.meta.url));
    out[m] = await best(2, () => erfOfModel(bytes, [size, size], { samples }));
  }
  console.log(JSON.stringify(out));
}

const mode = process.env.ERF_BENCH_BACKEND;
if (mode === 'wasm' || mode === 'cpu') {
  await child(mode);
} else {
  const run = (backend: string): Record<string, number> | string => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/erf.ts'], {
      env: { ...process.env, ERF_BENCH_BACKEND: backend },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    return r.status === 0 ? JSON.parse(r.stdout.trim().split('\n').pop() as string) : r.stderr;
  };
  const torchStacks = stacks.map((c, i) => ({
    name: c.name,
    kernels: kernels(c.rates.length, i === 0),
    rates: c.rates,
    size,
    samples,
  }));
  const py = (script: string, input: unknown): Record<string, number> | null => {
    const r = spawnSync('/usr/bin/python3', [script], {
      input: JSON.stringify(input),
      encoding: 'utf8',
    });
    return r.status === 0 ? JSON.parse(r.stdout) : null;
  };
  const torch = {
    ...py('bench/python/erf_torch.py', { cases: torchStacks, repeats: 3 }),
    ...py('bench/python/erf_torch_models.py', {
      cases: models.map((m) => ({ name: m, model: m, size, samples })),
      repeats: 2,
    }),
  };
  const wasm = run('wasm');
  const cpu = run('cpu');
  const cell = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(3));
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(1)}×`;
  const rows = [...stacks.map((c) => c.name), ...models].map((name) => {
    const w = typeof wasm === 'string' ? undefined : wasm[name];
    const c = typeof cpu === 'string' ? undefined : cpu[name];
    const t = torch[name];
    return `| ${name} | ${cell(w)} | ${cell(c)} | ${cell(t)} | ${ratio(w, t)} | ${ratio(c, t)} |`;
  });
  console.log(`## ERF (dilation-lab erf, TensorFlow.js wasm and cpu) vs torch autograd (CPU, 1 thread)

${size}×${size} input, ${samples} samples, best of 3 (fixture models: 2), seconds per ERF.
${typeof wasm === 'string' ? `wasm failed: ${wasm.slice(0, 300)}\n` : ''}${typeof cpu === 'string' ? `cpu failed: ${cpu.slice(0, 300)}\n` : ''}
| network | wasm (s) | cpu (s) | torch (s) | wasm / torch | cpu / torch |
|---|---|---|---|---|---|
${rows.join('\n')}
`);
}
