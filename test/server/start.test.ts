import { describe, expect, it } from 'vitest';
import { listenOptions, startServer } from '../../src/server/index.ts';

describe('startServer', () => {
  it('listens on 127.0.0.1 by default, logs one line with the URL, and closes', async () => {
    const lines: string[] = [];
    const running = await startServer({ port: 0, announce: (l) => lines.push(l) });
    try {
      expect(running.host).toBe('127.0.0.1');
      expect(running.url).toBe(`http://127.0.0.1:${running.port}/`);
      expect(lines).toEqual([`dilation-lab: serving the lab on ${running.url} (Ctrl-C to stop)`]);
      const res = await fetch(`${running.url}api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, version: '0.1.0' });
    } finally {
      await running.close();
    }
    await expect(fetch(`${running.url}api/health`)).rejects.toThrow();
  });

  it('says clearly when the port is already in use', async () => {
    const first = await startServer({ port: 0, announce: null });
    try {
      await expect(startServer({ port: first.port, announce: null })).rejects.toThrow(
        `port ${first.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await first.close();
    }
  });
});

describe('listenOptions', () => {
  it('defaults to 127.0.0.1:8080', () => {
    expect(listenOptions({}, {})).toEqual({ port: 8080, host: '127.0.0.1' });
  });

  it('reads PORT and HOST from the environment, and explicit options win', () => {
    expect(listenOptions({}, { PORT: '9001', HOST: '0.0.0.0' })).toEqual({
      port: 9001,
      host: '0.0.0.0',
    });
    expect(listenOptions({ port: 7000, host: '::1' }, { PORT: '9001', HOST: '0.0.0.0' })).toEqual({
      port: 7000,
      host: '::1',
    });
  });

  it('names a bad port', () => {
    expect(() => listenOptions({ port: 'http' }, {})).toThrow(
      /^port must be an integer from 0 to 65535/,
    );
    expect(() => listenOptions({}, { PORT: '70000' })).toThrow(/port .*got 70000/);
  });
});
