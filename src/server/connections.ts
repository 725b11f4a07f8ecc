import type { Server } from 'node:http';
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
