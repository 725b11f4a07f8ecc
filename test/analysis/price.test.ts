/**
 * Issue 12: every network inside the documented limits answers in about 2 s, by
 * construction: `analyze` refuses a network priced above MAX_ANALYZE_COST (analyzeCost, one
 * rule for the library, the CLI, the server and the page) with a user error on `network`.
 * The times behind the limit are in docs/performance.md (bench/analyze-limits.ts); no test
 * here runs a costly analysis or asserts on time.
 */
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, analyzeCost, checkAnalyzeCost, MAX_ANALYZE_COST } from '../../src/index.ts';
import { parseNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { closeApp, createApp } from '../../src/server/index.ts';
import { cli, expectBadInput } from '../cli/helpers.ts';
import { expectError } from '../server/helpers.ts';

const range = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);

/** Inside LIMITS (64 layers, 64 taps, rate ≤ 4096, RF ≤ 2^20) but far above the price. */
const refused: [string, ReturnType<typeof parseNetwork>][] = [
  [
    '64 × box:64 at 260 (RF 1,048,321)',
    shortFormNetwork({ kernel: 'box:64', rates: Array(64).fill(260) }),
  ],
  ['64 × box:64 at 228..291', shortFormNetwork({ kernel: 'box:64', rates: range(64, 228) })],
  [
    'a 16-branch sum at RF ≈ 2^16',
    parseNetwork({
      type: 'parallel',
      merge: 'sum',
      branches: range(16, 0).map((i) => ({
        layers: [{ kernel: 'box:64', dilation: 1040 - 3 * i }],
      })),
    }),
  ],
  ['box:64 at 4096', shortFormNetwork({ kernel: 'box:64', rates: [4096] })],
];

describe('analyze refuses networks priced above MAX_ANALYZE_COST', () => {
  it.each(refused)(
    '%s is a FieldError on network giving the price, the limit and what to reduce',
    (_n, net) => {
      expect(analyzeCost(net)).toBeGreaterThan(MAX_ANALYZE_COST);
      let error: unknown;
      try {
        analyze(net);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RangeError);
      const e = error as RangeError & { field?: string };
      expect(e.field).toBe('network');
      expect(e.message).toMatch(/too costly to analyse in about 2 s/);
      expect(e.message).toContain(`${Math.round(analyzeCost(net))} points`);
      expect(e.message).toContain(`above the limit of ${MAX_ANALYZE_COST};`);
      expect(e.message).toMatch(/smaller rates or kernels, or fewer layers or branches/);
    },
  );

  it('the price grows with the rate, so the largest accepted box:64 layer is next to the first refused one', () => {
    const at = (d: number) => shortFormNetwork({ kernel: 'box:64', rates: [d] });
    let d = 1;
    while (analyzeCost(at(d + 1)) <= MAX_ANALYZE_COST) d++;
    expect(() => checkAnalyzeCost(at(d))).not.toThrow();
    expect(() => checkAnalyzeCost(at(d + 1))).toThrow(/too costly/);
    // inside maxRate 4096: the cost limit, not LIMITS, is what refuses it
    expect(d + 1).toBeLessThan(4096);
  });

  it('every preset is priced inside the limit', async () => {
    const { PRESETS, presetNetwork } = await import('../../src/network/index.ts');
    for (const { name } of PRESETS)
      expect([name, analyzeCost(presetNetwork(name)) <= MAX_ANALYZE_COST]).toEqual([name, true]);
  });
});

describe('the CLI and the server refuse the same networks as user errors', () => {
  it('dilation-lab analyze exits 2 with the message on stderr and writes nothing on stdout', async () => {
    const run = await cli(['analyze', '--kernel', 'box:64', '--rates', '4096', '--json']);
    expectBadInput(run, 'network', 'too costly to analyse in about 2 s');
  });

  const app = createApp({ workers: 0 });
  afterAll(() => closeApp(app));

  it('GET /api/analyze is a 400 naming network, at once', async () => {
    const res = await request(app).get('/api/analyze').query({ kernel: 'box:64', rates: '4096' });
    expectError(res, 400, 'network', /too costly to analyse in about 2 s/);
  });
});
