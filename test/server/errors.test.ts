import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/network/index.ts';
import { closeApp, createApp, SERVER_LIMITS } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

const app = createApp();
afterAll(() => closeApp(app));

const analyzeGet = (query: Record<string, string>) => request(app).get('/api/analyze').query(query);

describe('bad network values are 400s naming the field and the value', () => {
  it('names a rate that is 0, negative, fractional or not a number', async () => {
    expectError(await analyzeGet({ kernel: 'box:3', rates: '1,2,0' }), 400, 'rates[2]', /got 0/);
    expectError(await analyzeGet({ kernel: 'box:3', rates: '-1' }), 400, 'rates[0]', /got -1/);
    expectError(await analyzeGet({ kernel: 'box:3', rates: '1,1.5' }), 400, 'rates[1]', /"1.5"/);
    expectError(await analyzeGet({ kernel: 'box:3', rates: '1,two' }), 400, 'rates[1]', /"two"/);
    const body = await request(app)
      .post('/api/analyze')
      .send({ kernel: 'box:3', rates: [1, 2.5] });
    expectError(body, 400, 'rates[1]', /2\.5/);
  });

  it('names a rate above the limit', async () => {
    expectError(
      await analyzeGet({ kernel: 'box:3', rates: String(LIMITS.maxRate + 1) }),
      400,
      'rates[0]',
      new RegExp(`no larger than ${LIMITS.maxRate}`),
    );
  });

  it('refuses an empty rate list', async () => {
    expectError(await analyzeGet({ kernel: 'box:3', rates: '' }), 400, 'rates', /at least one/);
    const body = await request(app).post('/api/analyze').send({ kernel: 'box:3', rates: [] });
    expectError(body, 400, 'rates', /at least one/);
  });

  it('names bad weights: not a number, infinite or all zero', async () => {
    // the short form reports the kernel (the network module may add the index)
    expectError(
      await analyzeGet({ kernel: 'weights:1,NaN,1', rates: '1' }),
      400,
      /^kernel(\[1\])?$/,
      /finite.*NaN/,
    );
    expectError(
      await analyzeGet({ kernel: 'weights:1,Infinity', rates: '1' }),
      400,
      /^kernel(\[1\])?$/,
      /finite/,
    );
    expectError(
      await analyzeGet({ kernel: 'weights:0,0,0', rates: '1' }),
      400,
      'kernel',
      /all zero/,
    );
    const body = await request(app)
      .post('/api/analyze')
      .send({ network: { layers: [{ kernel: [1, 'x', 1], dilation: 1 }] } });
    expectError(body, 400, 'layers[0].kernel[1]', /"x"/);
  });

  it('names an unknown kernel family', async () => {
    expectError(await analyzeGet({ kernel: 'tent:3', rates: '1' }), 400, 'kernel', /"tent:3"/);
  });

  it('names an unknown preset and lists the ones that exist', async () => {
    expectError(await analyzeGet({ preset: 'nope' }), 400, 'preset', /deeplab-v2-aspp.*"nope"/);
  });

  it('names the field of a bad nested spec', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .send({
        network: {
          layers: [
            { kernel: 'box:3', dilation: 1 },
            { kernel: 'box:3', dilation: 0 },
          ],
        },
      });
    expectError(res, 400, 'layers[1].dilation', /got 0/);
  });

  it('refuses a network nested deeper than the limit', async () => {
    let node: unknown = { kernel: 'box:3', dilation: 1 };
    for (let i = 0; i <= LIMITS.maxDepth; i++) node = { type: 'residual', body: node };
    const res = await request(app).post('/api/analyze').send({ network: node });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nests deeper/);
  });

  it('refuses more layers than the limit', async () => {
    const rates = Array.from({ length: LIMITS.maxLayers + 1 }, () => 1);
    const res = await request(app).post('/api/analyze').send({ kernel: 'box:3', rates });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`more than ${LIMITS.maxLayers} layers`));
  });

  it('gives the line of a YAML syntax error in a network text', async () => {
    const res = await analyzeGet({ network: 'type: stack\nlayers:\n  - kernel: [1, 2\n' });
    expectError(res, 400, 'network', /line \d+/);
  });

  it('refuses a network that is neither an object nor text', async () => {
    const res = await request(app).post('/api/analyze').send({ network: 42 });
    expectError(res, 400, 'network', /got 42/);
  });
});

describe('bad request shapes are 400s', () => {
  it('asks for a network when none is given', async () => {
    expectError(await request(app).get('/api/analyze'), 400, 'network', /preset=NAME/);
    expectError(await request(app).post('/api/analyze').send({}), 400, 'network', /is required/);
  });

  it('asks for rates with a kernel (rates alone take box:3 kernels)', async () => {
    expectError(await analyzeGet({ kernel: 'box:3' }), 400, 'rates', /required/);
    expect((await analyzeGet({ rates: '1,2' })).status).toBe(200);
  });

  it('refuses two ways of giving the network at once', async () => {
    expectError(
      await analyzeGet({ preset: 'tcn', kernel: 'box:3', rates: '1' }),
      400,
      'kernel',
      /cannot be combined/,
    );
    expectError(
      await analyzeGet({ preset: 'tcn', mode: 'parallel' }),
      400,
      'mode',
      /only goes with kernel/,
    );
  });

  it('names an unknown query parameter and a repeated one', async () => {
    expectError(
      await analyzeGet({ kernel: 'box:3', rates: '1', colour: 'red' }),
      400,
      'colour',
      /not a known parameter/,
    );
    expectError(
      await request(app).get('/api/analyze?kernel=box:3&rates=1&rates=2'),
      400,
      'rates',
      /once/,
    );
  });

  it('names an unknown body key and an unknown option', async () => {
    const a = await request(app).post('/api/analyze').send({ preset: 'tcn', colour: 'red' });
    expectError(a, 400, 'colour', /not a known parameter/);
    const b = await request(app)
      .post('/api/analyze')
      .send({ preset: 'tcn', options: { n: 512 } });
    expectError(b, 400, 'options.n', /mapSize/);
    const c = await request(app)
      .post('/api/analyze')
      .send({ preset: 'tcn', options: [1] });
    expectError(c, 400, 'options', /must be an object/);
  });

  it('checks analyze options: map size, object, threshold, channels', async () => {
    const base = { kernel: 'box:3', rates: '1,2' };
    expectError(await analyzeGet({ ...base, mapSize: '0' }), 400, 'mapSize', /got 0/);
    expectError(await analyzeGet({ ...base, mapSize: 'big' }), 400, 'mapSize', /"big"/);
    expectError(
      await analyzeGet({ ...base, mapSize: String(LIMITS.maxMapSize + 1) }),
      400,
      'mapSize',
    );
    expectError(await analyzeGet({ ...base, object: '5by3' }), 400, 'object', /WxH/);
    expectError(await analyzeGet({ ...base, object: '0x3' }), 400, 'object[0]', /got 0/);
    expectError(await analyzeGet({ ...base, thresholdDb: '3' }), 400, 'thresholdDb', /below 0/);
    expectError(await analyzeGet({ ...base, thresholdDb: '-inf' }), 400, 'thresholdDb');
    expectError(await analyzeGet({ ...base, channels: '1e9' }), 400, 'channels');
    const body = await request(app)
      .post('/api/analyze')
      .send({ ...base, options: { mapSize: '65' } });
    expectError(body, 400, 'mapSize', /"65"/);
  });

  it('states the range of an integer option, not a bound the user never sees', async () => {
    const post = (options: object) =>
      request(app)
        .post('/api/analyze')
        .send({ kernel: 'box:3', rates: [1, 2], options });
    for (const res of [
      await post({ mapSize: 'abc' }),
      await post({ mapSize: 1.5 }),
      await post({ channels: 1.5 }),
      await post({ channels: 0 }),
    ]) {
      expectError(res, 400, /^(mapSize|channels)$/, /positive integer no larger than \d+, got/);
      expect(res.body.error.message).not.toMatch(/9007199254740991/);
    }
  });

  it('refuses a body that is not a JSON object', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', 'application/json')
      .send('[1,2]');
    expectError(res, 400, 'body', /JSON object/);
  });
});

describe('body errors', () => {
  it('answers a malformed JSON body with 400 naming body', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', 'application/json')
      .send('{"kernel": "box:3", "rates": [1, 2');
    expectError(res, 400, 'body', /not valid JSON/);
  });

  it('answers a body over the limit with 413 naming body and the limit', async () => {
    const big = JSON.stringify({
      kernel: 'box:3',
      rates: '1',
      pad: 'x'.repeat(SERVER_LIMITS.bodyBytes),
    });
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', 'application/json')
      .send(big);
    expectError(res, 413, 'body', new RegExp(String(SERVER_LIMITS.bodyBytes)));
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .set('Content-Type', 'text/plain')
      .send('kernel=box:3');
    expectError(res, 415, 'body', /application\/json/);
  });
});

describe('routes and methods', () => {
  it('answers an unknown route with a JSON 404', async () => {
    expectError(await request(app).get('/api/nope'), 404, null, /GET \/api\/nope/);
    expectError(await request(app).post('/nowhere'), 404, null);
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const del = await request(app).delete('/api/analyze');
    expectError(del, 405, null, /DELETE is not allowed.*GET or POST/);
    expect(del.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
    const post = await request(app).post('/api/health').send({});
    expectError(post, 405, null);
    expect(post.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('answers OPTIONS with the allowed methods', async () => {
    const res = await request(app).options('/api/taps');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
  });
});
