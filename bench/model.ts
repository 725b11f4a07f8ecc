/**
 * Benchmark of `analyze --model` (issue 10 targets: a ResNet-50-sized ONNX model imported
 * and analysed in under 5 s and 1 GB; each fixture model under 200 ms), against the Python
 * path a user would take in the same run (bench/python/model.py: torch forward hooks for
 * the layer table, numpy FFTs for the per-layer power responses, autograd for the taps).
 *
 * The ResNet-50 model is torchvision's deeplabv3_resnet50 with its random initialisation
 * (weights=None, weights_backbone=None: nothing is downloaded), exported with
 * torch.onnx.export (opset 13) into a temporary directory at bench time, analysed by a
 * fresh Node process (so its peak RSS is the analysis's), and deleted. Without
 * /usr/bin/python3 + torch, that part is skipped and says so.
 * Run: node --import tsx bench/model.ts  (prints a Markdown section).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeOnnx } from '../src/model/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../test/fixtures/models');
const PY = '/usr/bin/python3';

/** Child mode: analyse one file, print {ms, maxRssMB, receptiveField}. */
if (process.argv[2] === '--one') {
  const t0 = performance.now();
  const bytes = new Uint8Array(readFileSync(process.argv[3]));
  const r = analyzeOnnx(bytes);
  const ms = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({
      ms,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      receptiveField: r.receptiveField,
      layers: r.layers.length,
    }),
  );
  process.exit(0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function python(args: string[], timeout = 600_000): { ok: boolean; out: string } {
  const r = spawnSync(PY, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'ignore'] });
  return { ok: r.status === 0, out: r.stdout ?? '' };
}

const hasTorch =
  spawnSync(PY, ['-c', 'import torch, torchvision, onnx'], { stdio: 'ignore' }).status === 0;
const lines: string[] = ['## model (`analyze --model`, issue 10)', ''];
lines.push(
  'Import and analysis of ONNX models: read + decode (protobufjs) + import + tap set, layer table, per-layer power responses, singular values, deaf bands, border validity and the linearised composite where it is computed. Peer: the Python path a user would take (bench/python/model.py: torch forward hooks, numpy FFTs of the weights, autograd for the taps), timed in the same run, model build excluded.',
  '',
  '| model | ONNX size | dilation-lab (median of 5) | target | Python: hooks + numpy + autograd |',
  '|---|---:|---:|---:|---:|',
);
for (const name of ['deeplab_like', 'tcn', 'wavenet', 'bottleneck', 'separable', 'audio1d']) {
  const file = path.join(fixtures, `${name}.onnx`);
  const bytes = new Uint8Array(readFileSync(file));
  analyzeOnnx(bytes); // warm
  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    const a = performance.now();
    analyzeOnnx(bytes);
    t.push(performance.now() - a);
  }
  let peer = 'not run (no torch)';
  if (hasTorch) {
    const p = python([path.join(here, 'python/model.py'), 'time', name]);
    if (p.ok) peer = `${JSON.parse(p.out).analyseMs.toFixed(1)} ms`;
  }
  lines.push(
    `| ${name} | ${(bytes.length / 1024).toFixed(1)} kB | ${median(t).toFixed(1)} ms | < 200 ms | ${peer} |`,
  );
}

if (hasTorch) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dilation-lab-bench-'));
  try {
    const file = path.join(dir, 'deeplabv3_resnet50.onnx');
    const exported = python([path.join(here, 'python/model.py'), 'export', file]);
    if (!exported.ok) throw new Error('export failed');
    const size = statSync(file).size;
    const runs: { ms: number; maxRssMB: number; receptiveField: unknown; layers: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', file],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      if (r.status !== 0) throw new Error('analysis failed');
      runs.push(JSON.parse(r.stdout));
    }
    const peer = python([path.join(here, 'python/model.py'), 'time', 'deeplabv3']);
    const peerText = peer.ok ? `${(JSON.parse(peer.out).analyseMs / 1000).toFixed(2)} s` : 'failed';
    lines.push(
      `| deeplabv3_resnet50 (513×513, ${runs[0].layers} layers, receptive field ${JSON.stringify(runs[0].receptiveField)}) | ${(size / 2 ** 20).toFixed(1)} MiB | ${(median(runs.map((r) => r.ms)) / 1000).toFixed(2)} s, peak RSS ${Math.max(...runs.map((r) => r.maxRssMB)).toFixed(0)} MB (median of 3 fresh processes) | < 5 s, < 1 GB | ${peerText} |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  lines.push(
    '| deeplabv3_resnet50 | — | not run: /usr/bin/python3 with torch and torchvision is needed to export it | < 5 s, < 1 GB | — |',
  );
}
lines.push(
  '',
  'The ResNet-50 figure includes reading the file; its linearised composite is skipped (a max pool is not linear, and its cost is far above the budget) and singular values are computed only for layers with min(C_out, C_in)/groups ≤ 32. The Python column is the time of one forward pass with hooks, numpy FFTs of every conv and one backward pass, without building the model.',
);
process.stdout.write(`${lines.join('\n')}\n`);
