import type { Zero } from '../analysis/zeros.ts';
import { axis, baseLayout, networkColor, PALETTE, tint, titleLegendGroups } from './palette.ts';
import { pushSeries } from './table.ts';
import type { Figure, FigureOptions, SeriesLabel, Trace } from './types.ts';

/** The zeros of one network (the `zeros` key of `/api/analyze`). */
export interface ZerosInput {
  byLayer: readonly (readonly Zero[] | null)[];
  shared: readonly Zero[];
  composite: readonly Zero[] | null;
}

/** One network of a z-plane figure. */
export interface ZplaneNetwork {
  label: SeriesLabel;
  zeros: ZerosInput;
  /** Member names for the legend (default 'member 1', ...). */
  memberNames?: readonly string[];
}

/** Options of `zplaneFigure`. */
export interface ZplaneOptions extends FigureOptions {
  /**
   * Draw each member's zeros too (small, lighter). Default: only when a network has at most
   * six members.
   */
  showMembers?: boolean;
  /** Half-width of the square view (default: the larger of 1.25 and the largest |z| + 0.1, at most 4). */
  extent?: number;
}

const SYMBOLS = ['circle-open', 'diamond-open', 'square-open', 'triangle-up-open'];

/**
 * The z-plane: the unit circle, and the zeros of each network's H(z) = Σ h_n z^{−n} as open
 * circles, a zero of multiplicity m > 1 labelled "m" beside it; zeros shared by every member
 * filled; each member's zeros (the d-th roots of its base kernel's zeros, d copies around the
 * circle) small and lighter when shown. FIR filters have no poles except z = 0, which are not
 * drawn. Equal axis scales (a circle looks round). Hover: re, im, |z|, angle in rad/sample
 * and the multiplicity. Zeros far outside the view (|z| > extent) are listed in the legend.
 *
 * Table columns: network, series, re, im, multiplicity.
 */
export function zplaneFigure(
  networks: readonly ZplaneNetwork[],
  options: ZplaneOptions = {},
): Figure {
  const table = {
    columns: ['network', 'series', 're', 'im', 'multiplicity'],
    rows: [] as Figure['table']['rows'],
  };
  const data: Trace[] = [];
  let far = 1.15;
  for (const n of networks)
    for (const z of n.zeros.composite ?? []) far = Math.max(far, Math.hypot(z.re, z.im));
  const extent = options.extent ?? Math.min(4, Math.max(1.25, far + 0.1));
  const circle = Array.from({ length: 257 }, (_, i) => (2 * Math.PI * i) / 256);
  data.push({
    type: 'scatter',
    mode: 'lines',
    name: 'unit circle |z| = 1',
    x: circle.map(Math.cos),
    y: circle.map(Math.sin),
    line: { color: PALETTE.axis, width: 1, dash: 'dot' },
    hoverinfo: 'skip',
    showlegend: false,
  });
  const hover = (id: string, series: string) =>
    `${id} ${series}<br>z = %{x:.6f} %{customdata[2]} %{customdata[3]:.6f}i<br>|z| = %{customdata[0]:.6f}, ∠ = %{customdata[1]:.6f} rad/sample<br>multiplicity %{text}<extra></extra>`;
  const custom = (zs: readonly Zero[]) =>
    zs.map((z) => [
      Math.hypot(z.re, z.im),
      Math.atan2(z.im, z.re),
      z.im < 0 ? '−' : '+',
      Math.abs(z.im),
    ]);
  networks.forEach((net, ni) => {
    const id = net.label.id;
    const color = networkColor(ni);
    const symbol = SYMBOLS[ni % SYMBOLS.length];
    const members = net.zeros.byLayer;
    const showMembers = options.showMembers ?? members.length <= 6;
    if (showMembers && members.length > 1) {
      // One trace (one legend entry) for all the layers' zeros, each layer its own tint;
      // hover names the layer. The legend stays short enough for a 3.5-inch figure.
      const xs: number[] = [];
      const ys: number[] = [];
      const texts: string[] = [];
      const colors: string[] = [];
      const customs: unknown[] = [];
      let count = 0;
      members.forEach((zs, j) => {
        if (!zs) return;
        count++;
        const name = net.memberNames?.[j] ?? `member ${j + 1}`;
        const tinted = tint(color, 0.2 + (0.4 * j) / Math.max(1, members.length - 1));
        custom(zs).forEach((c, k) => {
          xs.push(zs[k].re);
          ys.push(zs[k].im);
          texts.push(String(zs[k].multiplicity));
          colors.push(tinted);
          customs.push([...c, name]);
        });
        pushSeries(
          table,
          id,
          name,
          zs.map((z) => z.re),
          zs.map((z) => z.im),
          [zs.map((z) => z.multiplicity)],
        );
      });
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${id} each ${members.length > 0 && net.memberNames?.[0]?.startsWith('branch') ? 'branch' : 'layer'}'s zeros (${count})`,
        legendgroup: id,
        x: xs,
        y: ys,
        text: texts,
        customdata: customs,
        marker: { color: colors, size: 6, symbol: 'circle-open', line: { width: 1 } },
        hovertemplate: `${id} %{customdata[4]}<br>z = %{x:.6f} %{customdata[2]} %{customdata[3]:.6f}i<br>|z| = %{customdata[0]:.6f}, ∠ = %{customdata[1]:.6f} rad/sample<br>multiplicity %{text}<extra></extra>`,
      });
    }
    const whole = net.zeros.composite;
    if (whole === null) {
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${id}: too many zeros to list`,
        legendgroup: id,
        x: [],
        y: [],
        marker: { color, symbol },
      });
      return;
    }
    const outside = whole.filter((z) => Math.hypot(z.re, z.im) > extent);
    const inView = whole.filter((z) => Math.hypot(z.re, z.im) <= extent);
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `${id} zeros of H(z) (${whole.reduce((a, z) => a + z.multiplicity, 0)})${outside.length ? `, ${outside.length} beyond |z| = ${extent.toFixed(2)}` : ''}`,
      legendgroup: id,
      x: inView.map((z) => z.re),
      y: inView.map((z) => z.im),
      text: inView.map((z) => String(z.multiplicity)),
      customdata: custom(inView),
      marker: { color, size: 11, symbol, line: { color, width: 2 } },
      hovertemplate: hover(id, 'zero'),
    });
    pushSeries(
      table,
      id,
      'zero',
      whole.map((z) => z.re),
      whole.map((z) => z.im),
      [whole.map((z) => z.multiplicity)],
    );
    const multiple = inView.filter((z) => z.multiplicity > 1);
    if (multiple.length > 0) {
      // Labels just outside the marker, away from the origin.
      data.push({
        type: 'scatter',
        mode: 'text',
        name: `${id} multiplicities`,
        legendgroup: id,
        showlegend: false,
        x: multiple.map((z) => z.re * 1.09 + (z.re === 0 && z.im === 0 ? 0.08 : 0)),
        y: multiple.map((z) => z.im * 1.09 + (z.re === 0 && z.im === 0 ? 0.08 : 0)),
        text: multiple.map((z) => `${z.multiplicity}`),
        hoverinfo: 'skip',
        textfont: { color, size: 11 },
      });
    }
    const shared = net.zeros.shared.filter((z) => Math.hypot(z.re, z.im) <= extent);
    if (shared.length > 0 && members.length > 1) {
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${id} shared by every member (${shared.length})`,
        legendgroup: id,
        x: shared.map((z) => z.re),
        y: shared.map((z) => z.im),
        text: shared.map((z) => String(z.multiplicity)),
        customdata: custom(shared),
        marker: { color: PALETTE.problem, size: 7, symbol: 'circle' },
        hovertemplate: hover(id, 'shared zero'),
      });
      pushSeries(
        table,
        id,
        'shared zero',
        shared.map((z) => z.re),
        shared.map((z) => z.im),
        [shared.map((z) => z.multiplicity)],
      );
    }
  });
  titleLegendGroups(
    data,
    networks.map((n) => n.label),
  );
  const layout = baseLayout('Zeros on the z-plane', options, { width: 560, height: 480 });
  layout.xaxis = axis('Re z', { range: [-extent, extent], zeroline: true, constrain: 'domain' });
  layout.yaxis = axis('Im z', {
    range: [-extent, extent],
    zeroline: true,
    scaleanchor: 'x',
    scaleratio: 1,
    // a wide, short plot keeps the square view instead of widening the Im range
    constrain: 'domain',
  });
  return { name: 'zplane', data, layout, table };
}
