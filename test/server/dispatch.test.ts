import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { shortFormNetwork } from '../../src/network/index.ts';
import {
  closeApp,
  createApp,
  Dispatcher,
  type Job,
  JobPool,
  JsonCache,
  runJob,
  SERVER_LIMITS,
} from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

describe('JsonCache', () => {
  it('evicts the least recently used answer beyond its entry count', () => {
    const c = new JsonCache(2, 1 << 20);
    c.set('a', Buffer.from('1'));
    c.set('b', Buffer.from('2'));
    expect(c.get('a')?.toString()).toBe('1');
    c.set('c', Buffer.from('3'));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')?.toString()).toBe('1');
    expect(c.get('c')?.toString()).toBe('3');
    expect(c.size).toBe(2);
  });

  it('keeps its total size within the byte bound and skips answers over a quarter of it', () => {
    const c = new JsonCache(100, 40);
    c.set('big', Buffer.alloc(11));
    expect(c.get('big')).toBeUndefined();
    for (let i = 0; i < 10; i++) c.set(`k${i}`, Buffer.alloc(10));
    expect(c.byteSize).toBe(40);
    expect(c.size).toBe(4);
    expect(c.get('k9')).toBeDefined();
    expect(c.get('k5')).toBeUndefined();
  });
});

describe('Dispatcher', () => {
  const job = (rates: string): Job => ({
    kind: 'taps',
    source: { kernel: 'box:3', rates },
    options: {},
    limits: SERVER_LIMITS,
  });

  it('gives the worker the same answer as running inline, and runs a burst of one job once', async () => {
    const pool = new JobPool();
    let runs = 0;
    const counting = Object.assign(Object.create(pool), {
      run: (j: Job) => {
        runs++;
        return pool.run(j);
      },
    }) as JobPool;
    const d = new Dispatcher({ cache: null, pool: counting, inlineCost: 0 });
    const network = shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' });
    const answers = await Promise.all([1, 2, 3].map(() => d.run(job('1,2,5'), network, 1)));
    expect(runs).toBe(1);
    for (const a of answers) expect(a.toString()).toBe(runJob(job('1,2,5')));
    await pool.close();
  });

  it('answers a repeated job from the cache', async () => {
    const cache = new JsonCache();
    const d = new Dispatcher({ cache, pool: null });
    const network = shortFormNetwork({ kernel: 'box:3', rates: '2,2,2' });
    const first = await d.run(job('2,2,2'), network, 1);
    const second = await d.run(job('2,2,2'), network, 1);
    expect(second).toBe(first);
    expect(cache.size).toBe(1);
  });
});

describe('JobPool', () => {
  it('keeps one of two workers free of heavy jobs, so a light job starts at once', async () => {
    const pool = new JobPool({ size: 2 });
    const heavy: Job = {
      kind: 'response2d',
      source: { kernel: 'box:3x3', rates: '1,2' },
      options: { n: 64 },
      limits: SERVER_LIMITS,
    };
    const light: Job = {
      kind: 'taps',
      source: { kernel: 'box:3', rates: '1,2' },
      options: {},
      limits: SERVER_LIMITS,
    };
    const h1 = pool.run(heavy, true);
    const h2 = pool.run(heavy, true);
    const l = pool.run(light, false);
    expect(pool.load).toEqual({ queued: 1, running: 2, runningHeavy: 1 });
    const answers = await Promise.all([h1, h2, l]);
    expect(answers[2].toString()).toBe(runJob(light));
    expect(answers[0].toString()).toBe(runJob(heavy));
    expect(pool.load).toEqual({ queued: 0, running: 0, runningHeavy: 0 });
    await pool.close();
  });
});

describe('errors raised on the worker thread', () => {
  const app = createApp({ inlineCost: 0 });
  afterAll(() => closeApp(app));

  it('keep their status and field', async () => {
    const res = await request(app)
      .get('/api/analyze')
      .query({ kernel: 'box:3', rates: '1,2', thresholdDb: '6' });
    expectError(res, 400, 'thresholdDb', /below 0/);
  });

  it('and the same app answers good requests from the worker', async () => {
    const res = await request(app).get('/api/taps').query({ kernel: 'box:3', rates: '1,2' });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual([1, 1, 2, 1, 2, 1, 1]);
  });
});

describe('an app without workers', () => {
  const app = createApp({ workers: 0, cacheEntries: 0 });
  afterAll(() => closeApp(app));

  it('runs heavy jobs on the event loop with the same answers', async () => {
    const q = { kernel: 'box:3x3', rates: '1,2,5', n: '256' };
    const inline = await request(app).get('/api/response2d').query(q);
    const pooled = createApp();
    const viaWorker = await request(pooled).get('/api/response2d').query(q);
    await closeApp(pooled);
    expect(inline.status).toBe(200);
    expect(inline.text).toBe(viaWorker.text);
  });
});
