import express, { type Request, type RequestHandler, type Response } from 'express';
import {
  type Network,
  type NetworkSource,
  resolveNetwork,
  SOURCE_KEYS,
  selectSource,
} from '../network/index.ts';
import { type OptionSpec, type OptionValue, readOption } from '../options/index.ts';
import { FieldError, FieldTypeError, show } from '../util/validate.ts';
import { HttpError } from './errors.ts';

/**
 * Where a request's network comes from (the core's NetworkSource): a preset name, a network
 * spec (an object or JSON/YAML text, docs/network-spec.md), or the CLI's short form (kernel +
 * rates + mode + merge + padding). Plain JSON, so it can key the cache and travel to the
 * worker thread.
 */
export type { NetworkSource } from '../network/index.ts';

/** How one option is read (the one option schema, src/options). */
export type { OptionSpec };

/** Parsed options: numbers, booleans, [w, h] sizes, choices, or lists of field names. */
export type Options = Record<string, OptionValue>;

/** A request read into a network source and typed options. */
export interface ApiInput {
  source: NetworkSource;
  options: Options;
}

const NETWORK_KEYS = SOURCE_KEYS;

/** The kernel of the short form when only `rates` is given (the CLI's default too). */
export { DEFAULT_KERNEL } from '../network/index.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKey(field: string, allowed: readonly string[]): FieldError {
  return new FieldError(field, `is not a known parameter (expected one of ${allowed.join(', ')})`);
}

/** Reads one option from text (query) or from a JSON value (body), checking its bounds. */
export { readOption };

function readOptionsFrom(
  values: Record<string, unknown>,
  specs: readonly OptionSpec[],
  fromText: boolean,
): Options {
  const out: Options = {};
  for (const s of specs) {
    const v = values[s.name];
    if (v !== undefined) out[s.name] = readOption(s, v, fromText);
  }
  return out;
}

/**
 * Reads a GET query: network keys (preset | network | kernel+rates+mode+merge+padding) and the
 * options in `specs`, all as text. Unknown or repeated parameters are 400s.
 */
export function readQuery(query: unknown, specs: readonly OptionSpec[]): ApiInput {
  const values: Record<string, unknown> = {};
  const allowed = [...NETWORK_KEYS, ...specs.map((s) => s.name)];
  // CLI-style spellings (`map-size`) of the schema's options.
  const aliases = new Map<string, string>(
    specs.flatMap((s) => (s.aliases ?? []).map((a): [string, string] => [a, s.name])),
  );
  for (const [rawKey, v] of Object.entries(isObject(query) ? query : {})) {
    const key = aliases.get(rawKey) ?? rawKey;
    if (!allowed.includes(key)) throw unknownKey(rawKey, allowed);
    if (typeof v !== 'string') throw new FieldError(rawKey, 'must be given once, as text');
    if (values[key] !== undefined) throw new FieldError(rawKey, 'must be given once');
    values[key] = v;
  }
  return { source: selectSource(values), options: readOptionsFrom(values, specs, true) };
}

/**
 * Reads a POST body `{preset | network | kernel, rates, mode, merge, padding, options: {...}}`.
 * `network` is a spec object or JSON/YAML text; options are typed JSON values.
 */
export function readBody(body: unknown, specs: readonly OptionSpec[]): ApiInput {
  if (!isObject(body)) throw new FieldTypeError('body', `must be a JSON object, got ${show(body)}`);
  const allowed = [...NETWORK_KEYS, 'options'];
  for (const key of Object.keys(body)) if (!allowed.includes(key)) throw unknownKey(key, allowed);
  const options = body.options ?? {};
  if (!isObject(options))
    throw new FieldTypeError('options', `must be an object, got ${show(options)}`);
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(options))
    if (!names.includes(key))
      throw new FieldError(
        `options.${key}`,
        names.length === 0
          ? 'is not a known option (this route takes no options)'
          : `is not a known option (expected one of ${names.join(', ')})`,
      );
  return { source: selectSource(body), options: readOptionsFrom(options, specs, false) };
}

/**
 * The JSON body of a POST: what the JSON parser read, `{}` for an empty body; a body sent
 * as anything but JSON (`Content-Type: application/json`) is a 415.
 */
export function postedJson(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > 0 || req.headers['transfer-encoding'] !== undefined)
    throw new HttpError(
      415,
      `body must be sent as JSON with Content-Type: application/json, got ${show(req.headers['content-type'] ?? 'no Content-Type')}`,
      'body',
    );
  return {};
}

/**
 * Reads the request of a GET or POST API route. A POST must send JSON
 * (`Content-Type: application/json`); an empty POST body reads as `{}`.
 */
export function readRequest(req: Request, specs: readonly OptionSpec[]): ApiInput {
  if (req.method !== 'POST') return readQuery(req.query, specs);
  return readBody(postedJson(req), specs);
}

/**
 * Builds and validates the network of a source with the core's `resolveNetwork` (errors
 * name the query or body key, which are the source's own keys: `rates[2]`, `padding`).
 */
export function networkFromSource(source: NetworkSource): Network {
  return resolveNetwork(source);
}

/**
 * The first handler of a route that also takes an ONNX body: a request of type
 * `application/octet-stream` is read raw (at most `maxBytes`, not inflated; above it the
 * body parser's 413) and answered by `handle`, whose errors go to the error handler; any
 * other request passes on to the route's query or JSON handler.
 */
export function octetBody(
  maxBytes: number,
  handle: (req: Request, res: Response) => Promise<void>,
): RequestHandler {
  const raw = express.raw({ type: 'application/octet-stream', limit: maxBytes, inflate: false });
  return (req, res, next) => {
    if (!req.is('application/octet-stream')) {
      next();
      return;
    }
    raw(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      handle(req, res).catch(next);
    });
  };
}

/** A route's `check` query flag: true asks only whether the request would be served. */
export function checkFlag(query: unknown): boolean {
  const v = (query as { check?: unknown } | null)?.check;
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  throw new FieldError('check', `must be true or false, got ${show(v)}`);
}
