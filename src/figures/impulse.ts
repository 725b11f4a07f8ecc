import { axis, baseLayout, networkColor, titleLegendGroups } from './palette.ts';
import { pushSeries } from './table.ts';
import type { Figure, FigureOptions, SeriesLabel, Trace } from './types.ts';

/** The time-domain panels of a 1-D network (keys of `/api/response`). */
export interface ImpulseInput {
  /** The dense composite kernel h_0..h_D (causal form). */
  impulse: ArrayLike<number>;
  /** The running sum s_n = Σ_{t≤n} h_t. */
  step?: ArrayLike<number>;
}

/** One network of an impulse or step figure. */
export interface ImpulseNetwork {
  label: SeriesLabel;
  response: ImpulseInput;
}

/** Options of `impulseFigure`. */
export interface ImpulseOptions extends FigureOptions {
  /** 'impulse' (default) draws h_n as stems; 'step' draws the running sum as a staircase. */
  kind?: 'impulse' | 'step';
  /** Draw stems up to this many taps per network; longer kernels are drawn as lines (default 256). */
  maxStems?: number;
}

/**
 * The impulse response h_n (the dense composite kernel, causal form: n = 0 is the first
 * input an output reads) as stems, or the step response s_n = Σ_{t≤n} h_t as a staircase,
 * against n in samples. The holes of a gridded network show as zero taps. With a sample
 * rate (units 'hz') the axis stays in samples; the hover says "n = … samples".
 *
 * Table columns: network, series, n (samples), h_n or s_n.
 */
export function impulseFigure(
  networks: readonly ImpulseNetwork[],
  options: ImpulseOptions = {},
): Figure {
  const kind = options.kind ?? 'impulse';
  const maxStems = options.maxStems ?? 256;
  const yName = kind === 'impulse' ? 'h[n] (gain)' : 's[n] = Σ h[t ≤ n] (gain)';
  const table = {
    columns: ['network', 'series', 'n (samples)', kind === 'impulse' ? 'h[n]' : 's[n]'],
    rows: [] as Figure['table']['rows'],
  };
  const data: Trace[] = [];
  networks.forEach((net, ni) => {
    const id = net.label.id;
    const color = networkColor(ni);
    const values =
      kind === 'impulse'
        ? Array.from(net.response.impulse)
        : net.response.step
          ? Array.from(net.response.step)
          : runningSum(net.response.impulse);
    const n = values.map((_, i) => i);
    pushSeries(table, id, kind, n, values);
    const hover = `${id}<br>n = %{x} samples<br>${kind === 'impulse' ? 'h' : 's'}[n] = %{y:.6g}<extra></extra>`;
    if (kind === 'impulse' && values.length <= maxStems) {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${id} stems`,
        legendgroup: id,
        showlegend: false,
        x: n.flatMap((i) => [i, i, null]),
        y: values.flatMap((v) => [0, v, null]),
        line: { color, width: 1.4 },
        hoverinfo: 'skip',
      });
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${id} h[n] (${values.length} taps)`,
        legendgroup: id,
        x: n,
        y: values,
        marker: { color, size: 6, symbol: ni === 0 ? 'circle' : ni === 1 ? 'diamond' : 'square' },
        hovertemplate: hover,
      });
    } else {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${id} ${kind === 'impulse' ? 'h[n]' : 's[n]'} (${values.length} taps)`,
        legendgroup: id,
        x: n,
        y: values,
        line: { color, width: 1.8, shape: kind === 'step' ? 'hv' : 'linear' },
        hovertemplate: hover,
      });
    }
  });
  titleLegendGroups(
    data,
    networks.map((x) => x.label),
  );
  const layout = baseLayout(
    kind === 'impulse' ? 'Impulse response (composite kernel)' : 'Step response',
    options,
    { width: 760, height: 360 },
  );
  layout.xaxis = axis('n (samples, causal form)', { zeroline: false });
  layout.yaxis = axis(yName, { zeroline: true });
  return { name: kind === 'impulse' ? 'impulse' : 'step', data, layout, table };
}

function runningSum(h: ArrayLike<number>): number[] {
  let acc = 0;
  return Array.from(h, (v) => {
    acc += v;
    return acc;
  });
}
