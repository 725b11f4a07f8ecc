import type { AnalyzeResult } from '../../src/analysis/types.ts';
import { networkColor } from '../../src/figures/palette.ts';
import { fmt, freq, pct, perAxis, piFraction, unitName } from './format.ts';
import type { State } from './state.ts';

/** One row of a summary: its key (for tests), label, value, verdict tone and explanation. */
interface Row {
  key: string;
  label: string;
  value: string;
  tone?: 'good' | 'bad';
  why: string;
}

function periodText(p: number | readonly number[]): string {
  return typeof p === 'number' ? piFraction(p) : `${piFraction(p[0])} × ${piFraction(p[1])}`;
}

/** The rows of one network's summary, each with a one-line explanation. */
export function summaryRows(a: AnalyzeResult, s: Pick<State, 'units' | 'fs'>): Row[] {
  const rows: Row[] = [];
  const c = a.coverage;
  rows.push({
    key: 'receptive-field',
    label: 'Receptive field',
    value: `${perAxis(a.receptiveField)} ${a.dims === 1 ? 'samples' : 'pixels'}`,
    why: 'Span one output depends on: 1 + Σ (k−1)·d.',
  });
  rows.push({
    key: 'parameters',
    label: 'Parameters',
    value: `${fmt(a.parameters)} (dense: ${fmt(a.cost.dense.parameters)}, ×${fmt(a.cost.dense.ratio, 3)})`,
    why: 'Weights, against a dense kernel as wide.',
  });
  rows.push({
    key: 'holes',
    label: 'Holes',
    value: c.holes === 0 ? 'none' : `${fmt(c.holes)} of ${fmt(c.size)} (${pct(c.holeFraction)})`,
    tone: c.holes === 0 ? 'good' : 'bad',
    why: 'Offsets in the field that no path reaches.',
  });
  rows.push({
    key: 'coverage',
    label: 'Exact coverage',
    value: a.griddingFree ? 'gridding-free' : 'grids',
    tone: a.griddingFree ? 'good' : 'bad',
    why: `From the exact tap set: ${fmt(c.covered)} of ${fmt(c.size)} reached.`,
  });
  const g = a.gcd;
  const shared = typeof g === 'number' ? g > 1 : g[0] > 1 || g[1] > 1;
  rows.push({
    key: 'gcd',
    label: 'Common factor',
    value: `g = ${perAxis(g)}, period ${periodText(a.period)} rad/sample`,
    tone: shared ? 'bad' : 'good',
    why: shared
      ? `Rates share g: H repeats every 2π/g; ${fmt(a.aliasing.subgrids)} sub-grids never mix.`
      : 'No common factor: every input sub-grid mixes.',
  });
  if (a.hdc) {
    const h = a.hdc;
    const m2 = h.M.length > 1 ? h.M[1] : h.M[0];
    rows.push({
      key: 'hdc',
      label: 'HDC rule',
      value: h.coprime
        ? `${h.satisfied ? 'satisfied' : 'violated'}: M₂ = ${fmt(m2)} ${h.satisfied ? '≤' : '>'} K = ${h.K}${h.agreesWithCoverage ? '' : h.satisfied ? ', yet the field has holes' : ', yet no holes'}`
        : `violated: rates not coprime (M₂ = ${fmt(m2)} ${h.satisfied ? '≤' : '>'} K = ${h.K})`,
      tone: h.agreesWithCoverage && h.coprime ? undefined : 'bad',
      why: 'The paper’s rule: M₂ ≤ K, coprime rates; coverage decides.',
    });
  } else {
    rows.push({
      key: 'hdc',
      label: 'HDC rule',
      value: 'not applicable',
      why: 'Stated for a plain stack with one kernel size.',
    });
  }
  // The lists are cut at MAX_LISTED_FREQUENCIES; the counts and the measure are of the full lists.
  const sn = a.nulls.shared;
  const snCount = a.nulls.counts.shared;
  const members = a.kind === 'stack' ? 'layer' : 'branch';
  rows.push({
    key: 'shared-nulls',
    label: 'Shared nulls',
    value:
      snCount === 0
        ? 'none'
        : `${sn
            .slice(0, 6)
            .map((w) => freq(w, s))
            .join(
              ', ',
            )}${snCount > 6 ? ` … (${snCount})` : ''}${s.units === 'rad' ? ' rad/sample' : s.units === 'cycles' ? ` ${unitName(s)}` : ''}`,
    tone: snCount === 0 ? 'good' : 'bad',
    why:
      a.kind === 'stack'
        ? `Every ${members} is null there: nothing gets through.`
        : `No ${members} passes them, whatever the mixing.`,
  });
  const deaf = a.deafBands.measure.composite / Math.PI;
  rows.push({
    key: 'deaf',
    label: `Deaf (< ${a.deafBands.thresholdDb} dB)`,
    value: `${pct(deaf)} of [0, π]${a.dims === 2 ? ' (x cut)' : ''}`,
    why: 'Share of [0, π] where the whole |H| is below it.',
  });
  return rows;
}

/** Renders one network's summary card (the analysis numbers, each with its explanation). */
export function renderSummary(
  el: HTMLElement,
  id: string,
  index: number,
  name: string,
  a: AnalyzeResult,
  s: Pick<State, 'units' | 'fs'>,
): void {
  el.replaceChildren();
  el.dataset.net = id;
  el.style.setProperty('--net', networkColor(index));
  const h = document.createElement('h3');
  const badge = document.createElement('span');
  badge.className = 'net-badge';
  badge.textContent = id;
  h.append(badge, ` ${name}`);
  const verdict = document.createElement('span');
  verdict.className = `verdict ${a.griddingFree ? 'good' : 'bad'}`;
  verdict.textContent = a.griddingFree ? 'no holes' : 'grids';
  h.append(verdict);
  const dl = document.createElement('dl');
  for (const r of summaryRows(a, s)) {
    const dt = document.createElement('dt');
    dt.textContent = r.label;
    const dd = document.createElement('dd');
    dd.dataset.key = r.key;
    const v = document.createElement('span');
    v.className = `value${r.tone ? ` ${r.tone}` : ''}`;
    v.textContent = r.value;
    const why = document.createElement('span');
    why.className = 'why';
    why.textContent = r.why;
    dd.append(v, why);
    dl.append(dt, dd);
  }
  el.append(h, dl);
}
