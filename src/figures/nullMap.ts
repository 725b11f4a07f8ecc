import type { AnalysisInput } from './inputs.ts';
import { memberName } from './inputs.ts';
import { axis, baseLayout, networkColor, PALETTE, tint, titleLegendGroups } from './palette.ts';
import { cell } from './table.ts';
import type { Cell, Figure, FigureOptions, SeriesLabel, Trace } from './types.ts';
import { convertFrequency, frequencyAxis, frequencyColumn, frequencyUnitText } from './units.ts';

/** One network of the null map: its label and analysis (nulls and deaf bands). */
export interface NullMapInput {
  label: SeriesLabel;
  analysis: AnalysisInput;
}

/**
 * Figure 2, the null map: one row per member (layer of a stack or branch of a parallel
 * set, named by its rate) and one for the whole network, against frequency on [0, π].
 * A thick bar marks each deaf band (|H|/max|H| below the analysis threshold), × each exact
 * null; a vertical line in the problem colour crosses every row of a network at each shared
 * null, where all members are null together. In a stack, such a frequency is removed by
 * every layer (the composite null has the summed multiplicity); in a parallel set no branch
 * passes it.
 *
 * Table columns: network, row, feature ('deaf band' | 'null' | 'shared null'), from, to
 * (frequency in the units; equal for a null), multiplicity.
 */
export function nullMapFigure(
  networks: readonly NullMapInput[],
  options: FigureOptions = {},
): Figure {
  const units = options.units ?? 'rad';
  const fs = options.fs ?? 1;
  const f = (w: number) => convertFrequency(w, units, fs);
  const fcol = frequencyColumn(units);
  const fUnit = frequencyUnitText(units);
  const rows: Cell[][] = [];
  const table = {
    columns: ['network', 'row', 'feature', `from ${fcol}`, `to ${fcol}`, 'multiplicity'],
    rows,
  };
  const data: Trace[] = [];
  const categories: string[] = [];
  let threshold = -20;

  networks.forEach((net, ni) => {
    const color = networkColor(ni);
    const id = net.label.id;
    const { kind, layers, nulls, deafBands } = net.analysis;
    const dims = net.analysis.dims ?? 1;
    threshold = deafBands.thresholdDb;
    const count = Math.max(nulls.byLayer.length, deafBands.byLayer.length);
    const names = Array.from(
      { length: count },
      (_, j) => `${id} · ${memberName(kind, layers[j], j, dims)}`,
    );
    const wholeName = `${id} · whole network`;
    const rowNames = [...names, wholeName];
    categories.push(...rowNames);
    const bandsPerRow = [
      ...Array.from({ length: count }, (_, j) => deafBands.byLayer[j] ?? []),
      deafBands.composite,
    ];
    const nullsPerRow = [
      ...Array.from({ length: count }, (_, j) => nulls.byLayer[j] ?? []),
      nulls.composite,
    ];

    const bx: (number | null)[] = [];
    const by: (string | null)[] = [];
    bandsPerRow.forEach((bands, r) => {
      for (const [lo, hi] of bands) {
        bx.push(f(lo), f(hi), null);
        by.push(rowNames[r], rowNames[r], null);
        rows.push([
          id,
          rowNames[r].slice(id.length + 3),
          'deaf band',
          cell(f(lo)),
          cell(f(hi)),
          null,
        ]);
      }
    });
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `${id} deaf bands${deafBands.truncated ? ` (long lists cut to their lowest frequencies)` : ''}`,
      legendgroup: id,
      x: bx,
      y: by,
      line: { color: tint(color, 0.55), width: 12 },
      hovertemplate: `%{y}: deaf (below ${threshold} dB) at %{x:.4f} ${fUnit}<extra></extra>`,
    });
    const nx: number[] = [];
    const ny: string[] = [];
    const nt: string[] = [];
    nullsPerRow.forEach((zs, r) => {
      for (const z of zs) {
        nx.push(f(z.w));
        ny.push(rowNames[r]);
        nt.push(`×${z.multiplicity}`);
        rows.push([
          id,
          rowNames[r].slice(id.length + 3),
          'null',
          cell(f(z.w)),
          cell(f(z.w)),
          z.multiplicity,
        ]);
      }
    });
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `${id} exact nulls${nulls.truncated ? ` (long lists cut to their lowest frequencies)` : ''}`,
      legendgroup: id,
      x: nx,
      y: ny,
      text: nt,
      marker: { color, size: 10, symbol: 'x-thin', line: { color, width: 2.2 } },
      hovertemplate: `%{y}: null %{text} at %{x:.6f} ${fUnit}<extra></extra>`,
    });
    if (nulls.shared.length > 0) {
      const sx = nulls.shared.map(f);
      data.push({
        type: 'scatter',
        mode: 'lines+markers',
        name: `${id} shared nulls (${nulls.counts.shared})`,
        legendgroup: id,
        x: sx.flatMap((v) => [v, v, null]),
        y: sx.flatMap(() => [rowNames[0], wholeName, null]),
        line: { color: PALETTE.problem, width: 2.5 },
        marker: { color: PALETTE.problem, size: 7, symbol: 'diamond' },
        hovertemplate: `${id} shared null at %{x:.6f} ${fUnit}<extra></extra>`,
      });
      for (const v of sx) rows.push([id, 'all members', 'shared null', cell(v), cell(v), null]);
    }
  });

  titleLegendGroups(
    data,
    networks.map((n) => n.label),
  );
  const height = Math.max(260, 110 + 30 * categories.length);
  const layout = baseLayout(`Null map: nulls (×) and deaf bands (below ${threshold} dB)`, options, {
    width: 720,
    height,
  });
  layout.xaxis = frequencyAxis(units, fs);
  layout.yaxis = axis('', {
    type: 'category',
    categoryorder: 'array',
    categoryarray: categories,
    // A fixed range keeps every row, even one with no null and no deaf band at either end
    // (a 1×1 branch, a concat network's whole): autorange would drop it from the axis.
    range: [categories.length - 0.5, -0.5],
    autorange: false,
    showgrid: true,
  });
  return { name: 'null-map', data, layout, table };
}
