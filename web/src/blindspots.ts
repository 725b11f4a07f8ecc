/**
 * The page's "Blind spots" card: the blind-spot proof of the first network (GET
 * /api/blindspots with `maps=true`, what `dilation-lab blindspots` runs): the input perturbed
 * only where no path reaches, the centre output unchanged (exactly 0), and a reached control
 * beside it, drawn with the report's figure (src/figures/blindspots.ts). Like the other
 * below-the-fold cards it asks and draws only when it scrolls into view, once per view.
 */
import { type BlindspotFigureInput, blindspotsFigure } from '../../src/figures/blindspots.ts';
import { figureToCsv, figureToJson } from '../../src/figures/export.ts';
import { type FigureTheme, themeFigure } from '../../src/figures/palette.ts';
import type { Figure } from '../../src/figures/types.ts';
import { apiGet } from './api.ts';
import { sourceValues } from './source.ts';
import type { State } from './state.ts';

interface PlotlyLike {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  purge(el: HTMLElement): void;
  downloadImage?(el: HTMLElement, o: Record<string, unknown>): Promise<unknown>;
}

/** The card's handle: `update(state)` after every new view. */
export interface BlindspotsCard {
  update(state: State): void;
  /** Whether the card shows the current view (its figure drawn, or its error said). */
  drawn(): boolean;
}

const KEY = 'blindspots';
const HOW =
  'The proof behind the holes: the page perturbs a seeded random input by +10 only at the samples no path reaches — the holes of the centre output’s receptive field and the samples stride and padding never read — and runs the network before and after on the server (TensorFlow.js, as dilation-lab blindspots does). (a) the perturbation (dots: reached offsets, star: the control sample), (b) |Δy| around the centre: exactly 0 at it (ringed), (c) the same +10 at a reached sample moves it. The first network shown; a model dropped in the Trained model card gets its own proof there.';

/** What /api/blindspots answers with `maps=true` (the fields the page reads). */
export type Answer = BlindspotFigureInput & {
  holes: number[][];
  unread: number;
  warnings: string[];
};

/** The proof in one sentence: what was perturbed, the exact 0, the control's change. */
export function proofSummary(r: Answer): string {
  const n = r.perturbedInputs.length;
  if (n === 0)
    return `No holes and no unread samples: nothing to perturb. A +${r.controlBump} at a reached sample changes the centre output by ${r.controlOutputChange.toPrecision(3)}.`;
  return `${r.holes.length} holes, ${r.unread} samples no output reads: ${n} samples perturbed by +10 changed the centre output by ${r.maxOutputChange === 0 ? '0, exactly' : r.maxOutputChange}; ${r.controlBump > 0 ? '+' : ''}${r.controlBump} at a reached sample changed it by ${r.controlOutputChange.toPrecision(3)}.`;
}

/**
 * Draws the proof `r` in `plot` with the report's figure (panels side by side, stacked
 * below 640 px, no title: the card has one), in the page's `theme`; returns the figure.
 * The blind-spot card and the model card share it.
 */
export async function drawProof(
  plot: HTMLElement,
  r: Answer,
  plotly: Pick<PlotlyLike, 'react'>,
  theme: FigureTheme | undefined,
  config: Record<string, unknown>,
): Promise<Figure> {
  const width = plot.clientWidth;
  const narrow = width > 0 && width < 640;
  const figure = blindspotsFigure(r, { title: '', arrange: narrow ? 'column' : 'row' });
  const layout = { ...figure.layout, width: undefined, autosize: true };
  // No title on the page (the card has it): the panels' own titles need 48 px above.
  layout.margin = narrow ? { l: 48, r: 8, t: 40, b: 48 } : { l: 56, r: 16, t: 48, b: 52 };
  if (!narrow && width > 0 && r.outputPosition.length === 2)
    layout.height = Math.round((0.22 * (width - 72)) / 0.84 + 100);
  if (!narrow && r.outputPosition.length === 1) layout.height = 300;
  const shown = theme ? themeFigure(figure.data, layout, theme) : { data: figure.data, layout };
  await plotly.react(plot, shown.data, shown.layout, config);
  return figure;
}

/**
 * Adds the card to `box` (after the figure cards) and returns its handle. `theme` gives the
 * dark page's colours (undefined: the figure's own).
 */
export function initBlindspotsCard(
  box: HTMLElement,
  loadPlotly: () => Promise<PlotlyLike | null>,
  theme: () => FigureTheme | undefined,
  config: Record<string, unknown>,
): BlindspotsCard {
  const sec = document.createElement('section');
  sec.className = 'card figure';
  sec.id = `card-${KEY}`;
  sec.dataset.card = KEY;
  sec.setAttribute('aria-labelledby', `title-${KEY}`);
  const head = document.createElement('header');
  const h = document.createElement('h3');
  h.id = `title-${KEY}`;
  h.textContent = 'Blind spots';
  const tools = document.createElement('div');
  tools.className = 'exports';
  tools.setAttribute('role', 'group');
  tools.setAttribute('aria-label', 'Export Blind spots');
  const how = document.createElement('p');
  how.className = 'how';
  how.textContent = HOW;
  const note = document.createElement('p');
  note.className = 'note';
  note.id = `note-${KEY}`;
  note.hidden = true;
  const plot = document.createElement('div');
  plot.className = 'plot';
  plot.id = `plot-${KEY}`;
  plot.setAttribute('role', 'figure');
  plot.setAttribute('aria-label', 'Blind spots plot');
  head.append(h, tools);
  sec.append(head, how, note, plot);
  box.append(sec);

  let state: State | null = null;
  let version = 0;
  let drawn = -1;
  let visible = false;
  let figure: Figure | null = null;
  /** The version the card last finished showing. */
  let shownVersion = -1;

  const say = (text: string, error = false) => {
    note.hidden = text === '';
    note.textContent = text;
    note.classList.toggle('error', error);
    note.setAttribute('role', error ? 'alert' : 'status');
  };

  const draw = async () => {
    if (!state || drawn === version) return;
    const mine = ++version;
    drawn = mine;
    const s = state;
    const n = s.nets[0];
    if (!n) return;
    say('Running the network before and after…');
    let r: Answer;
    try {
      r = await apiGet<Answer>(KEY, { ...sourceValues(n, s.dims), maps: true });
    } catch (e) {
      if (mine !== version) return;
      figure = null;
      sec.classList.add('empty');
      plot.replaceChildren();
      say(`Blind spots: ${e instanceof Error ? e.message : String(e)}`, true);
      shownVersion = mine;
      return;
    }
    const plotly = await loadPlotly();
    if (mine !== version || !plotly) return;
    sec.classList.remove('empty');
    const others = s.nets.length > 1 ? ' Other networks: not drawn (one network per proof).' : '';
    say(`${s.nets.length > 1 ? 'A: ' : ''}${proofSummary(r)}${others}`);
    figure = await drawProof(plot, r, plotly, theme(), config);
    if (mine === version) shownVersion = mine;
  };

  for (const fmt of ['png', 'svg', 'csv', 'json'] as const) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'small ghost';
    b.textContent = fmt.toUpperCase();
    b.dataset.format = fmt;
    b.setAttribute('aria-label', `Blind spots: download ${fmt.toUpperCase()}`);
    b.addEventListener('click', () => {
      void (async () => {
        await draw();
        if (!figure) return;
        const base = `dilation-lab-${figure.name}`;
        if (fmt === 'png' || fmt === 'svg') {
          const plotly = await loadPlotly();
          await plotly?.downloadImage?.(plot, { format: fmt, filename: base, scale: 2 });
          return;
        }
        const text =
          fmt === 'csv'
            ? figureToCsv(figure)
            : figureToJson(figure, { tool: 'dilation-lab', view: location.href });
        const url = URL.createObjectURL(
          new Blob([text], { type: fmt === 'csv' ? 'text/csv' : 'application/json' }),
        );
        const a = document.createElement('a');
        a.href = url;
        a.download = `${base}.${fmt}`;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      })();
    });
    tools.append(b);
  }

  if (typeof IntersectionObserver === 'undefined') visible = true;
  else
    new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (visible) void draw();
    }).observe(sec);

  return {
    update(next: State) {
      state = next;
      // A new view: drawn again now when on screen, else when it scrolls into view.
      drawn = -1;
      version++;
      if (visible) void draw();
    },
    drawn: () => state !== null && shownVersion === version,
  };
}
