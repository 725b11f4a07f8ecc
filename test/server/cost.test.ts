import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { allLayers, presetNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { closeApp, createApp } from '../../src/server/index.ts';
import { analyzeCost, MAX_ANALYZE_COST } from '../../src/server/resources/analyze.ts';
import { COST_TABLE, type CostRow } from './cost-table.ts';
import { expectError } from './helpers.ts';

// Issue 8 item 3: /api/analyze was priced at 8 × RF, so a 64-layer residual stack ran on the
// event loop and box:64 × 8 layers as "medium". The model must order networks as their
// measured times do (COST_TABLE, measured by bench/analyze-cost.ts) — an order, not a time.
const net = (r: CostRow) => ('preset' in r ? presetNetwork(r.preset) : shortFormNetwork(r));
const pairs = COST_TABLE.flatMap((a) =>
  COST_TABLE.filter((b) => b.ms >= 4 * a.ms).map((b) => [a.name, b.name, a, b] as const),
);

describe('analyzeCost orders networks as their measured analysis times do', () => {
  it('the table has pairs four times apart or more', () => {
    expect(pairs.length).toBeGreaterThan(20);
  });

  it.each(pairs)('%s costs less than %s', (_a, _b, a, b) => {
    expect(analyzeCost(net(a))).toBeLessThan(analyzeCost(net(b)));
  });

  it('the old price (8 × RF) got some of these pairs backwards', () => {
    const old = (r: CostRow) => 8 * rfCells(net(r));
    expect(pairs.filter(([, , a, b]) => old(a) >= old(b)).length).toBeGreaterThan(0);
  });
});

function rfCells(n: ReturnType<typeof net>): number {
  // the receptive field from the spec: 1 + Σ (k − 1)·d per axis, summed along the layers
  let rows = 1;
  let cols = 1;
  for (const l of allLayers(n)) {
    rows += (l.kernel.shape[0] - 1) * l.dilation[0];
    if (n.dims === 2) cols += (l.kernel.shape[1] - 1) * (l.dilation[1] ?? l.dilation[0]);
  }
  return rows * cols;
}

describe('the server refuses analyses above MAX_ANALYZE_COST (no accepted request times out)', () => {
  const app = createApp({ workers: 0 });
  afterAll(() => closeApp(app));

  it('box:64 at rates 4096 ×4 is a 400 on network that says why, at once', async () => {
    const n = shortFormNetwork({ kernel: 'box:64', rates: '4096,4096,4096,4096' });
    expect(analyzeCost(n)).toBeGreaterThan(MAX_ANALYZE_COST);
    const res = await request(app)
      .get('/api/analyze')
      .query({ kernel: 'box:64', rates: '4096,4096,4096,4096' });
    expectError(res, 400, 'network', /too costly to analyse in about 2 s/);
  });
});
