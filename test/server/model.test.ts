import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeOnnx } from '../../src/model/index.ts';
import { closeApp, createApp } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

const app = createApp();
const small = createApp({ limits: { modelBytes: 4096 } });
afterAll(async () => {
  await closeApp(app);
  await closeApp(small);
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
