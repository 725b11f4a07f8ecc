/**
 * The page's network spec editor, its pure part: a spec text (JSON or YAML,
 * docs/network-spec.md) checked with the library's own parser, and an error placed at its
 * line — the parser's line and column for a syntax error, the line of the named field
 * (`layers[2].dilation`) for a wrong value.
 */
import { Document, isCollection, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { type Network, networkToSpec, parseNetwork } from '../../src/network/index.ts';

/** What is wrong with a spec text, and where (1-based line and column, or null). */
export interface SpecProblem {
  /** The library's message (`layers[1].dilation must be a positive integer, got 0`). */
  message: string;
  /** The field it names (`network` for a syntax error). */
  field: string;
  line: number | null;
  column: number | null;
}

/** The keys of a field path: `layers[2].body.layers[0]` → ['layers', 2, 'body', 'layers', 0]. */
export function fieldKeys(field: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    keys.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return keys;
}

/**
 * The 1-based line and column where field `field` of the spec text sits: its value's node
 * or, when the value is missing, the nearest enclosing one that exists. A spec wrapped as
 * `{name, network}` is searched under `network` too. Null when the text does not parse.
 */
export function fieldPosition(
  text: string,
  field: string,
): { line: number; column: number } | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return null;
  const keys = fieldKeys(field);
  const wrapped = isCollection(doc.contents) && doc.contents.has('network');
  const roots: (string | number)[][] = wrapped ? [['network'], []] : [[]];
  for (const root of roots) {
    for (let len = keys.length; len >= 0; len--) {
      const path = [...root, ...keys.slice(0, len)];
      const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
      const range = (node as { range?: [number, number, number] } | null)?.range;
      if (range && (len > 0 || root === roots[roots.length - 1])) {
        const pos = lineCounter.linePos(range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
  }
  return null;
}

/**
 * Checks a spec text with the library's parser. Returns the network, or the problem with
 * its line: a syntax error's own (`at line L, column C` in the parser's message), else the
 * line of the field the error names.
 */
export function checkSpec(text: string): { network: Network } | { problem: SpecProblem } {
  try {
    return { network: parseNetwork(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const field = (e as { field?: unknown }).field;
    const name = typeof field === 'string' ? field : 'network';
    const at = / at line (\d+), column (\d+)/.exec(message);
    const pos = at
      ? { line: Number(at[1]), column: Number(at[2]) }
      : name === 'network'
        ? null
        : fieldPosition(text, name);
    return {
      problem: { message, field: name, line: pos?.line ?? null, column: pos?.column ?? null },
    };
  }
}

/**
 * A network as spec text for the editor: YAML, one key a line, lists of numbers (weights,
 * [dy, dx]) on one line.
 */
export function specText(network: Network): string {
  const doc = new Document(networkToSpec(network));
  visit(doc, {
    Seq(_key, node) {
      if (node.items.every((i) => isScalar(i) || (isSeq(i) && i.items.every(isScalar))))
        node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** The index in `text` of the start of 1-based line `line` (the end of the text past it). */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
}
