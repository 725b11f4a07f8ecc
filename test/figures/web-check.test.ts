import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { apiLimitsOf } from '../../src/limits/index.ts';
import { closeApp, createApp, SERVER_LIMITS } from '../../src/server/index.ts';
import { checkView, pageNote } from '../../web/src/check.ts';
import { DEFAULT_STATE, type State } from '../../web/src/state.ts';

const good = { mapSize: '65', thresholdDb: '-20', object: '3x3' };
const view = (patch: Partial<State['nets'][number]>): State => ({
  ...DEFAULT_STATE,
  nets: [{ ...DEFAULT_STATE.nets[0], ...patch }, DEFAULT_STATE.nets[1]],
});

describe('the page’s checks before it asks the server', () => {
  it('passes the default view', () => {
    expect(checkView(DEFAULT_STATE, good)).toEqual([]);
  });

  it.each([
    [{ rates: '2,0,2' }, 'rates[1]', /^rates\[1\] must be a positive integer/],
    [{ kernel: 'box:' }, 'kernel', /^kernel/],
    [{ kernel: '[0.25, 0.5' }, 'kernel', /^kernel must be a kernel spec or a JSON list of weights/],
    [
      { spec: 'type: stack\nlayers:\n  - {kernel: box:3, dilation: 0}\n' },
      'layers[0].dilation',
      /dilation/,
    ],
    [{ preset: 'nope' }, 'preset', /^preset must be one of/],
  ])('names the field of a bad network %j', (patch, field, message) => {
    const problems = checkView(view(patch), good);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field, net: 0 });
    expect(problems[0].message).toMatch(message);
  });

  it.each([
    [{ mapSize: '-3' }, 'mapSize'],
    [{ mapSize: '' }, 'mapSize'],
    [{ thresholdDb: '5' }, 'thresholdDb'],
    [{ object: '3y' }, 'object'],
  ])('names the option of a bad value %j', (texts, field) => {
    const problems = checkView(DEFAULT_STATE, { ...good, ...texts });
    expect(problems.map((p) => [p.field, p.net])).toEqual([[field, null]]);
  });

  it('says the page’s words instead of the API’s routes', () => {
    const raw =
      'network has a receptive field of 70001 offsets; /api/taps sends at most 65536 (use /api/analyze for its coverage)';
    expect(pageNote(raw)).toBe(
      'network has a receptive field of 70001 offsets; the page draws at most 65536 (the summary gives its coverage)',
    );
    expect(
      pageNote('network is 1-D; /api/response2d needs a 2-D network (use /api/response)'),
    ).not.toMatch(/\/api/);
  });
});

describe('the page’s judgement of the server’s limits (src/limits, the server’s own rules)', () => {
  const app = createApp();
  afterAll(() => closeApp(app));
  const limits = apiLimitsOf(SERVER_LIMITS);
  const one = (patch: Partial<State['nets'][number]>, more: Partial<State> = {}): State => ({
    ...DEFAULT_STATE,
    ...more,
    nets: [{ ...DEFAULT_STATE.nets[0], ...patch }],
  });

  // state, the field and route the page names, the request the page would send, its route
  it.each([
    [
      'a 1-D receptive field above maxTaps1d',
      one({ kernel: 'box:17', rates: '4096' }),
      'network',
      undefined,
      '/api/taps?kernel=box%3A17&rates=4096&mode=stack',
    ],
    [
      'an analysis above MAX_ANALYZE_COST',
      one({ kernel: 'box:64', rates: '1000' }),
      'network',
      undefined,
      '/api/analyze?kernel=box%3A64&rates=1000&mode=stack',
    ],
    [
      'a 2-D tap grid above maxTapsSide',
      one({ kernel: 'box:3x3', rates: '300' }, { dims: 2 }),
      'network',
      undefined,
      '/api/taps?kernel=box%3A3x3&rates=300&mode=stack',
    ],
    [
      'a 1-D response above maxN',
      one({}, { n: 131072 }),
      'n',
      'response',
      '/api/response?kernel=box%3A3&rates=2%2C2%2C2&mode=stack&n=131072&includeNyquist=true',
    ],
    [
      'a 2-D grid above maxN2d',
      one({ kernel: 'box:3x3' }, { dims: 2, n2d: 1024 }),
      'n',
      'response2d',
      '/api/response2d?kernel=box%3A3x3&rates=2%2C2%2C2&mode=stack&n=1024&members=false',
    ],
  ])(
    'refuses %s with the message the server answers its 400 with',
    async (_name, s, field, route, url) => {
      const problems = checkView(s, good, limits);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ field, net: 0 });
      expect(problems[0].route).toBe(route);
      const res = await request(app).get(url);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
      // The same message, or for n (which the server's option schema refuses first) the same bound.
      if (field === 'n')
        expect(res.body.error.message).toContain(/from 1 to \d+/.exec(problems[0].message)?.[0]);
      else expect(res.body.error.message).toBe(problems[0].message);
    },
  );

  it('passes the default view and leaves the limits to the server when it has none', () => {
    expect(checkView(DEFAULT_STATE, good, limits)).toEqual([]);
    expect(checkView(one({ kernel: 'box:17', rates: '4096' }), good)).toEqual([]);
  });

  it('follows the numbers the server gives: a tighter maxTaps1d refuses a smaller network', () => {
    const s = one({ kernel: 'box:3', rates: '1,2,5' });
    expect(checkView(s, good, { ...limits, maxTaps1d: 16 })[0]?.message).toMatch(
      /receptive field of 17 offsets; \/api\/taps sends at most 16/,
    );
    expect(checkView(s, good, { ...limits, maxTaps1d: 17 })).toEqual([]);
  });
});
