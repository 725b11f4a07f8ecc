/**
 * How the server names a schedule search's options in its messages: by their query keys
 * (the option schema's names: `maxRate`, `rfAtLeast`, `search=beam`), never by rewriting the
 * library's text. A library error carries its field and its detail and hint in pieces
 * (options by reference); this names them.
 */
import {
  type OptionSpec,
  optionNames,
  PARALLEL_SEARCH_OPTIONS,
  RECOMMEND_OPTIONS,
  STACK_SEARCH_OPTIONS,
} from '../options/index.ts';

const R = RECOMMEND_OPTIONS;

/** The query keys of a stack search (GET /api/recommend): the schema's, and `search`. */
export const STACK_QUERY: readonly OptionSpec[] = [...STACK_SEARCH_OPTIONS, R.search];

/** The query keys of a parallel search (GET /api/recommend-parallel). */
export const PARALLEL_QUERY: readonly OptionSpec[] = PARALLEL_SEARCH_OPTIONS;

/**
 * The server's names of the search options: query keys, a value as `key=value`; the
 * receptive-field goal as a whole is `rfAbout` when the request gave an `about`, else `rfAtLeast`.
 */
export function queryNames(request: Record<string, unknown> = {}): ReturnType<typeof optionNames> {
  const goal = request.receptiveField as { about?: unknown } | undefined;
  return optionNames(
    [...STACK_QUERY, R.branches, R.outputStride],
    (spec, value) => (value === undefined ? spec.name : `${spec.name}=${value}`),
    { receptiveField: goal?.about !== undefined ? R.rfAbout : R.rfAtLeast },
  );
}
