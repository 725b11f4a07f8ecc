/**
 * index.html of a report: one self-contained page (plotly.js inlined once, every figure's
 * data inlined once as JSON) that works offline from the file system, with the analysis
 * tables, the interactive figures, links to their PNG, SVG, CSV and JSON files, and the
 * provenance. The figures' long number lists are kept once in a shared pool (the frequency
 * grid every trace of a figure shares is written once for the whole page) with 7
 * significant digits, enough for the eye and for hover; the exact numbers are in data/.
 */
import type { BuiltExperiment, BuiltFigure, ReportModel } from './build.ts';
import type { Provenance } from './provenance.ts';
import type { ImageFormat } from './render.ts';
import type { ReportTable } from './tables.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe inside a <script> element: `<`, `>`, `&` and line separators escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A script's source made safe to inline: no `</script` can close the element early. */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function tableHtml(t: ReportTable, caption?: string): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.label)}</th>${r.text.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Lists of at least this many numbers go to the shared pool. */
const POOL_MIN_LENGTH = 16;

/** Significant digits of the numbers in the pool (the page only draws them). */
export const POOL_DIGITS = 7;

/**
 * The shared pool of a page's number lists: `add` returns `{"$a": index}` for a list,
 * the same index for a list with the same (rounded) values.
 */
export class ArrayPool {
  readonly lists: (number | null)[][] = [];
  private readonly index = new Map<string, number>();

  /** The value with each long list of numbers replaced by a reference into the pool. */
  compact(v: unknown): unknown {
    if (Array.isArray(v)) {
      if (v.length >= POOL_MIN_LENGTH && v.every((x) => typeof x === 'number' || x === null)) {
        const list = (v as (number | null)[]).map((x) =>
          x === null || !Number.isFinite(x) ? null : Number(x.toPrecision(POOL_DIGITS)),
        );
        const key = JSON.stringify(list);
        let i = this.index.get(key);
        if (i === undefined) {
          i = this.lists.length;
          this.lists.push(list);
          this.index.set(key, i);
        }
        return { $a: i };
      }
      return v.map((x) => this.compact(x));
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.compact(x);
      return out;
    }
    return v;
  }
}

function figureHtml(f: BuiltFigure, images: ReadonlySet<ImageFormat>, pool: ArrayPool): string {
  const links = [
    ...(images.has('png') ? [`<a href="figures/${f.name}.png">PNG</a>`] : []),
    ...(images.has('svg') ? [`<a href="figures/${f.name}.svg">SVG</a>`] : []),
    `<a href="data/${f.name}.csv">CSV</a>`,
    `<a href="data/${f.name}.json">JSON</a>`,
  ].join(' · ');
  const fig = { data: pool.compact(f.figure.data), layout: f.figure.layout };
  return `<figure id="${escapeHtml(f.name)}">
<div class="plot" data-figure="${escapeHtml(f.name)}" style="width:${f.size.width}px;height:${f.size.height}px"></div>
<script type="application/json" id="figure-${escapeHtml(f.name)}">${scriptJson(fig)}</script>
<figcaption><b>${escapeHtml(f.name)}</b>${f.caption ? ` — ${escapeHtml(f.caption)}` : ''}<br><span class="links">${links}</span></figcaption>
</figure>`;
}

function networkList(e: BuiltExperiment): string {
  return `<ul class="networks">${e.networks
    .map(
      (n) =>
        `<li><b>${n.id}</b>: ${escapeHtml(n.label)} <span class="dims">(${n.dims}-D)</span><details><summary>spec</summary><pre>${escapeHtml(JSON.stringify(n.spec, null, 1))}</pre></details></li>`,
    )
    .join('')}</ul>`;
}

function optionsText(e: BuiltExperiment): string {
  const o = e.options;
  const units =
    o.units === 'rad' ? 'rad/sample' : o.units === 'cycles' ? 'cycles/sample' : `Hz (fs = ${o.fs})`;
  return `${o.n} frequency points, deaf-band threshold ${o.thresholdDb} dB, frequencies in ${units}, map ${o.mapSize}×${o.mapSize}, object ${o.object[0]}×${o.object[1]}`;
}

const STYLE = `
body{font-family:Inter,"Helvetica Neue",Helvetica,Arial,sans-serif;color:#1f2328;margin:0 auto;max-width:1040px;padding:24px;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #e6e8eb;padding-bottom:.2em}
.provenance{color:#57606a;font-size:.9em}.provenance code{font-size:.95em}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}thead th{background:#f6f8fa}
tbody th{font-weight:500;background:#fbfbfc}
figure{margin:1.5em 0}figcaption{font-size:.9em;color:#57606a;margin-top:.3em}.links a{color:#0969da}
.plot{max-width:100%}pre{font-size:.8em;background:#f6f8fa;padding:.5em;overflow:auto}
.networks li{margin:.2em 0}.dims{color:#57606a}details{display:inline-block;margin-left:.5em}
.warning{background:#fff8c5;border:1px solid #d4a72c;padding:.5em .8em}
nav ul{columns:2}`;

/**
 * The report page. `plotly` is the source of plotly.js (inlined once); `images` the
 * formats written under figures/ (links to them); `warnings` shown at the top.
 */
export function renderHtml(
  model: ReportModel,
  provenance: Provenance,
  plotly: string,
  images: ReadonlySet<ImageFormat>,
  warnings: readonly string[] = [],
): string {
  const pool = new ArrayPool();
  const toc = model.experiments
    .map((e) => `<li><a href="#exp-${escapeHtml(e.name)}">${escapeHtml(e.title)}</a></li>`)
    .join('');
  const sections = model.experiments
    .map(
      (e) => `<section id="exp-${escapeHtml(e.name)}">
<h2>${escapeHtml(e.title)}</h2>
${e.description ? `<p>${escapeHtml(e.description)}</p>` : ''}
<h3>Networks</h3>
${networkList(e)}
<p class="provenance">${escapeHtml(optionsText(e))}.</p>
<h3>Analysis</h3>
${tableHtml(e.summary)}
${e.layerTables.map((t) => tableHtml(t, t.title)).join('\n')}
<p class="provenance">All numbers: <a href="data/${escapeHtml(e.name)}-analysis.json">data/${escapeHtml(e.name)}-analysis.json</a> (the output of <code>analyze</code> for each network).</p>
<h3>Figures</h3>
${e.figures.map((f) => figureHtml(f, images, pool)).join('\n')}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${provenance.tool} ${escapeHtml(provenance.version)}">
<title>${escapeHtml(model.title)}</title>
<style>${STYLE}</style>
<script>${inlineScript(plotly)}</script>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
${model.description ? `<p>${escapeHtml(model.description)}</p>` : ''}
<p class="provenance">Made by ${provenance.tool} ${escapeHtml(provenance.version)} on ${escapeHtml(provenance.generated)} from a config with SHA-256 <code>${provenance.configSha256}</code>.</p>
${warnings.map((w) => `<p class="warning">${escapeHtml(w)}</p>`).join('\n')}
</header>
<nav><ul>${toc}</ul></nav>
${sections}
<script type="application/json" id="report-arrays">${scriptJson(pool.lists)}</script>
<script>
const pool = JSON.parse(document.getElementById('report-arrays').textContent);
const restore = (v) =>
  Array.isArray(v) ? v.map(restore)
  : v !== null && typeof v === 'object'
    ? ('$a' in v ? pool[v.$a] : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restore(x)])))
    : v;
for (const div of document.querySelectorAll('.plot')) {
  const fig = restore(JSON.parse(document.getElementById('figure-' + div.dataset.figure).textContent));
  Plotly.newPlot(div, fig.data, fig.layout, { displaylogo: false, responsive: false });
}
</script>
</body>
</html>
`;
}
