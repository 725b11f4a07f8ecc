import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeApp,
  createApp,
  Dispatcher,
  type Job,
  JobPool,
  SERVER_LIMITS,
} from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

// Issue 8 item 4: one 64-slot queue served heavy and medium jobs, accepted jobs waited up to
// 133 s, a job whose client had gone was still computed, and recommend input was validated
// only inside the worker.
const limits = SERVER_LIMITS;
/** A search that uses its whole time budget (a space far too large for it). */
const slow = (maxMs: number, seed: number): Job => ({
  kind: 'recommend',
  request: { kernel: 'box:3', layers: 7, receptiveField: { atLeast: 45 + seed } },
  maxMs,
  limits,
});
const medium: Job = {
  kind: 'analyze',
  source: { kernel: 'box:3', rates: [1, 2, 5] },
  options: {},
  limits,
};

async function settle<T>(
  p: Promise<T>,
): Promise<{ ok: boolean; status?: number; headers?: Record<string, string>; ms: number }> {
  const t = performance.now();
  try {
    await p;
    return { ok: true, ms: performance.now() - t };
  } catch (e) {
    const h = e as { status?: number; headers?: Record<string, string> };
    return { ok: false, status: h.status, headers: h.headers, ms: performance.now() - t };
  }
}

describe('JobPool lanes, waits and cancellation', () => {
  it('a full heavy lane is a 503 with Retry-After at once, and medium jobs still run', async () => {
    const pool = new JobPool({ size: 2, maxQueueHeavy: 1, maxQueue: 4 });
    try {
      const a = settle(pool.run(slow(1500, 1), true)); // runs on one worker
      const b = settle(pool.run(slow(1500, 2), true)); // waits in the heavy lane
      const c = await settle(pool.run(slow(1500, 3), true)); // lane full
      expect(c.ok).toBe(false);
      expect(c.status).toBe(503);
      expect(c.headers?.['Retry-After']).toMatch(/^\d+$/);
      expect(c.ms).toBeLessThan(1000); // at once, not after the queue
      const m = await settle(pool.run(medium, false));
      expect(m.ok).toBe(true);
      expect((await a).status).toBe(422);
      expect((await b).status).toBe(422);
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('a job waiting longer than maxWaitMs is a 503 with Retry-After', async () => {
    const pool = new JobPool({ size: 2, maxWaitMs: 300 });
    try {
      const a = settle(pool.run(slow(2000, 4), true));
      const b = await settle(pool.run(slow(2000, 5), true)); // heavy may not take the last worker
      expect(b.status).toBe(503);
      expect(b.headers?.['Retry-After']).toMatch(/^\d+$/);
      await a;
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('a job whose client has gone is taken off the queue, or its worker stopped', async () => {
    const pool = new JobPool({ size: 2 });
    try {
      const running = new AbortController();
      const queued = new AbortController();
      const a = settle(pool.run(slow(5000, 6), true, running.signal));
      const b = settle(pool.run(slow(5000, 7), true, queued.signal));
      await new Promise((r) => setTimeout(r, 300));
      expect(pool.load.running).toBe(1);
      expect(pool.load.queued).toBe(1);
      queued.abort();
      running.abort();
      const [ra, rb] = await Promise.all([a, b]);
      expect(rb.status).toBe(499);
      expect(ra.status).toBe(499);
      expect(ra.ms).toBeLessThan(4000); // stopped, not computed to its 5 s budget
      expect(pool.load).toEqual({ queued: 0, running: 0, runningHeavy: 0 });
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('a shared job is cancelled only when every client waiting for it has gone', async () => {
    const pool = new JobPool({ size: 2 });
    const d = new Dispatcher({ cache: null, pool });
    try {
      const one = new AbortController();
      const two = new AbortController();
      const job = slow(1200, 8);
      const a = settle(d.run(job, null, Number.POSITIVE_INFINITY, one.signal));
      const b = settle(d.run(job, null, Number.POSITIVE_INFINITY, two.signal));
      await new Promise((r) => setTimeout(r, 200));
      one.abort();
      const rb = await b; // the other client still gets its answer (a 422 budget answer)
      expect(rb.status).toBe(422);
      expect((await a).status).toBe(422);
    } finally {
      await pool.close();
    }
  }, 20_000);
});

describe('search requests are validated before they are queued', () => {
  const app = createApp({ limits: { maxQueueHeavy: 0 } });
  afterAll(() => closeApp(app));

  it('a contradictory search is a 400 at once even when the heavy lane takes nothing', async () => {
    const res = await request(app)
      .get('/api/recommend')
      .query({ kernel: '3', layers: '2', rfAtLeast: '1000', maxRate: '8' });
    expectError(res, 400, 'rfAtLeast', /asks for at least 1000/);
  });

  it('a valid one then meets the full lane: 503 with Retry-After', async () => {
    const res = await request(app)
      .get('/api/recommend')
      .query({ kernel: '3', layers: '3', maxRate: '8' });
    expectError(res, 503, null, /busy/);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
  });
});
