import { LineCounter, parseDocument } from 'yaml';
import { parseKernel } from '../kernel/parse.ts';
import { kernelDims } from '../kernel/types.ts';
import { FieldError, FieldTypeError, integerIn, parseIntegerText, show } from '../util/validate.ts';
import { LIMITS } from './limits.ts';
import { assertTextNesting } from './textNesting.ts';
import type { Layer, Network, NetworkNode } from './types.ts';

interface Ctx {
  dims: 1 | 2 | undefined;
  layers: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(path: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new FieldError(
        `${path}${path ? '.' : ''}${key}`,
        `is not a known field (expected one of ${allowed.join(', ')})`,
      );
    }
  }
}

function perAxis(
  field: string,
  value: unknown,
  dims: 1 | 2,
  max: number,
  fallback: number,
): number[] {
  if (value === undefined) return dims === 1 ? [fallback] : [fallback, fallback];
  if (Array.isArray(value)) {
    if (dims === 1)
      throw new FieldError(field, `must be one integer for a 1-D kernel, got ${show(value)}`);
    if (value.length !== 2)
      throw new FieldError(field, `must be an integer or [y, x], got ${show(value)}`);
    return value.map((v, i) => integerIn(`${field}[${i}]`, v, 1, max));
  }
  const v = integerIn(field, value, 1, max);
  return dims === 1 ? [v] : [v, v];
}

function parseLayer(path: string, obj: Record<string, unknown>, ctx: Ctx): Layer {
  checkKeys(path, obj, ['type', 'kernel', 'dilation', 'stride']);
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (obj.kernel === undefined) throw new FieldError(at('kernel'), 'is required');
  const kernel = parseKernel(obj.kernel, at('kernel'));
  const dims = kernelDims(kernel);
  if (ctx.dims === undefined) ctx.dims = dims;
  else if (ctx.dims !== dims) {
    throw new FieldError(
      at('kernel'),
      `is ${dims}-D but the network is ${ctx.dims}-D (${kernel.spec})`,
    );
  }
  ctx.layers++;
  if (ctx.layers > LIMITS.maxLayers)
    throw new FieldError(path || 'network', `has more than ${LIMITS.maxLayers} layers`);
  return {
    type: 'layer',
    kernel,
    dilation: perAxis(at('dilation'), obj.dilation, dims, LIMITS.maxRate, 1),
    stride: perAxis(at('stride'), obj.stride, dims, LIMITS.maxStride, 1),
  };
}

/**
 * Total stride of a parsed node per axis: the product of the strides along a stack; a
 * parallel node's (every branch has the same, checked when it is parsed); a residual's body.
 */
function strideProduct(node: NetworkNode): number[] {
  switch (node.type) {
    case 'layer':
      return [...node.stride];
    case 'stack':
      return node.layers.map(strideProduct).reduce((acc, s) => acc.map((v, a) => v * s[a]));
    case 'parallel':
      return strideProduct(node.branches[0]);
    case 'residual':
      return strideProduct(node.body);
  }
}

function parseNode(path: string, spec: unknown, ctx: Ctx, depth: number): NetworkNode {
  const here = path || 'network';
  if (depth > LIMITS.maxDepth)
    throw new FieldError(here, `nests deeper than ${LIMITS.maxDepth} levels`);
  if (!isObject(spec))
    throw new FieldTypeError(
      here,
      `must be an object (a layer, stack, parallel or residual), got ${show(spec)}`,
    );
  const at = (f: string) => (path ? `${path}.${f}` : f);
  const type =
    spec.type ??
    (spec.kernel !== undefined ? 'layer' : spec.layers !== undefined ? 'stack' : undefined);
  switch (type) {
    case 'layer':
      return parseLayer(path, spec, ctx);
    case 'stack': {
      checkKeys(path, spec, ['type', 'layers']);
      const layers = spec.layers;
      if (!Array.isArray(layers) || layers.length === 0) {
        throw new FieldError(at('layers'), `must be a non-empty list, got ${show(layers)}`);
      }
      return {
        type: 'stack',
        layers: layers.map((l, i) => parseNode(`${at('layers')}[${i}]`, l, ctx, depth + 1)),
      };
    }
    case 'parallel': {
      checkKeys(path, spec, ['type', 'branches', 'merge']);
      const merge = spec.merge ?? 'sum';
      if (merge !== 'sum' && merge !== 'concat')
        throw new FieldError(at('merge'), `must be "sum" or "concat", got ${show(merge)}`);
      const branches = spec.branches;
      if (!Array.isArray(branches) || branches.length === 0) {
        throw new FieldError(at('branches'), `must be a non-empty list, got ${show(branches)}`);
      }
      if (branches.length > LIMITS.maxBranches) {
        throw new FieldError(
          at('branches'),
          `must have at most ${LIMITS.maxBranches} branches, got ${branches.length}`,
        );
      }
      const nodes = branches.map((b, i) => parseNode(`${at('branches')}[${i}]`, b, ctx, depth + 1));
      // Branches are merged position by position, so they must share one output grid.
      const first = strideProduct(nodes[0]);
      nodes.forEach((node, i) => {
        const s = strideProduct(node);
        if (s.some((v, a) => v !== first[a])) {
          throw new FieldError(
            `${at('branches')}[${i}]`,
            `must have the same total stride as branches[0] (${first.join('×')}), got ${s.join('×')}`,
          );
        }
      });
      return { type: 'parallel', merge, branches: nodes };
    }
    case 'residual': {
      checkKeys(path, spec, ['type', 'body']);
      if (spec.body === undefined) throw new FieldError(at('body'), 'is required');
      return { type: 'residual', body: parseNode(at('body'), spec.body, ctx, depth + 1) };
    }
    default:
      throw new FieldError(
        at('type'),
        `must be "layer", "stack", "parallel" or "residual", got ${show(spec.type)}`,
      );
  }
}

/**
 * Validates a network spec (design.md, docs/network-spec.md) and builds the model.
 * Accepts an object, or JSON / YAML text. Errors are RangeError/TypeError naming the
 * field path (`layers[2].dilation must be a positive integer, got 0`) and, for text,
 * the line.
 */
export function parseNetwork(spec: unknown): Network {
  const value = typeof spec === 'string' ? parseNetworkText(spec) : spec;
  if (isObject(value) && 'name' in value && typeof value.name === 'string' && 'network' in value) {
    const inner = parseNetwork(value.network);
    return { ...inner, name: value.name };
  }
  const ctx: Ctx = { dims: undefined, layers: 0 };
  const root = parseNode('', value, ctx, 0);
  return { dims: ctx.dims ?? 1, root };
}

/** Most alias expansions in one YAML text (a "billion laughs" text needs many more). */
const MAX_YAML_ALIASES = 100;

/**
 * Parses JSON or YAML text, reporting syntax errors with their line and column. Text nested
 * deeper than LIMITS.maxTextNesting is refused before the parser sees it, and a YAML alias
 * bomb (aliases expanding to more than MAX_YAML_ALIASES nodes) is a FieldError on `source`.
 */
export function parseNetworkText(text: string, source = 'network'): unknown {
  if (text.trim() === '') throw new FieldError(source, 'is empty');
  assertTextNesting(source, text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new FieldError(source, `is not valid JSON or YAML${where}: ${message}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    // yaml throws a ReferenceError for excessive or unresolvable aliases.
    if (e instanceof ReferenceError || e instanceof RangeError)
      throw new FieldError(
        source,
        `uses YAML aliases that expand too far (more than ${MAX_YAML_ALIASES} nodes): write the spec out without * aliases`,
      );
    throw e;
  }
}

/** Options of the CLI short form `--kernel SPEC --rates 1,2,5 [--mode stack|parallel|residual]`. */
export interface ShortForm {
  kernel: string | number[] | number[][];
  rates: string | readonly number[] | readonly (number | readonly [number, number])[];
  mode?: 'stack' | 'parallel' | 'residual';
  merge?: 'sum' | 'concat';
}

/** Parses a rate list written as text: `1,2,5` (1-D or both axes) or `1x2,2x4` ([dy, dx]). */
export function parseRatesText(text: string, field = 'rates'): (number | [number, number])[] {
  if (text.trim() === '') throw new FieldError(field, 'must list at least one rate, got ""');
  return text.split(',').map((t, i) => {
    const parts = t.trim().split('x');
    const nums = parts.map((p) => {
      try {
        return parseIntegerText(`${field}[${i}]`, p);
      } catch {
        throw new FieldError(`${field}[${i}]`, `must be a positive integer, got ${show(t.trim())}`);
      }
    });
    nums.forEach((n) => {
      integerIn(`${field}[${i}]`, n, 1, LIMITS.maxRate);
    });
    if (nums.length > 2)
      throw new FieldError(`${field}[${i}]`, `must be R or RyxRx, got ${show(t.trim())}`);
    return nums.length === 1 ? nums[0] : [nums[0], nums[1]];
  });
}

/**
 * Builds the network of the short form: one layer per rate with the same kernel, as a
 * stack (default), a parallel set (`merge` sum by default), or a stack of residual layers.
 */
export function shortFormNetwork(form: ShortForm): Network {
  const rates = typeof form.rates === 'string' ? parseRatesText(form.rates) : form.rates;
  if (!Array.isArray(rates) || rates.length === 0)
    throw new FieldError('rates', `must list at least one rate, got ${show(form.rates)}`);
  const mode = form.mode ?? 'stack';
  if (mode !== 'stack' && mode !== 'parallel' && mode !== 'residual') {
    throw new FieldError('mode', `must be "stack", "parallel" or "residual", got ${show(mode)}`);
  }
  const layers = rates.map((r, i) => {
    if (typeof r === 'number') integerIn(`rates[${i}]`, r, 1, LIMITS.maxRate);
    return { kernel: form.kernel, dilation: r };
  });
  const spec =
    mode === 'stack'
      ? { type: 'stack', layers }
      : mode === 'parallel'
        ? { type: 'parallel', merge: form.merge ?? 'sum', branches: layers }
        : { type: 'stack', layers: layers.map((l) => ({ type: 'residual', body: l })) };
  const withFieldNames = (e: unknown): never => {
    // Map `layers[i].dilation` / `branches[i].kernel` back onto the short form's names.
    if (e instanceof FieldError || e instanceof FieldTypeError) {
      const m = /^(?:layers|branches)\[(\d+)\](?:\.body)?\.(dilation|kernel)(.*)$/.exec(e.field);
      if (m) {
        const field = m[2] === 'dilation' ? `rates[${m[1]}]${m[3]}` : `kernel${m[3]}`;
        const rest = e.message.slice(e.field.length);
        throw new FieldError(field, rest.trim());
      }
    }
    throw e;
  };
  try {
    return parseNetwork(spec);
  } catch (e) {
    return withFieldNames(e);
  }
}

/** Back to a plain spec object (JSON/YAML-ready) from a model. */
export function networkToSpec(node: NetworkNode): unknown {
  switch (node.type) {
    case 'layer': {
      const one = (v: readonly number[]) => (v.length === 1 || v[0] === v[1] ? v[0] : [...v]);
      const k = node.kernel;
      const kernel = k.spec.startsWith('[') ? JSON.parse(k.spec) : k.spec;
      const out: Record<string, unknown> = { kernel, dilation: one(node.dilation) };
      if (node.stride.some((s) => s !== 1)) out.stride = one(node.stride);
      return out;
    }
    case 'stack':
      return { type: 'stack', layers: node.layers.map(networkToSpec) };
    case 'parallel':
      return { type: 'parallel', merge: node.merge, branches: node.branches.map(networkToSpec) };
    case 'residual':
      return { type: 'residual', body: networkToSpec(node.body) };
  }
}
