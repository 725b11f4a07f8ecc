/** Types of scripts/plotly-traces.mjs (the page's Plotly bundle, trimmed to its traces). */
export declare const PAGE_TRACES: string[];
export declare const CARTESIAN_TRACES: string[];
export declare function moduleName(source: string, id: string, depth?: number): string | null;
export declare function trimPlotly(
  source: string,
  keep?: readonly string[],
): { source: string; trimmed: boolean; registered: (string | null)[]; kept: (string | null)[] };
