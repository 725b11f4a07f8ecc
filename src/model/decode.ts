/**
 * ONNX bytes to a plain model: nodes with their attributes, initialisers as numbers,
 * graph inputs and outputs with their shapes. Decoding is protobufjs's with the official
 * onnx.proto; this module only reads the decoded messages. Pure: bytes in, no fs.
 */
import { ModelError } from './errors.ts';
import { MODEL_LIMITS } from './limits.ts';
import { onnxModelType } from './schema.ts';
import {
  type ExternalDataResolver,
  int64,
  type Tensor,
  type TensorMessage,
  tensorFromMessage,
} from './tensor.ts';

/** An attribute value: a number, a list of numbers, a string, a list of strings, or a tensor. */
export type AttributeValue = number | number[] | string | string[] | Tensor;

/** One graph node (NodeProto). `index` is its position in the graph (0-based). */
export interface OnnxNode {
  readonly index: number;
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** A graph input or output: its name, element type and shape (a dim is a number, a symbol, or null). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: number;
  readonly shape: readonly (number | string | null)[] | null;
}

/** A decoded ONNX model. */
export interface OnnxModel {
  readonly irVersion: number;
  /** Opset version of the default ("" or "ai.onnx") domain. */
  readonly opset: number;
  readonly producer: string;
  readonly graphName: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, Tensor>;
  /** Graph inputs that are not initialisers (the real inputs). */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /** Shapes from value_info, when the exporter kept them. */
  readonly valueInfo: ReadonlyMap<string, OnnxValueInfo>;
}

/** Options of `decodeOnnx`. */
export interface DecodeOptions {
  /**
   * Reads an external data file named by a tensor (`location`, relative to the model);
   * returns undefined when it is missing. Without it, a model with external data fails
   * with an error naming the file.
   */
  resolveExternal?: ExternalDataResolver;
  /** Largest model accepted, in bytes (default and upper bound MODEL_LIMITS.maxBytes). */
  maxBytes?: number;
}

interface AttributeMessage {
  name?: string;
  type?: number;
  f?: number;
  i?: Parameters<typeof int64>[0];
  s?: Uint8Array;
  t?: TensorMessage;
  floats?: number[];
  ints?: Parameters<typeof int64>[0][];
  strings?: Uint8Array[];
}

interface ValueInfoMessage {
  name?: string;
  type?: {
    tensor_type?: {
      elem_type?: number;
      shape?: { dim?: { dim_value?: Parameters<typeof int64>[0]; dim_param?: string }[] };
    };
  };
}

interface ModelMessage {
  ir_version?: Parameters<typeof int64>[0];
  producer_name?: string;
  opset_import?: { domain?: string; version?: Parameters<typeof int64>[0] }[];
  graph?: {
    name?: string;
    node?: {
      name?: string;
      op_type?: string;
      domain?: string;
      input?: string[];
      output?: string[];
      attribute?: AttributeMessage[];
    }[];
    initializer?: TensorMessage[];
    input?: ValueInfoMessage[];
    output?: ValueInfoMessage[];
    value_info?: ValueInfoMessage[];
  };
}

const utf8 = new TextDecoder();

function has(o: object, key: string): boolean {
  return Object.hasOwn(o, key);
}

function attributeValue(a: AttributeMessage, resolve?: ExternalDataResolver): AttributeValue {
  // AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7, STRINGS 8.
  switch (a.type) {
    case 1:
      return a.f ?? 0;
    case 2:
      return int64(a.i);
    case 3:
      return utf8.decode(a.s ?? new Uint8Array());
    case 4:
      return tensorFromMessage(a.t ?? {}, resolve);
    case 6:
      return [...(a.floats ?? [])];
    case 7:
      return (a.ints ?? []).map(int64);
    case 8:
      return (a.strings ?? []).map((s) => utf8.decode(s));
    default:
      // Old exporters leave `type` unset: infer it from the field present.
      if (has(a, 'f')) return a.f ?? 0;
      if (has(a, 'i')) return int64(a.i);
      if (a.ints?.length) return a.ints.map(int64);
      if (a.floats?.length) return [...a.floats];
      if (has(a, 's')) return utf8.decode(a.s ?? new Uint8Array());
      if (has(a, 't')) return tensorFromMessage(a.t ?? {}, resolve);
      return [];
  }
}

function valueInfo(v: ValueInfoMessage): OnnxValueInfo {
  const t = v.type?.tensor_type;
  const dims = t?.shape?.dim;
  return {
    name: v.name ?? '',
    elemType: t?.elem_type ?? 0,
    shape: t?.shape
      ? (dims ?? []).map((d) =>
          has(d, 'dim_value')
            ? int64(d.dim_value)
            : has(d, 'dim_param')
              ? (d.dim_param ?? null)
              : null,
        )
      : null,
  };
}

function decodeMessage(bytes: Uint8Array): ModelMessage {
  try {
    return onnxModelType().decode(bytes) as unknown as ModelMessage;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (/index out of range/.test(why)) {
      throw new ModelError(
        `is truncated or not an ONNX file (the protobuf data ends early: ${why})`,
      );
    }
    throw new ModelError(`is not an ONNX file (${why})`);
  }
}

/**
 * Decodes an ONNX model (ModelProto bytes). Throws a ModelError (field `model`) when the
 * bytes are over MODEL_LIMITS.maxBytes, truncated, not ONNX, or a tensor is malformed or
 * keeps its data in an external file the resolver does not have.
 */
export function decodeOnnx(bytes: Uint8Array, options: DecodeOptions = {}): OnnxModel {
  if (!(bytes instanceof Uint8Array)) {
    throw new ModelError('must be the bytes of an ONNX file (a Uint8Array)');
  }
  const maxBytes = Math.min(options.maxBytes ?? MODEL_LIMITS.maxBytes, MODEL_LIMITS.maxBytes);
  if (bytes.byteLength > maxBytes) {
    throw new ModelError(`is ${bytes.byteLength} bytes, over the limit of ${maxBytes} bytes`);
  }
  if (bytes.byteLength === 0) throw new ModelError('is empty, not an ONNX file');
  const message = decodeMessage(bytes);
  const graph = message.graph;
  if (!graph || !has(message, 'ir_version') || !graph.node || graph.node.length === 0) {
    throw new ModelError('is not an ONNX model (no ir_version or no graph with nodes)');
  }
  if (graph.node.length > MODEL_LIMITS.maxNodes) {
    throw new ModelError(
      `has ${graph.node.length} nodes, over the limit of ${MODEL_LIMITS.maxNodes}`,
    );
  }
  const resolve = options.resolveExternal;
  let externalBytes = 0;
  const counted: ExternalDataResolver | undefined = resolve
    ? (location) => {
        const b = resolve(location);
        if (b) {
          externalBytes += b.byteLength;
          if (externalBytes + bytes.byteLength > maxBytes) {
            throw new ModelError(
              `with its external data (${location}) is over the limit of ${maxBytes} bytes`,
            );
          }
        }
        return b;
      }
    : undefined;
  const initializers = new Map<string, Tensor>();
  for (const t of graph.initializer ?? []) {
    const tensor = tensorFromMessage(t, counted);
    initializers.set(tensor.name, tensor);
  }
  const nodes: OnnxNode[] = graph.node.map((n, index) => {
    const attributes: Record<string, AttributeValue> = {};
    for (const a of n.attribute ?? []) attributes[a.name ?? ''] = attributeValue(a, counted);
    return {
      index,
      name: n.name ?? '',
      opType: n.op_type ?? '',
      domain: n.domain ?? '',
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attributes,
    };
  });
  const opset = (message.opset_import ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return {
    irVersion: int64(message.ir_version),
    opset: opset ? int64(opset.version) : 1,
    producer: message.producer_name ?? '',
    graphName: graph.name ?? '',
    nodes,
    initializers,
    inputs: (graph.input ?? []).map(valueInfo).filter((v) => !initializers.has(v.name)),
    outputs: (graph.output ?? []).map(valueInfo),
    valueInfo: new Map((graph.value_info ?? []).map((v) => [v.name ?? '', valueInfo(v)])),
  };
}
