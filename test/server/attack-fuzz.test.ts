import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackRequests, sendAttack } from './attack.ts';
import { type ServerProcess, spawnServer } from './process.ts';

// Issue 8: a seeded fuzz of a few hundred attack requests on every route (junk, nesting,
// bombs, encodings, methods, long URLs, cross-site) against a real server process: no 5xx,
// every request answered, and the process alive and answering health at the end.
let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
}, 40_000);
afterAll(() => server?.stop());

describe('attack fuzz against a real server process', () => {
  it('300 seeded requests, 4 at a time: no 5xx, all answered, server alive', async () => {
    const port = Number(new URL(server.url).port);
    const requests = attackRequests(8, 300);
    const statuses: number[] = new Array(requests.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < requests.length) {
          const i = next++;
          statuses[i] = await sendAttack(port, requests[i]);
        }
      }),
    );
    const bad = requests
      .map((a, i) => ({ kind: a.kind, path: a.path.slice(0, 160), status: statuses[i] }))
      .filter((x) => x.status >= 500 || x.status === 0);
    expect(bad).toEqual([]);
    const kinds = new Set(requests.map((a) => a.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(10);
    expect(server.alive()).toBe(true);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(server.stderr()).not.toMatch(/FATAL|out of memory|500 on/);
  }, 240_000);
});
