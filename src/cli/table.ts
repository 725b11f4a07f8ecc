/**
 * Plain-text tables with aligned columns, for the human output of the command.
 */

/** Column alignment: left (text) or right (numbers). */
export type Align = 'left' | 'right';

/** Options of `table`. */
export interface TableOptions {
  /** Alignment per column; default: left for the first column, right for the others. */
  align?: readonly Align[];
  /** Indentation of every line (default two spaces). */
  indent?: string;
  /** Wrap the last column's text at this total line width (default: no wrapping); `\n` in it starts a new line. */
  width?: number;
}

const length = (s: string) => [...s].length;

function pad(s: string, w: number, align: Align): string {
  const gap = ' '.repeat(Math.max(0, w - length(s)));
  return align === 'right' ? gap + s : s + gap;
}

function wrap(text: string, width: number): string[] {
  if (text.includes('\n')) return text.split('\n').flatMap((t) => wrap(t, width));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && length(line) + 1 + length(word) > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

/**
 * Formats `rows` under `headers` with columns separated by two spaces and a rule of
 * dashes under the header. Returns the lines joined with newlines (and a final newline).
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const indent = options.indent ?? '  ';
  const align = headers.map((_, i) => options.align?.[i] ?? (i === 0 ? 'left' : 'right'));
  const widths = headers.map((h, i) => Math.max(length(h), ...rows.map((r) => length(r[i] ?? ''))));
  const last = headers.length - 1;
  if (options.width !== undefined && last > 0) {
    const before = widths.slice(0, last).reduce((a, b) => a + b + 2, length(indent));
    widths[last] = Math.max(length(headers[last]), Math.min(widths[last], options.width - before));
  }
  const line = (cells: readonly string[]) =>
    (indent + cells.map((c, i) => pad(c, widths[i], align[i])).join('  ')).trimEnd();
  const out = [line(headers), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of rows) {
    if (options.width === undefined || last === 0) {
      out.push(line(row));
      continue;
    }
    const parts = wrap(row[last] ?? '', widths[last]);
    out.push(line([...row.slice(0, last), parts[0]]));
    for (const p of parts.slice(1)) out.push(line([...row.slice(0, last).map(() => ''), p]));
  }
  return `${out.join('\n')}\n`;
}

/** Key/value lines with the keys padded to one width: `  receptive field   13 samples`. */
export function keyValues(pairs: readonly (readonly [string, string])[], indent = '  '): string {
  const w = Math.max(0, ...pairs.map(([k]) => length(k)));
  return `${pairs.map(([k, v]) => `${indent}${pad(k, w, 'left')}  ${v}`.trimEnd()).join('\n')}\n`;
}

/** Wraps plain text at `width` columns (words are not split). */
export function wrapText(text: string, width: number): string {
  return wrap(text, width).join('\n');
}
