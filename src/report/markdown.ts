/**
 * report.md of a report: the same tables as index.html, and the figures as image links
 * (PNG when written, else SVG, else a note), with links to their data.
 */
import type { ReportModel } from './build.ts';
import type { Provenance } from './provenance.ts';
import type { ImageFormat } from './render.ts';
import type { ReportTable } from './tables.ts';

/** A Markdown table cell: pipes escaped, line breaks as spaces. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A report table as a GitHub-flavoured Markdown table. */
export function tableMarkdown(t: ReportTable): string {
  const head = `| ${t.columns.map(mdCell).join(' | ')} |`;
  const rule = `|${t.columns.map(() => ' --- ').join('|')}|`;
  const rows = t.rows.map((r) => `| ${[r.label, ...r.text].map(mdCell).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

/** The Markdown report; `images` are the formats written under figures/. */
export function renderMarkdown(
  model: ReportModel,
  provenance: Provenance,
  images: ReadonlySet<ImageFormat>,
  warnings: readonly string[] = [],
): string {
  const out: string[] = [`# ${model.title}`, ''];
  if (model.description) out.push(model.description, '');
  out.push(
    `Made by ${provenance.tool} ${provenance.version} on ${provenance.generated} from a config with SHA-256 \`${provenance.configSha256}\`. The interactive version is [index.html](index.html).`,
    '',
  );
  for (const w of warnings) out.push(`> **Note:** ${w}`, '');
  for (const e of model.experiments) {
    out.push(`## ${e.title}`, '');
    if (e.description) out.push(e.description, '');
    out.push('Networks:', '');
    for (const n of e.networks) out.push(`- **${n.id}**: ${mdCell(n.label)} (${n.dims}-D)`);
    out.push('', '### Analysis', '', tableMarkdown(e.summary), '');
    for (const t of e.layerTables) out.push(`**${mdCell(t.title)}**`, '', tableMarkdown(t), '');
    out.push(
      `All numbers: [data/${e.name}-analysis.json](data/${e.name}-analysis.json).`,
      '',
      '### Figures',
      '',
    );
    for (const f of e.figures) {
      const alt = mdCell(f.title.replace(/<[^>]+>/g, ''));
      const format = images.has('png') ? 'png' : images.has('svg') ? 'svg' : undefined;
      if (format) out.push(`![${alt}](figures/${f.name}.${format})`, '');
      else out.push(`*${alt}* (image not rendered)`, '');
      const links = [
        ...(images.has('png') ? [`[PNG](figures/${f.name}.png)`] : []),
        ...(images.has('svg') ? [`[SVG](figures/${f.name}.svg)`] : []),
        `[CSV](data/${f.name}.csv)`,
        `[JSON](data/${f.name}.json)`,
      ];
      out.push(`**${f.name}**${f.caption ? `: ${f.caption}` : ''} — ${links.join(' · ')}`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
