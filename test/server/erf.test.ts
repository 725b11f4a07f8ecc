import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { exactGivenErf } from '../../src/erf/index.ts';
import { shortFormNetwork } from '../../src/network/index.ts';
import { closeApp, createApp } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

const app = createApp();
afterAll(() => closeApp(app));

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
