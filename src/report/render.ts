/**
 * PNG and SVG export of Plotly figures in headless Chromium (playwright-core driving the
 * system's Chromium). One browser and one page serve every figure of a report: the page
 * loads plotly.js once, each figure crosses to the page once, as JSON text (its PNG and SVG
 * share it), then `Plotly.toImage` renders it at its width, height and scale. writeReport
 * starts Chromium while it builds the figures. Math.random is replaced by a seeded generator before each figure, so the ids
 * plotly draws into an SVG are the same on every run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where Debian and Ubuntu install Chromium. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless, offline, sandbox-free Chromium (containers and CI). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
] as const;

/** What to install when Chromium is missing. */
export const CHROMIUM_HINT =
  'install Chromium for PNG and SVG figures (Debian/Ubuntu: apt-get install chromium)';

/**
 * An image format of `figures/NAME.EXT`. A PDF is the figure's SVG printed by Chromium on a
 * page of the figure's size (96 CSS px per inch): vector, fonts as text.
 */
export type ImageFormat = 'png' | 'svg' | 'pdf';

/** A Plotly figure as the builders return it (only data and layout are drawn). */
export interface PlotlyFigure {
  data: readonly object[];
  layout: object;
}

/** Size of an image: CSS pixels and the pixel ratio (PNG is width·scale × height·scale). */
export interface ImageSize {
  width: number;
  height: number;
  scale: number;
}

/** A running renderer: call `render` per figure and format, then `close` once. */
export interface ImageRenderer {
  /** PNG bytes, or SVG text as UTF-8 bytes. */
  render(figure: PlotlyFigure, size: ImageSize, format: ImageFormat): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * The absolute path of the Plotly bundle reports use: plotly.js-cartesian-dist-min (1.5 MB,
 * the scatter, bar and heatmap traces every figure draws; resolved like an import from here).
 */
export function plotlyBundlePath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('plotly.js-cartesian-dist-min');
}

let plotlySource: string | undefined;

/** The text of the Plotly bundle (read once per process). */
export function plotlyBundle(): string {
  plotlySource ??= readFileSync(plotlyBundlePath(), 'utf8');
  return plotlySource;
}

/** Thrown when Chromium is missing or does not start; the message says what to install. */
export class ChromiumUnavailableError extends Error {
  constructor(detail: string) {
    super(`${detail}; ${CHROMIUM_HINT}`);
    this.name = 'ChromiumUnavailableError';
  }
}

/**
 * Starts headless Chromium at `executablePath` (default /usr/bin/chromium) with plotly
 * loaded. Throws ChromiumUnavailableError when the browser is missing or fails to start.
 */
export async function openRenderer(executablePath = DEFAULT_CHROMIUM): Promise<ImageRenderer> {
  if (!existsSync(executablePath))
    throw new ChromiumUnavailableError(`Chromium was not found at ${executablePath}`);
  const { chromium } = await import('playwright-core');
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new ChromiumUnavailableError(`Chromium at ${executablePath} did not start (${first})`);
  }
  try {
    const page = await browser.newPage();
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>',
    );
    await page.addScriptTag({ content: plotlyBundle() });
    let pdfPage: Awaited<ReturnType<typeof browser.newPage>> | null = null;
    /** The SVG on a page of its own size, printed to PDF. */
    const printPdf = async (svg: Buffer, size: ImageSize): Promise<Buffer> => {
      pdfPage ??= await browser.newPage();
      const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
      await pdfPage.setContent(
        `<!doctype html><html><head><meta charset="utf-8"><style>@page{margin:0}html,body{margin:0;padding:0}img{display:block;width:${size.width}px;height:${size.height}px}</style></head><body><img src="${src}"></body></html>`,
      );
      await pdfPage.waitForFunction(() => document.images[0]?.complete === true);
      return pdfPage.pdf({
        width: `${size.width / 96}in`,
        height: `${size.height / 96}in`,
        printBackground: true,
        pageRanges: '1',
      });
    };
    // The figure last sent to the page: PNG and SVG of one figure send its data once.
    let sent: PlotlyFigure | null = null;
    return {
      async render(figure, size, format) {
        if (sent !== figure) {
          // As JSON text: one string crosses to the page, instead of every number of the
          // figure as a serialised value (seconds for a few hundred thousand points).
          await page.evaluate(
            (json) => {
              (globalThis as unknown as { labFigure: unknown }).labFigure = JSON.parse(json);
            },
            JSON.stringify({ data: figure.data, layout: figure.layout }),
          );
          sent = figure;
        }
        const plotlyFormat = format === 'pdf' ? 'svg' : format;
        const url = await page.evaluate(
          async ({ size, format }) => {
            // A seeded generator (mulberry32) so plotly's random ids repeat run after run.
            let seed = 0x9e3779b9;
            Math.random = () => {
              seed = (seed + 0x6d2b79f5) | 0;
              let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
              t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
              return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
            };
            const g = globalThis as unknown as {
              Plotly: PlotlyApi;
              labFigure: { data: object[]; layout: object };
            };
            const figure = g.labFigure;
            // toImage plots the figure in a hidden div of its own and removes it after.
            return await g.Plotly.toImage(
              { data: figure.data, layout: figure.layout, config: { staticPlot: true } },
              {
                format,
                width: size.width,
                height: size.height,
                scale: format === 'png' ? size.scale : 1,
              },
            );
          },
          { size, format: plotlyFormat },
        );
        if (format === 'png') return decodeDataUrl(url);
        const svg = Buffer.from(canonicalSvgRoot(decodeDataUrl(url).toString('utf8')), 'utf8');
        return format === 'svg' ? svg : printPdf(svg, size);
      },
      async close() {
        await browser.close();
      },
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

interface PlotlyApi {
  toImage(figure: object, options: Record<string, unknown>): Promise<string>;
}

/**
 * The SVG with its root element's attributes in one fixed order. Plotly sets the root's
 * `style` before or after its `viewBox` depending on when the page's layout settles, so the
 * same figure serialised twice can differ in attribute order alone; this puts class, xmlns,
 * xmlns:xlink, width, height, viewBox first and the rest by name, so the bytes repeat.
 */
export function canonicalSvgRoot(svg: string): string {
  const open = /^(\s*(?:<\?xml[^>]*>\s*)?)<svg\b([^>]*)>/.exec(svg);
  if (!open) return svg;
  const attrs: [string, string][] = [];
  for (const m of open[2].matchAll(/([^\s=]+)="([^"]*)"/g)) attrs.push([m[1], m[2]]);
  const first = ['class', 'xmlns', 'xmlns:xlink', 'width', 'height', 'viewBox'];
  const rank = (name: string) => {
    const i = first.indexOf(name);
    return i < 0 ? first.length : i;
  };
  attrs.sort((a, b) => rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const head = attrs.map(([k, v]) => ` ${k}="${v}"`).join('');
  return `${open[1]}<svg${head}>${svg.slice(open[0].length)}`;
}

/** The bytes of a `data:` URL (base64 or percent-encoded, as Plotly.toImage returns them). */
export function decodeDataUrl(url: string): Buffer {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new Error('Plotly.toImage returned no data URL');
  const head = url.slice(5, comma);
  const body = url.slice(comma + 1);
  return head.endsWith(';base64')
    ? Buffer.from(body, 'base64')
    : Buffer.from(decodeURIComponent(body), 'utf8');
}
