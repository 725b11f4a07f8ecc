/**
 * Human output of `analyze --model` and `response --model`: aligned tables, no JSON.
 */
import type { Band } from '../analysis/types.ts';
import type { LayerPower, ModelAnalysis, PerAxis } from '../model/index.ts';
import { keyValues, table } from './table.ts';

function ax(v: PerAxis | null, sep = '×'): string {
  if (v === null) return '-';
  return Array.isArray(v) ? v.join(sep) : String(v);
}

function bands(list: readonly Band[]): string {
  if (list.length === 0) return 'none';
  return list
    .map(([a, b]) => `${(a / Math.PI).toFixed(4)}π–${(b / Math.PI).toFixed(4)}π`)
    .join(', ');
}

function count(n: number | null): string {
  if (n === null) return '-';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** The header lines: file, producer, input, output and where the analysis ended. */
function header(r: ModelAnalysis, file: string, command: string): string {
  const m = r.model;
  const lines = [
    `dilation-lab ${command}: ${file} (${m.producer || 'unknown producer'}, opset ${m.opset}), ${r.dims}-D, input ${JSON.stringify(m.input.name)} ${JSON.stringify(m.input.shape)}`,
    `  output analysed   ${JSON.stringify(m.output)}${m.inputSize ? ` on a ${m.inputSize.join('×')} input` : ' (input size unknown: give --input-size for sizes, MACs and border validity)'}`,
  ];
  if (m.end)
    lines.push(
      `  analysis ends at  ${JSON.stringify(m.end.node)} (#${m.end.index}, ${m.end.op}): ${m.end.reason}`,
    );
  if (m.passThrough.length) {
    lines.push(
      `  passed through    ${m.passThrough.map((p) => `${p.op} ×${p.count}`).join(', ')} (geometry unchanged; identity in linearised responses)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `analyze --model` as text. */
export function renderModelAnalysis(r: ModelAnalysis, file: string): string {
  const c = r.coverage;
  const out: string[] = [header(r, file, 'analyze --model')];
  out.push('\nSummary\n');
  out.push(
    keyValues([
      ['receptive field', `${ax(r.receptiveField)} input samples`],
      ['output stride', ax(r.outputStride)],
      [
        'taps',
        `${c.covered} of ${c.size} offsets reached, from ${ax(r.taps.start, ', ')} (relative to stride·p); ${c.minPaths} to ${c.maxPaths} paths`,
      ],
      [
        'gridding-free',
        r.griddingFree
          ? 'yes: every offset in the receptive field is reached'
          : `no: ${c.holes} holes of ${c.size} offsets (${(c.holeFraction * 100).toFixed(1)}%)`,
      ],
      [
        'global branch',
        r.global
          ? 'yes: a global pool reaches the output, which also sees the whole input'
          : 'none',
      ],
    ]),
  );
  out.push('\nLayers\n');
  out.push(
    table(
      [
        '#',
        'name',
        'op',
        'kernel',
        'dil',
        'stride',
        'pad',
        'groups',
        'in',
        'out',
        'params',
        'MACs',
        'scale',
        'eff. dil',
        'RF',
      ],
      r.layers.map((l, i) => [
        String(i + 1),
        l.name,
        l.op,
        l.kernel.join('×'),
        ax(l.dilation),
        ax(l.stride),
        `${ax(l.padding.before, ',')}/${ax(l.padding.after, ',')}`,
        String(l.groups),
        String(l.channelsIn),
        String(l.channelsOut),
        count(l.parameters),
        count(l.macs),
        ax(l.scale),
        ax(l.effectiveDilation),
        l.receptiveField === null ? 'global' : `${ax(l.receptiveField)}${l.global ? '+g' : ''}`,
      ]),
      { align: ['right', 'left', 'left'] },
    ),
  );
  out.push(
    '  pad = before/after per axis (folded Pad included); RF = receptive field so far; +g: a global branch also reaches it\n',
  );
  out.push(
    `\nDeaf bands (power ${r.deafBands.thresholdDb} dB or more below its peak; ω in rad per input sample)\n`,
  );
  const byLayer = r.deafBands.byLayer.filter((b) => b.bands.length > 0);
  out.push(
    byLayer.length
      ? table(
          ['layer', 'axis', 'bands'],
          byLayer.map((b) => [b.name, b.axis, bands(b.bands)]),
          { align: ['left', 'left', 'left'], width: 110 },
        )
      : '  no layer has a deaf band\n',
  );
  for (const s of r.deafBands.shared) {
    out.push(
      `  shared by the ${s.layers.length} dilated layers (${s.axis}): ${s.layers.length ? bands(s.bands) : 'no dilated layers'}\n`,
    );
  }
  if (r.border.length) {
    out.push('\nBorder validity (dilated layers on the map they read, with their own padding)\n');
    out.push(
      table(
        ['layer', 'map', 'branch', 'all taps', 'centre only', 'mean valid'],
        r.border.map((b) => [
          b.name,
          b.inputSize.join('×'),
          b.branch ? 'yes' : 'no',
          `${(b.allTapsFraction * 100).toFixed(1)}%`,
          `${(b.centerOnlyFraction * 100).toFixed(1)}%`,
          `${(b.meanValidFraction * 100).toFixed(1)}%`,
        ]),
        { align: ['left', 'right', 'left'] },
      ),
    );
  } else if (!r.model.inputSize) {
    out.push('\nBorder validity: give --input-size (the model input has no fixed size)\n');
  }
  out.push('\nLinearised composite\n');
  const comp = r.composite;
  out.push(
    comp.computed
      ? `  kernel [${comp.shape!.join(', ')}] from offset ${comp.start!.join(', ')}; ${comp.note}\n${(
          comp.power ?? []
        )
          .map((p) => `  deaf bands (${p.axis}): ${bands(p.deafBands)}`)
          .join('\n')}\n`
      : `  ${comp.note}\n`,
  );
  out.push(
    `  cost ${comp.cost.toExponential(2)} multiply-adds (budget ${comp.budget.toExponential(2)})\n`,
  );
  return out.join('');
}

function dbOf(p: number, peak: number): string {
  if (!(p > 0)) return '-inf';
  return (10 * Math.log10(p / peak)).toFixed(1);
}

/** `response --model` as text: per-layer power (dB re its peak) at a few frequencies. */
export function renderModelResponse(r: ModelAnalysis, file: string, rows = 9): string {
  const out: string[] = [header(r, file, 'response --model')];
  const grid = r.power[0]?.w ?? r.composite.power?.[0]?.w ?? [];
  const picks = Array.from({ length: Math.min(rows, grid.length) }, (_, i) =>
    Math.round((i * (grid.length - 1)) / Math.max(1, rows - 1)),
  );
  const series: { name: string; power: number[] }[] = r.power.map((p: LayerPower) => ({
    name: `${p.name}${r.dims === 2 ? ` (${p.axis})` : ''}`,
    power: p.power,
  }));
  for (const p of r.composite.power ?? [])
    series.push({
      name: `linearised composite${r.dims === 2 ? ` (${p.axis})` : ''}`,
      power: p.power,
    });
  out.push(
    '\nPower response P(ω) = ‖K(ω)‖²_F / C_in in dB re its peak; ω in rad per input sample\n',
  );
  out.push(
    table(
      ['layer', ...picks.map((j) => `${(grid[j] / Math.PI).toFixed(3)}π`)],
      series.map((s) => {
        const peak = Math.max(...s.power);
        return [s.name, ...picks.map((j) => dbOf(s.power[j], peak))];
      }),
    ),
  );
  if (!r.composite.computed) out.push(`  linearised composite: ${r.composite.note}\n`);
  return out.join('');
}
