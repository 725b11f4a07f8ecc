import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeOnnx } from '../../src/model/index.ts';
import { closeApp, createApp, JobPool, SERVER_LIMITS } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

const app = createApp();
const small = createApp({ limits: { modelBytes: 4096 } });
// every model job on the worker; a tiny price limit; one worker and a queue of one
const onWorker = createApp({ inlineCost: 0 });
const cheap = createApp({ limits: { maxModelCost: 1e5 } });
const busy = createApp({ inlineCost: 0, workers: 1, limits: { maxQueue: 1, maxQueueHeavy: 0 } });
afterAll(async () => {
  for (const a of [app, small, onWorker, cheap, busy]) await closeApp(a);
});

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/models/${name}`, import.meta.url));
const post = (target: ReturnType<typeof createApp>, body: Buffer, query = '') =>
  request(target)
    .post(`/api/analyze${query}`)
    .set('Content-Type', 'application/octet-stream')
    .send(body);

describe('POST /api/analyze with an ONNX body', () => {
  it('answers what analyzeOnnx returns (the analyze --model --json object)', async () => {
    const bytes = fixture('tcn.onnx');
    const res = await post(app, bytes);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(analyzeOnnx(new Uint8Array(bytes)))));
    expect(res.body.receptiveField).toBe(61);
  });

  it('takes output and inputSize in the query', async () => {
    const res = await post(
      app,
      fixture('tcn.onnx'),
      '?output=/blocks/blocks.1/Relu_output_0&inputSize=64',
    );
    expect(res.status).toBe(200);
    expect(res.body.receptiveField).toBe(13);
    expect(res.body.model.inputSize).toEqual([64]);
  });

  it('a JSON body still analyses a network', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .send({ network: { type: 'stack', layers: [{ kernel: 'box:3', dilation: 2 }] } });
    expect(res.status).toBe(200);
    expect(res.body.receptiveField).toBe(5);
  });

  it.each([
    [
      'truncated',
      () => fixture('tcn.onnx').subarray(0, 3000),
      /^model is truncated or not an ONNX file/,
    ],
    ['not ONNX', () => Buffer.from('hello, this is text'), /^model is .*not an ONNX/],
    ['an unsupported op', () => fixture('unsupported_op.onnx'), /LpNormalization.*--output NAME/],
    [
      'missing external data',
      () => fixture('missing_external.onnx'),
      /external file "missing_external.weights", which is missing/,
    ],
    ['a 3-D conv', () => fixture('conv3d.onnx'), /3-D convolution/],
  ])('%s: 400 naming the model and what is wrong', async (_what, body, message) => {
    expectError(await post(app, body()), 400, 'model', message);
  });

  it.each([
    ['truncated', () => fixture('tcn.onnx').subarray(0, 3000), app],
    ['not ONNX', () => Buffer.from('hello, this is text'), app],
    ['an unsupported op', () => fixture('unsupported_op.onnx'), app],
    ['a 3-D conv', () => fixture('conv3d.onnx'), app],
    ['dearer than maxModelCost', () => fixture('tcn.onnx'), cheap],
  ])(
    'with check=true, %s: a 200 whose verdict carries the 400’s error, without analysing',
    async (_what, body, target) => {
      const refused = await post(target, body());
      expect(refused.status).toBe(400);
      const res = await post(target, body(), '?check=true');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accepted: false, error: refused.body.error });
    },
  );

  it('with check=true, a good model: accepted with its price, and no analysis in the answer', async () => {
    const res = await post(cheap, fixture('split_linear.onnx'), '?check=true');
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(true);
    // the price is its bytes plus the analysis: above its size, within the limit of 1e5
    expect(res.body.price).toBeGreaterThan(fixture('split_linear.onnx').length);
    expect(res.body.price).toBeLessThanOrEqual(1e5);
    expect(res.body.receptiveField).toBeUndefined();
    expectError(await post(app, fixture('tcn.onnx'), '?check=maybe'), 400, 'check');
  });

  it('over the size limit: 413', async () => {
    expectError(
      await post(small, fixture('tcn.onnx')),
      413,
      'body',
      /larger than the limit of 4096/,
    );
  });

  it('a bad inputSize: 400 naming it', async () => {
    expectError(await post(app, fixture('tcn.onnx'), '?inputSize=big'), 400, 'inputSize');
  });
});

describe('POST /api/analyze with an ONNX body is priced and runs on the worker pool', () => {
  const expected = (name: string, options = {}) =>
    JSON.parse(JSON.stringify(analyzeOnnx(new Uint8Array(fixture(name)), options)));

  it('a model job posted to a worker thread answers what analyzeOnnx returns', async () => {
    const pool = new JobPool({ size: 1 });
    try {
      const bytes = new Uint8Array(fixture('wavenet.onnx'));
      const json = await pool.run({
        kind: 'model',
        bytes,
        digest: 'test',
        options: { thresholdDb: -30 },
        limits: SERVER_LIMITS,
      });
      expect(JSON.parse(json.toString('utf8'))).toEqual(
        expected('wavenet.onnx', { thresholdDb: -30 }),
      );
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('through the app with every job on the worker: the same answer', async () => {
    const res = await post(onWorker, fixture('deeplab_like.onnx'), '?inputSize=97');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected('deeplab_like.onnx', { inputSize: [97] }));
  }, 30_000);

  it('a model dearer than maxModelCost: 400 on model with the price, before the analysis', async () => {
    const res = await post(cheap, fixture('tcn.onnx'));
    expectError(
      res,
      400,
      'model',
      /points of work to analyse .* over this server's limit of 1\.00e\+5/,
    );
  });

  it('a model within it is analysed (the price counts the bytes and the analysis)', async () => {
    const res = await post(cheap, fixture('split_linear.onnx'));
    expect(res.status).toBe(200);
    expect(res.body.receptiveField).toBe(11);
  });

  it('with the one worker busy and its queue full: a 503 with Retry-After, and the first one answers', async () => {
    const body = fixture('deeplab_like.onnx');
    const all = await Promise.all(
      [-20, -21, -22, -23].map((t) => post(busy, body, `?thresholdDb=${t}`)),
    );
    const codes = all.map((r) => r.status).sort();
    expect(codes[0]).toBe(200);
    expect(codes).toContain(503);
    const refused = all.find((r) => r.status === 503)!;
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  }, 30_000);
});
