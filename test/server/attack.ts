import { request as httpRequest } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { mulberry32 } from '../../src/kernel/index.ts';

/** One request of the attack fuzz. */
export interface AttackRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const ROUTES = [
  '/api/analyze',
  '/api/response',
  '/api/response2d',
  '/api/taps',
  '/api/recommend',
  '/api/recommend-parallel',
  '/api/presets',
  '/api/health',
  '/api',
  '/api/nope',
  '/../etc/passwd',
  '/api/../api/health',
];
const COMPUTE = ROUTES.slice(0, 6);

const bomb = (levels: number) =>
  [
    'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]',
    ...Array.from({ length: levels }, (_, i) => {
      const p = String.fromCharCode(97 + i);
      const n = String.fromCharCode(98 + i);
      return `${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]`;
    }),
  ].join('\n');

const WORDS = [
  'box:3',
  'box:3x3',
  'box:64',
  'binomial:5',
  'gaussian:7:1e-320',
  'gaussian:7:1.5',
  'random:3:42',
  'weights:1,0.5',
  'weights:0x10,1',
  '[0.25,0.5,0.25]',
  '[[1,2],[3,4]]',
  '1,2,5',
  '4096,4096,4096,4096',
  '1x2,2x4',
  '0',
  '-1',
  '1e308',
  'NaN',
  '0x10',
  '',
  'tcn',
  'wavenet-block',
  'deeplab-v3-aspp-os16',
  '__proto__',
];

/**
 * `count` seeded attack requests over every route: junk queries and bodies, deep nesting
 * (JSON, YAML flow and block, in the query and the body), YAML alias bombs, compressed and
 * non-UTF-8 bodies, wrong methods, oversized URLs, cross-site and foreign-Host headers,
 * and valid requests of every kind in between (test/server/attack-fuzz.test.ts and
 * `npm run bench -- fuzz`).
 */
export function attackRequests(seed: number, count: number): AttackRequest[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const json = { 'content-type': 'application/json' };
  const gens: (() => AttackRequest)[] = [
    () => ({
      kind: 'deep query',
      method: 'GET',
      path: `${pick(COMPUTE)}?${pick(['network', 'kernel'])}=${encodeURIComponent(pick(['[', '{"a":', '- ']).repeat(int(60, 3000)))}${r() < 0.5 ? '&rates=1' : ''}`,
      headers: {},
    }),
    () => ({
      kind: 'deep body',
      method: 'POST',
      path: pick(COMPUTE),
      headers: json,
      body: Buffer.from(
        r() < 0.5
          ? `{"network":${'['.repeat(int(60, 20000))}${']'.repeat(int(0, 10))}}`
          : JSON.stringify({ network: '['.repeat(int(60, 5000)) }),
      ),
    }),
    () => ({
      kind: 'alias bomb',
      method: r() < 0.5 ? 'GET' : 'POST',
      path: pick(['/api/analyze', '/api/response', '/api/taps']),
      headers: json,
      body: undefined,
    }),
    () => {
      const enc = pick(['gzip', 'deflate', 'br', 'identity, gzip', 'x-junk']);
      const text = JSON.stringify({ kernel: 'box:3', rates: [1, 2] });
      const body =
        enc === 'gzip'
          ? gzipSync(text)
          : enc === 'deflate'
            ? deflateSync(text)
            : enc === 'br'
              ? brotliCompressSync(text)
              : Buffer.from(text);
      return {
        kind: 'encoding',
        method: 'POST',
        path: pick(COMPUTE),
        headers: { ...json, 'content-encoding': enc },
        body,
      };
    },
    () => ({
      kind: 'charset',
      method: 'POST',
      path: pick(COMPUTE),
      headers: {
        'content-type': `application/json; charset=${pick(['utf-16', 'latin1', 'utf-16le', 'koi8-r', 'UTF-8'])}`,
      },
      body: Buffer.from(JSON.stringify({ kernel: 'box:3', rates: [1, 2] })),
    }),
    () => ({
      kind: 'method',
      method: pick(['PUT', 'DELETE', 'PATCH', 'POST', 'OPTIONS']),
      path: pick(ROUTES),
      headers: json,
      body: Buffer.from(pick(['{x', '{}', '[]', '"a"'])),
    }),
    () => ({
      kind: 'long url',
      method: 'GET',
      path: `/api/analyze?kernel=box:3&rates=${'1,'.repeat(int(3000, 12000))}1`,
      headers: {},
    }),
    () => ({
      kind: 'junk query',
      method: 'GET',
      path: `${pick(ROUTES)}?${Array.from({ length: int(0, 4) }, () => `${pick(['kernel', 'rates', 'n', 'fs', 'mode', 'layers', 'maxRate', 'grid', 'network', 'preset', 'x'])}=${encodeURIComponent(pick(WORDS))}`).join('&')}`,
      headers: {},
    }),
    () => ({
      kind: 'junk body',
      method: 'POST',
      path: pick(COMPUTE),
      headers: json,
      body: Buffer.from(
        pick([
          JSON.stringify({
            kernel: pick(WORDS),
            rates: pick(WORDS),
            options: { n: int(-5, 70000) },
          }),
          JSON.stringify({ network: pick(WORDS) }),
          JSON.stringify({
            kernel: pick(WORDS),
            layers: int(-1, 70),
            maxRate: int(0, 5000),
            grid: pick([16, 4096, 3]),
          }),
          String.fromCharCode(...Array.from({ length: int(0, 40) }, () => int(0, 255))),
        ]),
      ),
    }),
    () => ({
      kind: 'valid',
      method: 'GET',
      path: pick([
        '/api/analyze?kernel=box:3&rates=1,2,5',
        '/api/response?preset=wavenet-block&n=1024',
        '/api/response2d?kernel=box:3x3&rates=1,2&n=64',
        '/api/taps?preset=tcn',
        '/api/recommend?kernel=3&layers=3&maxRate=8',
        '/api/recommend-parallel?branches=2&mapSize=33',
        '/api/health',
        '/api/presets',
      ]),
      headers: {},
    }),
    () => ({
      kind: 'cross-site',
      method: 'GET',
      path: '/api/analyze?kernel=box:3&rates=1,2',
      headers: pick([
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'http://evil.example' },
        { origin: 'null' },
      ]),
    }),
    () => ({
      kind: 'recommend limits',
      method: 'GET',
      path: `/api/recommend?kernel=${pick(['3', 'weights:1,0.5', '3x3'])}&layers=${pick(['18', '64', '1-64', '12', '2'])}&maxRate=${pick(['2', '8', '4096'])}${r() < 0.5 ? `&grid=${pick(['4096', '16'])}` : ''}`,
      headers: {},
    }),
  ];
  const out: AttackRequest[] = [];
  for (let i = 0; i < count; i++) {
    const g = pick(gens)();
    if (g.kind === 'alias bomb') {
      const text = bomb(int(3, 8));
      if (g.method === 'GET') {
        g.path = `${g.path}?network=${encodeURIComponent(text)}`;
        g.headers = {};
      } else g.body = Buffer.from(JSON.stringify({ network: text }));
    }
    out.push(g);
  }
  return out;
}

/** Sends one attack request to 127.0.0.1:port; resolves with the status (0: no answer). */
export function sendAttack(port: number, a: AttackRequest, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: a.method,
        path: a.path,
        headers: { ...a.headers, ...(a.body ? { 'content-length': String(a.body.length) } : {}) },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
    req.on('error', () => resolve(0));
    req.end(a.body);
  });
}
