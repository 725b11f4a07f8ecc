/**
 * Writes docs/presets.md from the presets and what `analyze` computes for them (the page
 * test/network/presets-doc.test.ts checks). Run: node --import tsx scripts/presets-doc.ts
 */
import { writeFileSync } from 'node:fs';
import { analyze } from '../src/analysis/index.ts';
import { PRESETS, presetNetwork } from '../src/network/index.ts';

const rows = PRESETS.map((p) => {
  const a = analyze(presetNetwork(p.name));
  const rf = Array.isArray(a.receptiveField)
    ? a.receptiveField.join('×')
    : String(a.receptiveField);
  const os = Array.isArray(a.outputStride) ? a.outputStride.join('×') : String(a.outputStride);
  const free = a.griddingFree ? 'yes' : `no (${a.coverage.holes} holes)`;
  return `| \`${p.name}\` | ${a.dims}-D | ${p.padding} | ${rf} | ${os} | ${a.parameters} | ${free} |`;
});
const sections = PRESETS.map(
  (p) => `## ${p.name}

**${p.title}**

Source: ${p.source}

Padding: \`${p.padding}\`.

Model: ${p.notes}

\`\`\`json
${JSON.stringify(p.spec)}
\`\`\`
`,
);
const page = `# Presets

Named networks from the literature, for \`--preset NAME\` (CLI), \`preset=NAME\` (HTTP) and
\`presetNetwork(name)\` (library). Each lists where its schedule comes from, the padding its
layers use as the paper's network pads them, and what the model simplifies. The numbers in
the table are computed by \`dilation-lab analyze --preset NAME\` (this page is written by
\`node --import tsx scripts/presets-doc.ts\`); \`test/network/presets-doc.test.ts\` checks
that it names every preset with its source and the numbers analyze gives.

| name | dims | padding | receptive field | output stride | parameters | gridding-free |
|---|---|---|---|---|---|---|
${rows.join('\n')}

${sections.join('\n')}`;
writeFileSync(new URL('../docs/presets.md', import.meta.url), page);
