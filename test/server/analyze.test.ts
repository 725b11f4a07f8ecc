import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { PRESETS, parseNetwork, presetNetwork, shortFormNetwork } from '../../src/network/index.ts';
import { closeApp, createApp } from '../../src/server/index.ts';

const app = createApp();
afterAll(() => closeApp(app));

/** analyze() as JSON would carry it. */
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

const spec = {
  type: 'stack',
  layers: [
    { kernel: 'box:3', dilation: 1 },
    { kernel: [0.25, 0.5, 0.25], dilation: 2 },
    {
      type: 'parallel',
      merge: 'sum',
      branches: [
        { type: 'stack', layers: [{ kernel: 'box:3', dilation: 6 }] },
        { type: 'stack', layers: [{ kernel: 'box:3', dilation: 12 }] },
      ],
    },
    { type: 'residual', body: { type: 'stack', layers: [{ kernel: 'box:3', dilation: 4 }] } },
  ],
};

describe('GET /api/health and /api', () => {
  it('answers ok with the package version', async () => {
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ ok: true, version: '0.1.0' });
  });

  it('lists every API route with its methods', async () => {
    const res = await request(app).get('/api');
    expect(res.status).toBe(200);
    const paths = res.body.routes.map((r: { path: string }) => r.path);
    expect(paths).toEqual([
      '/api/health',
      '/api/presets',
      '/api/analyze',
      '/api/response',
      '/api/response2d',
      '/api/erf',
      '/api/blindspots',
      '/api/taps',
      '/api/recommend',
      '/api/recommend-parallel',
    ]);
  });
});

describe('GET /api/presets', () => {
  it('gives every preset with its name, title, source, notes and spec', async () => {
    const res = await request(app).get('/api/presets');
    expect(res.status).toBe(200);
    expect(res.body.presets).toEqual(
      PRESETS.map((p) => ({
        name: p.name,
        title: p.title,
        source: p.source,
        notes: p.notes,
        spec: p.spec,
      })),
    );
    expect(res.body.kernels.length).toBeGreaterThan(0);
  });
});

describe('GET /api/analyze', () => {
  it('returns exactly what analyze() returns for the short form with options', async () => {
    const res = await request(app).get('/api/analyze').query({
      kernel: 'box:3',
      rates: '1,2,5',
      mode: 'stack',
      mapSize: '65',
      object: '5x3',
      thresholdDb: '-20',
    });
    expect(res.status).toBe(200);
    const expected = analyze(shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' }), {
      mapSize: 65,
      object: [5, 3],
      thresholdDb: -20,
    });
    expect(res.body).toEqual(asJson(expected));
    expect(res.body.layers[0].objectHitProbability).toBeDefined();
    expect(res.body.layers[0].border.mapSize).toBe(65);
  });

  it('accepts the CLI spellings map-size and threshold-db', async () => {
    const res = await request(app)
      .get('/api/analyze')
      .query({ kernel: 'box:3', rates: '2,2,2', 'map-size': '33', 'threshold-db': '-10' });
    expect(res.status).toBe(200);
    const expected = analyze(shortFormNetwork({ kernel: 'box:3', rates: '2,2,2' }), {
      mapSize: 33,
      thresholdDb: -10,
    });
    expect(res.body).toEqual(asJson(expected));
    expect(res.body.griddingFree).toBe(false);
  });

  it('analyzes a parallel set with a concat merge', async () => {
    const res = await request(app)
      .get('/api/analyze')
      .query({ kernel: 'box:3', rates: '1,6,12', mode: 'parallel', merge: 'concat' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      asJson(
        analyze(
          shortFormNetwork({
            kernel: 'box:3',
            rates: '1,6,12',
            mode: 'parallel',
            merge: 'concat',
          }),
        ),
      ),
    );
    expect(res.body.merge).toBe('concat');
  });

  it('takes box:3 kernels when only rates are given, as the CLI does', async () => {
    const res = await request(app).get('/api/analyze').query({ rates: '1,2,5' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      asJson(analyze(shortFormNetwork({ kernel: 'box:3', rates: '1,2,5' }))),
    );
  });

  it('analyzes a preset by name', async () => {
    const res = await request(app).get('/api/analyze').query({ preset: 'deeplab-v2-aspp' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(asJson(analyze(presetNetwork('deeplab-v2-aspp'))));
    expect(res.body.dims).toBe(2);
  });

  it('analyzes a network spec given as JSON text and as YAML text', async () => {
    const expected = asJson(analyze(parseNetwork(spec)));
    const json = await request(app)
      .get('/api/analyze')
      .query({ network: JSON.stringify(spec) });
    expect(json.status).toBe(200);
    expect(json.body).toEqual(expected);
    const yaml =
      'layers:\n  - kernel: box:3\n    dilation: 1\n  - kernel: box:3\n    dilation: 2\n';
    const y = await request(app).get('/api/analyze').query({ network: yaml });
    expect(y.status).toBe(200);
    expect(y.body).toEqual(asJson(analyze(shortFormNetwork({ kernel: 'box:3', rates: '1,2' }))));
  });

  it('takes explicit weights in the query as a JSON list', async () => {
    const res = await request(app)
      .get('/api/analyze')
      .query({ kernel: '[0.25,0.5,0.25]', rates: '1,3' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      asJson(analyze(shortFormNetwork({ kernel: [0.25, 0.5, 0.25], rates: [1, 3] }))),
    );
  });
});

describe('POST /api/analyze', () => {
  it('returns exactly what analyze() returns for a nested spec with options', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .send({ network: spec, options: { mapSize: 97, object: [5, 3], thresholdDb: -30 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      asJson(analyze(parseNetwork(spec), { mapSize: 97, object: [5, 3], thresholdDb: -30 })),
    );
  });

  it('accepts the short form and presets in the body', async () => {
    const short = await request(app)
      .post('/api/analyze')
      .send({ kernel: 'box:3x3', rates: [1, 2, 5], options: { object: '8x8' } });
    expect(short.status).toBe(200);
    expect(short.body).toEqual(
      asJson(
        analyze(shortFormNetwork({ kernel: 'box:3x3', rates: [1, 2, 5] }), { object: [8, 8] }),
      ),
    );
    const preset = await request(app).post('/api/analyze').send({ preset: 'wavenet-block' });
    expect(preset.status).toBe(200);
    expect(preset.body).toEqual(asJson(analyze(presetNetwork('wavenet-block'))));
    expect(preset.body.receptiveField).toBe(1024);
  });

  it('gives the same answer to GET and POST of the same network', async () => {
    const get = await request(app).get('/api/analyze').query({ kernel: 'box:3', rates: '1,2,5,9' });
    const post = await request(app)
      .post('/api/analyze')
      .send({ kernel: 'box:3', rates: '1,2,5,9' });
    expect(post.body).toEqual(get.body);
  });

  it('answers a large network from the worker thread with the same result', async () => {
    // receptive field 1 + 2·(1 + 2 + ... + 2048) = 8191: priced above the inline limit
    const rates = '1,2,4,8,16,32,64,128,256,512,1024,2048';
    const res = await request(app).get('/api/analyze').query({ kernel: 'box:3', rates });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(asJson(analyze(shortFormNetwork({ kernel: 'box:3', rates }))));
  });
});
