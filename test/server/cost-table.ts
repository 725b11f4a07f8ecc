/**
 * Networks of very different analysis cost, with the median time of `analyze` measured by
 * `npm run bench -- analyze-cost` (bench/analyze-cost.ts; a loaded 2-core machine, 2026-12-01).
 * test/server/cost.test.ts checks that analyzeCost orders them as the measured times do.
 */
export type CostRow =
  | { name: string; ms: number; preset: string }
  | {
      name: string;
      ms: number;
      kernel: string;
      rates: string;
      mode?: 'stack' | 'parallel' | 'residual';
    };

const ones = (n: number) => Array(n).fill(1).join(',');
const range = (n: number, step = 1) => Array.from({ length: n }, (_, i) => 1 + i * step).join(',');

export const COST_TABLE: readonly CostRow[] = [
  { name: 'box:3 at 1,2,5,9', ms: 14.46, kernel: 'box:3', rates: '1,2,5,9' },
  { name: 'random:3 ×4 at 1', ms: 1.15, kernel: 'random:3:1', rates: ones(4) },
  { name: 'box:3 ×64 at 1', ms: 31.41, kernel: 'box:3', rates: ones(64) },
  { name: 'box:3 ×4 at 256', ms: 94.69, kernel: 'box:3', rates: '256,256,256,256' },
  { name: 'box:64 ×4 at 1', ms: 44.49, kernel: 'box:64', rates: ones(4) },
  { name: 'wavenet-block', ms: 92.23, preset: 'wavenet-block' },
  { name: 'deeplab-v3-aspp-os16 (2-D)', ms: 21.87, preset: 'deeplab-v3-aspp-os16' },
  { name: 'box:3x3 ×8 at 1..128', ms: 62.23, kernel: 'box:3x3', rates: '1,2,4,8,16,32,64,128' },
  { name: 'box:64 ×8 at 1..8', ms: 222.36, kernel: 'box:64', rates: range(8) },
  { name: 'box:64 ×4 at 256', ms: 7459.36, kernel: 'box:64', rates: '256,256,256,256' },
  {
    name: 'residual random:32 ×64',
    ms: 19234.82,
    kernel: 'random:32:1',
    rates: range(64)
      .split(',')
      .map((d) => 1 + ((Number(d) - 1) % 8))
      .join(','),
    mode: 'residual',
  },
];
