/**
 * PDF figures and paper options of reports: the PDF opened with pdftoppm/pdfinfo (Debian's
 * poppler-utils), its page size and that it is not blank; PNG DPI metadata; no title.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildReport,
  DEFAULT_CHROMIUM,
  parseReportConfig,
  writeReport,
} from '../../src/report/index.ts';
import { crc32, pixelsPerMetre, withPngDpi } from '../../src/report/png.ts';

const executable = process.env.DILATION_LAB_CHROMIUM || DEFAULT_CHROMIUM;
const havePoppler = existsSync('/usr/bin/pdftoppm') && existsSync('/usr/bin/pdfinfo');
const available = existsSync(executable) && havePoppler;
if (!available && !process.env.CI)
  console.log('skipping the PDF tests: they need Chromium and poppler-utils (pdftoppm)');

describe('poppler-utils are there when CI runs the PDF tests', () => {
  it.runIf(Boolean(process.env.CI))('finds pdftoppm and pdfinfo', () => {
    if (!havePoppler) throw new Error('the PDF tests need poppler-utils under CI');
  });
});

describe('PNG resolution metadata', () => {
  it('computes the CRC-32 of PNG chunks (IEND has the well-known AE426082)', () => {
    expect(crc32(new TextEncoder().encode('IEND')).toString(16)).toBe('ae426082');
  });

  it('writes a pHYs chunk that pngjs still decodes, 300 dpi as 11811 pixels per metre', () => {
    const png = new PNG({ width: 3, height: 2 });
    png.data.fill(200);
    const bytes = withPngDpi(PNG.sync.write(png), 300);
    const i = bytes.indexOf('pHYs');
    expect(bytes.readUInt32BE(i + 4)).toBe(11811);
    expect(bytes[i + 12]).toBe(1);
    expect(pixelsPerMetre(300)).toBe(11811);
    const back = PNG.sync.read(bytes);
    expect([back.width, back.height]).toEqual([3, 2]);
    // Once only, even when applied twice.
    const twice = withPngDpi(bytes, 150);
    expect(twice.toString('latin1').split('pHYs').length - 1).toBe(1);
  });
});

describe.runIf(available)('PDF figures for a paper', { timeout: 120_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'dilation-lab-pdf-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes a 3.5 × 2.5 in PDF that is not blank, and a 300 dpi PNG of the same figure', async () => {
    const out = join(root, 'paper');
    const result = await writeReport(
      {
        title: 'Paper',
        formats: ['png', 'pdf'],
        options: { widthIn: 3.5, heightIn: 2.5, dpi: 300, title: false, layers: false },
        experiments: [
          {
            name: 'gd',
            networks: [{ kernel: 'box:3', rates: [1, 2, 5] }],
            figures: ['group-delay', 'zplane'],
          },
        ],
      },
      out,
    );
    expect(result.warnings).toEqual([]);
    const files = readdirSync(join(out, 'figures')).sort();
    expect(files).toEqual([
      'gd-group-delay.pdf',
      'gd-group-delay.png',
      'gd-zplane.pdf',
      'gd-zplane.png',
    ]);
    const pdf = join(out, 'figures', 'gd-group-delay.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(size[1])).toBeCloseTo(3.5 * 72, 0);
    expect(Number(size[2])).toBeCloseTo(2.5 * 72, 0);
    // Rasterise at 72 dpi: a 252 × 180 px page with dark ink (axes, labels, the curve).
    execFileSync('pdftoppm', ['-r', '72', '-png', '-singlefile', pdf, join(root, 'page')]);
    const page = PNG.sync.read(readFileSync(join(root, 'page.png')));
    expect(page.width).toBe(252);
    expect(page.height).toBe(180);
    let dark = 0;
    for (let i = 0; i < page.data.length; i += 4)
      if (page.data[i] + page.data[i + 1] + page.data[i + 2] < 3 * 128) dark++;
    expect(dark / (page.width * page.height)).toBeGreaterThan(0.005);
    const png = readFileSync(join(out, 'figures', 'gd-group-delay.png'));
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([1050, 750]);
    expect(png.readUInt32BE(png.indexOf('pHYs') + 4)).toBe(11811);
  });
});

describe('paper options of a figure', () => {
  const build = (options: Record<string, unknown>, figures: unknown[] = ['magnitude']) =>
    buildReport(
      parseReportConfig({
        title: 'T',
        options,
        experiments: [
          {
            name: 'e',
            networks: [{ kernel: 'box:3', rates: [1, 2, 5] }],
            figures,
          },
        ],
      }),
    ).experiments[0].figures[0];

  it('sizes in inches at 96 px per inch and takes the PNG scale from the DPI', () => {
    const f = build({ widthIn: 3.5, heightIn: 2.5, dpi: 600 });
    expect(f.size).toEqual({ width: 336, height: 240, scale: 6.25 });
    expect(f.figure.layout.width).toBe(336);
  });

  it('leaves the title out with title: false and keeps it by default', () => {
    expect(build({ title: false }).figure.layout.title).toBeUndefined();
    expect(build({}).figure.layout.title?.text).toBe('Magnitude response');
  });

  it.each([
    ['none', (_l: Record<string, unknown>, show: unknown) => expect(show).toBe(false)],
    ['right', (l: Record<string, unknown>) => expect([l.orientation, l.x]).toEqual(['v', 1.02])],
    ['bottom', (l: Record<string, unknown>) => expect(l.y as number).toBeLessThan(0)],
    ['top', (l: Record<string, unknown>) => expect([l.orientation, l.y]).toEqual(['h', 1])],
  ] as const)('puts the legend %s', (legend, check) => {
    const { layout } = build({ legend, layers: false }).figure;
    check((layout.legend ?? {}) as Record<string, unknown>, layout.showlegend);
  });

  it('hides the per-layer curves with layers: false', () => {
    const names = (o: Record<string, unknown>) => build(o).figure.data.map((t) => t.name ?? '');
    expect(names({}).some((n) => n.includes('layer 3'))).toBe(true);
    expect(names({ layers: false }).some((n) => n.includes('layer 3'))).toBe(false);
  });

  it('sets the font family', () => {
    expect(build({ fontFamily: 'Times, serif' }).figure.layout.font?.family).toBe('Times, serif');
  });

  it.each([
    [{ legend: 'left' }, /options.legend must be one of top, right, bottom, none/],
    [{ dpi: 10 }, /options.dpi/],
    [{ title: 'no' }, /options.title must be true or false/],
    [{ fontFamily: 'x;y' }, /options.fontFamily/],
  ])('refuses %j naming the field', (options, message) => {
    expect(() => build(options)).toThrow(message);
  });

  it('refuses a format other than png, svg and pdf in a config', () => {
    expect(() => parseReportConfig({ title: 'T', formats: ['tiff'], experiments: [] })).toThrow(
      /formats\[0\] must be "png", "svg" or "pdf"/,
    );
  });
});
