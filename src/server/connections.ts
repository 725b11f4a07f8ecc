import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { SECURITY_HEADERS } from './security.ts';

/**
 * A complete HTTP/1.1 error response as raw bytes, for answers Node's HTTP parser gives
 * before Express sees the request (431, 408, 400): the same JSON body
 * `{"error": {"message", "field"}}` and security headers as every other answer, and
 * `Connection: close`.
 */
export function rawErrorResponse(
  status: number,
  reason: string,
  message: string,
  field: string | null,
  extra: Record<string, string> = {},
): string {
  const body = JSON.stringify({ error: { message, field } });
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
    ...extra,
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** What a client error of Node's HTTP parser is answered with. */
export function clientErrorAnswer(
  code: string | undefined,
  limits: { maxHeaderBytes: number; requestTimeoutMs: number },
): { status: number; reason: string; message: string; field: string | null } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        message: `the request line and headers are larger than the limit of ${limits.maxHeaderBytes} bytes (a long query: send it as a POST body instead)`,
        field: 'url',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        message: `the request was not received completely within ${limits.requestTimeoutMs / 1000} s`,
        field: null,
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        message: 'the request is not valid HTTP/1.1',
        field: null,
      };
  }
}

/**
 * Answers the errors Node's HTTP parser raises (oversized headers, a request that took too
 * long, malformed HTTP) with a JSON error and the security headers, then closes the socket.
 */
export function handleClientErrors(
  server: Server,
  limits: { maxHeaderBytes: number; requestTimeoutMs: number },
): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const a = clientErrorAnswer(err.code, limits);
    socket.end(rawErrorResponse(a.status, a.reason, a.message, a.field));
  });
}

interface ConnState {
  req: IncomingMessage | null;
}

/** True while a request is still arriving: headers not parsed yet, or its body not complete. */
function stillSending(st: ConnState): boolean {
  const req = st.req;
  if (!req) return true; // idle keep-alive, or headers still arriving
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  return hasBody && !req.complete;
}

/**
 * Caps open connections at `max`: a new connection beyond it closes the oldest connection
 * that is idle or still sending its request (slow or abandoned clients), so a flood of slow
 * sockets cannot take every file descriptor and health keeps answering. When every
 * connection is being answered, the new one gets a 503 with Retry-After and is closed.
 */
export function capConnections(server: Server, max: number): void {
  const open = new Map<Socket, ConnState>();
  server.on('connection', (socket: Socket) => {
    if (open.size >= max) {
      let victim: Socket | null = null;
      for (const [s, st] of open)
        if (stillSending(st)) {
          victim = s;
          break;
        }
      if (victim) {
        open.delete(victim);
        victim.destroy();
      } else {
        socket.end(
          rawErrorResponse(
            503,
            'Service Unavailable',
            `the server has ${max} connections open, the most it serves; retry shortly`,
            null,
            { 'Retry-After': '1' },
          ),
        );
        return;
      }
    }
    open.set(socket, { req: null });
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const st = open.get(req.socket);
    if (!st) return;
    st.req = req;
    res.once('finish', () => {
      if (st.req === req) st.req = null;
    });
  });
}

/**
 * A per-client bound on API requests in progress (by remote address; health is exempt):
 * returns false, having answered 503 with Retry-After, when the client has `max` already.
 */
export function clientLimiter(max: number): (req: IncomingMessage, res: ServerResponse) => boolean {
  const active = new Map<string, number>();
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (!path.startsWith('/api') || path === '/api/health') return true;
    const who = req.socket.remoteAddress ?? '?';
    const n = active.get(who) ?? 0;
    if (n >= max) {
      const body = JSON.stringify({
        error: {
          message: `too many requests in progress from this client (${max}); retry shortly`,
          field: null,
        },
      });
      res.writeHead(503, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(body)),
        'Retry-After': '1',
        'Cache-Control': 'no-store',
      });
      res.end(body);
      return false;
    }
    active.set(who, n + 1);
    res.once('close', () => {
      const left = (active.get(who) ?? 1) - 1;
      if (left <= 0) active.delete(who);
      else active.set(who, left);
    });
    return true;
  };
}
