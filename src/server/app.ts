import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type Express } from 'express';
import { apiLimitsOf } from '../limits/index.ts';
import { RawAnswerCache } from './answer.ts';
import { JsonCache } from './cache.ts';
import { clientLimiter } from './connections.ts';
import type { ServerContext } from './context.ts';
import { Dispatcher } from './dispatch.ts';
import { errorHandler, notFound } from './errors.ts';
import { FirstView } from './firstView.ts';
import { SERVER_LIMITS, type ServerLimits } from './limits.ts';
import { JobPool } from './pool.ts';
import { API_ROUTES, type ApiRoute, apiRouter } from './routes.ts';
import { exposureRefusal, securityHeaders, sendRefusal } from './security.ts';
import { DEFAULT_WEB_DIST, PROJECT_ROOT, staticRouter } from './static.ts';

/** Options of `createApp`; every one has a default. */
export interface AppOptions {
  /** Directory of the built page (default web/dist of the project). */
  webDist?: string;
  /**
   * The plotly bundle served at /vendor/plotly.min.js (default: the build's copy in
   * web/dist/vendor, else plotly.js-cartesian-dist-min, resolved).
   */
  plotlyFile?: string;
  /** Overrides of SERVER_LIMITS (body size, n, 2-D grid side, taps grid, queue, timeout). */
  limits?: Partial<ServerLimits>;
  /** Worker threads for costly jobs (default 2); 0 runs every job on the event loop. */
  workers?: number;
  /** Cached answers (default 256 entries, 64 MB); 0 turns the cache off. */
  cacheEntries?: number;
  /** Estimated cost (points) at or below which a job runs inline (see dispatch.ts). */
  inlineCost?: number;
  /** Estimated cost (points) above which a job is heavy (see dispatch.ts). */
  heavyCost?: number;
  /** Where internal failures are reported (default: one line on stderr). */
  log?: (line: string) => void;
  /**
   * Host names the server answers to (the Host header without its port); null for any.
   * startServer sets LOOPBACK_HOSTS when it binds to a loopback address.
   */
  allowedHosts?: readonly string[] | null;
  /** The API's route table (default API_ROUTES); extend it to add resources. */
  routes?: readonly ApiRoute[];
  /**
   * Embed the answers of the page's first view in index.html (firstView.ts; default true).
   * They are made once the server listens (startServer), so an app that only createApp
   * made serves the plain page.
   */
  firstView?: boolean;
}

const LAB = Symbol.for('dilation-lab.server');

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Builds the Express app of the lab without listening (tests drive it with supertest;
 * `startServer` listens). Order: answers of repeated GETs by raw URL (answer.ts, before
 * Express routes anything) → security
 * headers → the API routes (routes.ts; the JSON body parser, limit `limits.bodyBytes`, on
 * POST routes only) → the page and the plotly bundle
 * (static.ts) → 404 → the error handler, last, which answers every error as
 * `{"error": {"message", "field"}}` and never sends a stack trace.
 */
export function createApp(options: AppOptions = {}): Express {
  const limits: ServerLimits = { ...SERVER_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const workers = options.workers ?? 2;
  const pool =
    workers > 0
      ? new JobPool({
          size: workers,
          maxQueue: limits.maxQueue,
          maxQueueHeavy: limits.maxQueueHeavy,
          maxWaitMs: limits.maxWaitMs,
          maxRssMb: limits.maxRssMb,
          timeoutMs: limits.jobTimeoutMs,
          log,
        })
      : null;
  const cacheEntries = options.cacheEntries ?? 256;
  const dispatcher = new Dispatcher({
    cache: cacheEntries > 0 ? new JsonCache(cacheEntries) : null,
    pool,
    inlineCost: options.inlineCost,
    heavyCost: options.heavyCost,
  });
  const answers = cacheEntries > 0 ? new RawAnswerCache(cacheEntries) : null;
  const webDist = options.webDist ?? DEFAULT_WEB_DIST;
  const firstView =
    options.firstView === false ? null : new FirstView(webDist, apiLimitsOf(limits));
  const ctx: ServerContext = {
    version: packageVersion(),
    limits,
    dispatcher,
    answers,
    log,
    firstView,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  (app.locals as Record<symbol, unknown>)[LAB] = ctx;

  // A GET answered before is answered from its raw URL before Express sees the request
  // (no prototype switch, no router, no middleware): the cost of a bare node:http server.
  // Before that, and before anything else: the Host check (DNS rebinding) and the refusal of
  // cross-site computations (security.ts), and the per-client concurrency bound.
  const allowedHosts = options.allowedHosts ?? null;
  const perClient = clientLimiter(limits.maxClientRequests);
  {
    const x = app as unknown as {
      handle: (req: IncomingMessage, res: ServerResponse, next?: unknown) => void;
    };
    const handle = x.handle.bind(app);
    x.handle = (req, res, next) => {
      const refused = exposureRefusal(req, allowedHosts);
      if (refused) return sendRefusal(res, refused);
      if (!perClient(req, res)) return;
      if (!answers?.tryAnswer(req, res)) handle(req, res, next);
    };
  }
  app.use(securityHeaders);
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(apiRouter(ctx, options.routes ?? API_ROUTES));
  app.use(staticRouter(webDist, options.plotlyFile, firstView));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}

/** The context createApp built (limits, dispatcher, version), for the server and tests. */
export function appContext(app: Express): ServerContext {
  const ctx = (app.locals as Record<symbol, unknown>)[LAB] as ServerContext | undefined;
  if (!ctx) throw new TypeError('app was not made by createApp');
  return ctx;
}

/** Stops what createApp started (the worker threads); the app answers 503 to heavy jobs after. */
export async function closeApp(app: Express): Promise<void> {
  await appContext(app).dispatcher.close();
}
