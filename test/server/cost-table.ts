/**
 * Networks of very different analysis cost, with the CPU time of one cold `analyze` call in a
 * process of its own (2026-12-02, load 16 on the 2-core machine, after the tap-map and zeros
 * speed-ups; the residual row is the 2026-12-01 median of `npm run bench -- analyze-cost`).
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
  { name: 'box:3 at 1,2,5,9', ms: 27, kernel: 'box:3', rates: '1,2,5,9' },
  { name: 'random:3 ×4 at 1', ms: 16, kernel: 'random:3:1', rates: ones(4) },
  { name: 'box:3 ×64 at 1', ms: 41, kernel: 'box:3', rates: ones(64) },
  { name: 'box:3 ×4 at 256', ms: 97, kernel: 'box:3', rates: '256,256,256,256' },
  { name: 'box:64 ×4 at 1', ms: 110, kernel: 'box:64', rates: ones(4) },
  { name: 'wavenet-block', ms: 93, preset: 'wavenet-block' },
  { name: 'deeplab-v3-aspp-os16 (2-D)', ms: 64, preset: 'deeplab-v3-aspp-os16' },
  { name: 'box:3x3 ×8 at 1..128', ms: 179, kernel: 'box:3x3', rates: '1,2,4,8,16,32,64,128' },
  { name: 'box:64 ×8 at 1..8', ms: 300, kernel: 'box:64', rates: range(8) },
  { name: 'box:64 ×4 at 256', ms: 927, kernel: 'box:64', rates: '256,256,256,256' },
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
