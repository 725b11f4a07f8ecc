import type { Request, RequestHandler } from 'express';
import { type OptionSpec, readOption } from '../../options/index.ts';
import {
  type RecommendOptions,
  type RecommendParallelOptions,
  recommend,
  recommendParallel,
  SearchMemoryError,
} from '../../recommend/index.ts';
import { FieldError, FieldTypeError, renameField, show } from '../../util/validate.ts';
import { answerOf, sendAnswer } from '../answer.ts';
import type { ServerContext } from '../context.ts';
import { clientGone } from '../dispatch.ts';
import { type Verdict, verdictOf } from '../errors.ts';
import { checkFlag, postedJson } from '../input.ts';
import type { SearchJobKind } from '../jobs.ts';
import { PARALLEL_QUERY, queryNames, STACK_QUERY } from '../searchNames.ts';

/**
 * Time budget of one schedule search on the server, in ms. The library measures it with
 * the clock the job passes (performance.now on the thread that runs the search); a search
 * that needs longer is answered 422 with advice (field `search`), never a 5xx.
 */
export const SEARCH_BUDGET_MS = 2000;

/** The options of one search route: the body keys (the library's option names) and the query keys. */
interface SearchSpec {
  /** Keys a POST body may have: the library's options, passed on as JSON values. */
  body: readonly string[];
  /** Keys a GET query may have: the option schema's specs, read from text by it. */
  query: readonly OptionSpec[];
}

const STACK: SearchSpec = {
  body: [
    'kernel',
    'layers',
    'maxRate',
    'minRate',
    'receptiveField',
    'mapSize',
    'minAllTapsFraction',
    'prefix',
    'references',
    'top',
    'thresholdDb',
    'grid',
    'search',
    'beamWidth',
  ],
  query: STACK_QUERY,
};

const PARALLEL: SearchSpec = {
  body: [
    'kernel',
    'branches',
    'mapSize',
    'outputStride',
    'maxRate',
    'minRate',
    'minAllTapsFraction',
    'references',
    'top',
    'thresholdDb',
    'grid',
  ],
  query: PARALLEL_QUERY,
};

const camel = (key: string) => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a GET query into the library's options, every value by the option schema (text →
 * typed values; `references` split on `;`; rfAtLeast/rfAbout/tolerance → receptiveField).
 */
function readSearchQuery(query: unknown, spec: SearchSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const allowed = spec.query.map((s) => s.name);
  const seen = new Set<string>();
  for (const [raw, v] of Object.entries(isObject(query) ? query : {})) {
    const key = raw === 'reference' ? 'references' : camel(raw);
    const option = spec.query.find((s) => s.name === key);
    if (option === undefined)
      throw new FieldError(raw, `is not a known parameter (expected one of ${allowed.join(', ')})`);
    if (typeof v !== 'string' || seen.has(key))
      throw new FieldError(raw, 'must be given once, as text');
    seen.add(key);
    out[key] =
      option.kind === 'reference'
        ? v.split(';').map((r, i) => readOption(option, r, true, `references[${i}]`))
        : readOption(option, v, true, key);
  }
  const { rfAtLeast, rfAbout, tolerance } = out;
  delete out.rfAtLeast;
  delete out.rfAbout;
  delete out.tolerance;
  if (rfAtLeast !== undefined && rfAbout !== undefined)
    throw new FieldError('rfAbout', 'cannot be combined with rfAtLeast: give one of them');
  if (tolerance !== undefined && rfAbout === undefined)
    throw new FieldError('tolerance', 'goes with rfAbout');
  if (rfAtLeast !== undefined) out.receptiveField = { atLeast: rfAtLeast };
  if (rfAbout !== undefined)
    out.receptiveField = { about: rfAbout, ...(tolerance === undefined ? {} : { tolerance }) };
  return out;
}

/** Reads a POST body: the library's options as JSON, unknown keys refused. */
function readSearchBody(body: unknown, spec: SearchSpec): Record<string, unknown> {
  if (!isObject(body)) throw new FieldTypeError('body', `must be a JSON object, got ${show(body)}`);
  for (const key of Object.keys(body))
    if (!spec.body.includes(key))
      throw new FieldError(key, `is not a known option (expected one of ${spec.body.join(', ')})`);
  return { ...body };
}

/**
 * Reads the request of a search route: a GET query (CLI-like flat keys: `kernel=3x3&layers=4&
 * rfAtLeast=45&maxRate=32&prefix=1,2&references=hdc;1,2,4,8`; kebab-case spellings such as
 * `rf-at-least` are accepted) or a POST body with the library's options as JSON.
 */
export function readSearchRequest(req: Request, kind: SearchJobKind): Record<string, unknown> {
  const spec = kind === 'recommend' ? STACK : PARALLEL;
  const options = readSearchOptions(req, spec);
  // A reference preset is named in the error as references[i] (the library names it `preset`).
  const refs = options.references;
  const reference = spec.query.find((s) => s.name === 'references');
  if (req.method === 'POST' && Array.isArray(refs) && reference !== undefined)
    refs.forEach((r, i) => {
      if (typeof r === 'string') readOption(reference, r, false, `references[${i}]`);
    });
  return options;
}

function readSearchOptions(req: Request, spec: SearchSpec): Record<string, unknown> {
  if (req.method !== 'POST') {
    // `check` is the route's own flag (checkFlag), not an option of the search.
    const { check: _check, ...query } = isObject(req.query) ? req.query : {};
    return readSearchQuery(query, spec);
  }
  return readSearchBody(postedJson(req), spec);
}

/** The answer of a search route with `check=true`: whether it would run, and why not. */
export type SearchVerdict = Verdict;

/**
 * The request of a search route, read and checked: every check of the library's options
 * (validateSearch), errors named by the request's own keys (a GET's query keys).
 */
function checkedSearchRequest(req: Request, kind: SearchJobKind): Record<string, unknown> {
  const request = readSearchRequest(req, kind);
  try {
    validateSearch(kind, request);
  } catch (e) {
    // A GET names the options by its query keys (rfAtLeast, not receptiveField).
    if (req.method !== 'POST' && (e instanceof FieldError || e instanceof FieldTypeError)) {
      const names = queryNames(request);
      throw renameField(e, names.field(e.field), names.ref);
    }
    throw e;
  }
  return request;
}

/**
 * Whether the search would be run, by the same reading and checks as a search request,
 * without searching: a user error is the verdict's `error` (a 200 either way), so a client
 * that must not log a failed request (the lab page) can ask first. A bug still throws.
 */
function searchVerdict(req: Request, kind: SearchJobKind): SearchVerdict {
  return verdictOf(() => {
    checkedSearchRequest(req, kind);
    return {};
  });
}

/**
 * Checks a search's options on the event loop before it is queued (a bad request is a 400
 * at once, not after the queue): the library runs every check of its options, then stops at
 * its memory estimate, which a budget of one byte always fails (SearchMemoryError).
 */
export function validateSearch(kind: SearchJobKind, request: Record<string, unknown>): void {
  const dry = { ...request, budget: { maxBytes: 1 } };
  try {
    if (kind === 'recommend') recommend(dry as unknown as RecommendOptions);
    else recommendParallel(dry as unknown as RecommendParallelOptions);
  } catch (e) {
    if (e instanceof SearchMemoryError) return;
    throw e;
  }
  throw new TypeError('validateSearch: the library searched with a budget of one byte');
}

/**
 * The handler of a search route: reads the options, runs the search on a worker thread (as
 * a heavy job: it leaves one worker free for light requests) within `maxMs`, and sends the
 * library's result as JSON. Bad options are 400s naming the field; a space too large for the
 * budget is a 422 with advice; identical requests share one run and are cached.
 */
export function searchHandler(
  ctx: ServerContext,
  kind: SearchJobKind,
  maxMs: number = SEARCH_BUDGET_MS,
): RequestHandler {
  return async (req, res) => {
    if (checkFlag(req.query)) {
      res.json(searchVerdict(req, kind));
      return;
    }
    const request = checkedSearchRequest(req, kind);
    const json = await ctx.dispatcher.run(
      { kind, request, maxMs, limits: ctx.limits },
      null,
      Number.POSITIVE_INFINITY,
      clientGone(res),
    );
    const answer = answerOf(json);
    ctx.answers?.remember(req, answer);
    sendAnswer(req, res, answer);
  };
}

/**
 * `GET|POST /api/recommend` → exactly what `recommend(options)` returns (the JSON of
 * `dilation-lab recommend --json`): ranked gridding-free stack schedules, the references,
 * the search counts.
 */
export function recommendHandler(ctx: ServerContext): RequestHandler {
  return searchHandler(ctx, 'recommend');
}

/** `GET|POST /api/recommend-parallel` → exactly what `recommendParallel(options)` returns. */
export function recommendParallelHandler(ctx: ServerContext): RequestHandler {
  return searchHandler(ctx, 'recommendParallel');
}
