/**
 * The outputs of `dilation-lab response`: CSV columns, and the compact human summary
 * (gain extremes, exact nulls, a sample of rows) for 1-D and 2-D networks.
 */
import type { Null } from '../analysis/types.ts';
import type { NetworkResponse, NetworkResponse2d } from '../response/index.ts';
import { db, dec, num, percent, piMultiple, radPi } from './format.ts';
import { keyValues, table } from './table.ts';

/** Default number of sample rows in the human table. */
export const DEFAULT_ROWS = 9;

/** Most member columns in the human table (all of them are in --csv and --json). */
export const MAX_MEMBER_COLUMNS = 6;

/** Threshold used for the "points below" line of the summary, dB below max|H|. */
export const SUMMARY_THRESHOLD_DB = -20;

/** CSV member column names: `magnitude_layer1`, `magnitude_branch2`, ... */
export function memberColumns(count: number, kind: 'stack' | 'parallel'): string[] {
  const what = kind === 'parallel' ? 'branch' : 'layer';
  return Array.from({ length: count }, (_, i) => `magnitude_${what}${i + 1}`);
}

/**
 * The response as CSV: a header `w,magnitude,magnitude_db,phase[,magnitude_layer1,...]`
 * and one row per frequency, numbers in full precision (shortest round-trip form).
 * w is in the units of fs (rad/sample by default); phase in radians (causal form).
 */
export function responseCsv(r: NetworkResponse, kind: 'stack' | 'parallel'): string {
  const members = r.members;
  const header = [
    'w',
    'magnitude',
    'magnitude_db',
    'phase',
    ...memberColumns(members.length, kind),
  ];
  const lines = [header.join(',')];
  for (let j = 0; j < r.w.length; j++) {
    const row = [
      r.w[j],
      r.magnitude[j],
      r.magnitudeDb[j],
      r.phase[j],
      ...members.map((m) => m.magnitude[j]),
    ];
    lines.push(row.map((v) => String(v)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function argExtreme(a: Float64Array, better: (x: number, y: number) => boolean): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (better(a[i], a[best])) best = i;
  return best;
}

/** Evenly spaced sample indices 0..count−1 (first and last included). */
export function sampleIndices(count: number, rows: number): number[] {
  if (count <= rows) return Array.from({ length: count }, (_, i) => i);
  const out = new Set<number>();
  for (let i = 0; i < rows; i++) out.add(Math.round((i * (count - 1)) / (rows - 1)));
  return [...out];
}

/** Options of the human response summary. */
export interface ResponseTextOptions {
  /** Heading (what the network is). */
  title: string;
  kind: 'stack' | 'parallel';
  /** Exact nulls of the whole network's H on [0, π] (rad/sample), from the kernel polynomial. */
  nulls: readonly Null[];
  rows?: number;
  whole: boolean;
  includeNyquist: boolean;
}

/**
 * The compact human view of a 1-D response: grid, max and min gain with where they are,
 * how much of the grid lies below −20 dB of the peak, the exact nulls, and sample rows.
 */
export function renderResponse(r: NetworkResponse, o: ResponseTextOptions): string {
  const n = r.w.length;
  const units = r.units;
  const radians = units === 'rad/sample';
  const omega = (j: number) => (2 * Math.PI * r.w[j]) / r.fs;
  const where = (j: number) =>
    radians ? `ω = ${radPi(r.w[j])}` : `w = ${num(r.w[j])} ${units} (ω = ${piMultiple(omega(j))})`;
  const span = o.whole ? '[0, 2π)' : o.includeNyquist ? '[0, π]' : '[0, π)';
  const iMax = argExtreme(r.magnitude, (x, y) => x > y);
  const iMin = argExtreme(r.magnitude, (x, y) => x < y);
  const peak = r.magnitude[iMax];
  const limit = peak * 10 ** (SUMMARY_THRESHOLD_DB / 20);
  let below = 0;
  for (let j = 0; j < n; j++) if (r.magnitude[j] < limit) below++;
  const nullText = (x: Null) => {
    const base = radPi(x.w);
    const inUnits = radians ? '' : ` = ${num((x.w * r.fs) / (2 * Math.PI))} ${units}`;
    return `${base}${inUnits}${x.multiplicity > 1 ? ` ×${x.multiplicity}` : ''}`;
  };
  const nullsLine =
    o.nulls.length === 0
      ? 'none'
      : `${o.nulls.slice(0, 8).map(nullText).join(', ')}${o.nulls.length > 8 ? `, ... ${o.nulls.length - 8} more (see analyze --json)` : ''}`;
  const pairs: [string, string][] = [
    [
      'grid',
      `${n} points on ${span} (freqz grid), w in ${units}${radians ? '' : `, fs = ${num(r.fs)}`}`,
    ],
    ['max |H|', `${dec(peak)} (${db(r.magnitudeDb[iMax])}) at ${where(iMax)}`],
    ['min |H|', `${dec(r.magnitude[iMin])} (${db(r.magnitudeDb[iMin])}) at ${where(iMin)}`],
    [`below ${SUMMARY_THRESHOLD_DB} dB of max`, `${below} of ${n} points (${percent(below / n)})`],
    ['exact nulls in [0, π]', nullsLine],
  ];
  if (r.merge === 'concat')
    pairs.push(['concat merge', '|H| is the envelope max_b |H_b| of the branches']);
  const memberHeads = memberColumns(Math.min(r.members.length, MAX_MEMBER_COLUMNS), o.kind).map(
    (c) => `|H| ${c.slice('magnitude_'.length)}`,
  );
  const headers = [
    radians ? 'ω rad/sample' : `w ${units}`,
    'ω/π',
    '|H|',
    'dB',
    'phase rad',
    ...memberHeads,
  ];
  const shown = r.members.slice(0, MAX_MEMBER_COLUMNS);
  const rows = sampleIndices(n, o.rows ?? DEFAULT_ROWS).map((j) => [
    dec(r.w[j]),
    dec(omega(j) / Math.PI),
    dec(r.magnitude[j]),
    dec(r.magnitudeDb[j], 2),
    dec(r.phase[j]),
    ...shown.map((m) => dec(m.magnitude[j])),
  ]);
  const more =
    r.members.length > shown.length
      ? `  (${r.members.length - shown.length} more member columns in --csv and --json)\n`
      : '';
  return (
    `dilation-lab response: ${o.title}\n` +
    `H(ω) = Σ h_t e^{−iωt} of the composite kernel, causal form; phase in radians.\n\n` +
    `Summary\n${keyValues(pairs)}\n` +
    `Sample of ${rows.length} rows (all ${n}: --csv or --json)\n${table(headers, rows, { align: headers.map(() => 'right') })}${more}`
  );
}

/** The compact human view of a 2-D response: grid, extremes and the share below −20 dB. */
export function renderResponse2d(r: NetworkResponse2d, title: string): string {
  const n = r.n;
  const radius = (i: number) => r.wy[Math.floor(i / n)] ** 2 + r.wx[i % n] ** 2;
  // Among (near-)equal extremes, the frequency closest to the origin.
  const extreme = (a: Float64Array, sign: 1 | -1) => {
    let best = 0;
    for (let i = 1; i < a.length; i++) {
      const d = sign * (a[i] - a[best]);
      const tie = Math.abs(a[i] - a[best]) <= 1e-12 * Math.max(1, Math.abs(a[best]));
      if ((!tie && d > 0) || (tie && radius(i) < radius(best))) best = i;
    }
    return best;
  };
  const iMax = extreme(r.magnitude, 1);
  const iMin = extreme(r.magnitude, -1);
  const at = (i: number) =>
    `(ωy, ωx) = (${piMultiple(r.wy[Math.floor(i / n)])}, ${piMultiple(r.wx[i % n])})`;
  const peak = r.magnitude[iMax];
  const limit = peak * 10 ** (SUMMARY_THRESHOLD_DB / 20);
  let below = 0;
  for (let i = 0; i < r.magnitude.length; i++) if (r.magnitude[i] < limit) below++;
  const pairs: [string, string][] = [
    ['grid', `${n}×${n} points, ωy and ωx = 2π(i − N/2)/N in [−π, π) rad/sample (centred)`],
    ['max |H|', `${dec(peak)} (${db(r.magnitudeDb[iMax])}) at ${at(iMax)}`],
    ['min |H|', `${dec(r.magnitude[iMin])} (${db(r.magnitudeDb[iMin])}) at ${at(iMin)}`],
    [
      `below ${SUMMARY_THRESHOLD_DB} dB of max`,
      `${below} of ${n * n} points (${percent(below / (n * n))})`,
    ],
  ];
  if (r.merge === 'concat')
    pairs.push(['concat merge', '|H| is the envelope max_b |H_b| of the branches']);
  const rows = r.members.map((m, i) => {
    const j = extreme(m.magnitude, 1);
    return [String(i + 1), m.label, dec(m.magnitude[j]), at(j)];
  });
  return (
    `dilation-lab response: ${title}\n\n` +
    `Summary\n${keyValues(pairs)}\n` +
    `Members\n${table(['#', 'member', 'max |H|', 'where'], rows, { align: ['right', 'left', 'right', 'left'] })}\n` +
    `The whole N×N grid: --json (magnitude is row-major, rows = ωy).\n`
  );
}
