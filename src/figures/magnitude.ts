import { decimateMinMax } from './decimate.ts';
import { memberName, type NetworkResponse } from './inputs.ts';
import {
  axis,
  baseLayout,
  memberStyle,
  networkColor,
  PALETTE,
  tint,
  titleLegendGroups,
} from './palette.ts';
import { pushSeries } from './table.ts';
import type { Figure, FigureOptions, Trace } from './types.ts';
import {
  convertFrequencies,
  convertFrequency,
  frequencyAxis,
  frequencyColumn,
  frequencyUnitText,
} from './units.ts';

/** Options of `magnitudeFigure`. */
export interface MagnitudeOptions extends FigureOptions {
  /** 'linear' draws |H|; 'db' draws 20·log10|H| (default 'linear'). */
  scale?: 'linear' | 'db';
  /** Draw each member (layer or branch) too (default true). */
  showMembers?: boolean;
  /** Lowest dB drawn; smaller values and exact zeros are clipped to it (default −80). */
  dbFloor?: number;
  /** Points per curve before min-max thinning (default 4000; the table keeps every point). */
  maxPoints?: number;
  /**
   * Divide each network's curves by the maximum of its whole response, max_ω |H(ω)| on the
   * grid, so networks of different gain share one axis (default false). Nulls do not move.
   */
  normalize?: boolean;
}

/** max_i |a_i|, or 1 when every value is 0 (a divisor that leaves zeros alone). */
function maxAbs(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max > 0 ? max : 1;
}

/** 20·log10(v), −Infinity at 0. */
function db(v: number): number {
  return 20 * Math.log10(Math.abs(v));
}

/**
 * Figure 1, the magnitude response: |H(ω)| (or 20·log10|H| dB) of each network's whole
 * response (thick, the network's colour) and of each member (thin, lighter, dotted), on
 * [0, π] in the chosen units. Exact nulls of the whole response (analysis `nulls.composite`,
 * with multiplicity in the hover) are marked with × on the floor of the plot; frequencies
 * where every member is null (`nulls.shared`) are drawn as vertical lines in the problem
 * colour: nothing at that frequency ever reaches the output.
 *
 * Table columns: network, series, frequency (units), |H| or |H| (dB) (or |H|/max|H| when
 * normalised), multiplicity (nulls).
 */
export function magnitudeFigure(
  networks: readonly NetworkResponse[],
  options: MagnitudeOptions = {},
): Figure {
  const units = options.units ?? 'rad';
  const fs = options.fs ?? 1;
  const scale = options.scale ?? 'linear';
  const floor = options.dbFloor ?? -80;
  const showMembers = options.showMembers ?? true;
  const maxPoints = options.maxPoints ?? 4000;
  const yName = `${options.normalize ? '|H|/max|H|' : '|H|'}${scale === 'db' ? ' (dB)' : ''}`;
  const fUnit = frequencyUnitText(units);
  const yUnit = scale === 'db' ? ' dB' : '';
  const fcol = frequencyColumn(units, '');
  const table = {
    columns: ['network', 'series', fcol, yName, 'multiplicity'],
    rows: [] as Figure['table']['rows'],
  };
  const data: Trace[] = [];
  const normalize = options.normalize ?? false;
  let gain = 1;
  const scaled = (v: number, g: number) => (scale === 'db' ? db(v / g) : Math.abs(v) / g);
  const toY = (v: number) => scaled(v, gain);
  const gainOf = (net: NetworkResponse) => {
    if (!normalize) return 1;
    const concat = net.analysis.merge === 'concat' && net.analysis.kind === 'parallel';
    return maxAbs(concat && net.response.envelope ? net.response.envelope : net.response.magnitude);
  };
  const clip = (v: number) =>
    scale === 'db' ? Math.max(floor, Number.isFinite(v) ? v : floor) : v;

  let yMax = scale === 'db' ? floor + 10 : 0;
  for (const net of networks) {
    gain = gainOf(net);
    const all = [net.response.magnitude, ...(net.response.members ?? []).map((m) => m.magnitude)];
    for (const m of all) for (let i = 0; i < m.length; i++) yMax = Math.max(yMax, toY(m[i]));
  }
  const yTop = scale === 'db' ? Math.ceil((yMax + 3) / 10) * 10 : yMax * 1.06 || 1;
  const yBottom = scale === 'db' ? floor : 0;

  networks.forEach((net, ni) => {
    const color = networkColor(ni);
    const id = net.label.id;
    gain = gainOf(net);
    const w = net.response.w;
    const x = convertFrequencies(w, units, fs);
    const { kind, layers, nulls } = net.analysis;
    const dims = net.analysis.dims ?? 1;
    const members = net.response.members ?? [];
    if (showMembers && members.length > 1) {
      members.forEach((m, j) => {
        const name = `${id} ${memberName(kind, layers[j], j, dims)}`;
        // Normalised: each member by its own maximum, as the whole network by its own.
        const mg = normalize ? maxAbs(m.magnitude) : 1;
        const y = Array.from(m.magnitude, (v) => scaled(v, mg));
        const thin = decimateMinMax(x, y.map(clip), maxPoints);
        const style = memberStyle(j, members.length);
        data.push({
          type: 'scatter',
          mode: 'lines',
          name,
          visible: style.visible,
          legendgroup: id,
          x: thin.x,
          y: thin.y,
          line: {
            color: tint(color, 0.1 + (0.4 * j) / Math.max(1, members.length - 1)),
            width: 1.2,
            dash: style.dash,
          },
          hovertemplate: `${name}<br>%{x:.4f} ${fUnit}<br>${yName} %{y:.4g}${yUnit}<extra></extra>`,
        });
        pushSeries(table, id, memberName(kind, layers[j], j, dims), x, y);
      });
    }
    const concat = net.analysis.merge === 'concat' && kind === 'parallel';
    const wholeName = concat ? 'envelope max|H<sub>b</sub>|' : 'whole network';
    const wholeMag =
      concat && net.response.envelope ? net.response.envelope : net.response.magnitude;
    const y = Array.from(wholeMag, toY);
    const thin = decimateMinMax(x, y.map(clip), maxPoints);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `${id} ${wholeName}`,
      legendgroup: id,
      x: thin.x,
      y: thin.y,
      line: { color, width: 2.4 },
      hovertemplate: `${id} ${wholeName}<br>%{x:.4f} ${fUnit}<br>${yName} %{y:.4g}${yUnit}<extra></extra>`,
    });
    pushSeries(table, id, wholeName, x, y);

    const zeros = nulls.composite;
    if (zeros.length > 0) {
      const nx = zeros.map((z) => convertFrequency(z.w, units, fs));
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${id} exact nulls (${zeros.length})`,
        legendgroup: id,
        x: nx,
        y: zeros.map(() => yBottom),
        text: zeros.map((z) => `×${z.multiplicity}`),
        marker: { color, size: 10, symbol: 'x-thin', line: { color, width: 2 } },
        hovertemplate: `${id} null %{text} at %{x:.6f} ${fUnit}<extra></extra>`,
      });
      pushSeries(
        table,
        id,
        'exact null',
        nx,
        zeros.map(() => (scale === 'db' ? null : 0)),
        [zeros.map((z) => z.multiplicity)],
      );
    }
    if (nulls.shared.length > 0) {
      const sx = nulls.shared.map((s) => convertFrequency(s, units, fs));
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${id} shared nulls (${sx.length})`,
        legendgroup: id,
        x: sx.flatMap((v) => [v, v, null]),
        y: sx.flatMap(() => [yBottom, yTop, null]),
        line: {
          color: PALETTE.problem,
          width: 2,
          dash: ni === 0 ? 'dash' : ni === 1 ? 'dashdot' : 'longdash',
        },
        hovertemplate: `${id} shared null at %{x:.6f} ${fUnit}: every ${kind === 'stack' ? 'layer' : 'branch'} is null<extra></extra>`,
      });
      pushSeries(
        table,
        id,
        'shared null',
        sx,
        sx.map(() => (scale === 'db' ? null : 0)),
      );
    }
  });

  titleLegendGroups(
    data,
    networks.map((n) => n.label),
  );
  const layout = baseLayout('Magnitude response', options, { width: 760, height: 420 });
  layout.xaxis = frequencyAxis(units, fs);
  layout.yaxis = axis(scale === 'db' ? yName : `${yName} (linear)`, { range: [yBottom, yTop] });
  return { name: `magnitude-${scale}`, data, layout, table };
}
