import fc from 'fast-check';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { closeApp, createApp } from '../../src/server/index.ts';

const app = createApp();
afterAll(() => closeApp(app));

const ROUTES = [
  '/api/analyze',
  '/api/response',
  '/api/response2d',
  '/api/taps',
  '/api/presets',
  '/api/health',
  '/api',
  '/api/nope',
];
const KEYS = [
  'kernel',
  'rates',
  'mode',
  'merge',
  'preset',
  'network',
  'mapSize',
  'map-size',
  'object',
  'thresholdDb',
  'channels',
  'n',
  'whole',
  'fs',
  'includeNyquist',
  'options',
  '__proto__',
  'constructor',
];
const GOOD_TEXT = [
  'box:3',
  'box:3x3',
  'binomial:5',
  'gaussian:7:1.5',
  'random:3:42',
  'weights:0.2,0.5,0.3',
  '[0.25,0.5,0.25]',
  '[[1,2],[3,4]]',
  '1,2,5',
  '2,2,2',
  '1x2,2x4',
  'stack',
  'parallel',
  'residual',
  'sum',
  'concat',
  'tcn',
  'wavenet-block',
  'deeplab-v2-aspp',
  '{"kernel":"box:3","dilation":2}',
  '{"type":"parallel","branches":[{"kernel":"box:3","dilation":1}]}',
  'layers:\n  - kernel: box:3\n',
  '5x3',
  '64',
  '128',
  '-20',
  'true',
  '0',
  '-1',
  '1e308',
  'NaN',
  'Infinity',
  '',
  '[',
  '{"a":',
];

/** Query values: useful words, numbers, and arbitrary text. */
const textValue = fc.oneof(
  fc.constantFrom(...GOOD_TEXT),
  fc.integer({ min: -5, max: 70000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer({ min: -2, max: 9 }), { maxLength: 6 }).map((a) => a.join(',')),
);

/** JSON values: the same, typed, plus nested junk. */
const jsonValue = fc.oneof(
  { depthSize: 'small' },
  fc.constantFrom(...GOOD_TEXT),
  fc.integer({ min: -5, max: 5000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: -2, max: 9 }), { maxLength: 6 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const queryArb = fc.dictionary(
  fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })),
  textValue,
  {
    maxKeys: 5,
  },
);
const bodyArb = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), jsonValue, {
    maxKeys: 5,
  }),
  fc.record(
    {
      kernel: jsonValue,
      rates: jsonValue,
      mode: jsonValue,
      options: fc.dictionary(fc.constantFrom(...KEYS), jsonValue, { maxKeys: 4 }),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 4 }),
);

function checkAnswer(res: request.Response): void {
  expect(res.status, `${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  if (res.status >= 400) {
    expect(typeof res.body.error.message).toBe('string');
    expect(res.body.error.message).not.toMatch(/\n\s+at /);
    expect(res.body.error.field === null || typeof res.body.error.field === 'string').toBe(true);
  }
}

describe('no request gets a 5xx', () => {
  it('holds for random query strings on every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), queryArb, async (route, query) => {
        const qs = new URLSearchParams(query as Record<string, string>).toString();
        checkAnswer(await request(app).get(`${route}?${qs}`));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('holds for random JSON bodies on every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), bodyArb, async (route, body) => {
        checkAnswer(
          await request(app)
            .post(route)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body)),
        );
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('holds for random raw bytes sent as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.string({ maxLength: 60 }),
        async (route, text) => {
          checkAnswer(
            await request(app).post(route).set('Content-Type', 'application/json').send(text),
          );
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
