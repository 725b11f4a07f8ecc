import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/network/index.ts';
import { type ServerProcess, spawnServer } from './process.ts';

// Issue 8 item 1: two identical GETs with 1,000 nested `[` killed the process (V8's regexp
// tier-up at the stack limit inside the yaml parser: "RegExpCompiler Allocation failed").
// These run against a real server process, since the failure was a process abort.
let server: ServerProcess;

beforeAll(async () => {
  server = await spawnServer();
}, 40_000);

afterAll(async () => {
  await server?.stop();
});

/** An answer body: an error, or the health answer. */
interface Answer {
  error: { message: string; field: string | null };
  ok?: boolean;
}

async function send(path: string, init?: RequestInit): Promise<{ status: number; body: Answer }> {
  const res = await fetch(`${server.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) };
}

const post = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
});

const deep = (n: number) => '['.repeat(n);
const yamlDeep = (n: number) => `${'- '.repeat(n)}x`;

describe('deeply nested text is a 400 before any parser sees it (real process)', () => {
  it.each([
    [
      'GET network=[×1000',
      () => `/api/analyze?network=${encodeURIComponent(deep(1000))}`,
      undefined,
      'network',
    ],
    [
      'GET network=- ×1000 (YAML block)',
      () => `/api/analyze?network=${encodeURIComponent(yamlDeep(1000))}`,
      undefined,
      'network',
    ],
    [
      'GET kernel=[×1200',
      () => `/api/analyze?kernel=${encodeURIComponent(deep(1200))}&rates=1`,
      undefined,
      'kernel',
    ],
    [
      'GET response kernel=[×1200',
      () => `/api/response?kernel=${encodeURIComponent(deep(1200))}&rates=1,2`,
      undefined,
      'kernel',
    ],
    [
      'GET taps network=[×1000',
      () => `/api/taps?network=${encodeURIComponent(deep(1000))}`,
      undefined,
      'network',
    ],
    [
      'GET recommend kernel=[×1200',
      () => `/api/recommend?kernel=${encodeURIComponent(deep(1200))}&layers=2`,
      undefined,
      'kernel',
    ],
    [
      'POST {"network": "[[[…"}',
      () => '/api/analyze',
      () => post(JSON.stringify({ network: deep(1000) })),
      'network',
    ],
    [
      'POST a body nested 5,000 deep',
      () => '/api/analyze',
      () => post(`{"network":${deep(5000)}${']'.repeat(5000)}}`),
      'body',
    ],
    [
      'POST recommend body nested 5,000 deep',
      () => '/api/recommend',
      () => post(`{"kernel":${deep(5000)}${']'.repeat(5000)}}`),
      'body',
    ],
  ])('%s, twice: 400 naming the field, and the process lives', async (_name, path, init, field) => {
    for (let i = 0; i < 2; i++) {
      const r = await send(path(), init?.());
      expect(r.status).toBe(400);
      expect(r.body.error.field).toBe(field);
      expect(r.body.error.message).toMatch(/nests deeper than 64 levels/);
    }
    expect(server.alive()).toBe(true);
    const health = await send('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.ok).toBe(true);
  });

  it('text at the nesting limit still reaches the parser (its own error, not the depth one)', async () => {
    const r = await send(`/api/analyze?network=${encodeURIComponent(deep(LIMITS.maxTextNesting))}`);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('network');
    expect(r.body.error.message).not.toMatch(/nests deeper than 64/);
    expect(server.alive()).toBe(true);
  });

  it('the server never wrote a fatal error', () => {
    expect(server.stderr()).not.toMatch(/FATAL|RegExpCompiler|out of memory/);
  });
});
