/**
 * `npm run bench -- analyze-cost`: the time of `analyze` on a table of networks beside the
 * server's price for it (analyzeCost, src/server/resources/analyze.ts), so the cost model
 * can be checked against real time: ns per point should stay within a small factor.
 */
import { analyze } from '../src/analysis/analyze.ts';
import { analyzeCost, MAX_ANALYZE_COST } from '../src/analysis/index.ts';
import { type Network, presetNetwork, shortFormNetwork } from '../src/network/index.ts';
import { COST_TABLE } from '../test/server/cost-table.ts';

function median(net: Network, maxMs: number): number {
  const times: number[] = [];
  const start = performance.now();
  do {
    const t = performance.now();
    analyze(net);
    times.push(performance.now() - t);
  } while (performance.now() - start < maxMs && times.length < 15);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const rows: string[] = [];
for (const row of COST_TABLE) {
  const net = 'preset' in row ? presetNetwork(row.preset) : shortFormNetwork(row);
  if (analyzeCost(net) > MAX_ANALYZE_COST) {
    // analyze refuses it (the library's cost limit): nothing to time
    rows.push(`| ${row.name} | ${analyzeCost(net).toExponential(2)} | refused | — |`);
    continue;
  }
  analyze(net); // warm up
  const ms = median(net, 1500);
  const cost = analyzeCost(net);
  rows.push(
    `| ${row.name} | ${cost.toExponential(2)} | ${ms.toFixed(2)} | ${((ms * 1e6) / cost).toFixed(0)} |`,
  );
  process.stderr.write(`${row.name}: ${ms.toFixed(2)} ms\n`);
}
process.stdout.write(
  `## analyze-cost\n\nThe server's price of an analysis (analyzeCost, points) beside the median time of \`analyze\` (one thread).\n\n| network | points | ms | ns/point |\n|---|---:|---:|---:|\n${rows.join('\n')}\n`,
);
