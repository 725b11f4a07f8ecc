// The Plotly bundle of the page. Two ways to make it, the first when it can be had:
//
// 1. `plotlyEntry` + esbuild (scripts/build-web.mjs): built from plotly.js's own source (the
//    plotly.js package, a devDependency, pinned to the version of the dist packages): its
//    src/core.js with the components no figure uses left out (OMITTED_COMPONENTS), and the
//    traces of PAGE_TRACES registered. 1.1 MB against the trimmed dist's 1.5 MB, and Plotly
//    starts faster (docs/performance.md, "Web page").
// 2. `trimPlotly`: plotly.js-cartesian-dist-min (a dependency), whose last statement
//    registers twelve trace and component modules (bar, box, heatmap, histogram,
//    histogram2d, histogram2dcontour, contour, scatterternary, violin, image, pie,
//    calendars); each module is a lazy wrapper that runs only when called there. It keeps
//    the calls of the modules in PAGE_TRACES and drops the others, so the page does not
//    build their attribute tables when Plotly starts. Used when plotly.js is not installed
//    (an install without devDependencies) or its core is not laid out as expected.
//
// Scatter is part of Plotly's core in both.

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

/**
 * The components of plotly.js's src/core.js the page's bundle leaves out: no figure of the
 * lab uses them (3-D annotations, layout images, update menus, sliders, range sliders and
 * selectors, layout.grid, error bars). Plotly asks for a component through
 * `Registry.getComponentMethod`, which answers a no-op for one that is not registered.
 * Selections stay: the zoom drag and the shapes' outlines read their layout defaults.
 */
export const OMITTED_COMPONENTS = [
  'annotations3d',
  'images',
  'updatemenus',
  'sliders',
  'rangeslider',
  'rangeselector',
  'grid',
  'errorbars',
];

/**
 * The entry module of the page's Plotly bundle, made from the text of plotly.js's
 * src/core.js (`core`, to be bundled with its directory as the resolve directory): the
 * same module without the `require('./components/NAME')` lines of `omit`, and the traces
 * of `traces` (scatter is in the core) registered at its end. `{source, omitted, missing}`:
 * `missing` lists the components of `omit` whose line was not found (then `source` is null:
 * the core is not laid out as expected, and the caller falls back to `trimPlotly`).
 */
export function plotlyEntry(core, traces = PAGE_TRACES, omit = OMITTED_COMPONENTS) {
  let source = core;
  const omitted = [];
  const missing = [];
  for (const name of omit) {
    const line = new RegExp(`^[ \\t]*require\\('\\./components/${name}'\\),?[^\\n]*\\n`, 'm');
    if (line.test(source)) {
      source = source.replace(line, '');
      omitted.push(name);
    } else missing.push(name);
  }
  if (
    missing.length > 0 ||
    !/\bexports\.register\b|\bvar register = exports\.register\b/.test(core)
  )
    return { source: null, omitted, missing };
  const extra = traces.filter((t) => t !== 'scatter');
  source += `\n// The page's traces (scripts/plotly-traces.mjs).\nexports.register([${extra
    .map((t) => `require('./traces/${t}')`)
    .join(', ')}]);\n`;
  return { source, omitted, missing };
}

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
