/**
 * Report benchmark: `node --import tsx bench/report.ts` (about 40 s).
 *
 * Writes the shared-nulls and gridding example reports (docs/examples) with PNG and SVG
 * figures, timing the whole run and each figure's PNG + SVG (through a renderer that wraps
 * the real one and times its calls). The peer in the same run renders the same figures the
 * naive way: one Chromium started per figure. Prints a Markdown section.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReport } from '../src/report/build.ts';
import { parseReportConfig } from '../src/report/config.ts';
import { type ImageRenderer, openRenderer } from '../src/report/render.ts';
import { writeReport } from '../src/report/write.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Timed {
  totalS: number;
  perFigureMs: number[];
  figures: number;
  htmlBytes: number;
}

async function timedReport(example: string): Promise<Timed> {
  const text = readFileSync(path.join(root, 'docs', 'examples', example), 'utf8');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dilation-lab-bench-'));
  const out = path.join(dir, 'report');
  const perFigure = new Map<object, number>();
  const timing = async (p?: string): Promise<ImageRenderer> => {
    const r = await openRenderer(p);
    return {
      async render(figure, size, format) {
        const a = performance.now();
        const bytes = await r.render(figure, size, format);
        perFigure.set(figure, (perFigure.get(figure) ?? 0) + performance.now() - a);
        return bytes;
      },
      close: () => r.close(),
    };
  };
  try {
    const a = performance.now();
    const result = await writeReport(text, out, { formats: ['png', 'svg'], openRenderer: timing });
    const totalS = (performance.now() - a) / 1000;
    return {
      totalS,
      perFigureMs: [...perFigure.values()],
      figures: result.figures,
      htmlBytes: statSync(path.join(out, 'index.html')).size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The naive way: a Chromium started for each figure, PNG and SVG, then closed. */
async function perFigureChromium(
  example: string,
): Promise<{ totalS: number; perFigureMs: number[] }> {
  const text = readFileSync(path.join(root, 'docs', 'examples', example), 'utf8');
  const model = buildReport(parseReportConfig(text));
  const per: number[] = [];
  const a = performance.now();
  for (const f of model.experiments.flatMap((e) => e.figures)) {
    const b = performance.now();
    const r = await openRenderer();
    try {
      await r.render(f.figure, f.size, 'png');
      await r.render(f.figure, f.size, 'svg');
    } finally {
      await r.close();
    }
    per.push(performance.now() - b);
  }
  return { totalS: (performance.now() - a) / 1000, perFigureMs: per };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const f = (x: number, d = 0) => x.toFixed(d);
  for (const example of ['shared-nulls.yaml', 'gridding.yaml']) {
    const ours = await timedReport(example);
    const peer = await perFigureChromium(example);
    rows.push(
      `| ${example} (${ours.figures} figures) | ${f(ours.totalS, 1)} s | ${f(median(ours.perFigureMs))} (${f(Math.min(...ours.perFigureMs))}–${f(Math.max(...ours.perFigureMs))}) | ${f(peer.totalS, 1)} s | ${f(median(peer.perFigureMs))} | ${(ours.htmlBytes / 1e6).toFixed(1)} MB |`,
    );
  }
  const lines = [
    '## Reports (bench/report.ts)',
    '',
    "`writeReport` of the example configs with PNG and SVG figures: the whole run (config to the last file, Chromium start-up included) and each figure's PNG + SVG (median, min–max, in ms) through the one Chromium of the run. Peer in the same run: the same figures with a Chromium started for each (the rendering alone, no files).",
    '',
    '| example | whole run | per figure PNG + SVG ms | peer: Chromium per figure, all figures | peer per figure ms | index.html |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Targets: ≤ 1 s per figure (PNG and SVG); the shared-nulls example ≤ 8 s.',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version} (load average ${os.loadavg()[0].toFixed(1)} at the end).`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
