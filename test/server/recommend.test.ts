import fc from 'fast-check';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { networkKernel } from '../../src/analysis/composite.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { recommend, recommendParallel } from '../../src/recommend/index.ts';
import { type ApiRoute, closeApp, createApp } from '../../src/server/index.ts';
import { SEARCH_BUDGET_MS, searchHandler } from '../../src/server/resources/recommend.ts';
import { expectError } from './helpers.ts';

const app = createApp();
/** The same routes with a 100 ms budget and no worker: a space too large is refused quickly. */
const tight: ApiRoute[] = [
  {
    path: '/api/recommend',
    methods: ['GET', 'POST'],
    summary: 'tight budget',
    handler: (ctx) => searchHandler(ctx, 'recommend', 100),
  },
  {
    path: '/api/recommend-parallel',
    methods: ['GET', 'POST'],
    summary: 'tight budget',
    handler: (ctx) => searchHandler(ctx, 'recommendParallel', 100),
  },
];
const quick = createApp({ routes: tight, workers: 0, cacheEntries: 0 });
afterAll(async () => {
  await closeApp(app);
  await closeApp(quick);
});

/** Bad queries of the search routes: the field each 400 names and its message. */
const BAD_QUERIES: [string, string, RegExp | null][] = [
  ['/api/recommend?layers=4', 'kernel', /required/],
  ['/api/recommend?kernel=box:3', 'layers', /must be a number or \{min, max\}/],
  ['/api/recommend?kernel=nope:3&layers=2', 'kernel', null],
  ['/api/recommend?kernel=3&layers=x', 'layers', /N or MIN-MAX/],
  ['/api/recommend?kernel=3&layers=0', 'layers', /positive integer/],
  ['/api/recommend?kernel=3&layers=2&maxRate=0', 'maxRate', null],
  ['/api/recommend?kernel=3&layers=2&maxRate=abc', 'maxRate', null],
  ['/api/recommend?kernel=3&layers=2&minRate=9&maxRate=4', 'minRate', /must not exceed/],
  ['/api/recommend?kernel=3&layers=6&rfAtLeast=500&maxRate=8', 'rfAtLeast', /raise maxRate/],
  ['/api/recommend?kernel=3&layers=2&rfAtLeast=9&rfAbout=9', 'rfAbout', /cannot be combined/],
  ['/api/recommend?kernel=3&layers=2&tolerance=2', 'tolerance', /rfAbout/],
  ['/api/recommend?kernel=3&layers=2&mapSize=2', 'mapSize', /no usable rate/],
  ['/api/recommend?kernel=3&layers=2&prefix=1,0', 'prefix[1]', null],
  ['/api/recommend?kernel=3&layers=2&references=nope', 'references[0]', /preset name/],
  ['/api/recommend?kernel=3&layers=2&top=0', 'top', null],
  ['/api/recommend?kernel=3&layers=2&grid=100', 'grid', /power of two/],
  ['/api/recommend?kernel=3&layers=2&search=random', 'search', null],
  ['/api/recommend?kernel=box:3x2&layers=2', 'kernel', /square/],
  ['/api/recommend?kernel=3&layers=2&colour=red', 'colour', /not a known parameter/],
  ['/api/recommend?kernel=3&layers=2&maxRate=3000', 'maxRate', /exact dilated nulls/],
  ['/api/recommend-parallel?mapSize=33', 'branches', null],
  ['/api/recommend-parallel?branches=3', 'mapSize', null],
  ['/api/recommend-parallel?branches=3&mapSize=5', 'mapSize', /fewer than the 3 branches/],
  ['/api/recommend-parallel?branches=3&mapSize=33&kernel=box:2x2', 'kernel', /odd size/],
  ['/api/recommend-parallel?branches=3&mapSize=33&layers=4', 'layers', null],
];

/** What the library's result looks like after JSON (Infinity → null). */
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('GET|POST /api/recommend', () => {
  it('answers the issue’s question exactly as recommend() does, by query', async () => {
    const res = await request(app).get('/api/recommend?kernel=3x3&layers=4&rfAtLeast=45');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const want = recommend({ kernel: 'box:3x3', layers: 4, receptiveField: { atLeast: 45 } });
    expect(res.body).toEqual(asJson(want));
    expect(res.body.picks).toHaveLength(5);
  });

  it('gives gridding-free picks with the receptive field asked, checked by a naive tap-set convolution', async () => {
    const res = await request(app).get(
      '/api/recommend?kernel=box:3&layers=3-4&rf-at-least=30&max-rate=16&top=8',
    );
    expect(res.status).toBe(200);
    for (const p of res.body.picks as { rates: number[]; receptiveField: number }[]) {
      const counts = networkKernel(shortFormNetwork({ kernel: 'box:3', rates: p.rates }), true);
      const rf = 1 + 2 * p.rates.reduce((a, b) => a + b, 0);
      expect(counts.shape).toEqual([rf]);
      expect(p.receptiveField).toBe(rf);
      expect(rf).toBeGreaterThanOrEqual(30);
      expect(counts.weights.every((c) => c > 0)).toBe(true);
      expect(Math.max(...p.rates)).toBeLessThanOrEqual(16);
    }
  });

  it('takes the library’s options as a POST body and returns what recommend() returns', async () => {
    const options = {
      kernel: 'box:3x3',
      layers: { min: 3, max: 4 },
      receptiveField: { about: 49, tolerance: 6 },
      maxRate: 24,
      mapSize: 65,
      prefix: [1],
      references: ['context-module', [1, 2, 4, 8]],
      top: 4,
    };
    const res = await request(app).post('/api/recommend').send(options);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(asJson(recommend(options)));
  });

  it('reads the query’s prefix, references, RF window and beam search like the body', async () => {
    const res = await request(app).get(
      '/api/recommend?kernel=3&layers=2&prefix=1,2&rfAbout=30&tolerance=4&references=hdc;1,2,4&search=beam&beamWidth=20',
    );
    expect(res.status).toBe(200);
    const want = recommend({
      kernel: 'box:3',
      layers: 2,
      prefix: [1, 2],
      receptiveField: { about: 30, tolerance: 4 },
      references: ['hdc', [1, 2, 4]],
      search: 'beam',
      beamWidth: 20,
    });
    expect(res.body).toEqual(asJson(want));
    expect(res.body.search.exhaustive).toBe(false);
  });

  it('answers a search that finds nothing with no pick, the reason and the closest schedules', async () => {
    // RF = 1 + 2(d1 + d2) is odd: exactly 8 is impossible.
    const res = await request(app)
      .post('/api/recommend')
      .send({ kernel: 'box:3', layers: 2, receptiveField: { about: 8, tolerance: 0 } });
    expect(res.status).toBe(200);
    expect(res.body.picks).toEqual([]);
    expect(res.body.reason).toMatch(/no gridding-free schedule/);
    expect(res.body.closest.map((c: { rates: number[] }) => c.rates)).toEqual(
      asJson(
        recommend({ kernel: 'box:3', layers: 2, receptiveField: { about: 8, tolerance: 0 } }),
      ).closest.map((c: { rates: number[] }) => c.rates),
    );
  });

  describe('bad input is a 4xx naming the field', () => {
    it.each(BAD_QUERIES)('GET %s → 400 on %s', async (url, field, message) => {
      expectError(await request(app).get(url), 400, field, message ?? undefined);
    });

    it('refuses unknown body keys, a body that is not an object, and malformed JSON', async () => {
      expectError(
        await request(app).post('/api/recommend').send({ kernel: 'box:3', layers: 2, budget: {} }),
        400,
        'budget',
        /not a known option/,
      );
      expectError(await request(app).post('/api/recommend').send([1, 2]), 400, 'body');
      expectError(
        await request(app)
          .post('/api/recommend')
          .set('Content-Type', 'application/json')
          .send('{"kernel":'),
        400,
        'body',
      );
      expectError(
        await request(app)
          .post('/api/recommend')
          .send({ kernel: 'box:3', layers: 2, references: [{}] }),
        400,
        'references[0]',
      );
    });
  });

  describe('check=true: whether the search would run, as a 200 either way', () => {
    it.each(BAD_QUERIES)(
      'GET %s&check=true → the 400’s error on %s as the verdict',
      async (url) => {
        const bad = await request(app).get(url);
        expect(bad.status).toBe(400);
        const res = await request(app).get(`${url}&check=true`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ accepted: false, error: bad.body.error });
      },
    );

    it('accepts a good search without running it, by query and by body', async () => {
      const get = await request(app).get(
        '/api/recommend?kernel=3x3&layers=4&rfAtLeast=45&check=true',
      );
      expect(get.status).toBe(200);
      expect(get.body).toEqual({ accepted: true });
      const post = await request(app)
        .post('/api/recommend-parallel?check=true')
        .send({ branches: 3, mapSize: 33 });
      expect(post.body).toEqual({ accepted: true });
    });

    it('gives a POST body’s error (library names) as the verdict, the same as its 400', async () => {
      const body = { kernel: 'box:3', layers: 6, receptiveField: { atLeast: 500 }, maxRate: 8 };
      const bad = await request(app).post('/api/recommend').send(body);
      expect(bad.status).toBe(400);
      const res = await request(app).post('/api/recommend?check=true').send(body);
      expect(res.status).toBe(200);
      expect(res.body.accepted).toBe(false);
      expect(res.body.error).toEqual(bad.body.error);
      expect(res.body.error.field).toBe('receptiveField');
    });

    it('refuses a check that is not true or false', async () => {
      expectError(
        await request(app).get('/api/recommend?kernel=3&layers=2&check=maybe'),
        400,
        'check',
        /true or false/,
      );
    });
  });

  describe('a space too large for the time budget', () => {
    it('is a 422 on field "search" with advice on how to narrow it', async () => {
      // 8 layers of rates ≤ 64: about 1e10 multisets, 8e7 of them feasible (counted first,
      // so the library picks beam search), seconds of work — far over 100 ms.
      const res = await request(quick)
        .post('/api/recommend')
        .send({ kernel: 'box:3', layers: 8, receptiveField: { atLeast: 45 } });
      expectError(res, 422, 'search', /search space too large.*100 ms/);
      expect(res.body.error.message).toMatch(/lower maxRate, fewer layers/);
      // The hint names the options by their query keys (rfAbout, not receptiveField.about).
      expect(res.body.error.message).toMatch(/a window for the receptive field \(rfAbout\)/);
      expect(res.body.error.message).toMatch(/\d+ feasible schedules/);
    });

    it('is a 422 for ASPP rate sets too', async () => {
      const res = await request(quick).get('/api/recommend-parallel?branches=8&mapSize=400');
      expectError(res, 422, 'search', /narrow it: fewer branches/);
    });

    it(`is also what the default server answers after its ${SEARCH_BUDGET_MS} ms budget, on the worker`, async () => {
      const res = await request(app).get('/api/recommend?kernel=3&layers=7&rfAtLeast=45');
      expectError(res, 422, 'search', new RegExp(`budget of ${SEARCH_BUDGET_MS} ms`));
    });
  });
});

describe('GET|POST /api/recommend-parallel', () => {
  it('returns what recommendParallel() returns, by query and by body', async () => {
    const want = asJson(recommendParallel({ branches: 3, mapSize: 33, outputStride: 16, top: 3 }));
    const get = await request(app).get(
      '/api/recommend-parallel?branches=3&map-size=33&output-stride=16&top=3',
    );
    expect(get.status).toBe(200);
    expect(get.body).toEqual(want);
    const post = await request(app)
      .post('/api/recommend-parallel')
      .send({ branches: 3, mapSize: 33, outputStride: 16, top: 3 });
    expect(post.body).toEqual(want);
    expect(want.references.map((r: { rates: number[] }) => r.rates)).toEqual([
      [6, 12, 18],
      [12, 24, 36],
    ]);
  });

  it('takes extra reference rate sets', async () => {
    const res = await request(app).get(
      '/api/recommend-parallel?branches=2&mapSize=17&references=1,4;2,6&top=2',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      asJson(
        recommendParallel({
          branches: 2,
          mapSize: 17,
          references: [
            [1, 4],
            [2, 6],
          ],
          top: 2,
        }),
      ),
    );
  });
});

describe('the search routes never answer 5xx', () => {
  const KEYS = [
    'kernel',
    'layers',
    'maxRate',
    'minRate',
    'rfAtLeast',
    'rfAbout',
    'tolerance',
    'mapSize',
    'prefix',
    'references',
    'top',
    'grid',
    'search',
    'beamWidth',
    'branches',
    'outputStride',
    'receptiveField',
    'thresholdDb',
    'minAllTapsFraction',
    '__proto__',
    'constructor',
  ];
  const TEXT = [
    '3',
    '3x3',
    'box:3',
    'binomial:5',
    'weights:0.2,0.5,0.3',
    '[0.25,0.5,0.25]',
    '[[1,2],[3,4]]',
    '2-4',
    '1,2',
    'hdc;1,2,4',
    'beam',
    '0',
    '-1',
    '33',
    '1e308',
    'NaN',
    '',
    '[',
  ];
  const text = fc.oneof(
    fc.constantFrom(...TEXT),
    fc.integer({ min: -3, max: 70 }).map(String),
    fc.string({ maxLength: 12 }),
  );
  const json = fc.oneof(
    fc.constantFrom(...TEXT),
    fc.integer({ min: -3, max: 40 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constant(null),
    fc.array(fc.integer({ min: -1, max: 9 }), { maxLength: 5 }),
    fc.record({ min: fc.integer({ min: 0, max: 5 }), max: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ atLeast: fc.integer({ min: -1, max: 60 }) }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const routes = fc.constantFrom('/api/recommend', '/api/recommend-parallel');

  function check(res: request.Response): void {
    expect(res.status, `${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    if (res.status >= 400) {
      expect(typeof res.body.error.message).toBe('string');
      expect(res.body.error.message).not.toMatch(/\n\s+at /);
    }
  }

  it('holds for random queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        routes,
        fc.dictionary(fc.constantFrom(...KEYS), text, { maxKeys: 6 }),
        async (route, query) => {
          const qs = new URLSearchParams(query as Record<string, string>).toString();
          check(await request(quick).get(`${route}?${qs}`));
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it('holds for random bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        routes,
        fc.dictionary(fc.constantFrom(...KEYS), json, { maxKeys: 6 }),
        async (route, body) => {
          check(await request(quick).post(route).send(body));
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });
});
