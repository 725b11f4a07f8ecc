/**
 * recommend's feasible count (issue 12): `node --import tsx bench/recommend-count.ts`.
 * countFeasibleStacks for 8 layers of box:3 at rates ≤ 64 with no RF bound (the space that
 * used to fail on the node budget after 96 s), median of 9 calls, then one `recommend` call
 * with the search chosen from the count. Prints a Markdown section.
 */
import { countFeasibleStacks } from '../src/recommend/count.ts';
import { recommend } from '../src/recommend/index.ts';

const space = {
  k: 3,
  prefix: [],
  minLayers: 8,
  maxLayers: 8,
  minRate: 1,
  maxRate: 64,
  rfMin: 1,
  rfMax: Number.POSITIVE_INFINITY,
};
const times: number[] = [];
let count = countFeasibleStacks(space);
for (let i = 0; i < 9; i++) {
  const t = performance.now();
  count = countFeasibleStacks(space);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const t = performance.now();
const r = recommend({ kernel: 'box:3', layers: 8, maxRate: 64 });
const ms = performance.now() - t;
const lines = [
  '## recommend: feasible count',
  '',
  '8 layers of box:3, rates ≤ 64, no receptive-field bound.',
  '',
  '| step | result | ms |',
  '|---|---|---:|',
  `| count (DP over depth, last rate, running RF) | ${count?.feasible} feasible schedules, up to ${count?.partial} search nodes | ${times[4].toFixed(1)} |`,
  `| \`recommend\` with the search chosen from the count | ${r.search.strategy}, ${r.picks.length} picks, best ${r.picks[0]?.rates.join(',')} | ${ms.toFixed(0)} |`,
  '',
  'Before: an exhaustive search stopped on its 20,000,000-node budget after 96 s.',
];
process.stdout.write(`${lines.join('\n')}\n`);
