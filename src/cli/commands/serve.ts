/**
 * `dilation-lab serve`: the web lab (Express app of src/server) on http://127.0.0.1:8080,
 * or where --port/--host or PORT/HOST say. Runs until Ctrl-C (or `io.signal` aborts).
 */
import { DEFAULT_HOST, DEFAULT_PORT } from '../../server/address.ts';
import type { startServer } from '../../server/start.ts';
import { FieldError, show } from '../../util/validate.ts';
import { type CommandModule, withExamples } from '../context.ts';
import type { CliIO } from '../io.ts';
import { parsePort } from '../options.ts';

/** The options of `serve`, as commander gives them. */
export interface ServeCliOptions {
  port?: string;
  host?: string;
}

/**
 * Where to listen: --port/--host, else the PORT/HOST environment variables, else
 * 127.0.0.1:8080. Errors name the option or variable and the value (exit code 2).
 */
export function listenAddress(
  opts: ServeCliOptions,
  env: CliIO['env'] = {},
): { port: number; host: string } {
  const port =
    opts.port !== undefined
      ? parsePort(opts.port, '--port')
      : env.PORT !== undefined && env.PORT !== ''
        ? parsePort(env.PORT, 'PORT')
        : DEFAULT_PORT;
  const rawHost =
    opts.host ?? (env.HOST !== undefined && env.HOST !== '' ? env.HOST : DEFAULT_HOST);
  const field = opts.host !== undefined ? '--host' : 'HOST';
  if (!/^[A-Za-z0-9.:\-[\]%]+$/.test(rawHost.trim()))
    throw new FieldError(field, `must be a host name or address, got ${show(rawHost)}`);
  return { port, host: rawHost.trim() };
}

/** Resolves when `signal` aborts, or on SIGINT/SIGTERM when there is no signal. */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const serveCommand: CommandModule = {
  name: 'serve',
  register(program, ctx) {
    const cmd = program
      .command('serve')
      .description('serve the web lab (default http://127.0.0.1:8080; loopback only unless told)')
      .option('--port <P>', `TCP port, 0 picks a free one (default $PORT or ${DEFAULT_PORT})`)
      .option('--host <H>', `interface to bind (default $HOST or ${DEFAULT_HOST})`)
      .action(async (opts: ServeCliOptions) => {
        const { port, host } = listenAddress(opts, ctx.io.env);
        let running: Awaited<ReturnType<typeof startServer>>;
        try {
          // Loaded here, not at start-up: Express and the server cost ~150 ms to import.
          const { startServer } = await import('../../server/start.ts');
          running = await startServer({
            port,
            host,
            announce: (line) => ctx.out(`${line}\n`),
            log: (line) => ctx.err(`${line}\n`),
          });
        } catch (e) {
          // startServer's messages are already one line starting with `dilation-lab:`.
          const message = e instanceof Error ? e.message : String(e);
          ctx.err(
            `${message.startsWith('dilation-lab:') ? message : `dilation-lab: cannot serve: ${message}`}\n`,
          );
          ctx.exitCode = 1;
          return;
        }
        await stopped(ctx.io.signal);
        await running.close();
        ctx.out('dilation-lab: stopped\n');
      });
    return withExamples(cmd, [
      'dilation-lab serve',
      'dilation-lab serve --port 9000',
      'PORT=9000 HOST=0.0.0.0 dilation-lab serve   # every interface: only on a trusted network',
    ]);
  },
};
