// The Plotly bundle of the page, trimmed to the traces the lab draws. The page ships
// plotly.js-cartesian-dist-min, whose last statement registers twelve trace and component
// modules (bar, box, heatmap, histogram, histogram2d, histogram2dcontour, contour,
// scatterternary, violin, image, pie, calendars); each module is a lazy wrapper that runs
// only when called there. `trimPlotly` keeps the calls of the modules in PAGE_TRACES and
// drops the others, so the page does not build their attribute tables when Plotly starts
// (about 40 % of its start-up; docs/performance.md). Scatter is part of Plotly's core.

/** The Plotly trace types the page's figures use (src/figures, web/src); scatter is in the core. */
export const PAGE_TRACES = ['scatter', 'bar', 'heatmap'];

/** The trace and component modules of plotly.js-cartesian-dist-min (what a figure could name). */
export const CARTESIAN_TRACES = [
  'scatter',
  'bar',
  'box',
  'heatmap',
  'histogram',
  'histogram2d',
  'histogram2dcontour',
  'contour',
  'scatterternary',
  'violin',
  'image',
  'pie',
];

const quote = (id) => id.replace(/[$]/g, '\\$');

/** The text of the lazy module `id` (from its definition to the next one), or null. */
function moduleText(source, id) {
  const m = new RegExp(`(?:var |,)${quote(id)}=z\\(\\(`).exec(source);
  if (!m) return null;
  const end = source.indexOf('=z((', m.index + m[0].length);
  return source.slice(m.index, end < 0 ? undefined : end);
}

/** The Plotly module name (`moduleType: "trace", name: "bar"`) that lazy module `id` exports. */
export function moduleName(source, id, depth = 0) {
  const text = moduleText(source, id);
  if (!text || depth > 8) return null;
  const named = /moduleType:"(?:trace|component)",name:"(\w+)"/.exec(text);
  if (named) return named[1];
  const reexport = /^[^{]*\{"use strict";[\w$]+\.exports=([\w$]+)\(\)\}\)/.exec(text);
  return reexport ? moduleName(source, reexport[1], depth + 1) : null;
}

/**
 * The bundle with only the registrations of `keep` (module names), and what it found:
 * `{source, registered, kept}`. When the bundle is not laid out as expected (no register
 * call, a module it cannot name, or a kept trace missing), `source` is the bundle unchanged
 * and `trimmed` is false.
 */
export function trimPlotly(source, keep = PAGE_TRACES) {
  const re = /([\w$]+)\.register\(\[((?:[\w$]+\(\),?)+)\]\)/g;
  let last = null;
  for (let m = re.exec(source); m; m = re.exec(source)) last = m;
  if (!last) return { source, trimmed: false, registered: [], kept: [] };
  const ids = last[2].split(',').map((x) => x.replace('()', ''));
  const names = ids.map((id) => moduleName(source, id));
  const wanted = keep.filter((k) => k !== 'scatter');
  if (names.some((n) => n === null) || wanted.some((k) => !names.includes(k)))
    return { source, trimmed: false, registered: names, kept: names };
  const keptIds = ids.filter((_id, i) => wanted.includes(names[i]));
  const call = `${last[1]}.register([${keptIds.map((id) => `${id}()`).join(',')}])`;
  return {
    source: source.slice(0, last.index) + call + source.slice(last.index + last[0].length),
    trimmed: true,
    registered: names,
    kept: names.filter((n) => wanted.includes(n)),
  };
}
