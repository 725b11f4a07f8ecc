import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  configHash,
  type ImageRenderer,
  MANIFEST,
  plotlyBundle,
  toolVersion,
  writeReport,
} from '../../src/report/index.ts';

const root = mkdtempSync(join(tmpdir(), 'dilation-lab-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const exampleText = readFileSync(
  new URL('../../docs/examples/gridding.yaml', import.meta.url),
  'utf8',
);
const now = new Date('2024-05-01T12:00:00Z');

/** Every file under dir, relative, sorted, with its SHA-256. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else
        out[r] = createHash('sha256')
          .update(readFileSync(join(dir, r)))
          .digest('hex');
    }
  };
  walk('');
  return out;
}

/** Names in `root` that are temporary or moved-aside folders of a report. */
function leftovers(): string[] {
  return readdirSync(root).filter((n) => n.includes('.tmp-') || n.includes('.old-'));
}

/** A renderer that writes placeholder bytes, for tests that are not about the pixels. */
const fakeRenderer = async (): Promise<ImageRenderer> => ({
  render: async (_f, size, format) =>
    Buffer.from(
      format === 'svg' ? `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}"/>` : 'png',
    ),
  close: async () => undefined,
});

/** Parses a CSV written by the report: `#` lines skipped, fields split on commas (quotes honoured). */
function readCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        out.push(cur);
        cur = '';
      } else cur += c;
    }
    out.push(cur);
    return out;
  };
  return { header: split(lines[0]), rows: lines.slice(1).map(split) };
}

describe('writeReport', () => {
  it('writes the pages, the data of every figure, the manifest and the config', async () => {
    const out = join(root, 'first');
    const progress: string[] = [];
    const r = await writeReport(exampleText, out, {
      formats: ['png', 'svg'],
      now,
      openRenderer: fakeRenderer,
      onProgress: (p) => progress.push(p.message),
    });
    const names = r.model.experiments.flatMap((e) => e.figures.map((f) => f.name));
    expect(names).toEqual([
      'stack-1d-coverage',
      'stack-1d-conv-matrix',
      'stack-1d-rf-growth',
      'stack-1d-blind-fraction',
      'stack-2d-coverage',
      'stack-2d-object-hit',
    ]);
    const expected = [
      'index.html',
      'report.md',
      MANIFEST,
      'config.yaml',
      'data/stack-1d-analysis.json',
      'data/stack-2d-analysis.json',
      ...names.flatMap((n) => [
        `figures/${n}.png`,
        `figures/${n}.svg`,
        `data/${n}.csv`,
        `data/${n}.json`,
      ]),
    ].sort();
    expect(r.files).toEqual(expected);
    expect(Object.keys(snapshot(out)).sort()).toEqual(expected);
    expect(progress).toHaveLength(names.length + 1);
    expect(progress[0]).toBe('[1/6] stack-1d-coverage: png, svg, csv, json');
    expect(readFileSync(join(out, 'config.yaml'), 'utf8')).toBe(exampleText);
    expect(leftovers()).toEqual([]);
  });

  it('records the version, the config hash and the date in the pages and the data', async () => {
    const out = join(root, 'first');
    const hash = createHash('sha256').update(exampleText).digest('hex');
    expect(configHash(exampleText)).toBe(hash);
    const version = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ).version;
    expect(toolVersion()).toBe(version);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8'));
    expect(manifest.provenance).toEqual({
      tool: 'dilation-lab',
      version,
      configSha256: hash,
      generated: now.toISOString(),
    });
    for (const page of ['index.html', 'report.md']) {
      const text = readFileSync(join(out, page), 'utf8');
      expect(text).toContain(hash);
      expect(text).toContain(now.toISOString());
      expect(text).toContain(`dilation-lab ${version}`);
    }
    const json = JSON.parse(readFileSync(join(out, 'data/stack-1d-coverage.json'), 'utf8'));
    expect(json.provenance.configSha256).toBe(hash);
    const csv = readFileSync(join(out, 'data/stack-1d-coverage.csv'), 'utf8');
    expect(csv.split('\n')[1]).toBe(`# config sha256 ${hash}; generated ${now.toISOString()}`);
  });

  it('writes CSV files whose columns and rows are those of the JSON files', () => {
    const out = join(root, 'first');
    for (const f of readdirSync(join(out, 'data')).filter((n) => n.endsWith('.csv'))) {
      const csv = readCsv(readFileSync(join(out, 'data', f), 'utf8'));
      const json = JSON.parse(
        readFileSync(join(out, 'data', f.replace(/\.csv$/, '.json')), 'utf8'),
      );
      expect(csv.header).toEqual(json.columns);
      expect(csv.rows).toHaveLength(json.rows.length);
      csv.rows.forEach((row, i) => {
        json.columns.forEach((c: string, j: number) => {
          const v = json.rows[i][c];
          expect(row[j]).toBe(v === null ? '' : String(v));
        });
      });
    }
  });

  it('makes a self-contained page: plotly inlined once, every figure inlined, no outside address', () => {
    const html = readFileSync(join(root, 'first', 'index.html'), 'utf8');
    const plotly = plotlyBundle();
    // plotly.js is inlined exactly once, as is.
    expect(html.split(plotly).length - 1).toBe(1);
    const page = html.replace(plotly, '');
    expect(page.match(/<script[^>]*\bsrc=/g)).toBeNull();
    expect(/(href|src)="https?:/.test(page)).toBe(false);
    expect(html.match(/<script type="application\/json" id="figure-/g)).toHaveLength(6);
    const md = readFileSync(join(root, 'first', 'report.md'), 'utf8');
    expect(md).toContain('![');
    expect(md).toContain('(figures/stack-1d-coverage.png)');
    expect(md).toContain('| receptive field (samples) | 13 | 17 |');
  });

  it('refuses a non-empty directory without force and leaves it as it was', async () => {
    const out = join(root, 'first');
    const before = snapshot(out);
    await expect(writeReport(exampleText, out, { formats: [], now })).rejects.toThrow(
      /^out directory .*first is not empty; pass --force \(force: true\) to replace the report in it$/,
    );
    expect(snapshot(out)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('replaces an earlier report with force', async () => {
    const out = join(root, 'first');
    const r = await writeReport(exampleText, out, { formats: [], now, force: true });
    expect(r.images).toEqual([]);
    expect(existsSync(join(out, 'figures'))).toBe(false);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('never replaces a directory that holds no report, even with force', async () => {
    const out = join(root, 'precious');
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.tex'), 'keep me');
    await expect(writeReport(exampleText, out, { formats: [], force: true })).rejects.toThrow(
      /holds no dilation-lab report \(no report\.json\); refusing to replace it even with --force/,
    );
    expect(readFileSync(join(out, 'thesis.tex'), 'utf8')).toBe('keep me');
  });

  it('names the bad field of a broken config and leaves nothing behind', async () => {
    const out = join(root, 'broken');
    const broken = exampleText.replace(
      'figures: [coverage, object-hit]',
      'figures: [coverage, objet-hit]',
    );
    await expect(writeReport(broken, out, { formats: [] })).rejects.toThrow(
      /^experiments\[1\]\.figures\[1\] must be one of .*, got "objet-hit"$/,
    );
    const syntax = 'title: x\nexperiments:\n  - name: [a\n';
    await expect(writeReport(syntax, out, { formats: [], source: 'x.yaml' })).rejects.toThrow(
      /^x\.yaml is not valid JSON or YAML at line/,
    );
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('leaves the previous report untouched when a failure happens halfway', async () => {
    const out = join(root, 'first');
    const before = snapshot(out);
    await expect(
      writeReport(exampleText, out, {
        force: true,
        formats: ['png'],
        openRenderer: fakeRenderer,
        onProgress: (p) => {
          if (p.index === 3) throw new Error('disk full (injected)');
        },
      }),
    ).rejects.toThrow('disk full (injected)');
    expect(snapshot(out)).toEqual(before);
    expect(leftovers()).toEqual([]);
    // A renderer that fails on the fourth image fails the report the same way.
    let calls = 0;
    await expect(
      writeReport(exampleText, out, {
        force: true,
        openRenderer: async () => ({
          render: async () => {
            if (++calls === 4) throw new Error('renderer crashed (injected)');
            return Buffer.from('x');
          },
          close: async () => undefined,
        }),
      }),
    ).rejects.toThrow('renderer crashed (injected)');
    expect(snapshot(out)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('writes the same data files on every run, apart from the date', async () => {
    const a = join(root, 'run-a');
    const b = join(root, 'run-b');
    await writeReport(exampleText, a, { formats: [], now: new Date('2024-01-01T00:00:00Z') });
    await writeReport(exampleText, b, { formats: [], now: new Date('2025-06-30T23:59:59Z') });
    const strip = (t: string) => t.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'DATE');
    const files = readdirSync(join(a, 'data'));
    expect(files).toEqual(readdirSync(join(b, 'data')));
    for (const f of files) {
      const ta = readFileSync(join(a, 'data', f), 'utf8');
      const tb = readFileSync(join(b, 'data', f), 'utf8');
      expect(ta).not.toBe(tb);
      expect(strip(ta)).toBe(strip(tb));
    }
  });

  it('still writes the pages and the data when Chromium is missing, and says what to install', async () => {
    const out = join(root, 'no-chromium');
    const r = await writeReport(exampleText, out, { chromiumPath: join(root, 'no-such-chromium') });
    expect(r.images).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /^PNG and SVG figures were not written: Chromium was not found at .*no-such-chromium; install Chromium .*apt-get install chromium/,
    );
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'data/stack-1d-coverage.csv'))).toBe(true);
    expect(readdirSync(join(out, 'figures'))).toEqual([]);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('apt-get install chromium');
  });

  it('checks the formats it is given', async () => {
    await expect(
      writeReport(exampleText, join(root, 'fmt'), { formats: ['gif' as 'png'] }),
    ).rejects.toThrow('formats[0] must be "png", "svg" or "pdf", got "gif"');
    expect(existsSync(join(root, 'fmt'))).toBe(false);
  });
});
