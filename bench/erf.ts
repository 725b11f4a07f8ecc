/**
 * ERF benchmark: the measured ERF (TensorFlow.js, src/erf) against torch autograd on the
 * CPU (one thread) on the same networks and input sizes in the same run:
 * - single-channel 2-D conv stacks (ReLU) and the 2-D fixture models (test/fixtures/models)
 *   at 128×128 with 16 samples, with each TensorFlow.js backend (wasm, the default, and cpu;
 *   one child process each, since a process picks its backend once). The models run twice:
 *   as `erf --model` runs them by default (linearised: one backward pass, `isAffine`) and with
 *   `--nonlinear` (their ReLUs, 16 samples: the work torch does);
 * - a ResNet-50-sized model: torchvision's resnet50 with random weights (no download),
 *   its spatial part exported to ONNX at bench time into a cache directory
 *   (bench/python/export_resnet50.py; ~94 MB, never committed), at 257×257 with 4 samples,
 *   `--nonlinear`, wasm only; its own child process on each side, so the peak resident
 *   memory (maxRSS) is that case's.
 * Without torch (python3 -c "import torch" fails) the torch columns say so and the ResNet-50
 * row is skipped. Prints a Markdown section with the load average; best of 3 runs (the
 * fixture models: 2, ResNet-50: 1), seconds per ERF call (for the models: ONNX import, the
 * exact linearised form and the window's path counts included).
 * ERF_BENCH_CASE=resnet50 runs the ResNet-50 row only (=fixtures: all but it);
 * ERF_BENCH_RESNET_ROUNDS=N runs it N times, torch and ours interleaved, each side a fresh
 * (cold) process, and lists every round's pair beside the best of each side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
const resnet = {
  name: 'resnet50 (torchvision, random weights) 257×257, 4 samples',
  size: 257,
  samples: 4,
};
const cacheDir = path.join(os.tmpdir(), 'dilation-lab-bench');
const resnetFile = path.join(cacheDir, `resnet50_${resnet.size}.onnx`);

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
  if (process.env.ERF_BENCH_CASE === 'resnet50') {
    const bytes = readFileSync(resnetFile);
    out[resnet.name] = await best(1, () =>
      erfOfModel(bytes, [resnet.size, resnet.size], { samples: resnet.samples, nonlinear: true }),
    );
    out.maxRssMB = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify(out));
    return;
  }
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
    out[`${m} (linearised)`] = await best(2, () => erfOfModel(bytes, [size, size], { samples }));
    out[`${m} (--nonlinear)`] = await best(2, () =>
      erfOfModel(bytes, [size, size], { samples, nonlinear: true }),
    );
  }
  console.log(JSON.stringify(out));
}

const mode = process.env.ERF_BENCH_BACKEND;
if (mode === 'wasm' || mode === 'cpu') {
  await child(mode);
} else {
  const run = (
    backend: string,
    env: Record<string, string> = {},
  ): Record<string, number> | string => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/erf.ts'], {
      env: { ...process.env, ERF_BENCH_CASE: '', ERF_BENCH_BACKEND: backend, ...env },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    return r.status === 0 ? JSON.parse(r.stdout.trim().split('\n').pop() as string) : r.stderr;
  };
  const py = (script: string, args: string[], input?: unknown) =>
    spawnSync('/usr/bin/python3', [script, ...args], {
      input: input === undefined ? undefined : JSON.stringify(input),
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
  const torchThere = spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], {
    encoding: 'utf8',
  });
  const haveTorch = torchThere.status === 0;
  const load = () => os.loadavg()[0].toFixed(1);
  const loads: string[] = [load()];
  const torchOf = (script: string, input: unknown): Record<string, number> => {
    const r = py(script, [], input);
    return r.status === 0 ? JSON.parse(r.stdout) : {};
  };
  // ERF_BENCH_CASE=resnet50: the ResNet-50 row only; =fixtures: everything but it.
  const only = process.env.ERF_BENCH_CASE;
  const doFixtures = only !== 'resnet50';
  const doResnet = only !== 'fixtures';
  const torch: Record<string, number> = {};
  if (haveTorch && doFixtures) {
    Object.assign(
      torch,
      torchOf('bench/python/erf_torch.py', {
        cases: stacks.map((c, i) => ({
          name: c.name,
          kernels: kernels(c.rates.length, i === 0),
          rates: c.rates,
          size,
          samples,
        })),
        repeats: 3,
      }),
    );
    const m = torchOf('bench/python/erf_torch_models.py', {
      cases: models.map((name) => ({ name, model: name, size, samples })),
      repeats: 2,
    });
    for (const name of models) {
      torch[`${name} (linearised)`] = m[name];
      torch[`${name} (--nonlinear)`] = m[name];
    }
  }
  const skipped = 'not run (ERF_BENCH_CASE=resnet50)';
  const wasm = doFixtures ? run('wasm') : skipped;
  if (doFixtures) loads.push(load());
  const cpu = doFixtures ? run('cpu') : skipped;
  if (doFixtures) loads.push(load());
  // ResNet-50: export once into the cache (torch needed), then each side in its own process.
  let resnetNote = '';
  const resnetRow: string[] = [];
  if (!doResnet) resnetNote = 'ResNet-50 not run (ERF_BENCH_CASE=fixtures).';
  else if (!haveTorch) resnetNote = 'torch is not installed: the ResNet-50 row is skipped.';
  else {
    if (!existsSync(resnetFile)) {
      mkdirSync(cacheDir, { recursive: true });
      const e = py('bench/python/export_resnet50.py', [resnetFile, String(resnet.size)]);
      if (e.status !== 0) resnetNote = `the ResNet-50 export failed: ${e.stderr.slice(-300)}`;
    }
    if (!resnetNote) {
      // ERF_BENCH_RESNET_ROUNDS (default 1) rounds, torch then ours, each a fresh process.
      const rounds = Math.max(1, Number(process.env.ERF_BENCH_RESNET_ROUNDS ?? 1));
      const pairs: { ours: number; theirs: number | undefined; rss: number; trss?: number }[] = [];
      for (let k = 0; k < rounds && !resnetNote; k++) {
        const t = torchOf('bench/python/erf_torch_models.py', {
          cases: [
            { name: resnet.name, model: 'resnet50', size: resnet.size, samples: resnet.samples },
          ],
          repeats: 1,
        });
        loads.push(load());
        const w = run('wasm', { ERF_BENCH_CASE: 'resnet50' });
        loads.push(load());
        if (typeof w === 'string') resnetNote = `the ResNet-50 ERF failed: ${w.slice(-300)}`;
        else
          pairs.push({
            ours: w[resnet.name],
            theirs: t[resnet.name],
            rss: w.maxRssMB,
            trss: t.maxRssMB,
          });
      }
      if (pairs.length > 0) {
        const ours = Math.min(...pairs.map((p) => p.ours));
        const known = pairs.flatMap((p) => (p.theirs === undefined ? [] : [p.theirs]));
        const theirs = known.length > 0 ? Math.min(...known) : undefined;
        resnetRow.push(
          `| ${resnet.name} (--nonlinear) | ${ours.toFixed(3)} | not run | ${theirs === undefined ? 'n/a' : theirs.toFixed(3)} | ${theirs === undefined ? 'n/a' : `${(ours / theirs).toFixed(1)}×`} | — |`,
        );
        const each =
          pairs.length > 1
            ? ` Rounds (torch, ours, ratio): ${pairs.map((p) => `${p.theirs?.toFixed(2) ?? 'n/a'} s, ${p.ours.toFixed(2)} s, ${p.theirs === undefined ? 'n/a' : `${(p.ours / p.theirs).toFixed(2)}×`}`).join('; ')}; the row is the best of each side.`
            : '';
        const p = pairs[pairs.length - 1];
        resnetNote = `ResNet-50 peak resident memory: ours ${p.rss.toFixed(0)} MB, torch ${p.trss === undefined ? 'n/a' : p.trss.toFixed(0)} MB (each its own process; the ONNX file is ${(readFileSync(resnetFile).length / 1e6).toFixed(0)} MB, cached in ${cacheDir}).${each}`;
      }
    }
  }
  const cell = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(3));
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(1)}×`;
  const names = [
    ...stacks.map((c) => c.name),
    ...models.flatMap((m) => [`${m} (linearised)`, `${m} (--nonlinear)`]),
  ];
  const rows = (doFixtures ? names : []).map((name) => {
    const w = typeof wasm === 'string' ? undefined : wasm[name];
    const c = typeof cpu === 'string' ? undefined : cpu[name];
    const t = torch[name];
    return `| ${name} | ${cell(w)} | ${cell(c)} | ${cell(t)} | ${ratio(w, t)} | ${ratio(c, t)} |`;
  });
  console.log(`## ERF (dilation-lab erf, TensorFlow.js wasm and cpu) vs torch autograd (CPU, 1 thread)

${size}×${size} input, ${samples} samples (ResNet-50: ${resnet.size}×${resnet.size}, ${resnet.samples}), best of 3 (fixture models: 2, ResNet-50: 1 per round, each side a fresh process), seconds per ERF. Torch runs every model with its ReLUs, so the linearised rows do less work than torch; the --nonlinear rows do the same. Load average (1 min) during the run: ${loads.join(', ')} on ${os.cpus().length} cores.
${haveTorch ? '' : 'torch is not installed: the torch columns are n/a.\n'}${typeof wasm === 'string' && doFixtures ? `wasm failed: ${wasm.slice(0, 300)}\n` : ''}${typeof cpu === 'string' && doFixtures ? `cpu failed: ${cpu.slice(0, 300)}\n` : ''}
| network | wasm (s) | cpu (s) | torch (s) | wasm / torch | cpu / torch |
|---|---|---|---|---|---|
${[...rows, ...resnetRow].join('\n')}

${resnetNote}
`);
}
