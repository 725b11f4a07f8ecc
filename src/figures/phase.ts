import { decimateMinMax } from './decimate.ts';
import { axis, baseLayout, networkColor, titleLegendGroups } from './palette.ts';
import { pushSeries } from './table.ts';
import type { Figure, FigureOptions, SeriesLabel, Trace } from './types.ts';
import { convertFrequencies, frequencyAxis, frequencyColumn, frequencyUnitText } from './units.ts';

/** The phase panels of a 1-D response the builders read (keys of `/api/response`). */
export interface PhaseInput {
  /** Frequencies in rad/sample. */
  w: ArrayLike<number>;
  phase?: ArrayLike<number>;
  phaseUnwrapped?: ArrayLike<number | null>;
  groupDelay?: ArrayLike<number>;
  phaseDelay?: ArrayLike<number | null>;
  zeroPhase?: ArrayLike<number> | null;
}

/** One network of a phase figure. */
export interface PhaseNetwork {
  label: SeriesLabel;
  response: PhaseInput;
}

/** What a phase figure draws. */
export type PhaseKind = 'phase' | 'phaseUnwrapped' | 'groupDelay' | 'phaseDelay' | 'zeroPhase';

/** Titles, y-axis titles and hover units of each phase kind. */
export const PHASE_KINDS: Readonly<
  Record<PhaseKind, { title: string; y: string; unit: string; name: string }>
> = {
  phase: { title: 'Phase (wrapped)', y: 'φ (rad)', unit: 'rad', name: 'phase' },
  phaseUnwrapped: {
    title: 'Phase (unwrapped)',
    y: 'φ (rad)',
    unit: 'rad',
    name: 'phase-unwrapped',
  },
  groupDelay: {
    title: 'Group delay',
    y: 'τ<sub>g</sub> = −dφ/dω (samples)',
    unit: 'samples',
    name: 'group-delay',
  },
  phaseDelay: {
    title: 'Phase delay',
    y: 'τ<sub>p</sub> = −φ/ω (samples)',
    unit: 'samples',
    name: 'phase-delay',
  },
  zeroPhase: {
    title: 'Zero-phase amplitude',
    y: 'A(ω) (signed gain)',
    unit: '',
    name: 'zero-phase',
  },
};

/** Options of `phaseFigure`. */
export interface PhaseFigureOptions extends FigureOptions {
  /** Which panel (default 'phaseUnwrapped'). */
  kind?: PhaseKind;
  /** Points per curve before min-max thinning (default 4000; the table keeps every point). */
  maxPoints?: number;
}

/**
 * The phase panels of each network's whole response on [0, π] in the chosen frequency
 * units: wrapped or unwrapped phase (rad), group delay −dφ/dω or phase delay −φ/ω
 * (samples), or the zero-phase amplitude A(ω) (signed; a network whose composite kernel
 * is not symmetric has none and is named in the legend as such). null values (undefined
 * points, e.g. the phase at an exact zero) are gaps. The hover shows the frequency and
 * the value with their units.
 *
 * Table columns: network, series, frequency (units), the value (units).
 */
export function phaseFigure(
  networks: readonly PhaseNetwork[],
  options: PhaseFigureOptions = {},
): Figure {
  const kind = options.kind ?? 'phaseUnwrapped';
  const meta = PHASE_KINDS[kind];
  const units = options.units ?? 'rad';
  const fs = options.fs ?? 1;
  const maxPoints = options.maxPoints ?? 4000;
  const fUnit = frequencyUnitText(units);
  const yCol = meta.unit ? `${meta.title.toLowerCase()} (${meta.unit})` : meta.title.toLowerCase();
  const table = {
    columns: ['network', 'series', frequencyColumn(units, ''), yCol],
    rows: [] as Figure['table']['rows'],
  };
  const data: Trace[] = [];
  networks.forEach((net, ni) => {
    const id = net.label.id;
    const color = networkColor(ni);
    const values = net.response[kind];
    const x = convertFrequencies(net.response.w, units, fs);
    if (values === undefined || values === null) {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name:
          kind === 'zeroPhase' ? `${id}: not symmetric (no zero-phase form)` : `${id}: not given`,
        legendgroup: id,
        x: [],
        y: [],
        line: { color, width: 2 },
      });
      return;
    }
    const y = Array.from(values as ArrayLike<number | null>, (v) =>
      v === null || !Number.isFinite(v) ? null : v,
    );
    // Thin only gap-free curves (decimateMinMax needs numbers).
    const thin = y.every((v) => v !== null)
      ? decimateMinMax(x, y as number[], maxPoints)
      : { x, y };
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `${id} whole network`,
      legendgroup: id,
      x: thin.x,
      y: thin.y,
      connectgaps: false,
      line: { color, width: 2.2, dash: ni === 0 ? 'solid' : ni === 1 ? 'dash' : 'dot' },
      hovertemplate: `${id}<br>%{x:.4f} ${fUnit}<br>%{y:.6g}${meta.unit ? ` ${meta.unit}` : ''}<extra></extra>`,
    });
    pushSeries(table, id, 'whole network', x, y);
  });
  titleLegendGroups(
    data,
    networks.map((n) => n.label),
  );
  const layout = baseLayout(meta.title, options, { width: 760, height: 380 });
  layout.xaxis = frequencyAxis(units, fs);
  layout.yaxis = axis(meta.y, kind === 'zeroPhase' ? { zeroline: true } : {});
  return { name: meta.name, data, layout, table };
}
