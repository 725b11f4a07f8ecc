/**
 * Publication styling of a figure for a report: the size asked for, fonts large enough to
 * print at 7 pt or more in one column of a paper (3.5 in) at the default width, and the
 * legend laid out as a grid above the plot (so the plot keeps the full width of a column),
 * with a top margin that holds the title and the legend rows without overlap. The same
 * styled figure is drawn in index.html and exported as PNG and SVG, so they look alike.
 */
import type { Annotation, Figure, Layout, Trace } from '../figures/types.ts';

/** Default figure size (CSS pixels) for a single panel: one column of a paper. */
export const SINGLE_COLUMN = { width: 480, height: 340 } as const;

/** Default width of a figure with two or more side-by-side panels: two columns. */
export const DOUBLE_COLUMN_WIDTH = 960;

/** Default base font size in CSS pixels (≈ 7.4 pt when 480 px print 3.5 in wide). */
export const DEFAULT_FONT_SIZE = 14;

/** Height of the plot area when the height is not given (CSS pixels). */
const PLOT_HEIGHT = 250;

/** Options of `styleForReport`. */
export interface ReportStyle {
  /** Width in CSS pixels; default: one column (480), or two (960) for several panels. */
  width?: number;
  /** Height in CSS pixels; default: a 250 px plot area plus the margins, title and legend. */
  height?: number;
  /** Base font size (default 14); titles are 2 px larger, legends 1 px smaller. */
  fontSize?: number;
  /** Font family (CSS font list); default the figure's own. */
  fontFamily?: string;
  /** false: no title inside the image (a paper's caption says it). Default true. */
  title?: boolean;
  /** Legend place: a grid above the plot (top, default), right of it, below it, or none. */
  legend?: 'top' | 'right' | 'bottom' | 'none';
}

/** Text width estimate: about 0.56 em per character (Liberation Sans / Arial), tags removed. */
export function textWidth(text: string, fontSize: number): number {
  const plain = text.replace(/<[^>]+>/g, '');
  return plain.length * 0.56 * fontSize;
}

/**
 * The legend grid: as many equal columns as the widest entry allows in `available` pixels
 * (1 to 4), and the rows that makes.
 */
export function legendGrid(
  names: readonly string[],
  fontSize: number,
  available: number,
): { columns: number; rows: number } {
  if (names.length === 0) return { columns: 1, rows: 0 };
  const widest = Math.max(...names.map((n) => 44 + textWidth(n, fontSize)));
  const columns = Math.max(1, Math.min(4, names.length, Math.floor(available / widest)));
  return { columns, rows: Math.ceil(names.length / columns) };
}

/** How many side-by-side panels a figure has (distinct x-axis domains). */
export function panelCount(layout: Layout): number {
  const domains = new Set<string>();
  let axes = 0;
  for (const key of Object.keys(layout)) {
    if (!/^xaxis\d*$/.test(key)) continue;
    axes++;
    const ax = layout[key as `xaxis${string}`];
    domains.add(ax?.domain ? ax.domain.join(',') : '0,1');
  }
  return Math.max(1, Math.min(axes, domains.size));
}

const HEADER = 'report-legend-header';

/** A legend-only entry that shows a group title (or nothing) as a cell of the legend grid. */
function groupHeader(text: string): Trace {
  return {
    legendgroup: HEADER,
    type: 'scatter',
    mode: 'lines',
    name: text,
    x: [null],
    y: [null],
    line: { color: 'rgba(0,0,0,0)', width: 0 },
    hoverinfo: 'skip',
    showlegend: true,
  };
}

/**
 * Returns a copy of `figure` styled for a report: width and height set, fonts scaled
 * (base, title, legend, annotations), the legend turned into a grid of equal columns above
 * the plot (a legend group's title becomes an entry of its own before the group), the
 * title pinned to the top of the image and the top margin sized for title, legend rows and
 * panel titles. The table is shared, not copied.
 */
export function styleForReport(figure: Figure, style: ReportStyle = {}): Figure {
  const base = style.fontSize ?? DEFAULT_FONT_SIZE;
  const src = figure.layout;
  const layout: Layout = structuredClone(src);
  if (style.title === false) delete layout.title;
  if (style.legend === 'none') layout.showlegend = false;
  let place = style.legend ?? 'top';
  const panels = panelCount(src);
  const width = style.width ?? (panels > 1 ? DOUBLE_COLUMN_WIDTH : SINGLE_COLUMN.width);
  const ratio = base / (src.font?.size ?? 12);
  layout.font = {
    ...(src.font ?? {}),
    size: base,
    ...(style.fontFamily ? { family: style.fontFamily } : {}),
  };
  const margin = { ...(src.margin ?? { l: 64, r: 20, t: 48, b: 52 }) };
  margin.l = Math.max(margin.l, Math.round(4.6 * base));
  margin.b = Math.max(margin.b, Math.round(3.9 * base));
  margin.r = Math.max(12, Math.min(margin.r, 90));

  // Legend: group titles become entries, then a grid above the plot.
  let data: Trace[] = figure.data;
  if (data.some((t) => t.legendgrouptitle)) {
    data = data.flatMap((t) => {
      if (!t.legendgrouptitle) return [t];
      const { legendgrouptitle, ...rest } = t;
      return [groupHeader(legendgrouptitle.text), rest];
    });
  }
  const legendFont = base - 1;
  let names = layout.showlegend === false ? [] : legendNames(data);
  // The legend spans the plot's width; category labels on the y axis widen the left margin.
  let grid = legendGrid(names, legendFont, width - leftMargin(layout, margin.l, base) - margin.r);
  // A fixed height that a grid legend would take more than 40 % of: the legend goes right.
  if (
    style.height !== undefined &&
    (place === 'top' || place === 'bottom') &&
    grid.rows * (legendFont + 8) > 0.3 * style.height
  )
    place = 'right';
  // Right of the plot: one column, the plot narrows; the top band then holds only the title.
  if (place === 'right') grid = { columns: 1, rows: 0 };
  if (grid.columns > 1 && data.some((t) => t.legendgroup === HEADER)) {
    // Start every group on a new row of the grid: pad with blank cells before its title.
    const padded: Trace[] = [];
    let cell = 0;
    for (const t of data) {
      const shown = t.showlegend !== false && Boolean(t.name) && t.type !== 'heatmap';
      if (shown && t.legendgroup === HEADER && cell % grid.columns !== 0) {
        while (cell % grid.columns !== 0) {
          padded.push(groupHeader('\u2007'));
          cell++;
        }
      }
      padded.push(t);
      if (shown) cell++;
    }
    data = padded;
    names = legendNames(data);
    grid = { columns: grid.columns, rows: Math.ceil(names.length / grid.columns) };
  }
  if (names.length > 0 && place === 'right') {
    layout.legend = {
      orientation: 'v',
      x: 1.02,
      xanchor: 'left',
      y: 1,
      yanchor: 'top',
      traceorder: 'normal',
      font: { size: legendFont },
      tracegroupgap: 4,
    };
    margin.r = Math.max(
      margin.r,
      Math.min(
        Math.round(width * 0.45),
        24 + Math.max(...names.map((n) => textWidth(n, legendFont))) + 30,
      ),
    );
  } else if (names.length > 0) {
    layout.legend = {
      orientation: 'h',
      x: 0,
      xanchor: 'left',
      y: 1,
      yanchor: 'bottom',
      traceorder: 'normal',
      entrywidthmode: 'fraction',
      entrywidth: 1 / grid.columns - 0.001,
      font: { size: legendFont },
      itemwidth: 30,
      tracegroupgap: 0,
    };
  }
  if (layout.annotations) {
    layout.annotations = layout.annotations.map(
      (a): Annotation => ({
        ...a,
        font: { ...(a.font ?? {}), size: Math.round((a.font?.size ?? 12) * ratio) },
      }),
    );
  }
  const titleText = layout.title?.text ?? '';
  const titleSize = base + 2;
  const rowHeight = legendFont + 8;
  const legendHeight = grid.rows > 0 ? grid.rows * rowHeight + 6 : 0;
  const titleBlock = titleText ? titleSize + 10 : 6;
  // Panel titles (annotations at the top of the plot) need their own band under the legend.
  const panelTitles = (layout.annotations ?? []).filter((a) => a.yref === 'paper' && a.y >= 1);
  const panelLines = Math.max(
    0,
    ...panelTitles.map((a) => 1 + (a.text.match(/<br>/g) ?? []).length),
  );
  const panelBand = panelLines > 0 ? panelLines * (base + 4) + 6 : 0;
  margin.t = titleBlock + (place === 'bottom' ? 0 : legendHeight) + panelBand + 4;
  if (place === 'bottom' && legendHeight > 0) margin.b += legendHeight + 4;
  const height = style.height ?? PLOT_HEIGHT + margin.t + margin.b;
  const plotHeight = Math.max(60, height - margin.t - margin.b);
  if (names.length > 0 && panelBand > 0 && place === 'top')
    (layout.legend as Record<string, unknown>).y = 1 + panelBand / plotHeight;
  if (names.length > 0 && place === 'bottom') {
    // Below the x-axis title: the bottom margin minus the legend's own rows.
    const legend = layout.legend as Record<string, unknown>;
    legend.y = -(margin.b - legendHeight) / plotHeight;
    legend.yanchor = 'top';
  }
  if (titleText) {
    layout.title = {
      text: titleText,
      font: { size: titleSize },
      x: 0.01,
      xanchor: 'left',
      ...({ xref: 'container', yref: 'container', y: 1 - 6 / height, yanchor: 'top' } as object),
    };
  }
  layout.margin = margin;
  layout.width = width;
  layout.height = height;
  return { ...figure, data, layout };
}

/** The left margin once Plotly has made room for the y axis's category labels (estimate). */
function leftMargin(layout: Layout, margin: number, fontSize: number): number {
  let widest = 0;
  for (const key of Object.keys(layout)) {
    if (!/^yaxis\d*$/.test(key)) continue;
    const ax = layout[key as `yaxis${string}`];
    for (const c of ax?.categoryarray ?? []) widest = Math.max(widest, textWidth(c, fontSize));
  }
  return Math.max(margin, widest + 40);
}

/** The legend entries of a figure: names of traces shown in the legend, in order. */
function legendNames(data: readonly Trace[]): string[] {
  const out: string[] = [];
  for (const t of data) {
    if (t.showlegend === false || !t.name || t.type === 'heatmap') continue;
    out.push(t.name);
  }
  return out;
}
