/**
 * 2-D response benchmark (issue 12): `node --import tsx bench/response2d.ts`.
 * box 3×3 at rates 1, 2, 5 on N×N grids, N = 128, 256, 512: `response2d` (|H| and dB,
 * centred) without and with members, against numpy's route in the same run
 * (bench/python/response2d.py: the composite kernel, np.fft.fft2, fftshift, abs, dB) and
 * against the N×N FFT route in JS (fft2dReal of the composite kernel, then the shift, |H|
 * and dB per point: what response2d did before its fast paths). Prints a Markdown section;
 * skips the numpy column when python3 or numpy is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compositeKernel } from '../src/analysis/composite.ts';
import { fft2dReal } from '../src/fft/index.ts';
import { parseNetwork } from '../src/network/index.ts';
import { response2d, toDb } from '../src/response/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = [128, 256, 512];

/** Median ms of one call: 150 ms warm-up, then samples of ≥ 0.25 ms (as the python side). */
function median(f: () => unknown, budget = 600, min = 5, max = 301): number {
  const warm = performance.now();
  let calls = 0;
  for (; calls < 3 || performance.now() - warm < 150; calls++) f();
  const batch = Math.max(1, Math.ceil(0.25 / ((performance.now() - warm) / calls)));
  const times: number[] = [];
  const start = performance.now();
  while (times.length < max && (times.length < min || performance.now() - start < budget)) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) f();
    times.push((performance.now() - t) / batch);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const net = parseNetwork({
  type: 'stack',
  layers: [1, 2, 5].map((d) => ({ kernel: 'box:3x3', dilation: d })),
});

/** The N×N FFT route: composite kernel, fft2dReal, shift by % per point, |H| and dB. */
function fftRoute(n: number) {
  const h = compositeKernel(net.root, 2);
  const H = fft2dReal(h.weights, h.shape, n);
  const mag = new Float64Array(n * n);
  const db = new Float64Array(n * n);
  const half = n >> 1;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const k = ((i + half) % n) * n + ((j + half) % n);
      mag[i * n + j] = Math.hypot(H.re[k], H.im[k]);
    }
  for (let i = 0; i < n * n; i++) db[i] = toDb(mag[i]);
  return { mag, db };
}

// Sanity before timing: the fast path agrees with the FFT route.
for (const n of SIZES) {
  const a = response2d(net, { n, members: false, panels: false });
  const b = fftRoute(n);
  for (let i = 0; i < n * n; i++) {
    if (Math.abs(a.magnitude[i] - b.mag[i]) > 1e-12) throw new Error(`mismatch at n=${n}, ${i}`);
  }
}

// A non-separable 3×3 kernel at the same rates: the general route (direct evaluation from
// the twiddle table on the half plane).
const general = parseNetwork({
  type: 'stack',
  layers: [1, 2, 5].map((d) => ({
    kernel: [
      [1, 2, 1],
      [0, 3, 1],
      [2, -1, 1],
    ],
    dilation: d,
  })),
});

const js = SIZES.map((n) => ({
  n,
  general: median(() => response2d(general, { n, members: false, panels: false })),
  lean: median(() => response2d(net, { n, members: false, panels: false })),
  full: median(() => response2d(net, { n, panels: false })),
  fft: median(() => fftRoute(n)),
}));

interface Py {
  numpy: string;
  sizes: Record<string, { composite: number; members: number }>;
}
function python(): Py | string {
  // OPENBLAS_* slow numpy down where they are set (docs of this machine): unset for the peer.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const exe = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const r = spawnSync(exe, [path.join(here, 'python/response2d.py')], {
    encoding: 'utf8',
    timeout: 180_000,
    env,
  });
  if (r.error) return `python3 is not available (${r.error.message})`;
  if (r.status !== 0) return `python3 failed (exit ${r.status})`;
  const p = JSON.parse(r.stdout) as Py | { error: string };
  return 'error' in p ? `numpy is not available (${p.error})` : p;
}
const py = python();
const have = typeof py !== 'string';
const fmt = (ms: number | undefined) =>
  ms === undefined ? '—' : ms < 10 ? ms.toFixed(3) : ms.toFixed(1);
const ratio = (ours: number, peer: number | undefined) =>
  peer === undefined ? '—' : `${(peer / ours).toFixed(1)}×`;

const lines = [
  '## 2-D response',
  '',
  'box 3×3 at rates 1, 2, 5 on an N×N grid, |H| and dB centred, medians in ms. Ours: ' +
    '`response2d(net, {n, members: false, panels: false})` and with its 3 members (panels, the impulse and step grids, off: numpy computes neither). numpy: the composite ' +
    'kernel (scipy convolve2d of the dilated kernels), `np.fft.fft2(h, (N, N))`, fftshift, abs, ' +
    '20·log10 (members: each dilated kernel the same way, and their product). JS FFT route: ' +
    'fft2dReal of the composite kernel, shift by % per point, |H| and dB (the old route).',
  '',
  '| N | ours | numpy fft2 + abs, dB | speed-up of ours | ours with members | numpy with members | speed-up | JS N×N FFT route | ours, non-separable 3×3 (general route) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...js.map((r) => {
    const p = have ? py.sizes[String(r.n)] : undefined;
    return `| ${r.n} | ${fmt(r.lean)} | ${fmt(p?.composite)} | ${ratio(r.lean, p?.composite)} | ${fmt(r.full)} | ${fmt(p?.members)} | ${ratio(r.full, p?.members)} | ${fmt(r.fft)} | ${fmt(r.general)} |`;
  }),
  '',
  have
    ? `numpy ${py.numpy} in a separate python3 process (OPENBLAS_* unset). Speed-ups above 1× mean ours is faster.`
    : `numpy column skipped: ${py}.`,
  'Why: box 3×3 is an outer product, so the stack is rank-1, H = Y(ωy)·X(ωx): two 1-D ' +
    'responses from the twiddle table (3 taps × N points per layer and axis), shifted and ' +
    'logged on the axes; the grid is one product (|H|) and one sum (dB) per point. ' +
    'Non-separable kernels are evaluated directly from the twiddle table on the half plane ' +
    'jy ≤ N/2 and mirrored; fftshift is two row copies.',
];
process.stdout.write(`${lines.join('\n')}\n`);
