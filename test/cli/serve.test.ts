import { describe, expect, it } from 'vitest';
import { listenAddress } from '../../src/cli/commands/serve.ts';
import { TextBuffer } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { cli, expectBadInput } from './helpers.ts';

async function waitFor(check: () => string | undefined, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('dilation-lab serve', () => {
  it('serves the API on the port it announces and stops when aborted', async () => {
    const stdout = new TextBuffer();
    const stderr = new TextBuffer();
    const controller = new AbortController();
    const done = main(['serve', '--port', '0'], {
      stdout,
      stderr,
      env: {},
      signal: controller.signal,
    });
    const url = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout.text)?.[1]);
    try {
      const res = await fetch(`${url}api/health`);
      expect(res.status).toBe(200);
      const presets = await fetch(`${url}api/presets`);
      expect(presets.status).toBe(200);
    } finally {
      controller.abort();
    }
    expect(await done).toBe(0);
    expect(stdout.text).toContain('stopped');
  });

  it('takes the port and host from --port/--host, then PORT/HOST, then 127.0.0.1:8080', () => {
    expect(listenAddress({}, {})).toEqual({ port: 8080, host: '127.0.0.1' });
    expect(listenAddress({}, { PORT: '9001', HOST: '0.0.0.0' })).toEqual({
      port: 9001,
      host: '0.0.0.0',
    });
    expect(
      listenAddress({ port: '9002', host: 'localhost' }, { PORT: '9001', HOST: '0.0.0.0' }),
    ).toEqual({
      port: 9002,
      host: 'localhost',
    });
  });

  it('names a bad port or host and exits with 2', async () => {
    expectBadInput(await cli(['serve', '--port', '70000']), '--port', '70000');
    expectBadInput(await cli(['serve'], { env: { PORT: 'eighty' } }), 'PORT', 'eighty');
    expectBadInput(await cli(['serve', '--host', 'a b']), '--host', 'a b');
  });
});
