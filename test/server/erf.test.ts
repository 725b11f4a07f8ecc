import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { exactGivenErf } from '../../src/erf/index.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { closeApp, createApp } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

const app = createApp();
const cheap = createApp({ limits: { maxModelCost: 1e3 } });
afterAll(async () => {
  for (const a of [app, cheap]) await closeApp(a);
});

const blind2d = readFileSync(new URL('../fixtures/blindspots/blind2d.onnx', import.meta.url));
const postModel = (target: ReturnType<typeof createApp>, query = '') =>
  request(target)
    .post(`/api/erf${query}`)
    .set('Content-Type', 'application/octet-stream')
    .send(blind2d);

describe('/api/erf', () => {
  it('answers the erf JSON contract; a linear network measures its squared composite kernel', async () => {
    const res = await request(app)
      .get('/api/erf')
      .query({ kernel: 'box:3x3', rates: '2,2', samples: 2 });
    expect(res.status).toBe(200);
    const exact = exactGivenErf(shortFormNetwork({ kernel: 'box:3x3', rates: '2,2' }));
    const max = Math.max(...exact.values);
    res.body.erf.flat().forEach((v: number, i: number) => {
      expect(Math.abs(v - exact.values[i] / max)).toBeLessThan(1e-6);
    });
    expect(res.body.griddingIndex).toBe(1);
    expect(res.body.samples).toBe(2);
    expect(Object.keys(res.body.areaRatio)).toEqual(['0.2', '0.3', '0.5', '0.99']);
  });

  it('takes a POST body with a spec and options', async () => {
    const res = await request(app)
      .post('/api/erf')
      .send({
        network: { type: 'stack', layers: [{ kernel: 'box:3', dilation: 3 }] },
        options: { samples: 1, seed: 4, activation: 'relu' },
      });
    expect(res.status).toBe(200);
    expect(res.body.exact).toBeNull();
    expect(res.body.seed).toBe(4);
  });

  it.each([
    [{ samples: 0 }, 'samples'],
    [{ samples: 1000 }, 'samples'],
    [{ activation: 'gelu' }, 'activation'],
    [{ inputSize: '999' }, /inputSize/],
  ])('rejects %j with a 400 naming the field', async (query, field) => {
    const res = await request(app)
      .get('/api/erf')
      .query({ kernel: 'box:3', rates: '1,2', ...query });
    expectError(res, 400, field);
  });
});

describe('POST /api/erf with an ONNX body (erf --model)', () => {
  it('linearised (the default): the measured ERF equals the exact squared composite, with the tap set and its holes', async () => {
    const res = await postModel(app, '?samples=2');
    expect(res.status).toBe(200);
    // blind2d: 3×3 convs at rates 2, 2, 4 on 32×32: a 17×17 window, 81 taps, 208 holes.
    expect(res.body.inputSize).toEqual([32, 32]);
    expect(res.body.holes).toBe(208);
    expect(res.body.pathCounts.flat().filter((c: number) => c > 0)).toHaveLength(81);
    expect(res.body.tapSetGriddingIndex).toBe(1);
    expect(res.body.griddingIndex).toBe(1);
    expect(res.body.samples).toBe(2);
    const exact = res.body.exact as number[][];
    expect(exact).not.toBeNull();
    res.body.erf.flat().forEach((v: number, i: number) => {
      expect(Math.abs(v - exact.flat()[i])).toBeLessThan(1e-5);
    });
  });

  it('nonlinear=true runs its batch norm, ReLU, ReLU6 and tanh: no exact form, still 0 at every hole', async () => {
    const res = await postModel(app, '?nonlinear=true&samples=3&seed=4');
    expect(res.status).toBe(200);
    expect(res.body.exact).toBeNull();
    expect(res.body.seed).toBe(4);
    const counts = (res.body.pathCounts as number[][]).flat();
    (res.body.erf as number[][]).flat().forEach((v, i) => {
      if (counts[i] === 0) expect(v).toBe(0);
    });
    expect(res.body.warnings.join(' ')).toMatch(/ran the model's nonlinearities/);
  });

  it.each([
    ['a side above 257', app, '?inputSize=999', 'inputSize'],
    ['samples above the server limit', app, '?samples=65', 'samples'],
    ['nonlinear that is not a boolean', app, '?nonlinear=maybe', 'nonlinear'],
    ['an unknown parameter', app, '?maps=true', 'maps'],
    ['a model over the price limit', cheap, '', 'model'],
  ])('rejects %s with a 400 naming the field', async (_, target, q, field) => {
    expectError(await postModel(target, q), 400, field);
  });
});
