/**
 * The "Recommend" panel: asks /api/recommend (a stack) or /api/recommend-parallel (ASPP
 * branches) and shows the ranked picks beside the reference schedules with the same numbers,
 * the search counts, a line to paste into a model, and per row an action that loads the
 * rates into network A or B. Errors show under the field the server names.
 */
import { PARALLEL_KEY_NAMES, STACK_KEY_NAMES } from '../../src/recommend/comparison.ts';
import type {
  ParallelScore,
  RankComparison,
  RecommendParallelResult,
  RecommendResult,
  StackScore,
} from '../../src/recommend/types.ts';
import { ApiError, apiPostBody } from './api.ts';
import { fmt, pct } from './format.ts';

/** The answer of a search route asked with `check=true` (src/server/resources/recommend.ts). */
type SearchVerdict =
  | { accepted: true }
  | { accepted: false; error: { message: string; field: string | null } };

/** The panel's inputs, as typed (text), and which search. */
export interface RecommendInputs {
  kind: 'stack' | 'parallel';
  kernel: string;
  layers: string;
  maxRate: string;
  rfAtLeast: string;
  mapSize: string;
  top: string;
  branches: string;
  parallelMap: string;
  outputStride: string;
}

/** The values the panel opens with: the issue's question (4 layers of 3×3, RF ≥ 45). */
export const DEFAULT_RECOMMEND: RecommendInputs = {
  kind: 'stack',
  kernel: 'box:3x3',
  layers: '4',
  maxRate: '',
  rfAtLeast: '45',
  mapSize: '',
  top: '5',
  branches: '3',
  parallelMap: '33',
  outputStride: '16',
};

/** A schedule to load into a network: kernel, rates, mode, dims and map size. */
export interface LoadRequest {
  kernel: string;
  rates: number[];
  mode: 'stack' | 'parallel';
  dims: 1 | 2;
  mapSize: number | null;
  label: string;
}

/** What the panel needs from the page. */
export interface RecommendHooks {
  /** Loads a schedule into network `index` (0 = A, 1 = B) and recomputes the plots. */
  load(index: number, what: LoadRequest): void;
  /** The panel's inputs changed (for the URL). */
  changed(): void;
}

const FIELD_IDS: Record<keyof Omit<RecommendInputs, 'kind'>, string> = {
  kernel: 'rec-kernel',
  layers: 'rec-layers',
  maxRate: 'rec-max-rate',
  rfAtLeast: 'rec-rf',
  mapSize: 'rec-map',
  top: 'rec-top',
  branches: 'rec-branches',
  parallelMap: 'rec-pmap',
  outputStride: 'rec-os',
};

const URL_KEYS: Record<keyof Omit<RecommendInputs, 'kind'>, string> = {
  kernel: 'r.kernel',
  layers: 'r.layers',
  maxRate: 'r.max',
  rfAtLeast: 'r.rf',
  mapSize: 'r.map',
  top: 'r.top',
  branches: 'r.branches',
  parallelMap: 'r.pmap',
  outputStride: 'r.os',
};

const inputs: RecommendInputs = { ...DEFAULT_RECOMMEND };
let ran = false;
let busy = false;
let controller: AbortController | null = null;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** A number when the text is one (so the library checks its range), else the text itself (so it names it). */
function numeric(text: string): number | string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

/** `4` → 4, `3-5` → {min: 3, max: 5}; anything else as typed (the server names it). */
export function layersValue(text: string): unknown {
  const m = /^\s*(\d+)\s*(?:(?:-|\.\.|–)\s*(\d+)\s*)?$/.exec(text);
  if (!m) return text.trim();
  return m[2] === undefined ? Number(m[1]) : { min: Number(m[1]), max: Number(m[2]) };
}

/** `3` → box:3, `3x3` → box:3x3, a JSON list → weights, anything else a spec. */
export function kernelValue(text: string): unknown {
  const t = text.trim();
  const size = /^(\d+)\s*(?:[x×]\s*(\d+))?$/.exec(t);
  if (size) return size[2] === undefined ? `box:${size[1]}` : `box:${size[1]}x${size[2]}`;
  if (t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      return t;
    }
  }
  return t;
}

/** The POST body of the search: the library's options; empty optional fields are left out. */
export function requestBody(i: RecommendInputs): Record<string, unknown> {
  const body: Record<string, unknown> = { kernel: kernelValue(i.kernel) };
  const opt = (key: string, text: string) => {
    if (text.trim() !== '') body[key] = numeric(text);
  };
  if (i.kind === 'stack') {
    body.layers = layersValue(i.layers);
    opt('maxRate', i.maxRate);
    if (i.rfAtLeast.trim() !== '') body.receptiveField = { atLeast: numeric(i.rfAtLeast) };
    opt('mapSize', i.mapSize);
  } else {
    body.branches = numeric(i.branches);
    body.mapSize = numeric(i.parallelMap);
    opt('outputStride', i.outputStride);
    opt('maxRate', i.maxRate);
  }
  opt('top', i.top);
  return body;
}

/** The panel's part of the page's query string (empty until a search has run). */
export function recommendQuery(): string {
  if (!ran) return '';
  const q = new URLSearchParams();
  q.set('rec', inputs.kind);
  for (const [k, key] of Object.entries(URL_KEYS)) {
    const v = inputs[k as keyof typeof URL_KEYS];
    if (v !== DEFAULT_RECOMMEND[k as keyof typeof URL_KEYS]) q.set(key, v);
  }
  return q.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** The panel's inputs from a query string, and whether it asks for a search (`rec=`). */
export function recommendFromQuery(query: string): { inputs: RecommendInputs; run: boolean } {
  const q = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const out = { ...DEFAULT_RECOMMEND };
  const kind = q.get('rec');
  out.kind = kind === 'parallel' ? 'parallel' : 'stack';
  for (const [k, key] of Object.entries(URL_KEYS)) {
    const v = q.get(key);
    if (v !== null) out[k as keyof typeof URL_KEYS] = v;
  }
  return { inputs: out, run: kind === 'stack' || kind === 'parallel' };
}

// ---------------------------------------------------------------- errors

/** The input an API error belongs to, from its field. */
export function recommendFieldTarget(field: string | null, kind: RecommendInputs['kind']): string {
  const base = (field ?? '').split(/[[.\s]/)[0];
  switch (base) {
    case 'kernel':
      return 'rec-kernel';
    case 'layers':
    case 'prefix':
      return 'rec-layers';
    case 'maxRate':
    case 'minRate':
      return 'rec-max-rate';
    case 'receptiveField':
      return 'rec-rf';
    case 'mapSize':
      return kind === 'parallel' ? 'rec-pmap' : 'rec-map';
    case 'top':
      return 'rec-top';
    case 'branches':
      return 'rec-branches';
    case 'outputStride':
      return 'rec-os';
    default:
      return 'rec-run';
  }
}

function clearErrors(): void {
  document.querySelectorAll<HTMLElement>('#recommend .field-error').forEach((e) => {
    e.hidden = true;
    e.textContent = '';
  });
  document.querySelectorAll('#recommend [aria-invalid="true"]').forEach((e) => {
    e.removeAttribute('aria-invalid');
  });
}

function showError(target: string, message: string): void {
  const msg = $(`${target}-error`);
  msg.textContent = message;
  msg.hidden = false;
  if (target !== 'rec-run') $(target).setAttribute('aria-invalid', 'true');
}

// ---------------------------------------------------------------- rendering

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/**
 * A comparison in words: "above #2 by deepest null (×1 vs ×2)" for a pick against the next,
 * "below #1 on shared nulls (1 vs 0)" for a reference against the top pick.
 */
function versusText<K extends string>(
  c: RankComparison<K> | null,
  names: Record<K, string>,
): string {
  if (c === null) return '';
  // A pick is above the next one *by* a measure; a reference stands against #1 *on* one.
  const how = c.rank > 1 ? 'by' : 'on';
  return `${c.side} #${c.rank} ${how} ${names[c.key]} (${c.values[0]} vs ${c.values[1]})`;
}

function loadButtons(what: LoadRequest, hooks: RecommendHooks): HTMLElement {
  const td = el('td', undefined, 'rec-load');
  for (const [i, id] of (['A', 'B'] as const).entries()) {
    const b = el('button', `→ ${id}`, 'small');
    b.type = 'button';
    b.dataset.net = id;
    b.title = `Load ${what.label} into network ${id} and redraw the plots`;
    b.setAttribute('aria-label', `Load ${what.label} into network ${id}`);
    b.addEventListener('click', () => hooks.load(i, what));
    td.append(b);
  }
  return td;
}

function row(cells: (string | HTMLElement)[], className?: string): HTMLTableRowElement {
  const tr = el('tr', undefined, className);
  for (const c of cells) {
    if (typeof c === 'string') tr.append(el('td', c));
    else tr.append(c);
  }
  return tr;
}

function cell(text: string, className: string, title?: string): HTMLTableCellElement {
  const td = el('td', text, className);
  if (title) td.title = title;
  return td;
}

function rfText(s: StackScore): string {
  return Array.isArray(s.receptiveField) ? s.receptiveField.join('×') : String(s.receptiveField);
}

function stackCells(s: StackScore): (string | HTMLElement)[] {
  return [
    cell(s.rates.join(','), 'mono rates'),
    cell(rfText(s), 'num'),
    cell(String(s.coverage.holes), `num ${s.coverage.holes === 0 ? 'good' : 'bad'}`),
    cell(
      String(s.sharedNulls.length),
      `num ${s.sharedNulls.length === 0 ? 'good' : 'bad'}`,
      s.sharedNulls.map((w) => `${w.toFixed(4)} rad/sample`).join(', ') || undefined,
    ),
    cell(s.maxNullMultiplicity === 0 ? '—' : `×${s.maxNullMultiplicity}`, 'num'),
    cell(pct(s.deafFraction), 'num'),
    cell(fmt(s.flatness, 3), 'num'),
  ];
}

/** What each column means (shown on hover). */
const HEAD_TITLES: Record<string, string> = {
  RF: 'Receptive field 1 + (k−1)·Σd, per axis',
  holes: 'Offsets inside the receptive field that no path of taps reaches (exact tap set)',
  'shared nulls': 'Frequencies in [0, π] where every layer (branch) is exactly zero',
  'deepest null': 'How many layer nulls coincide at the deepest null of the whole response',
  'deaf (grid)':
    'Share of the 256-point midpoint grid on [0, π] where |H| is more than 20 dB below its peak. The summary cards refine band edges on the exact response, so they can differ by a fraction of a percent.',
  flatness:
    'Spectral flatness of |H|² on the grid: geometric over arithmetic mean (higher is flatter)',
  'scales K': 'Effective kernel sizes (k−1)·r + 1',
  'scale gap':
    'RMS gap between consecutive scales on a log axis from 1 to the map size, over ln S (smaller is more even)',
  'deaf (env.)': 'Share of the grid where max over branches of |H_b| is below −20 dB of its peak',
  'valid taps': 'The worst branch’s mean share of taps that land inside the map (DeepLab v3 §3.3)',
  'all taps': 'The worst branch’s share of positions where every tap lands inside the map',
  map: 'Map side S the row is scored on (references: the map their output stride gives)',
  why: 'The measure that put this row above the next one (hover a row for its full reason)',
};

function table(head: string[], numeric: number[]): { table: HTMLTableElement; body: HTMLElement } {
  const t = el('table', undefined, 'rec-table');
  const thead = el('thead');
  const tr = el('tr');
  head.forEach((h, i) => {
    const th = el('th', h);
    th.scope = 'col';
    if (HEAD_TITLES[h]) th.title = HEAD_TITLES[h];
    if (numeric.includes(i)) th.className = 'num';
    tr.append(th);
  });
  thead.append(tr);
  const body = el('tbody');
  t.append(thead, body);
  return { table: t, body };
}

function groupRow(text: string, span: number): HTMLTableRowElement {
  const tr = el('tr', undefined, 'rec-group');
  const th = el('th', text);
  th.colSpan = span;
  th.scope = 'rowgroup';
  tr.append(th);
  return tr;
}

function searchText(
  s: RecommendResult['search'],
  what: string,
  ms: number,
): { text: string; exhaustive: boolean } {
  const parts = [`${fmt(s.evaluated)} scored`];
  for (const [k, v] of Object.entries(s.pruned))
    if (v > 0)
      parts.push(`${fmt(v)} pruned by ${k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`);
  for (const [k, v] of Object.entries(s.rejected))
    if (v > 0)
      parts.push(`${fmt(v)} rejected by ${k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`);
  parts.push(`${fmt(s.feasible)} feasible`);
  const how = s.exhaustive
    ? /^exhaustive/.test(s.method)
      ? s.method
      : `exhaustive: ${s.method}`
    : `not exhaustive: ${s.method}${/heuristic/.test(s.method) ? '' : ', a heuristic'}; better schedules may exist`;
  return {
    text: `Searched ${fmt(s.space)} ${what} (${how}): ${parts.join(', ')}. Answered in ${fmt(Math.round(ms))} ms.`,
    exhaustive: s.exhaustive,
  };
}

function pasteBlock(lines: string[]): HTMLElement {
  const box = el('div', undefined, 'rec-paste');
  const pre = el('pre');
  const code = el('code', lines.join('\n'));
  code.id = 'rec-paste-code';
  pre.append(code);
  const copy = el('button', 'Copy', 'small ghost');
  copy.type = 'button';
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(lines[0]);
      copy.textContent = 'Copied';
    } catch {
      window.prompt('Copy this line:', lines[0]);
    }
  });
  box.append(el('span', 'Paste into your model (#1):', 'rec-paste-label'), pre, copy);
  return box;
}

function renderStack(r: RecommendResult, ms: number, hooks: RecommendHooks): HTMLElement[] {
  const c = r.constraints;
  const axis = r.dims === 2 ? ' per axis' : '';
  const rf =
    c.receptiveField.min > 1
      ? `receptive field ≥ ${c.receptiveField.min}${axis}`
      : 'any receptive field';
  const layers =
    c.layers.min === c.layers.max
      ? `${c.layers.max} layers`
      : `${c.layers.min}–${c.layers.max} layers`;
  const border =
    c.mapSize === null
      ? ''
      : `; rates ≤ ${c.borderRateCap} keep all taps inside a ${c.mapSize}-map somewhere`;
  const out: HTMLElement[] = [];
  out.push(
    el(
      'p',
      `${layers} of ${r.kernel}, rates ${c.minRate}..${c.maxRate}, ${rf}${border}. Gridding-free by exact coverage; ranked by ${r.ranking
        .filter((k) => k !== 'rates')
        .map((k) => STACK_KEY_NAMES[k])
        .join(
          ' › ',
        )}${r.kernelHasNulls ? ` (${r.kernel} has exact nulls: its minimum gain is 0 for every schedule)` : ''}.`,
      'rec-constraints',
    ),
  );
  const head = [
    '#',
    'rates',
    'RF',
    'holes',
    'shared nulls',
    'deepest null',
    'deaf (grid)',
    'flatness',
    'why',
    'load',
  ];
  const { table: t, body } = table(head, [2, 3, 4, 5, 6, 7]);
  const load = (s: StackScore, label: string): LoadRequest => ({
    kernel: r.kernel,
    rates: s.rates,
    mode: 'stack',
    dims: r.dims,
    mapSize: c.mapSize,
    label,
  });
  if (r.picks.length > 0) {
    body.append(groupRow('Recommended', head.length));
    for (const p of r.picks) {
      const why = p.comparison ? versusText(p.comparison, STACK_KEY_NAMES) : 'last shown';
      const tr = row(
        [
          cell(String(p.rank), 'num rank'),
          ...stackCells(p),
          cell(why, 'why', p.reason),
          loadButtons(load(p, `#${p.rank} ${p.rates.join(',')}`), hooks),
        ],
        'rec-pick',
      );
      tr.dataset.rates = p.rates.join(',');
      body.append(tr);
    }
  } else {
    body.append(groupRow(`No schedule meets every constraint: ${r.reason ?? ''}`, head.length));
    if (r.closest?.length) {
      body.append(groupRow('Closest gridding-free schedules', head.length));
      for (const s of r.closest)
        body.append(
          row(
            [
              cell('~', 'num rank'),
              ...stackCells(s),
              cell('closest to the goal', 'why'),
              loadButtons(load(s, s.rates.join(',')), hooks),
            ],
            'rec-closest',
          ),
        );
    }
  }
  body.append(groupRow('References — the same numbers', head.length));
  for (const ref of r.references) {
    const pass = ref.violations.length === 0;
    const versus = versusText(ref.comparison, STACK_KEY_NAMES);
    const why = `${pass ? 'passes' : `fails: ${ref.violations.join('; ')}`}${versus ? ` · ${versus}` : ''}`;
    const tr = row(
      [
        cell(pass ? 'ref ✓' : 'ref ✗', `ref ${pass ? 'good' : 'bad'}`, ref.name),
        ...stackCells(ref),
        cell(`${ref.name}: ${why}`, 'why', ref.reason),
        loadButtons(load(ref, ref.name), hooks),
      ],
      'rec-ref',
    );
    tr.dataset.rates = ref.rates.join(',');
    body.append(tr);
  }
  const wrap = el('div', undefined, 'rec-table-wrap');
  wrap.append(t);
  out.push(wrap);
  const s = searchText(r.search, 'candidates', ms);
  const line = el('p', s.text, `rec-search${s.exhaustive ? '' : ' warn'}`);
  line.id = 'rec-search';
  out.push(line);
  if (r.picks.length > 0) {
    const top = r.picks[0];
    const k =
      r.dims === 2
        ? Math.round(Math.sqrt(top.parameters / top.layers))
        : top.parameters / top.layers;
    const list = `[${top.rates.join(', ')}]`;
    const pad =
      k % 2 === 1 ? (k === 3 ? 'padding=d' : `padding=${(k - 1) / 2} * d`) : "padding='same'";
    out.push(
      pasteBlock([
        `dilation = ${list}`,
        `# PyTorch: nn.Sequential(*[nn.Conv${r.dims}d(C, C, ${k}, ${pad}, dilation=d) for d in ${list}])`,
      ]),
    );
  }
  return out;
}

function parallelCells(s: ParallelScore): (string | HTMLElement)[] {
  return [
    cell(s.rates.join(','), 'mono rates'),
    cell(s.branches.map((b) => b.effectiveSize).join(','), 'mono'),
    cell(String(s.sharedNulls.length), `num ${s.sharedNulls.length === 0 ? 'good' : 'bad'}`),
    cell(s.scaleGap.toFixed(2), 'num'),
    cell(pct(s.envelopeDeafFraction), 'num'),
    cell(pct(s.minMeanValidFraction), 'num'),
    cell(pct(s.minAllTapsFraction), 'num'),
    cell(String(s.mapSize), 'num'),
  ];
}

function renderParallel(
  r: RecommendParallelResult,
  ms: number,
  hooks: RecommendHooks,
): HTMLElement[] {
  const c = r.constraints;
  const out: HTMLElement[] = [
    el(
      'p',
      `${c.branches} parallel branches of ${r.kernel} on a ${c.mapSize}×${c.mapSize} map at output stride ${c.outputStride}, rates ${c.minRate}..${c.maxRate} (the border limit allows up to ${c.borderRateCap}). No shared null among the branches; ranked by scale gap › envelope deaf fraction › border validity › envelope minimum. Scales K = (k−1)·r + 1; valid taps = the worst branch's mean share of taps inside the map; all taps = its share of positions using every tap.`,
      'rec-constraints',
    ),
  ];
  const head = [
    '#',
    'rates',
    'scales K',
    'shared nulls',
    'scale gap',
    'deaf (env.)',
    'valid taps',
    'all taps',
    'map',
    'why',
    'load',
  ];
  const { table: t, body } = table(head, [3, 4, 5, 6, 7, 8]);
  const load = (s: ParallelScore, label: string): LoadRequest => ({
    kernel: r.kernel,
    rates: s.rates,
    mode: 'parallel',
    dims: r.dims,
    mapSize: s.mapSize,
    label,
  });
  if (r.picks.length > 0) {
    body.append(groupRow('Recommended', head.length));
    for (const p of r.picks) {
      const tr = row(
        [
          cell(String(p.rank), 'num rank'),
          ...parallelCells(p),
          cell(
            p.comparison ? versusText(p.comparison, PARALLEL_KEY_NAMES) : 'last shown',
            'why',
            p.reason,
          ),
          loadButtons(load(p, `#${p.rank} ${p.rates.join(',')}`), hooks),
        ],
        'rec-pick',
      );
      tr.dataset.rates = p.rates.join(',');
      body.append(tr);
    }
  } else {
    body.append(groupRow(`No rate set meets every constraint: ${r.reason ?? ''}`, head.length));
  }
  body.append(
    groupRow('References — the same numbers, each on the map its output stride gives', head.length),
  );
  for (const ref of r.references) {
    const pass = ref.violations.length === 0;
    const versus = versusText(ref.comparison, PARALLEL_KEY_NAMES);
    const tr = row(
      [
        cell(pass ? 'ref ✓' : 'ref ✗', `ref ${pass ? 'good' : 'bad'}`, ref.name),
        ...parallelCells(ref),
        cell(
          `${ref.name}: ${pass ? 'passes' : `fails: ${ref.violations.join('; ')}`}${versus ? ` · ${versus}` : ''}`,
          'why',
          ref.reason,
        ),
        loadButtons(load(ref, ref.name), hooks),
      ],
      'rec-ref',
    );
    tr.dataset.rates = ref.rates.join(',');
    body.append(tr);
  }
  const wrap = el('div', undefined, 'rec-table-wrap');
  wrap.append(t);
  out.push(wrap);
  const s = searchText(r.search, 'rate sets', ms);
  const line = el('p', s.text, 'rec-search');
  line.id = 'rec-search';
  out.push(line);
  if (r.picks.length > 0) {
    const list = `[${r.picks[0].rates.join(', ')}]`;
    out.push(
      pasteBlock([
        `atrous_rates = ${list}`,
        `# torchvision: ASPP(in_channels, atrous_rates=${list}, out_channels=256)`,
      ]),
    );
  }
  return out;
}

// ---------------------------------------------------------------- controls

function syncInputs(): void {
  $<HTMLInputElement>(`rec-kind-${inputs.kind}`).checked = true;
  for (const [k, id] of Object.entries(FIELD_IDS))
    $<HTMLInputElement>(id).value = inputs[k as keyof typeof FIELD_IDS];
  showKind();
}

function showKind(): void {
  document.querySelectorAll<HTMLElement>('#recommend [data-kind]').forEach((e) => {
    e.hidden = e.dataset.kind !== inputs.kind;
  });
}

async function run(hooks: RecommendHooks): Promise<void> {
  controller?.abort();
  controller = new AbortController();
  busy = true;
  clearErrors();
  const button = $<HTMLButtonElement>('rec-run');
  const status = $('rec-status');
  status.textContent = 'Searching…';
  button.disabled = true;
  const started = performance.now();
  const kind = inputs.kind;
  try {
    const path = kind === 'stack' ? 'recommend' : 'recommend-parallel';
    const body = requestBody(inputs);
    // Asked first with check=true (a 200 either way), so a bad value is said at its field
    // without a failed request in the console; then the search itself.
    const verdict = await apiPostBody<SearchVerdict>(`${path}?check=true`, body, controller.signal);
    if (!verdict.accepted) throw new ApiError(verdict.error.message, verdict.error.field, 400);
    const result = await apiPostBody<RecommendResult | RecommendParallelResult>(
      path,
      body,
      controller.signal,
    );
    const ms = performance.now() - started;
    const box = $('rec-result');
    box.replaceChildren(
      ...(result.kind === 'stack'
        ? renderStack(result, ms, hooks)
        : renderParallel(result, ms, hooks)),
    );
    box.hidden = false;
    box.classList.remove('stale');
    status.textContent =
      result.picks.length > 0
        ? `${result.picks.length} pick${result.picks.length === 1 ? '' : 's'}`
        : 'No pick: see why below';
    ran = true;
    hooks.changed();
  } catch (e) {
    if ((e as Error).name === 'AbortError') return;
    const field = e instanceof ApiError ? e.field : null;
    showError(recommendFieldTarget(field, kind), e instanceof Error ? e.message : String(e));
    const box = $('rec-result');
    box.classList.toggle('stale', !box.hidden);
    status.textContent = box.hidden
      ? 'Fix the marked value'
      : 'Fix the marked value — below is the last answer';
  } finally {
    busy = false;
    button.disabled = false;
  }
}

/** Is a search running? (for tests) */
export function recommendBusy(): boolean {
  return busy;
}

/** Binds the panel: its inputs (from the URL when it has them), the button, and the kind switch. */
export function initRecommend(hooks: RecommendHooks): void {
  const fromUrl = recommendFromQuery(location.search);
  Object.assign(inputs, fromUrl.inputs);
  syncInputs();
  for (const kind of ['stack', 'parallel'] as const)
    $<HTMLInputElement>(`rec-kind-${kind}`).addEventListener('change', () => {
      inputs.kind = kind;
      showKind();
      clearErrors();
    });
  for (const [k, id] of Object.entries(FIELD_IDS))
    $<HTMLInputElement>(id).addEventListener('input', (e) => {
      inputs[k as keyof typeof FIELD_IDS] = (e.target as HTMLInputElement).value;
    });
  $<HTMLFormElement>('rec-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void run(hooks);
  });
  if (fromUrl.run) void run(hooks);
}
