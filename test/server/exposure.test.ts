import { connect, type Socket } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, createApp, type RunningServer, startServer } from '../../src/server/index.ts';
import { expectError } from './helpers.ts';

// Issue 8 items 5 and 14: no connection cap (slow sockets starved health), no Host check
// (DNS rebinding), computations started by any page cross-site.

describe('a flood of slow connections does not starve health (item 5)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      announce: null,
      workers: 0,
      limits: { maxConnections: 20 },
    });
  });
  afterAll(() => server?.close());

  it('60 sockets that never finish their request, then health still answers', async () => {
    const sockets: Socket[] = [];
    let closedByServer = 0;
    for (let i = 0; i < 60; i++) {
      const s = connect(server.port, '127.0.0.1');
      s.on('error', () => {});
      s.on('close', () => closedByServer++);
      s.write(
        'POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      );
      sockets.push(s);
    }
    await new Promise((r) => setTimeout(r, 300));
    try {
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${server.url}api/health`);
        expect(res.status).toBe(200);
      }
      expect(closedByServer).toBeGreaterThanOrEqual(60 - 20);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});

describe('Host and cross-site checks (item 14)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, announce: null, workers: 0 });
  });
  afterAll(() => server?.close());
  const get = (path: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path.slice(1)}`, { headers });

  it.each(['evil.example', 'evil.example:80', `rebind.attacker.test:${0}`])(
    'a loopback server refuses Host %s with a 403',
    async (host) => {
      // fetch may not set Host: send it raw
      const answer = await new Promise<string>((resolve) => {
        const s = connect(server.port, '127.0.0.1');
        let out = '';
        s.on('data', (d) => {
          out += d;
        });
        s.on('end', () => resolve(out));
        s.write(`GET /api/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 403 /);
      expect(answer).toMatch(/"message":"Host .* is not allowed/);
    },
  );

  it.each(['localhost', '127.0.0.1'])('Host %s:PORT is answered', async (name) => {
    const answer = await new Promise<string>((resolve) => {
      const s = connect(server.port, '127.0.0.1');
      let out = '';
      s.on('data', (d) => {
        out += d;
      });
      s.on('end', () => resolve(out));
      s.write(
        `GET /api/health HTTP/1.1\r\nHost: ${name}:${server.port}\r\nConnection: close\r\n\r\n`,
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it.each([
    [{ 'Sec-Fetch-Site': 'cross-site' }],
    [{ Origin: 'http://evil.example' }],
    [{ Origin: 'null' }],
  ])('a computing route refuses %j with a 403', async (headers) => {
    const res = await get('/api/analyze?kernel=box:3&rates=1,2', headers);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/may not start computations/);
  });

  it('the same request twice: the cached answer is refused cross-site too', async () => {
    expect((await get('/api/analyze?kernel=box:3&rates=1,3', {})).status).toBe(200);
    expect(
      (await get('/api/analyze?kernel=box:3&rates=1,3', { 'Sec-Fetch-Site': 'cross-site' })).status,
    ).toBe(403);
  });

  it('same-origin requests and read-only routes are answered', async () => {
    const origin = server.url.replace(/\/$/, '');
    expect(
      (
        await get('/api/analyze?kernel=box:3&rates=1,2', {
          Origin: origin,
          'Sec-Fetch-Site': 'same-origin',
        })
      ).status,
    ).toBe(200);
    expect((await get('/api/health', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(200);
  });
});

describe('per-client concurrency (item 5)', () => {
  const app = createApp({ workers: 0, limits: { maxClientRequests: 0 } });
  afterAll(() => closeApp(app));
  it('a client over its bound gets a 503 with Retry-After; health is exempt', async () => {
    const res = await request(app).get('/api/analyze').query({ kernel: 'box:3', rates: '1' });
    expectError(res, 503, null, /too many requests in progress/);
    expect(res.headers['retry-after']).toBe('1');
    expect((await request(app).get('/api/health')).status).toBe(200);
  });
});
