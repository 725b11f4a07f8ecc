import type { Cell, DataTable } from './types.ts';

/** A finite number as is; ±Infinity and NaN as null (JSON has no infinities). */
export function cell(v: number | string | null | undefined): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  return Number.isFinite(v) ? v : null;
}

/**
 * Appends one series to a tidy table whose first two columns are network and series:
 * one row [network, series, x_i, y_i, ...extra_i] per point, padded with null to the
 * table's width.
 */
export function pushSeries(
  table: DataTable,
  network: string,
  series: string,
  xs: ArrayLike<number | string>,
  ys: ArrayLike<number | string | null>,
  extra: readonly ArrayLike<number | string | null>[] = [],
): void {
  const width = table.columns.length;
  for (let i = 0; i < xs.length; i++) {
    const row: Cell[] = [
      network,
      series,
      cell(xs[i]),
      cell(ys[i]),
      ...extra.map((e) => cell(e[i])),
    ];
    while (row.length < width) row.push(null);
    table.rows.push(row);
  }
}
