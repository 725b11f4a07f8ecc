/**
 * Regenerates the gallery: runs every config in docs/examples/ through `writeReport`
 * (PNG only, headless Chromium), copies the figures to docs/gallery/EXAMPLE-FIGURE.png and
 * writes docs/gallery.md. Run with `npm run gallery` (node --import tsx scripts/gallery.ts).
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHROMIUM, writeReport } from '../src/report/index.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const examples = join(repo, 'docs/examples');
const gallery = join(repo, 'docs/gallery');
const chromiumPath = process.env.DILATION_LAB_CHROMIUM || DEFAULT_CHROMIUM;

const work = mkdtempSync(join(tmpdir(), 'dilation-lab-gallery-'));
const sections: string[] = [];
const written = new Set<string>();
try {
  mkdirSync(gallery, { recursive: true });
  const configs = readdirSync(examples)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  for (const file of configs) {
    const name = basename(file).replace(/\.(ya?ml|json)$/, '');
    const text = readFileSync(join(examples, file), 'utf8');
    const started = performance.now();
    const r = await writeReport(text, join(work, name), {
      formats: ['png'],
      chromiumPath,
      source: file,
      baseDir: examples,
      onProgress: (p) => process.stderr.write(`${name}: ${p.message}\n`),
    });
    if (r.images.length === 0) throw new Error(r.warnings.join('; '));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`${name}: ${r.figures} figures in ${seconds} s\n`);
    const lines = [
      `## ${r.model.title}`,
      '',
      `From [examples/${file}](examples/${file}):`,
      '',
      '```sh',
      `dilation-lab report docs/examples/${file} --out report-${name}`,
      '```',
      '',
    ];
    for (const e of r.model.experiments) {
      lines.push(`### ${e.title}`, '');
      if (e.description) lines.push(e.description, '');
      for (const f of e.figures) {
        const png = `${name}-${f.name}.png`;
        copyFileSync(join(r.outDir, 'figures', `${f.name}.png`), join(gallery, png));
        written.add(png);
        const alt = f.title.replace(/<[^>]+>/g, '').replace(/[[\]]/g, '');
        lines.push(
          `![${alt}](gallery/${png})`,
          '',
          `*${f.kind}* — ${f.size.width}×${f.size.height} px at scale ${f.size.scale}`,
          '',
        );
      }
    }
    sections.push(lines.join('\n'));
  }
  for (const old of readdirSync(gallery))
    if (old.endsWith('.png') && !written.has(old)) rmSync(join(gallery, old));
  const header = [
    '# Gallery',
    '',
    'Figures drawn by dilation-lab itself from the configs in [docs/examples/](examples/), as',
    '`dilation-lab report` exports them (PNG, one column of a paper at 480 CSS px, or two for',
    'side-by-side panels, scale 2). Regenerate them with `npm run gallery`; docs/report.md',
    'describes the config format and every figure kind.',
    '',
  ].join('\n');
  writeFileSync(
    join(repo, 'docs/gallery.md'),
    `${`${header}\n${sections.join('\n')}`.trimEnd()}\n`,
  );
  process.stderr.write(`wrote ${written.size} PNGs to docs/gallery/ and docs/gallery.md\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
