import type { Axis, FigureOptions, Layout, Trace } from './types.ts';

/**
 * The palette shared by the web lab and the reports (Okabe & Ito's colour-blind-safe set):
 * network A blue, B orange, C green; problems (holes, shared nulls) in a strong magenta-red.
 */
export const PALETTE = {
  networks: ['#0072B2', '#E69F00', '#009E73'],
  problem: '#C2185B',
  reference: '#6b6b6b',
  text: '#1f2328',
  grid: '#e6e8eb',
  axis: '#8c959f',
  background: '#ffffff',
  /** Sequential blues for path counts (covered offsets). */
  covered: ['#dbe9f6', '#08306b'] as const,
  /** Colour of a hole (an offset no path reaches) in heatmaps. */
  hole: '#f6c9b0',
} as const;

/** The font stack of every figure. */
export const FONT_FAMILY = 'Inter, "Helvetica Neue", Helvetica, Arial, sans-serif';

/** Colour of the network at position `i` (0 = A), cycling. */
export function networkColor(i: number): string {
  return PALETTE.networks[((i % 3) + 3) % 3];
}

/** Above this many layers (or branches) the per-member curves start hidden (legend only). */
export const MANY_MEMBERS = 6;

/** Plotly dash patterns, one per member: member j of a network gets `MEMBER_DASHES[j mod 6]`. */
export const MEMBER_DASHES = [
  'dot',
  'dash',
  'dashdot',
  'longdash',
  'longdashdot',
  '5px,2px,1px,2px',
] as const;

/**
 * How member `j` of a network with `count` members is drawn: a dash of its own (cycling
 * through `MEMBER_DASHES`, so neighbours differ), and `visible: 'legendonly'` when
 * `count > MANY_MEMBERS` (a click on its legend entry shows it), else visible.
 */
export function memberStyle(
  j: number,
  count: number,
): { dash: string; visible: true | 'legendonly' } {
  return {
    dash: MEMBER_DASHES[((j % MEMBER_DASHES.length) + MEMBER_DASHES.length) % MEMBER_DASHES.length],
    visible: count > MANY_MEMBERS ? 'legendonly' : true,
  };
}

/**
 * An axis of path counts (whole numbers): ticks printed as integers (`tickformat: 'd'`) and,
 * on a linear axis whose largest count is at most 10, one tick per count (`dtick: 1`) so no
 * fractional step (0.5 paths) or repeated label appears.
 */
export function countAxis(title: string, maxCount: number, log = false): Axis {
  return axis(title, {
    ...(log ? { type: 'log' as const } : maxCount <= 10 ? { dtick: 1 } : {}),
    tickformat: 'd',
  });
}

/** The colour bar of a path-count heatmap: whole-number ticks (one a path up to 10). */
export function countColorbar(title: string, maxCount: number): Record<string, unknown> {
  return {
    title: { text: title, side: 'right' },
    thickness: 12,
    len: 0.85,
    tickformat: 'd',
    ...(maxCount <= 10 ? { dtick: 1 } : {}),
  };
}

/**
 * A lighter shade of a `#rrggbb` colour: mixes it with white, `t` in [0, 1]
 * (0 = the colour, 1 = white). Used for the layers of a network.
 */
export function tint(color: string, t: number): string {
  const c = Number.parseInt(color.slice(1), 16);
  const mix = (v: number) => Math.round(v + (255 - v) * t);
  const r = mix((c >> 16) & 255);
  const g = mix((c >> 8) & 255);
  const b = mix(c & 255);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** `#rrggbb` with an alpha, as `rgba(r,g,b,a)`. */
export function withAlpha(color: string, alpha: number): string {
  const c = Number.parseInt(color.slice(1), 16);
  return `rgba(${(c >> 16) & 255},${(c >> 8) & 255},${c & 255},${alpha})`;
}

/** A plain axis with a title (units in the title), light grid, outside ticks. */
export function axis(title: string, extra: Axis = {}): Axis {
  return {
    title: { text: title, standoff: 6 },
    showgrid: true,
    gridcolor: PALETTE.grid,
    zeroline: false,
    showline: true,
    linecolor: PALETTE.axis,
    ticks: 'outside',
    automargin: true,
    ...extra,
  };
}

/** The layout every figure starts from: title, size, fonts, margins, legend at the right. */
export function baseLayout(
  defaultTitle: string,
  options: FigureOptions,
  size: { width: number; height: number },
): Layout {
  const title = options.title ?? defaultTitle;
  return {
    ...(title ? { title: { text: title, x: 0, xanchor: 'left', font: { size: 14 } } } : {}),
    width: options.width ?? size.width,
    height: options.height ?? size.height,
    margin: { l: 64, r: 20, t: title ? 48 : 20, b: 52 },
    font: { family: FONT_FAMILY, size: 12, color: PALETTE.text },
    paper_bgcolor: PALETTE.background,
    plot_bgcolor: PALETTE.background,
    showlegend: true,
    legend: {
      orientation: 'v',
      x: 1.02,
      xanchor: 'left',
      y: 1,
      yanchor: 'top',
      font: { size: 11 },
      tracegroupgap: 6,
    },
    hovermode: 'closest',
  };
}

/**
 * Titles each network's legend group: the first trace whose legendgroup is a network's id
 * gets the title '<b>A</b> box:3 @ 2,2,2', so the legend says which network A is.
 */
export function titleLegendGroups(
  data: Trace[],
  labels: readonly { id: string; name: string }[],
): void {
  for (const l of labels) {
    const first = data.find((t) => t.legendgroup === l.id && t.showlegend !== false);
    if (first) first.legendgrouptitle = { text: `<b>${l.id}</b> ${l.name}`, font: { size: 11 } };
  }
}

/** The colours a page theme gives a figure (CSS colours). */
export interface FigureTheme {
  /** Paper and plot background. */
  background: string;
  /** Text, and lines drawn in `PALETTE.text`. */
  text: string;
  /** Grid lines. */
  grid: string;
  /** Axis lines and ticks. */
  axis: string;
}

/**
 * A figure recoloured for a page theme (a dark page, say): the backgrounds, the font, every
 * axis's grid and line colour, and the traces drawn in the ink colour `PALETTE.text` (which
 * would vanish on a dark background) take the theme's colours; the data colours (networks,
 * problems, heatmap scales) stay. Returns new objects; the input is not changed.
 */
export function themeFigure(
  data: readonly Trace[],
  layout: Layout,
  theme: FigureTheme,
): { data: Trace[]; layout: Layout } {
  const out: Layout = {
    ...layout,
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    font: { ...layout.font, color: theme.text },
  };
  for (const key of Object.keys(layout) as (keyof Layout)[]) {
    if (!/^[xy]axis\d*$/.test(String(key))) continue;
    const a = layout[key] as Axis | undefined;
    if (a)
      (out as Record<string, unknown>)[key] = {
        ...a,
        gridcolor: theme.grid,
        linecolor: theme.axis,
      };
  }
  const ink = (c: string | undefined) => (c === PALETTE.text ? theme.text : c);
  const themed = data.map((t) => {
    const next: Trace = { ...t };
    if (t.line?.color === PALETTE.text) next.line = { ...t.line, color: theme.text };
    if (typeof t.marker?.color === 'string' && t.marker.color === PALETTE.text)
      next.marker = { ...t.marker, color: ink(t.marker.color) };
    return next;
  });
  return { data: themed, layout: out };
}
