import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildReport,
  filesIn,
  parseReportConfig,
  reportProofs,
  writeReport,
} from '../../src/report/index.ts';

const config = {
  title: 'Blind spots',
  experiments: [
    {
      name: 'two-d',
      networks: [{ label: 'box 2-D rates 2,2', kernel: 'box:3x3', rates: [2, 2] }],
      figures: ['blindspots'],
    },
    {
      name: 'one-d',
      networks: [{ label: 'box 1-D rates 2,2,2', kernel: 'box:3', rates: [2, 2, 2] }],
      figures: ['blindspots'],
    },
  ],
};
const root = mkdtempSync(join(tmpdir(), 'dilation-lab-blindspots-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Row = (number | string | null)[];

describe('the blindspots report figure', () => {
  it('draws, per network, the perturbation at exactly the holes, 0 at the centre, the control beside it', async () => {
    const parsed = parseReportConfig(config);
    const model = buildReport(parsed, undefined, await reportProofs(parsed));
    const figures = model.experiments.flatMap((e) => e.figures);
    expect(figures.map((f) => f.kind)).toEqual(['blindspots', 'blindspots']);
    const [two, one] = figures.map((f) => f.figure);
    // 2-D, rates 2,2 of 3×3: offsets (dy, dx) from −4 to 4; a path reaches (dy, dx) exactly
    // when both are even (the Minkowski sum of {−2, 0, 2} with itself, per axis).
    const rows2 = two.table.rows as Row[];
    const centre = (panel: string, rows: Row[], at: number[]) =>
      rows.find((r) => r[0] === panel && at.every((v, a) => r[1 + a] === v))?.at(-1);
    const perturbation = rows2.filter((r) => r[0] === 'perturbation');
    expect(perturbation).toHaveLength(81);
    const originRow = Math.min(...perturbation.map((r) => r[1] as number)) + 4;
    const originCol = Math.min(...perturbation.map((r) => r[2] as number)) + 4;
    for (const [, row, col, v] of perturbation) {
      const dy = (row as number) - originRow;
      const dx = (col as number) - originCol;
      expect(v, `(${dy}, ${dx})`).toBe(dy % 2 === 0 && dx % 2 === 0 ? 0 : 10);
    }
    const p = [originRow, originCol];
    expect(centre('outputChange', rows2, p)).toBe(0);
    expect(centre('controlChange', rows2, p) as number).toBeGreaterThan(0);
    // Some neighbour of the centre reads a perturbed sample: the panel is not all zero.
    expect(rows2.some((r) => r[0] === 'outputChange' && (r[3] as number) > 0)).toBe(true);
    expect(two.data.filter((t) => t.type === 'heatmap')).toHaveLength(3);
    // 1-D: bars; the odd offsets −5 … 5 of rates 2,2,2 are the holes.
    const rows1 = one.table.rows as Row[];
    const pert1 = rows1.filter((r) => r[0] === 'perturbation');
    const o = Math.min(...pert1.map((r) => r[1] as number)) + 6;
    expect(pert1.filter((r) => r[2] === 10).map((r) => (r[1] as number) - o)).toEqual([
      -5, -3, -1, 1, 3, 5,
    ]);
    expect(centre('outputChange', rows1, [o])).toBe(0);
    expect(one.data.filter((t) => t.type === 'bar')).toHaveLength(3);
  });

  it('writeReport runs the proofs itself: the figure data is written', async () => {
    const out = join(root, 'r');
    await writeReport(config, out, { formats: [] });
    const data = readdirSync(join(out, 'data')).filter((f) => f.includes('blindspots'));
    expect(data.length).toBeGreaterThanOrEqual(2);
    const csv = readFileSync(join(out, 'data', data.find((f) => f.endsWith('.csv')) ?? ''), 'utf8');
    expect(csv).toMatch(/^panel,/m);
  });

  it('draws a model entry with its weights: blind2d, 0 at the centre, torch-checked holes perturbed', async () => {
    const dir = new URL('../fixtures/blindspots/', import.meta.url).pathname;
    const torch = JSON.parse(readFileSync(join(dir, 'blind2d.json'), 'utf8')) as {
      position: number[];
      offsets: number[][];
    };
    const parsed = parseReportConfig(
      {
        title: 'A model',
        experiments: [
          { name: 'm', networks: [{ model: 'blind2d.onnx' }], figures: ['blindspots'] },
        ],
      },
      'r.yaml',
      { files: filesIn(dir) },
    );
    const built = buildReport(parsed, undefined, await reportProofs(parsed));
    const rows = built.experiments[0].figures[0].figure.table.rows as Row[];
    const [py, px] = torch.position;
    const reached = new Set(torch.offsets.map(([dy, dx]) => `${dy},${dx}`));
    const perturbation = rows.filter((r) => r[0] === 'perturbation');
    expect(perturbation).toHaveLength(17 * 17);
    for (const [, row, col, v] of perturbation) {
      const key = `${(row as number) - py},${(col as number) - px}`;
      expect(v, key).toBe(reached.has(key) ? 0 : 10); // +10 in each of the 2 input channels
    }
    const at = (panel: string) =>
      rows.find((r) => r[0] === panel && r[1] === py && r[2] === px)?.[3];
    expect(at('outputChange')).toBe(0);
    expect(at('controlChange') as number).toBeGreaterThan(0);
  });

  it('buildReport without the proofs says what to run', () => {
    expect(() => buildReport(parseReportConfig(config))).toThrow(/reportProofs/);
  });
});
