/**
 * The page's own checks of a view before it asks the server: every network parses (the
 * library's parser, as the server would) and every analysis option reads by its schema
 * (src/options). A bad value typed in a field is then shown at its field at once, and no
 * request goes out, so the browser logs no failed request (a 400) in its console. The
 * server still judges what the page cannot (its cost and size limits).
 */
import { OPTIONS, readOption } from '../../src/options/index.ts';
import { parseHere } from './compute.ts';
import type { State } from './state.ts';

/** A bad value: the field it names (the library's name), its network (or null), the message. */
export interface Problem {
  field: string | null;
  net: number | null;
  message: string;
}

/** The text of the option fields, as typed (the state holds them as numbers). */
export interface OptionTexts {
  mapSize: string;
  thresholdDb: string;
  object: string;
}

/** The problems of a view, none when the server may be asked. */
export function checkView(s: State, texts: OptionTexts): Problem[] {
  const out: Problem[] = [];
  s.nets.forEach((n, i) => {
    try {
      parseHere(n, s.dims);
    } catch (e) {
      const field = (e as { field?: unknown }).field;
      const message = e instanceof Error ? e.message : String(e);
      // A kernel list that is not JSON has no field: it is the kernel's.
      const named = typeof field === 'string' ? field : n.preset || n.spec ? null : 'kernel';
      out.push({
        field: named,
        net: i,
        message: typeof field === 'string' ? message : `kernel is not a valid list: ${message}`,
      });
    }
  });
  const options = [
    [OPTIONS.mapSize, texts.mapSize],
    [OPTIONS.thresholdDb, texts.thresholdDb],
    [OPTIONS.object, texts.object],
  ] as const;
  for (const [spec, text] of options) {
    try {
      readOption(spec, text.trim(), true);
    } catch (e) {
      out.push({
        field: spec.name,
        net: null,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}

/**
 * A server message as the page shows it: the page's words instead of the API's routes
 * (`/api/taps sends at most 65536` → `the page draws at most 65536`), so no note or error
 * under a field names an internal route.
 */
export function pageNote(message: string): string {
  return message
    .replace(/\(use \/api\/analyze for its coverage\)/g, '(the summary gives its coverage)')
    .replace(/\/api\/taps sends/g, 'the page draws')
    .replace(/\/api\/response2d/g, 'the 2-D response')
    .replace(/\/api\/response/g, 'the 1-D response')
    .replace(/\/api\/[a-z0-9-]+/gi, 'the server');
}
