/**
 * `dilation-lab presets`: the named networks from the literature, with their sources.
 */
import { PRESETS } from '../../network/index.ts';
import { type CommandModule, withExamples } from '../context.ts';
import { table } from '../table.ts';

/** The human listing: a table of name, title and source (wrapped to 100 columns). */
export function renderPresets(): string {
  const rows = PRESETS.map((p) => [p.name, `${p.title}\nsource: ${p.source}`]);
  return `Presets (use with --preset NAME; --json for the specs)\n\n${table(['name', 'title and source'], rows, { align: ['left', 'left'], width: 100 })}`;
}

export const presetsCommand: CommandModule = {
  name: 'presets',
  register(program, ctx) {
    const cmd = program
      .command('presets')
      .description('list the preset networks (name, title, source); --json gives their specs')
      .option('--json', 'print the full list as JSON: name, title, source, notes, spec')
      .action((opts: { json?: boolean }) => {
        if (opts.json) ctx.out(`${JSON.stringify(PRESETS, null, 2)}\n`);
        else ctx.out(renderPresets());
      });
    return withExamples(cmd, [
      'dilation-lab presets',
      'dilation-lab presets --json',
      'dilation-lab analyze --preset hdc',
    ]);
  },
};
