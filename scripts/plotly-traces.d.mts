/** Types of scripts/plotly-traces.mjs (the page's Plotly bundle: built from plotly.js's core, or the dist trimmed to its traces). */
export declare const PAGE_TRACES: string[];
export declare const CARTESIAN_TRACES: string[];
export declare function moduleName(source: string, id: string, depth?: number): string | null;
export declare function trimPlotly(
  source: string,
  keep?: readonly string[],
): { source: string; trimmed: boolean; registered: (string | null)[]; kept: (string | null)[] };
export declare const OMITTED_COMPONENTS: string[];
export declare function plotlyEntry(
  core: string,
  traces?: readonly string[],
  omit?: readonly string[],
): { source: string | null; omitted: string[]; missing: string[] };
