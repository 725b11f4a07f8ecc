import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';
import type { ApiLimits } from '../limits/index.ts';

/** The build's list of the first view's requests, in the page's directory (scripts/build-web.mjs). */
export const FIRST_VIEW_FILE = 'first-view.json';

/** The id of the `<script type="application/json">` element the answers go in (web/src/main.ts reads it). */
export const FIRST_VIEW_ELEMENT = 'lab-first-view';

/** At most this many recorded requests are answered and embedded. */
export const FIRST_VIEW_MAX_REQUESTS = 32;

/** Answers past this many bytes in all are left for the page to ask for. */
export const FIRST_VIEW_MAX_BYTES = 4 * 1024 * 1024;

/** How long one self-request may take (ms) before the first view goes without it. */
export const FIRST_VIEW_TIMEOUT_MS = 20_000;

/** One request of the page's first view, as the build recorded it (web/src/firstView.ts). */
export interface RecordedRequest {
  /** The key the page remembers the answer by (web/src/api.ts `requestKey`). */
  key: string;
  method: 'GET' | 'POST';
  /** Path and query under /api/. */
  url: string;
  /** The JSON body of a POST. */
  body?: string;
}

/** One answered request: its key, whether the bytes are the binary form, and the bytes. */
export interface EmbeddedAnswer {
  key: string;
  binary: boolean;
  body: Buffer;
}

/**
 * The recorded requests of `file` (first-view.json: `{"query": "", "requests": [...]}`), or
 * null when the file is missing or is not such a list. Only /api/ requests are kept.
 */
export function readFirstView(file: string): RecordedRequest[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const list = (parsed as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(list)) return null;
  const out: RecordedRequest[] = [];
  for (const r of list.slice(0, FIRST_VIEW_MAX_REQUESTS)) {
    const { key, method, url, body } = (r ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || typeof url !== 'string' || !url.startsWith('/api/')) continue;
    if (method !== 'GET' && method !== 'POST') continue;
    if (body !== undefined && typeof body !== 'string') continue;
    out.push({ key, method, url, ...(body !== undefined ? { body } : {}) });
  }
  return out;
}

/**
 * `html` with the answers embedded as the last element of its `<head>`:
 * `<script type="application/json" id="lab-first-view">{"answers": {KEY: {"json": ANSWER}
 * | {"f32": BASE64}}, "limits": LIMITS}</script>` — a JSON answer as its own text, a binary
 * one (format=f32) as base64 of its bytes; `limits` (when given) are the server's ApiLimits,
 * which the page checks its requests against before it sends them (src/limits). Every `<` is written `\u003c` (same JSON, and the text can never
 * close the element). The element is data, not script: the page's Content-Security-Policy
 * (scripts from this origin only) does not apply to it.
 */
export function embedAnswers(
  html: string,
  answers: readonly EmbeddedAnswer[],
  limits?: ApiLimits,
): string {
  const parts = answers.map(
    (a) =>
      `${JSON.stringify(a.key)}:${
        a.binary
          ? `{"f32":${JSON.stringify(a.body.toString('base64'))}}`
          : `{"json":${a.body.toString('utf8')}}`
      }`,
  );
  const withLimits = limits ? `,"limits":${JSON.stringify(limits)}` : '';
  const block = `{"answers":{${parts.join(',')}}${withLimits}}`.replace(/</g, '\\u003c');
  const element = `<script type="application/json" id="${FIRST_VIEW_ELEMENT}">${block}</script>\n`;
  const at = html.search(/<\/head>/i);
  return at < 0 ? `${element}${html}` : `${html.slice(0, at)}${element}${html.slice(at)}`;
}

/** Sends one recorded request to `origin` (this server) and reads the whole answer. */
function ask(
  origin: URL,
  r: RecordedRequest,
): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: origin.host };
    if (r.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(r.body));
    }
    const req = http.request(
      {
        host: origin.hostname.replace(/^\[|\]$/g, ''),
        port: origin.port,
        path: r.url,
        method: r.method,
        headers,
        timeout: FIRST_VIEW_TIMEOUT_MS,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** The page's first view: index.html with its answers, and its compressed copies. */
export interface FirstViewPage {
  html: Buffer;
  br: Buffer;
  gzip: Buffer;
  /** How many answers it carries. */
  answers: number;
}

const br = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * index.html with the answers of the page's first view embedded, so that opening the lab
 * needs no API request. The build records the requests (first-view.json); once the server
 * listens (`start(origin)`) each is sent to the server itself over its own address — the
 * same routes, limits and bytes as the page would get — and a 200 answer is embedded under
 * the page's memory key. Made again when index.html or first-view.json change (a rebuild
 * while the server runs). A request that fails is left out: the page asks for it itself.
 */
export class FirstView {
  private readonly webDist: string;
  private readonly limits: ApiLimits | undefined;
  private origin: URL | null = null;
  private stamp = '';
  private ready: FirstViewPage | null = null;
  private pending: Promise<void> | null = null;

  /** `limits`: the server's ApiLimits, embedded beside the answers for the page's own checks. */
  constructor(webDist: string, limits?: ApiLimits) {
    this.webDist = webDist;
    this.limits = limits;
  }

  /**
   * Starts answering the first view on the server at `origin` (http://host:port/), at once,
   * so the first page load finds the answers made; after a rebuild, the next request of
   * the page makes them again.
   */
  start(origin: string): void {
    const u = new URL(origin);
    if (u.hostname === '0.0.0.0') u.hostname = '127.0.0.1';
    if (u.hostname === '[::]') u.hostname = '[::1]';
    this.origin = u;
    void this.page();
  }

  /** The build files' stamp (mtimes and sizes), or '' when one is missing. */
  private currentStamp(): string {
    try {
      const a = statSync(path.join(this.webDist, 'index.html'));
      const b = statSync(path.join(this.webDist, FIRST_VIEW_FILE));
      return `${a.mtimeMs}:${a.size}:${b.mtimeMs}:${b.size}`;
    } catch {
      return '';
    }
  }

  /**
   * The first view's page for the current build, or null (not started, no first-view.json,
   * or nothing answered). Waits for the answers when they are being made.
   */
  async page(): Promise<FirstViewPage | null> {
    if (!this.origin) return null;
    const stamp = this.currentStamp();
    if (stamp === '') return null;
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      this.ready = null;
      const origin = this.origin;
      const made = this.make(origin).then(
        (page) => {
          if (this.stamp === stamp) this.ready = page;
        },
        () => undefined,
      );
      this.pending = made;
      void made.then(() => {
        if (this.pending === made) this.pending = null;
      });
    }
    if (this.pending) await this.pending;
    return this.stamp === stamp ? this.ready : null;
  }

  private async make(origin: URL): Promise<FirstViewPage | null> {
    const requests = readFirstView(path.join(this.webDist, FIRST_VIEW_FILE));
    if (!requests || requests.length === 0) return null;
    const html = readFileSync(path.join(this.webDist, 'index.html'), 'utf8');
    const answers: EmbeddedAnswer[] = [];
    let bytes = 0;
    // Two at a time: the server's two worker threads, and the event loop for the light ones.
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const r = requests[next++];
        try {
          const a = await ask(origin, r);
          if (a.status !== 200) continue;
          const binary = !a.type.startsWith('application/json');
          answers.push({ key: r.key, binary, body: a.body });
        } catch {
          // left out: the page asks for it
        }
      }
    };
    await Promise.all([worker(), worker()]);
    const order = new Map(requests.map((r, i) => [r.key, i]));
    answers.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
    const kept = answers.filter((a) => {
      bytes += a.body.byteLength;
      return bytes <= FIRST_VIEW_MAX_BYTES;
    });
    if (kept.length === 0 && !this.limits) return null;
    const page = Buffer.from(embedAnswers(html, kept, this.limits));
    const [b, g] = await Promise.all([
      br(page, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: 6,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: page.byteLength,
        },
      }),
      gz(page, { level: 6 }),
    ]);
    return { html: page, br: b, gzip: g, answers: kept.length };
  }
}
