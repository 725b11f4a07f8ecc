/**
 * `dilation-lab smooth`: smoothed dilation (Wang & Ji 2018) beside the network — without
 * smoothing, with `ssc` and with `gi` on every dilated layer: the polyphase view, holes,
 * nulls, deaf share and the exact ERF's gridding index (docs/cli.md, docs/theory.md §14).
 */
import { type SmoothComparison, smoothComparison } from '../../erf/index.ts';
import { type CommandModule, withExamples } from '../context.ts';
import {
  addNetworkOptions,
  type NetworkSourceOptions,
  networkFromOptions,
} from '../network-source.ts';
import { table } from '../table.ts';

interface SmoothCliOptions extends NetworkSourceOptions {
  json?: boolean;
}

const LABEL = {
  given: 'as given',
  none: 'no smoothing',
  ssc: 'ssc (pre-filter)',
  gi: 'gi (group interaction)',
} as const;

/** The human output of `smooth`. */
export function renderSmooth(c: SmoothComparison): string {
  const r = c.r.join('×');
  const rows = c.rows.map((row) => [
    LABEL[row.variant],
    row.receptiveField.join('×'),
    String(row.holes),
    `${row.polyphase.mixed} of ${row.polyphase.of}`,
    `${row.nulls.length} (${row.nulls.reduce((t, n) => t + n.multiplicity, 0)})`,
    `${(100 * row.deafFraction).toFixed(1)}%`,
    row.erfGriddingIndex.toFixed(3),
  ]);
  const lines = [
    `smoothed dilation (Wang & Ji 2018) on every dilated stride-1 layer; sub-grids at factor ${r}`,
    '',
    table(
      [
        'variant',
        'receptive field',
        'holes',
        'sub-grids mixed',
        'nulls (x cut)',
        'deaf',
        'ERF gridding',
      ],
      rows,
    ).trimEnd(),
    '',
    `sub-grids mixed: residues (offset mod ${r}) of the exact tap set; deaf: share of [0, π] below −20 dB (x cut);`,
    'ERF gridding: gridding index of the exact ERF with i.i.d. weights (1 = holes); nulls: distinct (with multiplicity). docs/theory.md §14.',
  ];
  return `${lines.join('\n')}\n`;
}

export const smoothCommand: CommandModule = {
  name: 'smooth',
  register(program, ctx) {
    const cmd = program
      .command('smooth')
      .description(
        'smoothed dilation (ssc, gi) beside the network: sub-grids mixed, holes, nulls, deaf bands, ERF gridding',
      );
    addNetworkOptions(cmd)
      .option('--json', 'print the comparison as JSON (docs/cli.md)')
      .action(async (opts: SmoothCliOptions) => {
        const network = await networkFromOptions(opts, ctx.io);
        const c = smoothComparison(network);
        ctx.out(opts.json ? `${JSON.stringify(c, null, 2)}\n` : renderSmooth(c));
      });
    return withExamples(cmd, [
      '# every rate 2: the output mixes 1 of 4 sub-grids; ssc and gi mix all 4',
      'dilation-lab smooth --kernel box:3x3 --rates 2,2',
      'dilation-lab smooth --network aspp.yaml --json',
    ]);
  },
};
