import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FieldError, integerIn, show } from '../util/validate.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from './address.ts';
import { type AppOptions, appContext, closeApp, createApp } from './app.ts';
import { capConnections, handleClientErrors } from './connections.ts';
import { isLoopback, LOOPBACK_HOSTS } from './security.ts';

export { DEFAULT_HOST, DEFAULT_PORT } from './address.ts';

/** Options of `startServer`: where to listen, and the app's options. */
export interface StartOptions extends AppOptions {
  /** TCP port, 0..65535 (0 picks a free one); default 8080. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Where the one "serving on URL" line goes (default stdout); null for silence. */
  announce?: ((line: string) => void) | null;
}

/** A running server. */
export interface RunningServer {
  /** The lab's URL, e.g. http://127.0.0.1:8080/ . */
  url: string;
  port: number;
  host: string;
  server: Server;
  /** Stops listening, ends open connections and stops the worker threads. */
  close(): Promise<void>;
}

/**
 * Reads the port and host from the environment (PORT, HOST) unless given, as `npm start`
 * and `dilation-lab serve` do: explicit options win, then the environment, then the
 * defaults 8080 and 127.0.0.1.
 */
export function listenOptions(
  given: { port?: number | string; host?: string },
  env: Record<string, string | undefined> = process.env,
): { port: number; host: string } {
  const rawPort = given.port ?? env.PORT ?? DEFAULT_PORT;
  const port =
    typeof rawPort === 'string'
      ? /^\s*\d+\s*$/.test(rawPort)
        ? Number(rawPort)
        : Number.NaN
      : rawPort;
  integerIn('port', port, 0, 65535);
  const host = given.host ?? env.HOST ?? DEFAULT_HOST;
  if (typeof host !== 'string' || host.trim() === '')
    throw new FieldError('host', `must be a host name or address, got ${show(host)}`);
  return { port, host: host.trim() };
}

/**
 * Starts the lab: `createApp(options)` listening on `host:port` (default 127.0.0.1:8080,
 * PORT/HOST from the environment when not given). Logs one line with the URL. Rejects with
 * a clear message when the port is taken or the host cannot be bound.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { port, host } = listenOptions(options);
  const app = createApp({
    ...options,
    allowedHosts:
      options.allowedHosts !== undefined
        ? options.allowedHosts
        : isLoopback(host)
          ? LOOPBACK_HOSTS
          : null,
  });
  const { limits } = appContext(app);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(
      {
        maxHeaderSize: limits.maxHeaderBytes,
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        // How often Node checks the two timeouts above (its default is 30 s).
        connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
      },
      app,
    );
    s.keepAliveTimeout = limits.keepAliveTimeoutMs;
    handleClientErrors(s, limits);
    capConnections(s, limits.maxConnections);
    s.listen(port, host);
    s.once('listening', () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      void closeApp(app);
      const why =
        err.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (choose another with --port or PORT)`
          : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND'
            ? `host ${host} is not an address of this machine`
            : err.code === 'EACCES'
              ? `no permission to listen on port ${port}`
              : err.message;
      reject(new Error(`dilation-lab: cannot serve: ${why}`));
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/`;
  const announce =
    options.announce === undefined
      ? (line: string) => process.stdout.write(`${line}\n`)
      : options.announce;
  announce?.(`dilation-lab: serving the lab on ${url} (Ctrl-C to stop)`);
  // The first view's answers, asked of this server now, so the first page load has them.
  appContext(app).firstView?.start(url);
  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    host: address.address,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => closeApp(app));
      return closing;
    },
  };
}
