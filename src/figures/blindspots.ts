import { axis, baseLayout, PALETTE } from './palette.ts';
import type { Annotation, Figure, FigureOptions, Layout, Trace } from './types.ts';

/** A map on a box of a grid (`start`: grid index of rows[0][0]; one row in 1-D). */
export interface BlindspotFigureMap {
  start: readonly number[];
  rows: readonly (readonly number[])[];
}

/** What the blind-spot figure reads: the `blindspots` JSON with `maps` (docs/cli.md). */
export interface BlindspotFigureInput {
  holes: readonly (readonly number[])[];
  unread: number;
  perturbedInputs: readonly (readonly number[])[];
  maxOutputChange: number;
  controlInput: readonly number[];
  controlBump: number;
  controlOutputChange: number;
  outputPosition: readonly number[];
  maps?: {
    perturbation: BlindspotFigureMap;
    reached: BlindspotFigureMap;
    outputChange: BlindspotFigureMap;
    controlChange: BlindspotFigureMap;
  };
}

/** Options of the blind-spot figure. */
export interface BlindspotFigureOptions extends FigureOptions {
  /** 'row' (default: three panels side by side) or 'column' (stacked, for a phone). */
  arrange?: 'row' | 'column';
}

const fmt = (v: number) =>
  v === 0 ? '0' : Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toExponential(2);

/** Domains of panel i of 3 (a gap for each colour bar). */
function domains(
  arrange: 'row' | 'column',
  i: number,
): { x: [number, number]; y: [number, number] } {
  if (arrange === 'row') {
    const w = 0.22;
    const x0 = i * 0.37;
    return { x: [x0, x0 + w], y: [0, 0.84] };
  }
  const h = 0.23;
  const y1 = 1 - i * 0.35 - 0.04;
  return { x: [0, 0.8], y: [y1 - h, y1] };
}

/**
 * The blind-spot proof in three panels: (a) the perturbation Δx on the centre output's
 * receptive-field window (+bump at every sample no path reaches; dots: the reached
 * offsets, star: the control sample), (b) max over output channels of |Δy| on the outputs
 * around the centre when the unreached samples are perturbed — exactly 0 at the centre
 * (ringed) while its neighbours, which do read some of them, change — and (c) the same for
 * the control perturbation at a reached sample: the centre changes. 2-D: heatmaps with
 * colour bars (Δx and |Δy| in the input's and the output's units); 1-D: bars. Table: panel,
 * index per axis, value.
 */
export function blindspotsFigure(
  input: BlindspotFigureInput,
  options: BlindspotFigureOptions = {},
): Figure {
  const maps = input.maps;
  if (!maps) throw new TypeError('blindspotsFigure needs the result with maps (maps: true)');
  const arrange = options.arrange ?? 'row';
  const two = input.outputPosition.length === 2;
  const table = {
    columns: ['panel', ...(two ? ['row', 'col'] : ['index']), 'value'],
    rows: [] as Figure['table']['rows'],
  };
  const layout: Layout = baseLayout(
    'Blind spots: perturb where no path reaches, the centre output does not move',
    options,
    arrange === 'row' ? { width: 980, height: 380 } : { width: 380, height: 980 },
  );
  layout.showlegend = false;
  layout.margin = { l: 56, r: 16, t: 92, b: 52 };
  const data: Trace[] = [];
  const annotations: Annotation[] = [];
  const panels: {
    key: string;
    map: BlindspotFigureMap;
    title: string;
    unit: string;
    what: string;
  }[] = [
    {
      key: 'perturbation',
      map: maps.perturbation,
      title: `(a) Δx: +${Math.max(...maps.perturbation.rows.flat(), 0)} at ${input.perturbedInputs.length} samples<br>that no path reaches`,
      unit: 'Δx (input units)',
      what: 'input',
    },
    {
      key: 'outputChange',
      map: maps.outputChange,
      title: `(b) |Δy| under (a)<br>centre output: ${input.maxOutputChange === 0 ? '0 exactly' : fmt(input.maxOutputChange)}`,
      unit: '|Δy| (output units)',
      what: 'output',
    },
    {
      key: 'controlChange',
      map: maps.controlChange,
      title: `(c) control: ${input.controlBump > 0 ? '+' : ''}${input.controlBump} at a reached sample<br>centre output: ${fmt(input.controlOutputChange)}`,
      unit: '|Δy| (output units)',
      what: 'output',
    },
  ];
  panels.forEach((p, i) => {
    const n = i === 0 ? '' : String(i + 1);
    const xa = `x${n}`;
    const ya = `y${n}`;
    const dom = domains(arrange, i);
    const rows = p.map.rows;
    const x = rows[0].map((_, j) => j + p.map.start[two ? 1 : 0]);
    const y = two ? rows.map((_, r) => r + p.map.start[0]) : [];
    const zmax = Math.max(...rows.flat(), 0);
    rows.forEach((row, r) => {
      row.forEach((v, j) => {
        table.rows.push([p.key, ...(two ? [y[r], x[j]] : [x[j]]), v]);
      });
    });
    const colorbar = {
      // The quantity over its units, on three lines: the bar and the gap to the next panel
      // are narrow (one "(output units)" line reaches into its axis title at 850 px).
      title: { text: p.unit.replace(' (', '<br>(').replace(' units)', '<br>units)'), side: 'top' },
      thickness: 10,
      len: arrange === 'row' ? 0.84 : 0.23,
      x: arrange === 'row' ? dom.x[1] + 0.008 : dom.x[1] + 0.02,
      xanchor: 'left',
      y: (dom.y[0] + dom.y[1]) / 2,
      yanchor: 'middle',
    };
    if (two) {
      data.push({
        type: 'heatmap',
        name: p.key,
        x,
        y,
        z: rows.map((row) => [...row]),
        zmin: 0,
        zmax: zmax > 0 ? zmax : 1,
        colorscale: [
          [0, '#ffffff'],
          [1, i === 0 ? PALETTE.problem : PALETTE.networks[0]],
        ],
        colorbar,
        xaxis: xa,
        yaxis: ya,
        hovertemplate: `${p.what} row %{y}, col %{x}: ${p.unit.replace(/ \(.*/, '')} %{z:.4g} (${p.what} units)<extra></extra>`,
      });
    } else {
      data.push({
        type: 'bar',
        name: p.key,
        x,
        y: [...rows[0]],
        marker: { color: i === 0 ? PALETTE.problem : PALETTE.networks[0] },
        xaxis: xa,
        yaxis: ya,
        hovertemplate: `${p.what} index %{x}: ${p.unit.replace(/ \(.*/, '')} %{y:.4g} (${p.what} units)<extra></extra>`,
      });
    }
    layout[`xaxis${n}`] = axis(two ? `col (${p.what} samples)` : `${p.what} index (samples)`, {
      domain: dom.x,
      anchor: ya,
      ...(two ? { constrain: 'domain' as const } : {}),
    });
    layout[`yaxis${n}`] = axis(two ? `row (${p.what} samples)` : p.unit, {
      domain: dom.y,
      anchor: xa,
      ...(two ? { autorange: 'reversed' as const, scaleanchor: xa } : {}),
    });
    annotations.push({
      text: p.title,
      xref: 'paper',
      yref: 'paper',
      x: dom.x[0],
      y: dom.y[1] + 0.02,
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 11 },
    });
  });
  // (a): the reached offsets of the window and the control sample.
  const reached = maps.reached;
  const rx: number[] = [];
  const ry: number[] = [];
  reached.rows.forEach((row, r) => {
    row.forEach((v, j) => {
      if (v > 0) {
        rx.push(j + reached.start[two ? 1 : 0]);
        ry.push(two ? r + reached.start[0] : 0);
      }
    });
  });
  data.push({
    type: 'scatter',
    mode: 'markers',
    name: 'reached (a path reaches it)',
    x: rx,
    y: ry,
    marker: { size: 3, color: PALETTE.text },
    xaxis: 'x',
    yaxis: 'y',
    hovertemplate: two
      ? 'input row %{y}, col %{x}: reached<extra></extra>'
      : 'input index %{x}: reached<extra></extra>',
  });
  const cx = input.controlInput[two ? 1 : 0];
  const cy = two ? input.controlInput[0] : 0;
  data.push({
    type: 'scatter',
    mode: 'markers',
    name: 'control sample',
    x: [cx],
    y: [cy],
    marker: {
      size: 11,
      symbol: 'star',
      color: PALETTE.networks[1],
      line: { color: PALETTE.text, width: 1 },
    },
    xaxis: 'x',
    yaxis: 'y',
    hovertemplate: `control: ${input.controlBump > 0 ? '+' : ''}${input.controlBump} at %{x}${two ? ', %{y}' : ''}<extra></extra>`,
  });
  // (b), (c): the centre output, ringed.
  const px = input.outputPosition[two ? 1 : 0];
  const py = two ? input.outputPosition[0] : 0;
  for (const [n, value] of [
    ['2', input.maxOutputChange],
    ['3', input.controlOutputChange],
  ] as const) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'centre output',
      x: [px],
      y: [py],
      marker: { size: 14, symbol: 'circle-open', color: PALETTE.text, line: { width: 2 } },
      xaxis: `x${n}`,
      yaxis: `y${n}`,
      hovertemplate: `centre output: |Δy| ${fmt(value)} (output units)<extra></extra>`,
    });
  }
  layout.annotations = annotations;
  return { name: 'blindspots', data, layout, table };
}
