/**
 * The browser lab: controls → state (mirrored in the URL) → the API → figures from
 * src/figures drawn with the global Plotly (/vendor/plotly.min.js, preloaded by index.html
 * and run only after the first API requests are on their way: `loadPlotly`).
 */
import { figureToCsv, figureToJson } from '../../src/figures/export.ts';
import { type FigureTheme, networkColor, themeFigure } from '../../src/figures/palette.ts';
import { stackPanels } from '../../src/figures/taps.ts';
import type { Figure } from '../../src/figures/types.ts';
import { PADDING_NAMES } from '../../src/network/padding.ts';
import { PRESETS } from '../../src/network/presets.ts';
import { allLayers } from '../../src/network/types.ts';
import { type EmbeddedAnswer, requestCount, seedAnswers } from './api.ts';
import { type BlindspotsCard, initBlindspotsCard } from './blindspots.ts';
import { checkView, pageNote } from './check.ts';
import { computeView, NetError, type NetResult, viewSnapshot } from './compute.ts';
import { initSpecEditor, type SpecEditor } from './editor.ts';
import { FIGURE_CARDS } from './figures.ts';
import { gridNote } from './grid.ts';
import { serverLimits, takeServerLimits } from './limits.ts';
import { initModelDrop } from './model.ts';
import { initRecommend, type LoadRequest, recommendBusy, recommendQuery } from './recommend.ts';
import { parseHere } from './source.ts';
import {
  cloneState,
  kernelForDims,
  NETWORK_IDS,
  type NetState,
  newNet,
  type State,
  stateFromQuery,
  stateToQuery,
} from './state.ts';
import { renderSummary } from './summary.ts';

interface PlotlyApi {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  purge(el: HTMLElement): void;
  downloadImage(
    el: HTMLElement,
    opts: {
      format: 'png' | 'svg';
      filename: string;
      width?: number;
      height?: number;
      scale?: number;
    },
  ): Promise<unknown>;
}
declare global {
  interface Window {
    Plotly?: PlotlyApi;
    /** For tests and the curious: the page's current state and last figures. */
    dilationLab?: {
      state: () => State;
      figures: () => Map<string, Figure>;
      idle: () => boolean;
      /** Draws every card, on screen or not; resolves when they are drawn. */
      drawAll: () => Promise<void>;
      /** The keys of the cards on screen (within the lazy-drawing margin). */
      visibleCards: () => string[];
      /** Whether card `key` shows the current view. */
      drawn: (key: string) => boolean;
      /** performance.now() of each card's last plotly_afterplot. */
      afterplot: () => Record<string, number>;
      /** Requests sent to the server so far (not answered from the page's memory). */
      requests: () => number;
      /** No recommendation search running. */
      recommendIdle: () => boolean;
    };
  }
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
/** Wait this long after the last keystroke before asking the server (ms). */
const DEBOUNCE_MS = 60;
const PLOT_CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'toImage', 'autoScale2d'],
};

/**
 * Resolves when window.Plotly exists: index.html loads the bundle with a deferred
 * `<script id="plotly-script">` after app.js, so the browser downloads and compiles its
 * 1.5 MB off the main thread while app.js runs and sends the first requests.
 */
let plotlyPromise: Promise<PlotlyApi | null> | null = null;
function loadPlotly(): Promise<PlotlyApi | null> {
  plotlyPromise ??= new Promise((resolve) => {
    if (window.Plotly) return resolve(window.Plotly);
    let s = document.getElementById('plotly-script') as HTMLScriptElement | null;
    if (!s) {
      s = document.createElement('script');
      s.src = '/vendor/plotly.min.js';
      document.head.append(s);
    }
    s.addEventListener('load', () => {
      performance.mark('lab:plotly-ready');
      resolve(window.Plotly ?? null);
    });
    s.addEventListener('error', () => resolve(null));
  });
  return plotlyPromise;
}

const state: State = stateFromQuery(location.search);
let lastResults: NetResult[] | null = null;
let figures = new Map<string, Figure>();
let timer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;
let controller: AbortController | null = null;
let busy = false;
/** The network whose summary flashes after the next draw (a recommendation was loaded into it). */
let flashNet: number | null = null;
/** The network spec editor (editor.ts). */
let editor: SpecEditor | null = null;

// ---------------------------------------------------------------- status and errors

function setStatus(text: string, tone: 'busy' | 'ok' | 'error'): void {
  const el = $('status');
  el.textContent = text;
  el.dataset.tone = tone;
}

/** The element id of the input an error belongs to, from the API's field name and route. */
function fieldTarget(field: string | null, net: number | null, route: string): string {
  const base = (field ?? '').split(/[[.\s]/)[0];
  const id = net === null ? null : NETWORK_IDS[net];
  // A network given by a spec has no short-form fields: its errors show under it (and in the editor).
  const fromSpec = net !== null && !state.nets[net]?.preset && Boolean(state.nets[net]?.spec);
  if (id && fromSpec && !['n', 'mapSize', 'thresholdDb', 'object', 'fs'].includes(base))
    return `net-${id}`;
  if (base === 'n') return route === 'response2d' ? 'opt-n2d' : 'opt-n';
  if (base === 'mapSize') return 'opt-map';
  if (base === 'thresholdDb') return 'opt-threshold';
  if (base === 'object') return 'opt-object';
  if (base === 'fs') return 'opt-fs';
  if (id && ['kernel', 'rates', 'mode', 'merge', 'padding', 'preset'].includes(base))
    return `net-${id}-${base}`;
  if (id && (base === 'layers' || base === 'branches')) return `net-${id}-rates`;
  return id ? `net-${id}` : 'status';
}

function clearErrors(): void {
  // The spec editor's error is its own (editor.ts): it follows its text, not the last answer.
  document
    .querySelectorAll<HTMLElement>('#controls .field-error:not(.spec-error)')
    .forEach((el) => {
      el.hidden = true;
      el.textContent = '';
    });
  document.querySelectorAll('#controls [aria-invalid="true"]:not(#spec-text)').forEach((el) => {
    el.removeAttribute('aria-invalid');
  });
}

function showError(target: string, raw: string): void {
  const message = pageNote(raw);
  const msg = document.getElementById(`${target}-error`);
  if (!msg) {
    setStatus(message, 'error');
    return;
  }
  msg.textContent = message;
  msg.hidden = false;
  const input = document.getElementById(target);
  if (input && input.tagName !== 'FIELDSET') input.setAttribute('aria-invalid', 'true');
}

// ---------------------------------------------------------------- network controls

function option(value: string, text: string, selected: boolean): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = selected;
  return o;
}

function field(id: string, label: string, control: HTMLElement, hintId = ''): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const l = document.createElement('label');
  l.htmlFor = id;
  l.textContent = label;
  control.id = id;
  const err = document.createElement('p');
  err.className = 'field-error';
  err.id = `${id}-error`;
  err.hidden = true;
  control.setAttribute('aria-describedby', `${id}-error${hintId ? ` ${hintId}` : ''}`);
  wrap.append(l, control, err);
  return wrap;
}

function renderNets(): void {
  const box = $('nets');
  box.replaceChildren();
  state.nets.forEach((net, i) => {
    const id = NETWORK_IDS[i];
    const fs = document.createElement('fieldset');
    fs.className = 'net';
    fs.id = `net-${id}`;
    fs.style.setProperty('--net', networkColor(i));
    const legend = document.createElement('legend');
    const badge = document.createElement('span');
    badge.className = 'net-badge';
    badge.textContent = id;
    legend.append(badge, ` Network ${id}`);
    fs.append(legend);
    if (state.nets.length > 1) {
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.className = 'remove';
      rm.textContent = '×';
      rm.title = `Remove network ${id}`;
      rm.setAttribute('aria-label', `Remove network ${id}`);
      rm.addEventListener('click', () => {
        state.nets.splice(i, 1);
        renderNets();
        changed(true);
      });
      fs.append(rm);
    }

    const fromSpec = net.preset === '' && net.spec !== '';
    const preset = document.createElement('select');
    preset.append(option('', 'Custom: kernel and rates', net.preset === '' && !fromSpec));
    if (fromSpec) preset.append(option(SPEC_OPTION, 'Network spec (editor)', true));
    for (const p of PRESETS) preset.append(option(p.name, p.name, net.preset === p.name));
    preset.addEventListener('change', () => {
      if (preset.value === SPEC_OPTION) return;
      net.preset = preset.value;
      net.spec = '';
      renderNets();
      changed(true);
      document.getElementById(`net-${id}-preset`)?.focus();
    });
    fs.append(field(`net-${id}-preset`, 'Preset', preset));

    if (fromSpec) {
      const note = document.createElement('p');
      note.className = 'spec-note';
      note.id = `net-${id}-spec`;
      let what = 'a network spec';
      try {
        const parsed = parseHere(net, state.dims);
        const count = allLayers(parsed).length;
        what = `${parsed.name ? `“${parsed.name}”, ` : ''}a ${parsed.dims}-D network spec of ${count} layer${count === 1 ? '' : 's'}`;
      } catch {
        // the error shows in the editor and under this network
      }
      note.append(`Given by ${what}. `);
      const edit = document.createElement('button');
      edit.type = 'button';
      edit.className = 'small';
      edit.textContent = 'Edit spec';
      edit.setAttribute('aria-label', `Edit network ${id}'s spec`);
      edit.addEventListener('click', () => editor?.edit(i));
      note.append(edit);
      fs.append(note);
    } else if (net.preset) {
      const p = PRESETS.find((q) => q.name === net.preset);
      const note = document.createElement('p');
      note.className = 'preset-note';
      note.textContent = p ? `${p.title}. ${p.source}` : '';
      fs.append(note);
    } else {
      const kernel = document.createElement('input');
      kernel.type = 'text';
      kernel.value = net.kernel;
      kernel.spellcheck = false;
      kernel.autocomplete = 'off';
      kernel.setAttribute('list', 'kernel-presets');
      kernel.addEventListener('input', () => {
        net.kernel = kernel.value;
        changed();
      });
      const rates = document.createElement('input');
      rates.type = 'text';
      rates.value = net.rates;
      rates.spellcheck = false;
      rates.autocomplete = 'off';
      rates.inputMode = 'text';
      rates.addEventListener('input', () => {
        net.rates = rates.value;
        changed();
      });
      const mode = document.createElement('select');
      for (const m of ['stack', 'parallel', 'residual'] as const)
        mode.append(option(m, m, net.mode === m));
      mode.addEventListener('change', () => {
        net.mode = mode.value as NetState['mode'];
        renderNets();
        changed();
        document.getElementById(`net-${id}-mode`)?.focus();
      });
      const row = document.createElement('div');
      row.className = 'grid2';
      row.append(
        field(`net-${id}-kernel`, 'Kernel', kernel, 'net-hint'),
        field(`net-${id}-rates`, 'Rates', rates, 'net-hint'),
        field(`net-${id}-mode`, 'Mode', mode),
      );
      if (net.mode === 'parallel') {
        const merge = document.createElement('select');
        for (const m of ['sum', 'concat'] as const) merge.append(option(m, m, net.merge === m));
        merge.addEventListener('change', () => {
          net.merge = merge.value as NetState['merge'];
          changed();
        });
        row.append(field(`net-${id}-merge`, 'Merge', merge));
      }
      const padding = document.createElement('select');
      for (const p of PADDING_NAMES) padding.append(option(p, p, (net.padding ?? 'same') === p));
      padding.addEventListener('change', () => {
        net.padding = padding.value as NetState['padding'];
        changed();
      });
      row.append(field(`net-${id}-padding`, 'Padding', padding));
      fs.append(row);
    }
    const err = document.createElement('p');
    err.className = 'field-error';
    err.id = `net-${id}-error`;
    err.hidden = true;
    fs.append(err);
    box.append(fs);
  });
  const add = $<HTMLButtonElement>('add-net');
  add.disabled = state.nets.length >= NETWORK_IDS.length;
  editor?.refresh();
}

/** The preset menu's value of a network given by a spec (not a preset name). */
const SPEC_OPTION = '#spec';

/** Puts a spec text from the editor into network `index` (added when missing) and recomputes. */
function applySpec(index: number, text: string): void {
  while (state.nets.length <= index) {
    const n = newNet(state.nets.length);
    n.kernel = kernelForDims(n.kernel, state.dims);
    state.nets.push(n);
  }
  state.nets[index] = { ...state.nets[index], preset: '', spec: text };
  flashNet = index;
  renderNets();
  changed(true);
}

// ---------------------------------------------------------------- global controls

function syncGlobals(): void {
  $<HTMLInputElement>(`opt-dims-${state.dims}`).checked = true;
  $<HTMLSelectElement>('opt-n').value = String(state.n);
  $<HTMLSelectElement>('opt-n2d').value = String(state.n2d);
  $<HTMLInputElement>('opt-threshold').value = String(state.thresholdDb);
  $<HTMLInputElement>('opt-map').value = String(state.mapSize);
  $<HTMLSelectElement>('opt-units').value = state.units;
  $<HTMLInputElement>('opt-fs').value = String(state.fs);
  $<HTMLInputElement>('opt-object').value = state.object;
  $<HTMLInputElement>(`opt-scale-${state.scale}`).checked = true;
  $<HTMLInputElement>('opt-layers').checked = state.layers;
  $<HTMLInputElement>('opt-norm').checked = state.norm;
  $('fs-field').hidden = state.units !== 'hz';
}

function bindGlobals(): void {
  for (const d of [1, 2] as const) {
    $<HTMLInputElement>(`opt-dims-${d}`).addEventListener('change', () => {
      state.dims = d;
      for (const n of state.nets) n.kernel = kernelForDims(n.kernel, d);
      renderNets();
      changed(true);
    });
  }
  const numeric = (id: string, set: (v: number) => void) => {
    const el = $<HTMLInputElement | HTMLSelectElement>(id);
    el.addEventListener(el.tagName === 'SELECT' ? 'change' : 'input', () => {
      const t = el.value.trim();
      set(t === '' ? Number.NaN : Number(t));
      changed();
    });
  };
  numeric('opt-n', (v) => {
    state.n = v;
  });
  numeric('opt-n2d', (v) => {
    state.n2d = v;
  });
  numeric('opt-threshold', (v) => {
    state.thresholdDb = v;
  });
  numeric('opt-map', (v) => {
    state.mapSize = v;
  });
  $<HTMLInputElement>('opt-object').addEventListener('input', (e) => {
    state.object = (e.target as HTMLInputElement).value;
    changed();
  });
  // Display-only settings redraw from the last results without asking the server.
  $<HTMLSelectElement>('opt-units').addEventListener('change', (e) => {
    state.units = (e.target as HTMLSelectElement).value as State['units'];
    $('fs-field').hidden = state.units !== 'hz';
    redrawOnly();
  });
  $<HTMLInputElement>('opt-fs').addEventListener('input', (e) => {
    state.fs = Number((e.target as HTMLInputElement).value);
    redrawOnly();
  });
  for (const sc of ['linear', 'db'] as const) {
    $<HTMLInputElement>(`opt-scale-${sc}`).addEventListener('change', () => {
      state.scale = sc;
      redrawOnly();
    });
  }
  $<HTMLInputElement>('opt-layers').addEventListener('change', (e) => {
    state.layers = (e.target as HTMLInputElement).checked;
    redrawOnly();
  });
  $<HTMLInputElement>('opt-norm').addEventListener('change', (e) => {
    state.norm = (e.target as HTMLInputElement).checked;
    redrawOnly();
  });
  $<HTMLButtonElement>('add-net').addEventListener('click', () => {
    if (state.nets.length >= NETWORK_IDS.length) return;
    const n = newNet(state.nets.length);
    n.kernel = kernelForDims(n.kernel, state.dims);
    state.nets.push(n);
    renderNets();
    changed(true);
    document.getElementById(`net-${NETWORK_IDS[state.nets.length - 1]}-rates`)?.focus();
  });
  $<HTMLButtonElement>('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus('Link copied: it reproduces this view.', 'ok');
    } catch {
      window.prompt('Copy this link:', location.href);
    }
  });
}

// ---------------------------------------------------------------- figures

function renderFigureCards(): void {
  const box = $('figures');
  box.replaceChildren();
  for (const card of FIGURE_CARDS) {
    const sec = document.createElement('section');
    sec.className = 'card figure';
    sec.id = `card-${card.key}`;
    sec.setAttribute('aria-labelledby', `title-${card.key}`);
    const head = document.createElement('header');
    const h = document.createElement('h3');
    h.id = `title-${card.key}`;
    h.textContent = card.title;
    const tools = document.createElement('div');
    tools.className = 'exports';
    tools.setAttribute('role', 'group');
    tools.setAttribute('aria-label', `Export ${card.title}`);
    for (const fmt of ['png', 'svg', 'csv', 'json'] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'small ghost';
      b.textContent = fmt.toUpperCase();
      b.title =
        fmt === 'png' || fmt === 'svg'
          ? `Download the figure as ${fmt.toUpperCase()}`
          : `Download the figure's data as ${fmt.toUpperCase()}`;
      b.setAttribute('aria-label', `${card.title}: download ${fmt.toUpperCase()}`);
      b.dataset.format = fmt;
      b.addEventListener('click', () => void exportFigure(card.key, fmt));
      tools.append(b);
    }
    head.append(h, tools);
    const how = document.createElement('p');
    how.className = 'how';
    how.textContent = card.how;
    const note = document.createElement('p');
    note.className = 'note';
    note.id = `note-${card.key}`;
    note.hidden = true;
    const plot = document.createElement('div');
    plot.className = 'plot';
    plot.id = `plot-${card.key}`;
    plot.setAttribute('role', 'figure');
    plot.setAttribute('aria-label', `${card.title} plot`);
    sec.append(head, how, note, plot);
    sec.dataset.card = card.key;
    box.append(sec);
    observer?.observe(sec);
  }
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function exportFigure(key: string, fmt: 'png' | 'svg' | 'csv' | 'json'): Promise<void> {
  const fig = figureOf(key);
  if (!fig) return;
  if (fmt === 'png' || fmt === 'svg') await drawCard(key);
  const base = `dilation-lab-${fig.name}`;
  if (fmt === 'csv') download(`${base}.csv`, figureToCsv(fig), 'text/csv');
  else if (fmt === 'json')
    download(
      `${base}.json`,
      figureToJson(fig, { tool: 'dilation-lab', view: location.href }),
      'application/json',
    );
  else if (window.Plotly)
    void window.Plotly.downloadImage($(`plot-${key}`), {
      format: fmt,
      filename: base,
      width: fig.layout.width,
      height: fig.layout.height,
      scale: fmt === 'png' ? 2 : 1,
    });
}

/**
 * Lazy drawing. `draw` shows the summaries and the cards' notes at once, and draws only the
 * cards on screen; each other card is drawn when it scrolls into view (IntersectionObserver).
 * A card's figure is built when it is drawn or exported. `version` counts the views: a card
 * drawn for an older view is drawn again when it is seen.
 */
const CARD_MARGIN = '0px';
let version = 0;
const visible = new Set<string>();
const drawnVersion = new Map<string, number>();
const builtVersion = new Map<string, number>();
/** performance.now() of each card's last plotly_afterplot (for the benchmark and tests). */
const afterplot: Record<string, number> = {};
const observer =
  typeof IntersectionObserver === 'undefined'
    ? null
    : new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            const key = (e.target as HTMLElement).dataset.card ?? '';
            if (e.isIntersecting) {
              visible.add(key);
              void drawCard(key);
            } else visible.delete(key);
          }
        },
        { rootMargin: CARD_MARGIN },
      );

/** The figure of card `key` for the current view (built once per view), or undefined. */
function figureOf(key: string): Figure | undefined {
  if (!lastResults) return undefined;
  if (builtVersion.get(key) !== version) {
    const card = FIGURE_CARDS.find((c) => c.key === key);
    const fig = card?.build(lastResults, state) ?? null;
    if (fig) figures.set(key, fig);
    else figures.delete(key);
    builtVersion.set(key, version);
  }
  return figures.get(key);
}

/** Draws card `key` for the current view unless it already shows it. */
async function drawCard(key: string): Promise<void> {
  if (!lastResults || drawnVersion.get(key) === version) return;
  const plotly = await loadPlotly();
  if (!plotly || !lastResults) return;
  drawnVersion.set(key, version);
  const el = $(`plot-${key}`);
  const started = performance.now();
  const fig = figureOf(key);
  const built = performance.now();
  $(`card-${key}`).classList.toggle('empty', !fig);
  if (!fig) {
    plotly.purge(el);
    return;
  }
  const theme = pageTheme();
  const layout = pageLayout(fig, el.clientWidth);
  const shown = theme ? themeFigure(fig.data, layout, theme) : { data: fig.data, layout };
  const plotted = plotly.react(el, shown.data, shown.layout, PLOT_CONFIG);
  const target = el as HTMLElement & {
    on?: (event: string, f: () => void) => void;
    labListening?: boolean;
  };
  if (!target.labListening && typeof target.on === 'function') {
    target.labListening = true;
    target.on('plotly_afterplot', () => {
      afterplot[key] = performance.now();
    });
  }
  await plotted;
  performance.measure(`lab:build:${key}`, { start: started, end: built });
  performance.measure(`lab:draw:${key}`, { start: built, end: performance.now() });
}

/** Draws every card now, on screen or not (for exports and tests). */
async function drawAll(): Promise<void> {
  await Promise.all(FIGURE_CARDS.map((c) => drawCard(c.key)));
}

/** The blind-spot card (web/src/blindspots.ts), after the figure cards. */
let blindspotsCard: BlindspotsCard | null = null;

function draw(results: NetResult[]): void {
  version++;
  blindspotsCard?.update(state);
  figures = new Map();
  const sums = $('summaries');
  sums.replaceChildren();
  results.forEach((r, i) => {
    const el = document.createElement('article');
    el.className = 'card summary';
    renderSummary(el, r.label.id, i, r.label.name, r.analysis, state);
    if (flashNet === i) el.classList.add('flash');
    sums.append(el);
  });
  flashNet = null;
  for (const card of FIGURE_CARDS) {
    const note = $(`note-${card.key}`);
    const left = card.notes?.(results) ?? [];
    note.hidden = left.length === 0;
    note.textContent = left.length > 0 ? `Left out — ${left.join('; ')}` : '';
    if (!observer || visible.has(card.key)) void drawCard(card.key);
  }
}

/**
 * The figure colours of a dark page (the system's `prefers-color-scheme: dark`), read from the
 * CSS variables of web/app.css; undefined on a light page (the figures' own colours).
 */
function pageTheme(): FigureTheme | undefined {
  if (typeof matchMedia !== 'function' || !matchMedia('(prefers-color-scheme: dark)').matches)
    return undefined;
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--panel', '#161b22'),
    text: v('--text', '#e6edf3'),
    grid: v('--line', '#30363d'),
    axis: v('--muted', '#9da7b3'),
  };
}

/**
 * The figure's layout for the page: the width follows the card; on a narrow card the
 * legend moves under the plot and the figure grows to make room for it.
 */
function pageLayout(fig: Figure, width: number): Figure['layout'] {
  const layout: Figure['layout'] = { ...fig.layout, width: undefined, autosize: true };
  const narrow = width > 0 && width < 640;
  const entries = fig.data.filter((t) => t.type !== 'heatmap' && t.showlegend !== false).length;
  const groups = new Set(fig.data.map((t) => t.legendgroup).filter(Boolean)).size;
  const panels = fig.data.filter((t) => t.type === 'heatmap').length;
  let height = fig.layout.height ?? 400;
  if (panels > 0 && width > 0) {
    // Square panels side by side: as tall as one panel is wide, plus titles and axes.
    const m = fig.layout.margin ?? { l: 64, r: 20, t: 20, b: 52 };
    const colorbar = fig.data.some((t) => t.showscale) ? 90 : 0;
    const side = (width - m.l - m.r - colorbar) / (panels + 0.08 * (panels - 1));
    height = Math.round(Math.max(240, Math.min(560, side + m.t + m.b + 20)));
  } else if (!narrow && fig.layout.showlegend !== false) {
    // Room for the whole legend at the right.
    height = Math.max(height, 60 + 19 * entries + 24 * groups);
  }
  if (narrow && fig.layout.showlegend !== false) {
    layout.legend = {
      orientation: 'h',
      x: 0,
      xanchor: 'left',
      y: -0.18,
      yanchor: 'top',
      font: { size: 10 },
    };
    height += 20 * (Math.ceil(entries / 2) + groups);
  }
  if (narrow)
    layout.margin = { ...(fig.layout.margin ?? { l: 64, r: 20, t: 20, b: 52 }), l: 52, r: 8 };
  layout.height = height;
  // On a narrow card, side-by-side heatmap panels are too small and their titles collide:
  // one panel per row instead, the colour bar (if any) keeping its room at the right.
  if (narrow && panels > 1) {
    const colorbar = fig.data.some((t) => t.showscale) ? 80 : 0;
    return stackPanels(layout, panels, width, colorbar);
  }
  return layout;
}

function redrawOnly(): void {
  writeUrl();
  if (state.units === 'hz' && !(Number.isFinite(state.fs) && state.fs > 0)) {
    clearErrors();
    showError(
      'opt-fs',
      `fs must be a positive number, got ${$<HTMLInputElement>('opt-fs').value || '""'}`,
    );
    return;
  }
  clearErrors();
  if (lastResults) draw(lastResults);
}

// ---------------------------------------------------------------- compute

function writeUrl(): void {
  const q = [stateToQuery(state), recommendQuery()].filter(Boolean).join('&');
  history.replaceState(null, '', q ? `?${q}` : location.pathname);
}

/**
 * Puts a recommended schedule into network `index` (A = 0, B = 1; B is added when missing):
 * its kernel and rates, stack or parallel (concat merge, as the parallel search scores it);
 * the page switches to the schedule's dimensions and takes its map size, then recomputes.
 */
function loadRecommendation(index: number, what: LoadRequest): void {
  if (state.dims !== what.dims) {
    state.dims = what.dims;
    for (const n of state.nets) n.kernel = kernelForDims(n.kernel, what.dims);
  }
  while (state.nets.length <= index) {
    const n = newNet(state.nets.length);
    n.kernel = kernelForDims(n.kernel, state.dims);
    state.nets.push(n);
  }
  state.nets[index] = {
    preset: '',
    spec: '',
    kernel: what.kernel,
    rates: what.rates.join(','),
    mode: what.mode,
    merge: what.mode === 'parallel' ? 'concat' : 'sum',
  };
  if (what.mapSize !== null) state.mapSize = what.mapSize;
  flashNet = index;
  syncGlobals();
  renderNets();
  changed(true);
}

function changed(now = false): void {
  writeUrl();
  clearTimeout(timer);
  busy = true;
  setStatus('Waiting for you to finish typing…', 'busy');
  timer = setTimeout(() => void recompute(), now ? 0 : DEBOUNCE_MS);
}

/**
 * The side in device pixels of one panel of the 2-D response card: one panel per network
 * side by side, one per row on a card narrower than 640 px (as pageLayout lays them out).
 */
function responsePanelSide(nets: number): number | undefined {
  const width = document.getElementById('figures')?.clientWidth ?? 0;
  if (!(width > 0)) return undefined;
  const across = width < 640 ? 1 : Math.max(1, nets);
  return Math.ceil((width / across) * (window.devicePixelRatio || 1));
}

async function recompute(): Promise<void> {
  performance.mark('lab:recompute');
  const gen = ++generation;
  controller?.abort();
  controller = new AbortController();
  const { snapshot, grid } = viewSnapshot(state, serverLimits());
  const gridText = gridNote(grid);
  const gridHint = $('opt-n-note');
  gridHint.textContent = gridText;
  gridHint.hidden = gridText === '';
  // Bad input typed in a field is caught here and shown at its field: nothing is sent.
  const problems = checkView(
    snapshot,
    {
      mapSize: $<HTMLInputElement>('opt-map').value,
      thresholdDb: $<HTMLInputElement>('opt-threshold').value,
      object: $<HTMLInputElement>('opt-object').value,
    },
    serverLimits(),
  );
  if (problems.length > 0) {
    busy = false;
    clearErrors();
    for (const p of problems) {
      showError(fieldTarget(p.field, p.net, p.route ?? ''), p.message);
      if (p.net !== null) editor?.serverError(p.net, p.message, p.field);
    }
    setStatus(
      lastResults
        ? 'Fix the marked value — the plots show the last good input.'
        : 'Fix the marked value.',
      'error',
    );
    return;
  }
  busy = true;
  setStatus('Computing…', 'busy');
  // The summaries are drawn as soon as the answers are in; each card waits for Plotly itself.
  const settled = await computeView(
    snapshot,
    controller.signal,
    responsePanelSide(snapshot.nets.length),
    serverLimits(),
  );
  performance.mark('lab:answers');
  if (gen !== generation) return;
  busy = false;
  clearErrors();
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failures.length > 0) {
    for (const f of failures) {
      const e = f.reason;
      if (e instanceof NetError) {
        showError(fieldTarget(e.field, e.net, e.route), e.message);
        editor?.serverError(e.net, e.message, e.field);
      } else showError('status', e instanceof Error ? e.message : String(e));
    }
    setStatus(
      lastResults
        ? 'Fix the marked value — the plots show the last good input.'
        : 'Fix the marked value.',
      'error',
    );
    return;
  }
  editor?.recheck();
  lastResults = settled.map((s) => (s as PromiseFulfilledResult<NetResult>).value);
  draw(lastResults);
  setStatus('Up to date', 'ok');
}

// A switch of the system's light or dark setting redraws the figures in the new colours.
if (typeof matchMedia === 'function')
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (lastResults) draw(lastResults);
  });

let narrowNow: boolean | null = null;
window.addEventListener('resize', () => {
  const narrow = window.innerWidth < 900;
  if (narrowNow !== null && narrow !== narrowNow && lastResults) draw(lastResults);
  narrowNow = narrow;
});

/** The id of the element the server embeds the first view's answers in (src/server/firstView.ts). */
const FIRST_VIEW_ELEMENT = 'lab-first-view';

/**
 * Takes the answers the server embedded in index.html for the first view into the page's
 * memory (api.ts `seedAnswers`), so opening the lab asks the server for none of them.
 */
function takeEmbeddedAnswers(): void {
  const el = document.getElementById(FIRST_VIEW_ELEMENT);
  if (!el?.textContent) return;
  try {
    const block = JSON.parse(el.textContent) as {
      answers?: Record<string, EmbeddedAnswer>;
      limits?: unknown;
    };
    if (block.answers) seedAnswers(block.answers);
    takeServerLimits(block.limits);
  } catch {
    // A block that does not parse is ignored: the page asks the server instead.
  }
  el.remove();
  performance.mark('lab:embedded-answers');
}

function start(): void {
  takeEmbeddedAnswers();
  editor = initSpecEditor({
    nets: () => state.nets,
    dims: () => state.dims,
    apply: applySpec,
  });
  renderNets();
  syncGlobals();
  bindGlobals();
  renderFigureCards();
  blindspotsCard = initBlindspotsCard($('figures'), loadPlotly, pageTheme, PLOT_CONFIG);
  window.dilationLab = {
    state: () => cloneState(state),
    figures: () => {
      for (const c of FIGURE_CARDS) figureOf(c.key);
      return figures;
    },
    idle: () => !busy,
    drawAll,
    visibleCards: () => FIGURE_CARDS.map((c) => c.key).filter((k) => visible.has(k)),
    drawn: (key) =>
      key === 'blindspots'
        ? (blindspotsCard?.drawn() ?? false)
        : drawnVersion.get(key) === version && lastResults !== null,
    afterplot: () => ({ ...afterplot }),
    requests: requestCount,
    recommendIdle: () => !recommendBusy(),
  };
  initRecommend({ load: loadRecommendation, changed: writeUrl });
  initModelDrop(loadPlotly, pageTheme);
  writeUrl();
  void recompute();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
