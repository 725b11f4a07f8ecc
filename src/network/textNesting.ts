import { Lexer } from 'yaml';
import { FieldError } from '../util/validate.ts';
import { LIMITS } from './limits.ts';

/** Zero-width control tokens of the yaml lexer (document start, scalar, flow-error end). */
const CONTROL = new Set(['\u0002', '\u001f', '\u0018']);

/**
 * Nesting depth of a JSON or YAML text, measured without parsing it: the yaml package's
 * lexer (a loop, no recursion) splits the text into tokens, so brackets inside quoted
 * strings and comments do not count. The depth at a token is the number of open flow
 * collections (`[`, `{`) plus the number of open block-indentation levels (a stack of the
 * columns of the block content on the current chain of lines; a nested block node is to
 * the right of its parent). Stops counting as soon as the depth exceeds `stopAbove`.
 *
 * Why it exists: the yaml parser composes nodes recursively, so a text nested ~800 deep
 * overflows the stack; worse, the overflow happens while V8 runs one of yaml's regular
 * expressions, and when the same text is parsed again, V8 tiers that regexp up to native
 * code at the stack limit, which aborts the whole process ("RegExpCompiler Allocation
 * failed", not a catchable error). Refusing deep text before parsing closes that door.
 */
export function textNesting(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let flow = 0;
  const block: number[] = [];
  let col = 0;
  let lineStart = true;
  let max = 0;
  for (const tok of new Lexer().lex(text)) {
    if (CONTROL.has(tok)) continue;
    if (tok === '\n' || tok === '\r\n') {
      lineStart = true;
      col = 0;
      continue;
    }
    const nl = tok.lastIndexOf('\n');
    const at = col;
    col = nl >= 0 ? tok.length - nl - 1 : col + tok.length;
    if (/^[ \t]*$/.test(tok) || tok.startsWith('#')) continue;
    const opens = tok === '[' || tok === '{';
    if (flow === 0 && tok !== ':' && tok !== ',') {
      if (lineStart) while (block.length > 0 && block[block.length - 1] >= at) block.pop();
      // A flow collection counts once, as a flow level.
      if (!opens) block.push(at);
    }
    lineStart = false;
    if (opens) flow++;
    else if ((tok === ']' || tok === '}') && flow > 0) flow--;
    const depth = flow + block.length;
    if (depth > max) {
      max = depth;
      if (max > stopAbove) return max;
    }
  }
  return max;
}

/**
 * Throws a FieldError naming `field` when `text` nests deeper than `max` levels
 * (default LIMITS.maxTextNesting; see textNesting). Every JSON or YAML text a user gives
 * (network specs, kernel weights, report configs, request bodies) passes here first.
 */
export function assertTextNesting(field: string, text: string, max = LIMITS.maxTextNesting): void {
  const depth = textNesting(text, max);
  if (depth > max) {
    throw new FieldError(
      field,
      `nests deeper than ${max} levels of brackets or indentation (the deepest valid input needs about 20)`,
    );
  }
}
