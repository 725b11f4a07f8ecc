/**
 * The data files of a report: data/NAME.csv and data/NAME.json hold the numbers behind
 * figure NAME (the builder's table), data/EXPERIMENT-analysis.json the `analyze` output of
 * each network. Provenance goes in a header: `#` comment lines in CSV (read with
 * `pandas.read_csv(path, comment="#")`), a `provenance` object in JSON. Numbers are
 * written in shortest round-trip form, so the same config gives the same bytes apart from
 * the `generated` date.
 */
import { tableToCsv, tableToRecords } from '../figures/index.ts';
import type { BuiltExperiment, BuiltFigure } from './build.ts';
import type { Provenance } from './provenance.ts';

/** The CSV of a figure's table with a two-line `#` provenance header. */
export function figureCsv(f: BuiltFigure, p: Provenance): string {
  const what = `figure ${f.name} (kind ${f.kind}, experiment ${f.experiment}${f.network ? `, network ${f.network}` : ''})`;
  return `# ${p.tool} ${p.version} report data: ${what.replace(/\n/g, ' ')}\n# config sha256 ${p.configSha256}; generated ${p.generated}\n${tableToCsv(f.figure.table)}`;
}

/** The JSON of a figure's table: provenance, figure, columns and rows (records keyed by column). */
export function figureJson(f: BuiltFigure, p: Provenance): string {
  return `${JSON.stringify(
    {
      provenance: p,
      figure: {
        name: f.name,
        kind: f.kind,
        experiment: f.experiment,
        ...(f.network ? { network: f.network } : {}),
        title: f.title,
      },
      columns: f.figure.table.columns,
      rows: tableToRecords(f.figure.table),
    },
    null,
    1,
  )}\n`;
}

/** The JSON of an experiment's analysis: options, and each network's spec and `analyze` result. */
export function analysisJson(e: BuiltExperiment, p: Provenance): string {
  return `${JSON.stringify(
    {
      provenance: p,
      experiment: e.name,
      title: e.title,
      options: e.options,
      networks: e.networks.map((n) => ({
        id: n.id,
        label: n.label,
        dims: n.dims,
        spec: n.spec,
        analysis: n.analysis ?? n.model,
      })),
    },
    null,
    1,
  )}\n`;
}
