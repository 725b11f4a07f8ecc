import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { refusalOf } from '../../bench/lib/refusal.ts';
import { closeApp, createApp } from '../../src/server/index.ts';

// bench/analyze-limits.ts printed the server's refusals as "400 on `?`": it cut the body to
// 300 characters before looking for the field, and the cost limit's message is longer.
describe('refusalOf reads the field of a server refusal (bench/analyze-limits.ts)', () => {
  const app = createApp();
  afterAll(() => closeApp(app));

  it('names `network` for a network over the cost limit, whose message is long', async () => {
    const res = await request(app)
      .post('/api/analyze')
      .send({ network: { type: 'stack', layers: [{ kernel: 'box:64', dilation: 4096 }] } });
    expect(res.status).toBe(400);
    expect(res.text.indexOf('"field"')).toBeGreaterThan(300);
    const refusal = refusalOf(res.text);
    expect(refusal?.field).toBe('network');
    expect(refusal?.message).toBe(res.body.error.message);
  });

  it('keeps a dotted or indexed field whole', () => {
    const body = JSON.stringify({ error: { message: 'must be ≥ 1', field: 'layers[2].dilation' } });
    expect(refusalOf(body)).toEqual({ field: 'layers[2].dilation', message: 'must be ≥ 1' });
  });

  it('gives field null when the server names none, and null for a body that is not an error', () => {
    expect(refusalOf('{"error":{"message":"busy","field":null}}')).toEqual({
      field: null,
      message: 'busy',
    });
    expect(refusalOf('<html>')).toBeNull();
    expect(refusalOf('{"ok":true}')).toBeNull();
  });
});
