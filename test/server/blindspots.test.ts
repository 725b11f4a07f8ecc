import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { closeApp, createApp } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

const app = createApp();
const small = createApp({ limits: { modelBytes: 1024 } });
const cheap = createApp({ limits: { maxModelCost: 1e3 } });
afterAll(async () => {
  for (const a of [app, small, cheap]) await closeApp(a);
});

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));
const post = (target: ReturnType<typeof createApp>, body: Buffer, query = '') =>
  request(target)
    .post(`/api/blindspots${query}`)
    .set('Content-Type', 'application/octet-stream')
    .send(body);

describe('/api/blindspots', () => {
  it('answers the blindspots JSON contract for a short form: 0 at the holes, the control moves', async () => {
    const res = await request(app)
      .get('/api/blindspots')
      .query({ kernel: 'box:3', rates: '2,2,2' });
    expect(res.status).toBe(200);
    expect(res.body.holes).toEqual([[-5], [-3], [-1], [1], [3], [5]]);
    expect(res.body.perturbedInputs).toHaveLength(6);
    expect(res.body.maxOutputChange).toBe(0);
    expect(res.body.controlOutputChange).toBeGreaterThan(0);
    expect(res.body.maps).toBeUndefined();
  });

  it('takes a POST body with a spec and options, and gives the maps a figure draws', async () => {
    const res = await request(app)
      .post('/api/blindspots')
      .send({
        network: { type: 'stack', layers: [{ kernel: 'random:3x3:4', dilation: 2 }] },
        options: { seed: 2, maps: true, inputSize: '12x10' },
      });
    expect(res.status).toBe(200);
    expect(res.body.inputSize).toEqual([10, 12]);
    // One 3×3 layer at rate 2: a 5×5 window with 9 taps, 16 holes.
    expect(res.body.holes).toHaveLength(16);
    expect(res.body.maps.reached.rows.flat().filter((v: number) => v === 1)).toHaveLength(9);
    expect(res.body.maxOutputChange).toBe(0);
  });

  it('a preset works as on /api/erf', async () => {
    const res = await request(app).get('/api/blindspots').query({ preset: 'hdc' });
    expect(res.status).toBe(200);
    expect(res.body.holes).toEqual([]);
    expect(res.body.perturbedInputs).toEqual([]);
  });

  it.each([
    [{ seed: '-1' }, 'seed'],
    [{ activation: 'gelu' }, 'activation'],
    [{ inputSize: '999' }, /inputSize/],
    [{ maps: 'maybe' }, 'maps'],
    [{ samples: '2' }, 'samples'],
    [{ rates: '0,2' }, /rates/],
  ])('rejects %j with a 400 naming the field', async (query, field) => {
    const res = await request(app)
      .get('/api/blindspots')
      .query({ kernel: 'box:3', rates: '1,2', ...query });
    expectError(res, 400, field);
  });
});

describe('POST /api/blindspots with an ONNX body', () => {
  it('answers what blindspots --model --json prints: the torch-checked holes, 0, the control', async () => {
    const res = await post(app, fixture('blindspots/blind1d.onnx'));
    expect(res.status).toBe(200);
    expect(res.body.holes).toEqual([[-3], [-1], [1], [3]]);
    expect(res.body.unread).toBe(24);
    expect(res.body.maxOutputChange).toBe(0);
    expect(res.body.controlOutputChange).toBeGreaterThan(0);
  });

  it('takes inputSize, seed and maps in the query', async () => {
    const res = await post(
      app,
      fixture('blindspots/blind1d.onnx'),
      '?inputSize=40&seed=3&maps=true',
    );
    expect(res.status).toBe(200);
    expect(res.body.inputSize).toEqual([40]);
    expect(res.body.seed).toBe(3);
    expect(res.body.maps.outputChange.rows).toHaveLength(1);
  });

  it.each([
    ['a side above 257', app, '?inputSize=999', 'inputSize'],
    ['a seed that is not a number', app, '?seed=x', 'seed'],
    ['an unknown parameter', app, '?samples=3', 'samples'],
    ['an unknown output tensor (the importer names the model)', app, '?output=nowhere', 'model'],
    ['a model over the price limit', cheap, '', 'model'],
  ])('rejects %s with a 400 naming the field', async (_, target, q, field) => {
    const res = await post(target, fixture('blindspots/blind1d.onnx'), q);
    expectError(res, 400, field);
  });

  it('refuses a body that is not ONNX with a 400 on model, and one over the size limit with a 413', async () => {
    expectError(await post(app, Buffer.from('hello, this is text')), 400, 'model');
    const res = await post(small, fixture('blindspots/blind2d.onnx'));
    expect(res.status).toBe(413);
  });
});
