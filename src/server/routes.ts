import { type RequestHandler, Router } from 'express';
import { jsonBody } from './body.ts';
import type { ServerContext } from './context.ts';
import { HttpError } from './errors.ts';
import { analyzeHandler } from './resources/analyze.ts';
import { blindspotsHandler, blindspotsModelBody } from './resources/blindspots.ts';
import { erfHandler, erfModelBody } from './resources/erf.ts';
import { healthHandler } from './resources/health.ts';
import { modelBodyHandler } from './resources/model.ts';
import { presetsHandler } from './resources/presets.ts';
import { recommendHandler, recommendParallelHandler } from './resources/recommend.ts';
import { response2dHandler, responseHandler } from './resources/response.ts';
import { tapsHandler } from './resources/taps.ts';

/** An HTTP method an API route answers. */
export type ApiMethod = 'GET' | 'POST';

/**
 * One row of the API's route table: a path, the methods it answers, a one-line summary
 * (listed by `GET /api`) and the factory of its handler. Handlers live one file per
 * resource under src/server/resources/.
 */
export interface ApiRoute {
  path: string;
  methods: readonly ApiMethod[];
  summary: string;
  handler: (ctx: ServerContext) => RequestHandler;
  /** Handlers that run on POST before the JSON body reader (e.g. an ONNX body); they call next() to pass. */
  before?: (ctx: ServerContext) => RequestHandler[];
}

/**
 * The API, wired in one place. To add a resource (e.g. `/api/recommend`, issue 4): write
 * its handler in src/server/resources/recommend.ts — for a GET|POST compute route, a
 * `computeHandler(ctx, {kind, options, cost})` as in resources/analyze.ts, with a new job
 * kind in jobs.ts so heavy requests can run on the worker — and add one row here:
 *
 * ```ts
 * { path: '/api/recommend', methods: ['GET', 'POST'], summary: '...', handler: recommendHandler },
 * ```
 *
 * or pass extra rows to `createApp({ routes: [...API_ROUTES, row] })` without editing this
 * file. Wrong methods get 405 with `Allow`, unknown paths 404, both as JSON.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    path: '/api/health',
    methods: ['GET'],
    summary: 'liveness and version: {ok, version}',
    handler: healthHandler,
  },
  {
    path: '/api/presets',
    methods: ['GET'],
    summary: 'the named networks with their sources, and the kernel families',
    handler: presetsHandler,
  },
  {
    path: '/api/analyze',
    methods: ['GET', 'POST'],
    summary:
      'exact analysis of a network: what `dilation-lab analyze --json` prints; an ONNX body (application/octet-stream) gives what `analyze --model --json` prints',
    handler: analyzeHandler,
    before: modelBodyHandler,
  },
  {
    path: '/api/response',
    methods: ['GET', 'POST'],
    summary: '1-D frequency response (freqz grid): w, magnitude, magnitudeDb, phase, members',
    handler: responseHandler,
  },
  {
    path: '/api/response2d',
    methods: ['GET', 'POST'],
    summary: '2-D magnitude response of a 2-D network on an n×n grid',
    handler: response2dHandler,
  },
  {
    path: '/api/erf',
    methods: ['GET', 'POST'],
    summary:
      'effective receptive field of the centre output (TensorFlow.js back-propagation) with the exact form, area ratios and gridding index: what `dilation-lab erf --json` prints; an ONNX body (application/octet-stream) gives `erf --model --json`',
    handler: erfHandler,
    before: erfModelBody,
  },
  {
    path: '/api/blindspots',
    methods: ['GET', 'POST'],
    summary:
      'the blind-spot proof: perturb the holes and unread samples, output change exactly 0, a reached control changes it: what `dilation-lab blindspots --json` prints; an ONNX body (application/octet-stream) gives `blindspots --model --json`',
    handler: blindspotsHandler,
    before: blindspotsModelBody,
  },
  {
    path: '/api/taps',
    methods: ['GET', 'POST'],
    summary: 'path counts over the receptive field (holes are 0), whole network and members',
    handler: tapsHandler,
  },
  {
    path: '/api/recommend',
    methods: ['GET', 'POST'],
    summary:
      'ranked gridding-free dilation schedules for a stack, with references and search counts: what `dilation-lab recommend --json` prints',
    handler: recommendHandler,
  },
  {
    path: '/api/recommend-parallel',
    methods: ['GET', 'POST'],
    summary: "ranked rate sets for parallel atrous branches (ASPP), beside DeepLab v3's",
    handler: recommendParallelHandler,
  },
];

function methodNotAllowed(methods: readonly ApiMethod[]): RequestHandler {
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      res.status(204).end();
      return;
    }
    next(
      new HttpError(
        405,
        `${req.method} is not allowed on ${req.path}; use ${methods.join(' or ')}`,
        null,
        { Allow: allow },
      ),
    );
  };
}

/**
 * The router of the API: each row of `routes` on its path, 405 for the other methods, and
 * `GET /api` listing the routes.
 */
export function apiRouter(ctx: ServerContext, routes: readonly ApiRoute[] = API_ROUTES): Router {
  const router = Router({ strict: false, caseSensitive: true });
  // Bodies are read (body.ts: size, charset, encoding, nesting) on POST routes only: a GET
  // never pays for the parser.
  const body = jsonBody(ctx.limits.bodyBytes);
  const index = JSON.stringify({
    name: 'dilation-lab',
    version: ctx.version,
    routes: routes.map((r) => ({ path: r.path, methods: r.methods, summary: r.summary })),
  });
  router
    .route('/api')
    .get((_req, res) => {
      res.type('application/json').send(index);
    })
    .all(methodNotAllowed(['GET']));
  for (const r of routes) {
    const route = router.route(r.path);
    const handler = r.handler(ctx);
    if (r.methods.includes('GET')) route.get(handler);
    if (r.methods.includes('POST')) route.post(...(r.before?.(ctx) ?? []), ...body, handler);
    route.all(methodNotAllowed(r.methods));
  }
  return router;
}
