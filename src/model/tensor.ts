/**
 * ONNX tensors (TensorProto) to numbers: initialisers and constants in raw_data (little
 * endian), float_data, double_data, int32_data (which also carries float16 and bfloat16
 * bit patterns), int64_data and uint64_data, or in external data files.
 */
import { ModelError } from './errors.ts';

/** ONNX TensorProto.DataType codes used here. */
export const DATA_TYPE = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

const TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(DATA_TYPE).map(([k, v]) => [v, k.toLowerCase()]),
);

/** The ONNX name of a data type code (`float`, `int64`, ...), or `type N`. */
export function dataTypeName(code: number): string {
  return TYPE_NAMES[code] ?? `type ${code}`;
}

/**
 * A decoded tensor: row-major values and their dims. Floating-point tensors of 32 bits or
 * fewer (float, float16, bfloat16) are Float32Array (exact: every float16 and bfloat16 is
 * a float32); double and integer tensors are Float64Array (int64 beyond 2^53 rounds,
 * which only matters for the "to the end" sentinels of Slice, where it does not change
 * the result).
 */
export interface Tensor {
  readonly name: string;
  readonly dataType: number;
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array;
}

/** Reads the bytes of an external data file named by a tensor, or undefined when missing. */
export type ExternalDataResolver = (location: string) => Uint8Array | undefined;

/** A protobufjs int64 value: a number, or a Long-like object. */
type Int64 = number | { toNumber(): number } | bigint;

/** An int64 field as a JS number. */
export function int64(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return value.toNumber();
}

/** The decoded TensorProto fields this module reads (snake_case, as protobufjs keeps them). */
export interface TensorMessage {
  name?: string;
  dims?: Int64[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  double_data?: number[];
  int32_data?: number[];
  int64_data?: Int64[];
  uint64_data?: Int64[];
  data_location?: number;
  external_data?: { key?: string; value?: string }[];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half-precision bits to a number (exact). */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bits (the upper half of a float32) to a number (exact). */
export function bfloat16ToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0];
}

const BYTES: Record<number, number> = {
  [DATA_TYPE.FLOAT]: 4,
  [DATA_TYPE.UINT8]: 1,
  [DATA_TYPE.INT8]: 1,
  [DATA_TYPE.UINT16]: 2,
  [DATA_TYPE.INT16]: 2,
  [DATA_TYPE.INT32]: 4,
  [DATA_TYPE.INT64]: 8,
  [DATA_TYPE.BOOL]: 1,
  [DATA_TYPE.FLOAT16]: 2,
  [DATA_TYPE.DOUBLE]: 8,
  [DATA_TYPE.UINT32]: 4,
  [DATA_TYPE.UINT64]: 8,
  [DATA_TYPE.BFLOAT16]: 2,
};

function isFloat32Like(type: number): boolean {
  return type === DATA_TYPE.FLOAT || type === DATA_TYPE.FLOAT16 || type === DATA_TYPE.BFLOAT16;
}

function fromRaw(
  raw: Uint8Array,
  type: number,
  count: number,
  what: string,
): Float32Array | Float64Array {
  const size = BYTES[type];
  if (raw.byteLength !== count * size) {
    throw new ModelError(
      `tensor ${what} has ${raw.byteLength} bytes of data for ${count} ${dataTypeName(type)} values (${count * size} bytes expected): the file is truncated or corrupt`,
    );
  }
  if (type === DATA_TYPE.FLOAT && LITTLE_ENDIAN) {
    // Aligned: a view of the file's bytes (no copy). Else copy into an aligned buffer and
    // view that: one memcpy, no per-element work.
    if (raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, count);
    const copy = new Uint8Array(raw.byteLength);
    copy.set(raw);
    return new Float32Array(copy.buffer, 0, count);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = isFloat32Like(type) ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * size;
    switch (type) {
      case DATA_TYPE.FLOAT:
        out[i] = view.getFloat32(o, true);
        break;
      case DATA_TYPE.DOUBLE:
        out[i] = view.getFloat64(o, true);
        break;
      case DATA_TYPE.FLOAT16:
        out[i] = halfToNumber(view.getUint16(o, true));
        break;
      case DATA_TYPE.BFLOAT16:
        out[i] = bfloat16ToNumber(view.getUint16(o, true));
        break;
      case DATA_TYPE.INT8:
        out[i] = view.getInt8(o);
        break;
      case DATA_TYPE.UINT8:
      case DATA_TYPE.BOOL:
        out[i] = view.getUint8(o);
        break;
      case DATA_TYPE.INT16:
        out[i] = view.getInt16(o, true);
        break;
      case DATA_TYPE.UINT16:
        out[i] = view.getUint16(o, true);
        break;
      case DATA_TYPE.INT32:
        out[i] = view.getInt32(o, true);
        break;
      case DATA_TYPE.UINT32:
        out[i] = view.getUint32(o, true);
        break;
      case DATA_TYPE.INT64:
        out[i] = Number(view.getBigInt64(o, true));
        break;
      case DATA_TYPE.UINT64:
        out[i] = Number(view.getBigUint64(o, true));
        break;
    }
  }
  return out;
}

function fromExternal(
  message: TensorMessage,
  type: number,
  count: number,
  what: string,
  resolve: ExternalDataResolver | undefined,
): Float32Array | Float64Array {
  const entries = new Map((message.external_data ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new ModelError(`tensor ${what} has external data without a location`);
  const bytes = resolve?.(location);
  if (bytes === undefined) {
    throw new ModelError(
      `tensor ${what} keeps its data in the external file ${JSON.stringify(location)}, which is missing (it must be next to the model)`,
    );
  }
  const offset = Number(entries.get('offset') ?? 0);
  const size = BYTES[type];
  const length = entries.has('length') ? Number(entries.get('length')) : count * size;
  if (
    !Number.isInteger(offset) ||
    !Number.isInteger(length) ||
    offset < 0 ||
    length < 0 ||
    offset + length > bytes.byteLength
  ) {
    throw new ModelError(
      `tensor ${what} reads bytes ${offset}..${offset + length} of the external file ${JSON.stringify(location)}, which has ${bytes.byteLength}: it is truncated`,
    );
  }
  return fromRaw(bytes.subarray(offset, offset + length), type, count, what);
}

/**
 * Decodes the values of one TensorProto. Throws a ModelError naming the tensor when its
 * type is not numeric, its data does not match its dims, or its external file is missing.
 */
export function tensorFromMessage(message: TensorMessage, resolve?: ExternalDataResolver): Tensor {
  const name = message.name ?? '';
  const what = JSON.stringify(name);
  const type = message.data_type ?? 0;
  const dims = (message.dims ?? []).map(int64);
  if (!(type in BYTES)) {
    throw new ModelError(
      `tensor ${what} has data type ${dataTypeName(type)}, which is not numeric`,
    );
  }
  const count = dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new ModelError(`tensor ${what} has invalid dims ${JSON.stringify(dims)}`);
  }
  let data: Float32Array | Float64Array;
  if (message.data_location === 1) {
    data = fromExternal(message, type, count, what, resolve);
  } else if (message.raw_data && message.raw_data.byteLength > 0) {
    data = fromRaw(message.raw_data, type, count, what);
  } else {
    data = fromFields(message, type, count, what);
  }
  return { name, dataType: type, dims, data };
}

function fromFields(
  message: TensorMessage,
  type: number,
  count: number,
  what: string,
): Float32Array | Float64Array {
  let values: ArrayLike<number>;
  let convert: ((x: number) => number) | undefined;
  switch (type) {
    case DATA_TYPE.FLOAT:
      values = message.float_data ?? [];
      break;
    case DATA_TYPE.DOUBLE:
      values = message.double_data ?? [];
      break;
    case DATA_TYPE.INT64:
      values = (message.int64_data ?? []).map(int64);
      break;
    case DATA_TYPE.UINT64:
    case DATA_TYPE.UINT32:
      values = (message.uint64_data ?? []).map(int64);
      break;
    case DATA_TYPE.FLOAT16:
      values = message.int32_data ?? [];
      convert = halfToNumber;
      break;
    case DATA_TYPE.BFLOAT16:
      values = message.int32_data ?? [];
      convert = bfloat16ToNumber;
      break;
    default:
      values = message.int32_data ?? [];
  }
  if (values.length !== count) {
    throw new ModelError(
      `tensor ${what} has ${values.length} ${dataTypeName(type)} values for dims of ${count} elements: the file is truncated or corrupt`,
    );
  }
  const out = isFloat32Like(type) ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = convert ? convert(values[i]) : values[i];
  return out;
}
