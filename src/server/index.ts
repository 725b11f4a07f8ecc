export { type AppOptions, appContext, closeApp, createApp } from './app.ts';
export { JsonCache } from './cache.ts';
export type { ServerContext } from './context.ts';
export { DEFAULT_INLINE_COST, Dispatcher } from './dispatch.ts';
export { type ErrorBody, HttpError, toHttpError } from './errors.ts';
export type { ApiInput, NetworkSource, OptionSpec, Options } from './input.ts';
export { type Job, type JobKind, runJob } from './jobs.ts';
export { SERVER_LIMITS, type ServerLimits } from './limits.ts';
export { JobPool } from './pool.ts';
export { API_ROUTES, type ApiMethod, type ApiRoute, apiRouter } from './routes.ts';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security.ts';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  listenOptions,
  type RunningServer,
  type StartOptions,
  startServer,
} from './start.ts';
export type { MemberTapCounts, TapCounts1d, TapCounts2d, TapsResult } from './tapCounts.ts';
