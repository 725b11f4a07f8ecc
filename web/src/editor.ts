/**
 * The network spec editor of the page (index.html `#spec-editor`): a JSON or YAML text of a
 * whole network, checked as you type with the library's parser, its error shown under the
 * text with the bad line marked in the gutter, and applied to network A, B or C.
 */
import { parseHere } from './source.ts';
import { checkSpec, fieldPosition, lineStart, type SpecProblem, specText } from './spec.ts';
import { NETWORK_IDS, type NetState } from './state.ts';

/** What the editor needs from the page. */
export interface EditorHooks {
  nets(): readonly NetState[];
  dims(): 1 | 2;
  /** Puts the spec text into network `index` (a new network when index = nets().length). */
  apply(index: number, text: string): void;
}

/** What the page can ask of the editor. */
export interface SpecEditor {
  /** Follows the networks shown: the target menu. */
  refresh(): void;
  /** Opens the editor on network `index`, its spec loaded. */
  edit(index: number): void;
  /** Shows the server's error about network `index`'s spec, at its line; false if not a spec. */
  serverError(index: number, message: string, field: string | null): boolean;
  /** Checks the text again (after an answer without errors: clears a server's error). */
  recheck(): void;
}

/** How long the editor waits after a keystroke before checking the text (ms). */
const CHECK_MS = 200;

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export function initSpecEditor(hooks: EditorHooks): SpecEditor {
  const box = el<HTMLDetailsElement>('spec-editor');
  const target = el<HTMLSelectElement>('spec-target');
  const text = el<HTMLTextAreaElement>('spec-text');
  const lines = el<HTMLPreElement>('spec-lines');
  const error = el<HTMLParagraphElement>('spec-text-error');
  const apply = el<HTMLButtonElement>('spec-apply');
  const load = el<HTMLButtonElement>('spec-load');
  let badLine: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const index = () => Number(target.value);
  const letter = (i: number) => NETWORK_IDS[i] ?? '?';

  /**
   * The line numbers beside the text, scrolled with it. `scroll = false` at start-up: the
   * text is empty and unscrolled, and reading its scrollTop would force a layout of the
   * whole page before the page has drawn anything.
   */
  function gutter(scroll = true): void {
    const count = text.value.split('\n').length;
    const frag = document.createDocumentFragment();
    for (let l = 1; l <= count; l++) {
      const s = document.createElement('span');
      s.textContent = `${l}\n`;
      if (l === badLine) s.className = 'bad';
      frag.append(s);
    }
    lines.replaceChildren(frag);
    if (scroll) lines.scrollTop = text.scrollTop;
  }

  function show(problem: SpecProblem | null): void {
    badLine = problem?.line ?? null;
    if (problem) {
      const where =
        problem.line !== null
          ? `Line ${problem.line}${problem.column !== null ? `, column ${problem.column}` : ''}: `
          : '';
      error.textContent = `${where}${problem.message}`;
      error.hidden = false;
      text.setAttribute('aria-invalid', 'true');
    } else {
      error.textContent = '';
      error.hidden = true;
      text.removeAttribute('aria-invalid');
    }
    gutter();
  }

  /** Selects the bad line in the text, so the cursor is where the fix goes. */
  function goToLine(line: number | null): void {
    if (line === null) return;
    const start = lineStart(text.value, line);
    const end = text.value.indexOf('\n', start);
    text.focus();
    text.setSelectionRange(start, end < 0 ? text.value.length : end);
    const lineHeight = 18;
    text.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  function check(): SpecProblem | null {
    if (text.value.trim() === '') {
      show(null);
      return null;
    }
    const r = checkSpec(text.value);
    const problem = 'problem' in r ? r.problem : null;
    show(problem);
    return problem;
  }

  function loadSpec(): void {
    const net = hooks.nets()[index()];
    if (!net) {
      text.value = '';
      show(null);
      return;
    }
    if (net.spec && !net.preset) text.value = net.spec;
    else {
      try {
        text.value = specText(parseHere(net, hooks.dims()));
      } catch (e) {
        text.value = '';
        show({
          message: `network ${letter(index())} does not parse yet: ${e instanceof Error ? e.message : String(e)}`,
          field: 'network',
          line: null,
          column: null,
        });
        return;
      }
    }
    check();
  }

  function refresh(): void {
    const nets = hooks.nets();
    const keep = target.value;
    target.replaceChildren();
    const count = Math.min(nets.length + 1, NETWORK_IDS.length);
    for (let i = 0; i < count; i++) {
      const o = document.createElement('option');
      o.value = String(i);
      o.textContent = i < nets.length ? `Network ${letter(i)}` : `Network ${letter(i)} (new)`;
      target.append(o);
    }
    target.value = keep !== '' && Number(keep) < count ? keep : '0';
    apply.textContent = `Apply to ${letter(index())}`;
    load.disabled = index() >= nets.length;
  }

  function doApply(): void {
    const problem = check();
    if (problem) {
      goToLine(problem.line);
      return;
    }
    if (text.value.trim() === '') {
      show({ message: 'network is empty', field: 'network', line: 1, column: 1 });
      return;
    }
    hooks.apply(index(), text.value);
  }

  target.addEventListener('change', () => {
    refresh();
    if (index() < hooks.nets().length) loadSpec();
  });
  load.addEventListener('click', loadSpec);
  apply.addEventListener('click', doApply);
  text.addEventListener('input', () => {
    gutter();
    clearTimeout(timer);
    timer = setTimeout(check, CHECK_MS);
  });
  text.addEventListener('scroll', () => {
    lines.scrollTop = text.scrollTop;
  });
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      doApply();
    }
    // Tab is left alone: it moves the focus on (the keyboard's way out of the field).
  });
  box.addEventListener('toggle', () => {
    if (box.open && text.value === '') loadSpec();
  });
  refresh();
  gutter(false);

  return {
    refresh,
    edit(i) {
      refresh();
      target.value = String(i);
      refresh();
      box.open = true;
      loadSpec();
      text.focus();
    },
    serverError(i, message, field) {
      const net = hooks.nets()[i];
      if (!net?.spec || net.preset) return false;
      if (index() !== i || text.value !== net.spec) {
        target.value = String(i);
        refresh();
        text.value = net.spec;
      }
      box.open = true;
      const pos = field && field !== 'network' ? fieldPosition(net.spec, field) : null;
      const at = / at line (\d+), column (\d+)/.exec(message);
      show({
        message,
        field: field ?? 'network',
        line: pos?.line ?? (at ? Number(at[1]) : null),
        column: pos?.column ?? (at ? Number(at[2]) : null),
      });
      return true;
    },
    recheck: () => {
      check();
    },
  };
}
