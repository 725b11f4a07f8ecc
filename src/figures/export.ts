import type { Cell, DataTable, Figure } from './types.ts';

/** A CSV field: numbers in shortest round-trip form, null as empty, text quoted when needed (RFC 4180). */
function csvField(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The table as CSV: a header line of the column names, then one line per row, CRLF-free ('\n'). */
export function tableToCsv(table: DataTable): string {
  const lines = [table.columns.map(csvField).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** The table as records: one object per row, keyed by the column names in order. */
export function tableToRecords(table: DataTable): Record<string, Cell>[] {
  return table.rows.map((row) =>
    Object.fromEntries(table.columns.map((c, i) => [c, row[i] ?? null])),
  );
}

/** A figure's data as CSV (see `tableToCsv`). */
export function figureToCsv(figure: Figure): string {
  return tableToCsv(figure.table);
}

/**
 * A figure's data as JSON text: `{ figure, title, columns, rows }` with `rows` as records
 * keyed by `columns` (the CSV header), plus `provenance` when given (e.g. the tool version,
 * a config hash, a date — the caller supplies them; this module reads no clock).
 */
export function figureToJson(figure: Figure, provenance?: Record<string, unknown>): string {
  return `${JSON.stringify(
    {
      figure: figure.name,
      title: figure.layout.title?.text ?? '',
      ...(provenance ? { provenance } : {}),
      columns: figure.table.columns,
      rows: tableToRecords(figure.table),
    },
    null,
    1,
  )}\n`;
}
