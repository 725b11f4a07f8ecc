import { LineCounter, parseDocument } from 'yaml';
import { parseKernel } from '../kernel/parse.ts';
import { kernelDims } from '../kernel/types.ts';
import { FieldError, FieldTypeError, integerIn, parseIntegerText, show } from '../util/validate.ts';
import { compileNode, networkGraph } from './compile.ts';
import type { ConvParams, PoolNode } from './graph.ts';
import { LIMITS } from './limits.ts';
import { type Padding, paddingToSpec, parsePadding } from './padding.ts';
import { foldSpec } from './structure.ts';
import { assertTextNesting } from './textNesting.ts';
import type { Layer, Network, NetworkNode, Pool, Smoothing, Stack } from './types.ts';

interface Ctx {
  dims: 1 | 2 | undefined;
  layers: number;
}

/** A `padding` value before the network's number of axes is known: validated per layer. */
type PaddingInput = { field: string; value: unknown } | undefined;

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

/**
 * The smoothing filter of a dilated layer (dilation d per axis; docs/theory.md §14): a box of
 * 2d − 1 taps per axis for `ssc` (before the layer), of d taps for `gi` (after it), at
 * dilation 1 and stride 1; causal when the layer is causal, else `same`.
 */
export function smoothingFilter(layer: Layer, kind: Smoothing): Layer {
  const taps = layer.dilation.map((d) => (kind === 'ssc' ? 2 * d - 1 : d));
  return {
    type: 'layer',
    kernel: parseKernel(`box:${taps.join('x')}`),
    dilation: taps.map(() => 1),
    stride: taps.map(() => 1),
    padding: layer.padding === 'causal' ? 'causal' : 'same',
    smoothing: kind,
  };
}

/**
 * A layer with `smooth`: a stack of its smoothing filter and the layer (`ssc`: filter first;
 * `gi`: the layer first), so that every analysis, the graph and the runtime see the filter.
 */
export function smoothedLayer(layer: Layer, kind: Smoothing): Stack {
  const filter = smoothingFilter(layer, kind);
  return { type: 'stack', layers: kind === 'ssc' ? [filter, layer] : [layer, filter] };
}

function parseLayer(
  path: string,
  obj: Record<string, unknown>,
  ctx: Ctx,
  inherited: PaddingInput,
): Layer | Stack {
  checkKeys(path, obj, ['type', 'kernel', 'dilation', 'stride', 'padding', 'smooth']);
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
  const pad: PaddingInput =
    obj.padding !== undefined ? { field: at('padding'), value: obj.padding } : inherited;
  const padding: Padding = pad ? parsePadding(pad.field, pad.value, dims) : 'same';
  const stride = perAxis(at('stride'), obj.stride, dims, LIMITS.maxStride, 1);
  const smooth = obj.smooth === undefined || obj.smooth === 'none' ? undefined : obj.smooth;
  if (smooth !== undefined) {
    if (smooth !== 'ssc' && smooth !== 'gi')
      throw new FieldError(at('smooth'), `must be "ssc", "gi" or "none", got ${show(obj.smooth)}`);
    if (stride.some((s) => s !== 1))
      throw new FieldError(
        at('smooth'),
        `is defined for stride-1 layers (the r² sub-grids of a dilated conv), but the stride is ${stride.join('×')}`,
      );
  }
  const layer: Layer = {
    type: 'layer',
    kernel,
    dilation: perAxis(at('dilation'), obj.dilation, dims, LIMITS.maxRate, 1),
    stride,
    padding,
  };
  return smooth ? smoothedLayer(layer, smooth) : layer;
}

/** The number of axes of the first kernel in a spec (pools take the network's), if any. */
function firstKernelDims(spec: unknown, depth = 0): 1 | 2 | undefined {
  if (depth > LIMITS.maxDepth + 1) return undefined;
  if (Array.isArray(spec)) {
    for (const v of spec) {
      const d = firstKernelDims(v, depth + 1);
      if (d) return d;
    }
    return undefined;
  }
  if (!isObject(spec)) return undefined;
  if (spec.kernel !== undefined) {
    try {
      return kernelDims(parseKernel(spec.kernel));
    } catch {
      return undefined; // reported with its field when the layer is parsed
    }
  }
  for (const key of ['layers', 'branches', 'body', 'shortcut', 'network']) {
    const d = firstKernelDims(spec[key], depth + 1);
    if (d) return d;
  }
  return undefined;
}

function parsePool(
  path: string,
  obj: Record<string, unknown>,
  ctx: Ctx,
  inherited: PaddingInput,
): Pool {
  checkKeys(path, obj, ['type', 'pool', 'size', 'stride', 'padding']);
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (obj.pool !== 'max' && obj.pool !== 'avg')
    throw new FieldError(at('pool'), `must be "max" or "avg", got ${show(obj.pool)}`);
  if (obj.size === undefined) throw new FieldError(at('size'), 'is required');
  const dims = ctx.dims ?? (Array.isArray(obj.size) ? 2 : 1);
  ctx.dims = dims;
  ctx.layers++;
  if (ctx.layers > LIMITS.maxLayers)
    throw new FieldError(path || 'network', `has more than ${LIMITS.maxLayers} layers`);
  const pad: PaddingInput =
    obj.padding !== undefined ? { field: at('padding'), value: obj.padding } : inherited;
  return {
    type: 'pool',
    pool: obj.pool,
    size: perAxis(at('size'), obj.size, dims, LIMITS.maxKernelSize, 1),
    stride: perAxis(at('stride'), obj.stride, dims, LIMITS.maxStride, 1),
    padding: pad ? parsePadding(pad.field, pad.value, dims) : 'same',
  };
}

function parseNode(
  path: string,
  spec: unknown,
  ctx: Ctx,
  depth: number,
  inherited: PaddingInput,
): NetworkNode {
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
    (spec.kernel !== undefined
      ? 'layer'
      : spec.pool !== undefined
        ? 'pool'
        : spec.layers !== undefined
          ? 'stack'
          : undefined);
  // A container's `padding` is the default of the layers inside it.
  const pad: PaddingInput =
    type !== 'layer' && type !== 'pool' && spec.padding !== undefined
      ? { field: at('padding'), value: spec.padding }
      : inherited;
  switch (type) {
    case 'layer':
      return parseLayer(path, spec, ctx, inherited);
    case 'pool':
      return parsePool(path, spec, ctx, inherited);
    case 'stack': {
      checkKeys(path, spec, ['type', 'layers', 'padding']);
      const layers = spec.layers;
      if (!Array.isArray(layers) || layers.length === 0) {
        throw new FieldError(at('layers'), `must be a non-empty list, got ${show(layers)}`);
      }
      return {
        type: 'stack',
        layers: layers.map((l, i) => parseNode(`${at('layers')}[${i}]`, l, ctx, depth + 1, pad)),
      };
    }
    case 'parallel': {
      checkKeys(path, spec, ['type', 'branches', 'merge', 'padding']);
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
      const nodes = branches.map((b, i) =>
        parseNode(`${at('branches')}[${i}]`, b, ctx, depth + 1, pad),
      );
      return { type: 'parallel', merge, branches: nodes };
    }
    case 'residual': {
      checkKeys(path, spec, ['type', 'body', 'shortcut', 'padding']);
      if (spec.body === undefined) throw new FieldError(at('body'), 'is required');
      const body = parseNode(at('body'), spec.body, ctx, depth + 1, pad);
      if (spec.shortcut === undefined) return { type: 'residual', body };
      if (!isObject(spec.shortcut) || spec.shortcut.kernel === undefined) {
        throw new FieldTypeError(
          at('shortcut'),
          `must be a layer ({"kernel": ..., "stride": ...}), got ${show(spec.shortcut)}`,
        );
      }
      if (spec.shortcut.smooth !== undefined)
        throw new FieldError(at('shortcut.smooth'), 'does not apply to a shortcut projection');
      const shortcut = parseLayer(at('shortcut'), spec.shortcut, ctx, pad) as Layer;
      return { type: 'residual', body, shortcut };
    }
    default:
      throw new FieldError(
        at('type'),
        `must be "layer", "pool", "stack", "parallel" or "residual", got ${show(spec.type)}`,
      );
  }
}

/** Options of `parseNetwork`. */
export interface ParseNetworkOptions {
  /**
   * The padding of layers that neither they nor a node around them set (`same` when
   * absent): what the CLI's `--padding` gives. Validated as the spec's `padding`.
   */
  padding?: unknown;
}

/**
 * Validates a network spec (design.md, docs/network-spec.md) and builds the model.
 * `padding` keys on layers and on stack / parallel / residual nodes (the default of the
 * layers inside) are resolved onto every layer; `options.padding` is the outermost default.
 * Accepts an object, or JSON / YAML text. Errors are RangeError/TypeError naming the
 * field path (`layers[2].dilation must be a positive integer, got 0`) and, for text,
 * the line.
 */
export function parseNetwork(spec: unknown, options: ParseNetworkOptions = {}): Network {
  const value = typeof spec === 'string' ? parseNetworkText(spec) : spec;
  if (isObject(value) && 'name' in value && typeof value.name === 'string' && 'network' in value) {
    const inner = parseNetwork(value.network, options);
    return { ...inner, name: value.name };
  }
  const ctx: Ctx = { dims: firstKernelDims(value), layers: 0 };
  const inherited: PaddingInput =
    options.padding !== undefined ? { field: 'padding', value: options.padding } : undefined;
  const root = parseNode('', value, ctx, 0, inherited);
  const dims = ctx.dims ?? 1;
  // Compiling places every node: a residual whose body changes the scale without a
  // shortcut, or parallel branches of different strides, are reported here.
  compileNode(root, dims);
  return { dims, root };
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

const oneOrBoth = (v: readonly number[]) => (v.length === 1 || v[0] === v[1] ? v[0] : [...v]);

/** A conv layer (or projection shortcut) as the spec's layer object. */
function layerSpec(conv: ConvParams): Record<string, unknown> {
  const spec = conv.kernel?.spec;
  if (spec === undefined) throw new Error('internal: a layer without a spec kernel has no spec');
  const kernel = spec.startsWith('[') ? JSON.parse(spec) : spec;
  const out: Record<string, unknown> = { kernel, dilation: oneOrBoth(conv.dilation) };
  if (conv.stride.some((s) => s !== 1)) out.stride = oneOrBoth(conv.stride);
  if (conv.padding !== 'same') out.padding = paddingToSpec(conv.padding);
  return out;
}

/** How `networkToSpec` writes a layer (and a projection shortcut) and a pool. */
export interface SpecLeaves {
  layer?(conv: ConvParams): unknown;
  pool?(node: PoolNode): unknown;
}

function poolSpec(n: PoolNode): Record<string, unknown> {
  const out: Record<string, unknown> = { pool: n.mode, size: oneOrBoth(n.size) };
  if (n.stride.some((s) => s !== 1)) out.stride = oneOrBoth(n.stride);
  if (n.padding !== 'same') out.padding = paddingToSpec(n.padding);
  return out;
}

/**
 * Back to a plain spec object (JSON/YAML-ready) from a network: `foldSpec` over its graph,
 * so the nesting is the spec's (stacks, parallel sets, residual blocks and their shortcuts).
 * `leaves` writes layers and pools otherwise (a spec transform such as the page's x cut);
 * by default they are written as the spec has them.
 */
export function networkToSpec(network: Network, leaves: SpecLeaves = {}): unknown {
  const layer = leaves.layer ?? layerSpec;
  return foldSpec<unknown>(networkGraph(network), {
    layer: (n) => layer(n),
    pool: (n) => (leaves.pool ?? poolSpec)(n),
    stack: (layers) => ({ type: 'stack', layers }),
    parallel: (merge, branches) => ({ type: 'parallel', merge, branches }),
    residual: (body, shortcut) => ({
      type: 'residual',
      body,
      ...(shortcut.projection ? { shortcut: layer(shortcut.projection) } : {}),
    }),
  });
}
