/**
 * Minimal, typed shapes of the Plotly figure objects the builders return. They are plain
 * JSON (no functions, no typed arrays), so a figure can be passed to `Plotly.react`, written
 * into a report, or serialised as is. The builders never import plotly.
 */

/** One Plotly trace (scatter, bar or heatmap); only the keys the builders use are typed. */
export interface Trace {
  type: 'scatter' | 'bar' | 'heatmap';
  name?: string;
  x?: (number | string | null)[];
  y?: (number | string | null)[];
  z?: (number | null)[][];
  mode?: 'lines' | 'markers' | 'lines+markers' | 'text' | 'markers+text';
  /** Bars: 'h' for horizontal bars (x the value, y the category). */
  orientation?: 'v' | 'h';
  line?: { color?: string; width?: number; dash?: string; shape?: string };
  marker?: {
    color?: string | string[] | number[];
    size?: number;
    symbol?: string;
    opacity?: number;
    line?: { color?: string; width?: number };
    /** With numeric colours: the colour scale, its range and its colour bar. */
    colorscale?: [number, string][];
    cmin?: number;
    cmax?: number;
    showscale?: boolean;
    colorbar?: Record<string, unknown>;
  };
  fill?: 'none' | 'toself' | 'tozeroy';
  fillcolor?: string;
  opacity?: number;
  showlegend?: boolean;
  /** true, or 'legendonly': hidden until its legend entry is clicked. */
  visible?: true | 'legendonly';
  legendgroup?: string;
  /** Title of the legend group, set on the group's first trace. */
  legendgrouptitle?: { text: string; font?: { size?: number } };
  hovertemplate?: string;
  hoverinfo?: string;
  text?: string[];
  xaxis?: string;
  yaxis?: string;
  colorscale?: [number, string][] | string;
  zmin?: number;
  zmax?: number;
  showscale?: boolean;
  colorbar?: Record<string, unknown>;
  xgap?: number;
  ygap?: number;
  connectgaps?: boolean;
  customdata?: unknown[];
  textfont?: { color?: string; size?: number; family?: string };
  textposition?: string;
  /** false: markers on the axis line (holes at y = 0) are drawn whole, not cut by the plot area. */
  cliponaxis?: boolean;
}

/** A Plotly axis (only the keys used). */
export interface Axis {
  title?: { text: string; standoff?: number };
  type?: 'linear' | 'log' | 'category';
  range?: [number, number];
  autorange?: boolean | 'reversed';
  tickvals?: number[];
  ticktext?: string[];
  tickformat?: string;
  zeroline?: boolean;
  showgrid?: boolean;
  gridcolor?: string;
  linecolor?: string;
  ticks?: '' | 'outside' | 'inside';
  showline?: boolean;
  mirror?: boolean;
  domain?: [number, number];
  anchor?: string;
  scaleanchor?: string;
  scaleratio?: number;
  constrain?: 'range' | 'domain';
  automargin?: boolean;
  categoryorder?: string;
  categoryarray?: string[];
  dtick?: number;
  matches?: string;
  showticklabels?: boolean;
  tickfont?: { size?: number; color?: string };
}

/** A Plotly shape (vertical bands and lines for shared nulls and thresholds). */
export interface Shape {
  type: 'line' | 'rect';
  xref: string;
  yref: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  line?: { color?: string; width?: number; dash?: string };
  fillcolor?: string;
  opacity?: number;
  layer?: 'above' | 'below';
}

/** A Plotly annotation (subplot titles, notes). */
export interface Annotation {
  text: string;
  xref: string;
  yref: string;
  x: number;
  y: number;
  showarrow: boolean;
  xanchor?: 'left' | 'center' | 'right';
  yanchor?: 'top' | 'middle' | 'bottom';
  font?: { size?: number; color?: string; family?: string };
}

/** A Plotly layout (only the keys used). */
export interface Layout {
  title?: { text: string; x?: number; xanchor?: string; font?: { size?: number } };
  width?: number;
  height?: number;
  autosize?: boolean;
  margin?: { l: number; r: number; t: number; b: number };
  font?: { family?: string; size?: number; color?: string };
  paper_bgcolor?: string;
  plot_bgcolor?: string;
  showlegend?: boolean;
  legend?: Record<string, unknown>;
  hovermode?: 'closest' | 'x' | 'x unified' | false;
  barmode?: 'overlay' | 'group';
  bargap?: number;
  shapes?: Shape[];
  annotations?: Annotation[];
  colorway?: string[];
  [axis: `xaxis${string}` | `yaxis${string}`]: Axis | undefined;
}

/** A cell of an exported table. */
export type Cell = number | string | null;

/**
 * The numbers behind a figure as one tidy table (one observation per row). CSV and JSON
 * exports (see `toCsv`, `toJson`) use these columns in this order.
 */
export interface DataTable {
  columns: string[];
  rows: Cell[][];
}

/** A figure: Plotly `data` and `layout`, its file-safe `name`, and the table behind it. */
export interface Figure {
  name: string;
  data: Trace[];
  layout: Layout;
  table: DataTable;
}

/** Frequency units of every frequency axis: rad/sample, cycles/sample, or Hz with `fs`. */
export type FrequencyUnits = 'rad' | 'cycles' | 'hz';

/** Options every builder accepts. */
export interface FigureOptions {
  /** Pixel width (default per figure, sized for one column of a paper at scale 2). */
  width?: number;
  /** Pixel height. */
  height?: number;
  /** Frequency units (default 'rad'). */
  units?: FrequencyUnits;
  /** Sample rate for units 'hz' (samples per second; default 1). */
  fs?: number;
  /** Replaces the default title; '' draws none. */
  title?: string;
}

/** One network of a comparison: its letter (A, B, C) and a short description. */
export interface SeriesLabel {
  /** Short id shown in legends, e.g. 'A'. */
  id: string;
  /** Description, e.g. 'box:3 @ 2,2,2'. */
  name: string;
}
