/**
 * The page's "Trained model" card: drop (or choose) an ONNX file; the page sends its bytes
 * to `POST /api/analyze` (application/octet-stream) and shows the model as a network like
 * the others: a summary with its tap coverage, its layer table, the per-layer power
 * responses, the border validity of its dilated layers (the ASPP branches), the measured ERF
 * of the trained model with its gridding index beside the exact tap set (`POST /api/erf`
 * with the same bytes and `nonlinear=true`: `dilation-lab erf --model --nonlinear`), and,
 * when its tap set has holes, its blind-spot proof (`POST /api/blindspots` with `maps=true`:
 * `dilation-lab blindspots --model`). Before it
 * asks for the analysis, the page asks whether the server would accept the file
 * (`modelProblem`): a file the server would refuse gets its message here, and the browser
 * logs no failed request.
 */
import { type ErfFigureInput, erfFigures } from '../../src/figures/erf.ts';
import { modelBorderFigure, modelPowerFigure } from '../../src/figures/model.ts';
import { type FigureTheme, themeFigure } from '../../src/figures/palette.ts';
import type { Figure } from '../../src/figures/types.ts';
import { type ApiLimits, checkModelBytes } from '../../src/limits/index.ts';
import type { ModelAnalysis, PerAxis } from '../../src/model/index.ts';
import { type Answer, drawProof, proofSummary } from './blindspots.ts';
import { serverLimits } from './limits.ts';

interface PlotlyLike {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
}

const ax = (v: PerAxis | null) => (v === null ? '–' : Array.isArray(v) ? v.join('×') : String(v));

function esc(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  );
}

function summaryHtml(r: ModelAnalysis, file: string): string {
  const c = r.coverage;
  const m = r.model;
  const items: [string, string][] = [
    [
      'model',
      `${file} · ${m.producer || 'unknown producer'} · opset ${m.opset} · ${r.dims}-D input ${JSON.stringify(m.input.shape)}`,
    ],
    [
      'output analysed',
      `${m.output}${m.end ? ` — the analysis ends at ${m.end.node} (${m.end.op}): ${m.end.reason}` : ''}`,
    ],
    [
      'receptive field',
      `${ax(r.receptiveField)} input samples, output stride ${ax(r.outputStride)}`,
    ],
    [
      'tap coverage',
      `${c.covered} of ${c.size} offsets reached (${(100 * (1 - c.holeFraction)).toFixed(1)}%), ${c.holes} holes; ${r.griddingFree ? 'gridding-free' : 'grids'}`,
    ],
    ['global branch', r.global ? 'yes: image pooling sees the whole input' : 'none'],
    ['passed through', m.passThrough.map((p) => `${p.op} ×${p.count}`).join(', ') || 'nothing'],
    [
      'linearised composite',
      r.composite.computed ? `kernel ${r.composite.shape?.join('×')}` : r.composite.note,
    ],
  ];
  return `<dl class="model-summary">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function tableHtml(r: ModelAnalysis): string {
  const head = [
    '#',
    'name',
    'op',
    'kernel',
    'dil',
    'stride',
    'groups',
    'in',
    'out',
    'params',
    'scale',
    'eff. dil',
    'RF',
  ];
  const rows = r.layers.map((l, i) =>
    [
      String(i + 1),
      l.name,
      l.op,
      l.kernel.join('×'),
      ax(l.dilation),
      ax(l.stride),
      String(l.groups),
      String(l.channelsIn),
      String(l.channelsOut),
      String(l.parameters),
      ax(l.scale),
      ax(l.effectiveDilation),
      l.receptiveField === null ? 'global' : `${ax(l.receptiveField)}${l.global ? ' +g' : ''}`,
    ].map((c, j) => `<td class="mc${j === 1 || j === 2 ? ' mc-left' : ''}">${esc(c)}</td>`),
  );
  return `<div class="model-table-wrap"><table class="model-table"><thead><tr>${head
    .map((h, j) => `<th class="mc${j === 1 || j === 2 ? ' mc-left' : ''}">${h}</th>`)
    .join(
      '',
    )}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table></div>`;
}

/** The verdict of `POST /api/analyze?check=true` (src/server/jobs.ts `modelVerdict`). */
type ModelVerdict =
  | { accepted: true; price: number }
  | { accepted: false; error: { message: string; field: string | null } };

/**
 * What the server would refuse in model `file`, or null when it may be sent: its size
 * against the server's `modelBytes` judged here (`checkModelBytes`, with the limits the
 * server embedded), then the server's own decoding, import and price, asked with
 * `check=true` — a 200 either way, so a bad file leaves no failed request in the console.
 * (The decoder, protobufjs, compiles its readers with eval, which the page's
 * Content-Security-Policy forbids, so the page cannot run it itself.)
 */
async function modelProblem(file: File, body: ArrayBuffer): Promise<string | null> {
  const limits: ApiLimits | undefined = serverLimits();
  if (limits) {
    try {
      checkModelBytes(file.size, limits);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  const res = await fetch('/api/analyze?check=true', {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body,
  });
  const verdict = (await res.json()) as ModelVerdict & { error?: { message?: string } };
  if (!res.ok) return verdict.error?.message ?? `the server answered ${res.status}`;
  return verdict.accepted ? null : verdict.error.message;
}

/** The server's largest input side for a proof (src/server/resources/erf.ts MAX_SERVER_SIDE). */
const PROOF_SIDE = 257;

/**
 * The `inputSize` query of the model's proof: none when the model's fixed input fits the
 * server (≤ 257 per side, its default), else 2·receptive field + 1 per axis within 16…257
 * (what `blindspots` takes without a fixed input).
 */
function proofInputSize(r: ModelAnalysis): string | null {
  const fixed = r.model.inputSize;
  if (fixed?.every((s) => s <= PROOF_SIDE)) return null;
  return r.taps.shape.map((s) => Math.min(PROOF_SIDE, Math.max(16, 2 * s + 1))).join('x');
}

/** POSTs the model's bytes to `/api/ROUTE?query` and returns its JSON (throws its message). */
async function askWithModel<T>(route: string, q: URLSearchParams, bytes: ArrayBuffer): Promise<T> {
  const res = await fetch(`/api/${route}?${q}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `the server answered ${res.status}`);
  return body as T;
}

/** Says `text` in a section's note: its tone `ok` or `error` (an alert) for the tests and readers. */
function tell(note: HTMLElement, text: string, error = false): void {
  note.textContent = text;
  note.dataset.tone = error ? 'error' : 'ok';
  note.classList.toggle('error', error);
  note.setAttribute('role', error ? 'alert' : 'status');
}

/** A model the card shows: where, its file name and bytes, its analysis, the page's Plotly and theme. */
interface ShownModel {
  box: HTMLElement;
  file: string;
  bytes: ArrayBuffer;
  r: ModelAnalysis;
  plotly: () => Promise<PlotlyLike | null>;
  theme: () => FigureTheme | undefined;
}

/** Models up to this size get their ERF measured on drop; larger ones when asked (a button). */
const AUTO_ERF_BYTES = 2 * 2 ** 20;

/** Random inputs the card's ERF averages (the CLI's default is 16; the server allows 64). */
const CARD_SAMPLES = 8;

/** What the card reads of `POST /api/erf` (the erf JSON, docs/cli.md). */
type ModelErf = ErfFigureInput & {
  griddingIndex: number;
  tapSetGriddingIndex: number;
  holes: number;
  samples: number;
  areaRatio: Record<string, number>;
};

/**
 * The model's effective receptive field in `box`: its bytes sent again to `POST
 * /api/erf?nonlinear=true` (what `dilation-lab erf --model --nonlinear` measures: the trained
 * weights and nonlinearities, seeded random inputs), its gridding index in a sentence, the
 * log-scale ERF heatmap beside the exact tap set (the report's erf figures).
 */
async function showModelErf(m: ShownModel, asked = false): Promise<void> {
  const { box, file, bytes, r, plotly, theme } = m;
  const note = box.querySelector<HTMLElement>('#model-erf-note');
  if (!note) return;
  if (!asked && bytes.byteLength > AUTO_ERF_BYTES) {
    // A large model: its back-propagation would hold the server's event loop for long, so
    // the page asks first.
    note.textContent = `${file} is ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB: measuring its ERF runs ${CARD_SAMPLES} forward and backward passes on the server. `;
    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'small';
    go.id = 'model-erf-run';
    go.textContent = 'Measure the ERF';
    go.addEventListener('click', () => {
      note.textContent = `Measuring the ERF of ${file} over ${CARD_SAMPLES} random inputs…`;
      void showModelErf(m, true);
    });
    note.append(go);
    return;
  }
  const q = new URLSearchParams({ nonlinear: 'true', samples: String(CARD_SAMPLES) });
  const size = proofInputSize(r);
  if (size) q.set('inputSize', size);
  try {
    const e = await askWithModel<ModelErf>('erf', q, bytes);
    tell(
      note,
      `Measured over ${e.samples} seeded random inputs with the model's weights and nonlinearities: gridding index ${e.griddingIndex.toFixed(2)} (exact tap set ${e.tapSetGriddingIndex.toFixed(2)}; 1 = holes), ${e.holes} holes; half the ERF's mass within ${(100 * e.areaRatio['0.5']).toFixed(1)}% of the window.`,
    );
    const P = await plotly();
    if (!P) return;
    const [heat, , taps] = erfFigures(e, { id: 'A', name: file }, { title: '' });
    const t = theme();
    for (const [id, fig] of [
      ['model-erf', heat],
      ['model-taps', taps],
    ] as const) {
      const el = box.querySelector<HTMLElement>(`#${id}`);
      if (!el) continue;
      // As tall as wide (the cells are square), within 300…480 px.
      const height = Math.max(300, Math.min(480, Math.round(el.clientWidth * 0.95)));
      const layout = { ...fig.layout, width: undefined, height, autosize: true, title: undefined };
      const shown = t ? themeFigure(fig.data, layout, t) : { data: fig.data, layout };
      await P.react(el, shown.data, shown.layout, { responsive: true, displaylogo: false });
    }
  } catch (e) {
    tell(note, `${file}: ERF: ${e instanceof Error ? e.message : String(e)}`, true);
  }
}

/**
 * The model's blind-spot proof in `box` (only asked when its tap set has holes): its bytes
 * sent again to `POST /api/blindspots?maps=true`, the sentence and the three panels of the
 * blind-spot card (perturbation Δx, |Δy| exactly 0 at the centre output, the control).
 */
async function showModelProof({ box, file, bytes, r, plotly, theme }: ShownModel): Promise<void> {
  const note = box.querySelector<HTMLElement>('#model-blindspots-note');
  const plot = box.querySelector<HTMLElement>('#model-blindspots');
  if (!note || !plot) return;
  const q = new URLSearchParams({ maps: 'true' });
  const size = proofInputSize(r);
  if (size) q.set('inputSize', size);
  try {
    const proof = await askWithModel<Answer>('blindspots', q, bytes);
    const P = await plotly();
    // The warnings say why a model with local holes has none blind (a global branch).
    tell(note, [proofSummary(proof), ...proof.warnings.map((w) => `Note: ${w}.`)].join(' '));
    if (P) await drawProof(plot, proof, P, theme(), { responsive: true, displaylogo: false });
  } catch (e) {
    tell(note, `${file}: blind-spot proof: ${e instanceof Error ? e.message : String(e)}`, true);
  }
}

/**
 * Wires the model card; `plotly` resolves to the page's Plotly once it is loaded, `theme`
 * gives the dark page's colours for the proof (undefined: the figure's own).
 */
export function initModelDrop(
  plotly: () => Promise<PlotlyLike | null>,
  theme: () => FigureTheme | undefined = () => undefined,
): void {
  const zone = document.getElementById('model-drop');
  const input = document.getElementById('model-file') as HTMLInputElement | null;
  const out = document.getElementById('model-result');
  const status = document.getElementById('model-status');
  if (!zone || !input || !out || !status) return;

  const show = async (file: File) => {
    status.textContent = `analysing ${file.name} (${(file.size / 2 ** 20).toFixed(1)} MiB) ...`;
    status.dataset.tone = 'busy';
    out.hidden = true;
    try {
      const bytes = await file.arrayBuffer();
      const problem = await modelProblem(file, bytes);
      if (problem !== null) throw new Error(`${file.name}: ${problem}`);
      const res = await fetch('/api/analyze', {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: bytes,
      });
      const body = await res.json();
      if (!res.ok)
        throw new Error(
          `${file.name}: ${body?.error?.message ?? `the server answered ${res.status}`}`,
        );
      const r = body as ModelAnalysis;
      out.innerHTML = `${summaryHtml(r, file.name)}${tableHtml(r)}<div class="model-fig" id="model-power"></div>${
        r.border.length
          ? '<div class="model-fig" id="model-border"></div>'
          : '<p>No dilated layer with a known map size.</p>'
      }<section class="model-erf" aria-labelledby="model-erf-title"><h3 id="model-erf-title">Effective receptive field</h3><p class="note" id="model-erf-note" role="status">Measuring the ERF of the trained model (its weights and nonlinearities) over ${CARD_SAMPLES} random inputs…</p><div class="model-erf-figs"><div class="model-fig" id="model-erf" role="figure" aria-label="ERF of the model"></div><div class="model-fig" id="model-taps" role="figure" aria-label="Exact tap set of the model"></div></div></section>${
        r.coverage.holes > 0
          ? `<section class="model-proof" aria-labelledby="model-blindspots-title"><h3 id="model-blindspots-title">Blind-spot proof</h3><p class="note" id="model-blindspots-note" role="status">Perturbing the ${r.coverage.holes} holes of the tap set by +10 and running the model before and after…</p><div class="model-fig" id="model-blindspots" role="figure" aria-label="Blind-spot proof of the model"></div></section>`
          : '<p id="model-blindspots-note">No holes in the tap set: no blind spot to prove (<code>dilation-lab blindspots --model</code> also perturbs the samples stride and padding never read).</p>'
      }`;
      out.hidden = false;
      status.textContent = `${file.name}: ${r.layers.length} layers`;
      status.dataset.tone = 'ok';
      const P = await plotly();
      const draw = (id: string, fig: Figure) => {
        const el = document.getElementById(id);
        if (el && P)
          void P.react(
            el,
            fig.data,
            { ...fig.layout, width: undefined, autosize: true },
            { responsive: true, displaylogo: false },
          );
      };
      draw('model-power', modelPowerFigure(r, { title: '' }));
      if (r.border.length) draw('model-border', modelBorderFigure(r, { title: '' }));
      const shown: ShownModel = { box: out, file: file.name, bytes, r, plotly, theme };
      await showModelErf(shown);
      if (r.coverage.holes > 0) await showModelProof(shown);
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : String(e);
      status.dataset.tone = 'error';
    }
  };

  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) void show(f);
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    const f = e.dataTransfer?.files?.[0];
    if (f) void show(f);
  });
}
