import { describe, expect, it } from 'vitest';
import { apiLimitsOf } from '../../src/limits/index.ts';
import { parseNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { SERVER_LIMITS } from '../../src/server/index.ts';
import {
  fastestRate,
  gridNote,
  largestAutoN,
  MIN_POINTS_PER_PERIOD,
  responseGrid,
} from '../../web/src/grid.ts';

/** Grid points ω_k = πk/N (k = 0…N) inside one period [0, 2π/D) of a layer at rate D, counted. */
function countInPeriod(n: number, rate: number): number {
  let count = 0;
  for (let k = 0; k <= n; k++) if ((Math.PI * k) / n < (2 * Math.PI) / rate - 1e-12) count++;
  return count;
}

const stack = (rates: string) => shortFormNetwork({ kernel: 'box:3', rates });

describe('the page’s frequency grid', () => {
  it.each([
    // rates, menu N, N sent
    ['2,2,2', 1024, 1024],
    ['1,2,5', 256, 256],
    ['1,2,4,8,16,32,64,128,256,512', 1024, 4096],
    ['64', 256, 512],
    ['1,2,4,8,16,32,64,128,256,512', 8192, 8192],
  ])('rates %s at menu N = %i asks for N = %i', (rates, chosen, sent) => {
    const g = responseGrid(chosen, [stack(rates)]);
    expect(g.n).toBe(sent);
    expect(g.raised).toBe(sent > chosen);
    expect(g.capped).toBe(false);
  });

  it.each([
    [512, 1024],
    [100, 256],
    [1000, 1024],
    [7, 256],
  ])(
    'gives a layer at rate %i at least 16 grid points in one period (menu N %i)',
    (rate, chosen) => {
      const g = responseGrid(chosen, [stack(`1,${rate}`)]);
      expect(countInPeriod(g.n, rate)).toBeGreaterThanOrEqual(MIN_POINTS_PER_PERIOD);
      // and no more doubling than needed: half of N (if raised) would give fewer than 16
      if (g.raised) expect(countInPeriod(g.n / 2, rate)).toBeLessThan(MIN_POINTS_PER_PERIOD);
    },
  );

  it('counts strides: a rate-4 layer after a stride-8 layer spaces its taps 32 apart', () => {
    const net = parseNetwork({
      type: 'stack',
      layers: [
        { kernel: 'box:3', stride: 8 },
        { kernel: 'box:3', dilation: 4 },
      ],
    });
    expect(fastestRate(net)).toBe(32);
    expect(responseGrid(128, [net]).n).toBe(256);
  });

  it('takes the fastest layer over all the networks shown', () => {
    const g = responseGrid(256, [stack('1,2,5'), stack('1,2,4,8,16,32,64,128,256')]);
    expect(g.rate).toBe(256);
    expect(g.n).toBe(2048);
  });

  it('stops at the limits and says the fastest layer is drawn coarsely', () => {
    const g = responseGrid(1024, [stack('4096')]);
    expect(g.n).toBe(16384);
    expect(g.capped).toBe(true);
    expect(g.perPeriod).toBe(8);
    expect(gridNote(g)).toContain('only 8 points per period');
  });

  it('raises less for networks with many layers, whose answers are larger', () => {
    const limits = apiLimitsOf(SERVER_LIMITS);
    const deep = stack(Array.from({ length: 64 }, () => '1').join(','));
    expect(largestAutoN([stack('1,2,5')], limits)).toBe(16384);
    // 64 layers: 1-D answers count n·(6 + 4·64 + 4) + 2·RF numbers (w, |H|, dB, phase, re, im,
    // four a member, the four phase panels; impulse and step): 8192 passes 2^21, 4096 does not
    const rf = 1 + 64 * 2;
    expect(4096 * 266 + 2 * rf).toBeLessThanOrEqual(2 ** 21);
    expect(8192 * 266 + 2 * rf).toBeGreaterThan(2 ** 21);
    expect(largestAutoN([deep], limits)).toBe(4096);
    expect(responseGrid(1024, [stack('1,512'), deep], limits).n).toBe(4096);
    // a server that sends less caps it lower; one that gives no limits leaves it to the server
    expect(largestAutoN([deep], { ...limits, maxResponseValues: 2 ** 19 })).toBe(1024);
    expect(largestAutoN([deep], { ...limits, maxN: 2048 })).toBe(2048);
    expect(largestAutoN([deep])).toBe(16384);
  });

  it('says nothing when the menu’s N is enough, and names N when raised', () => {
    expect(gridNote(responseGrid(1024, [stack('2,2,2')]))).toBe('');
    expect(gridNote(responseGrid(1024, [stack('1,512')]))).toBe(
      'N raised to 4096: the fastest layer (rate 512) gets 16 points per period.',
    );
  });
});
