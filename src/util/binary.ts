/**
 * A compact binary form of a JSON answer whose bulk is numbers (a 2-D response grid): the
 * same object, with every long list of numbers moved out of the JSON text into Float32
 * values. Layout, all little-endian:
 *
 * ```
 * bytes 0..3   "DLB1"
 * bytes 4..7   uint32 H: the header's length in bytes
 * bytes 8..    H bytes of UTF-8 JSON (padded with spaces so 8 + H is a multiple of 4)
 * then         Float32 values, 4 bytes each
 * ```
 *
 * The header is the answer itself, where each list of at least `BINARY_MIN_LENGTH` numbers
 * is replaced by `{"$f32": [start, length]}`: its values are Float32 number start..start +
 * length − 1 of the data part. Values are rounded to Float32 (about 7 significant digits, so
 * |H| to 6e-8 relative and dB to 1e-5 dB); a −∞ (a dB of an exact zero, which JSON sends as
 * null) stays −∞. Pure: no Node Buffer, so the page decodes it too.
 */

/** The first four bytes of a binary answer. */
export const BINARY_MAGIC = 'DLB1';

/** The media type of a binary answer. */
export const BINARY_MEDIA_TYPE = 'application/vnd.dilation-lab.f32';

/** Lists shorter than this stay in the JSON header. */
export const BINARY_MIN_LENGTH = 16;

type Numbers = ArrayLike<number>;

function isNumberList(v: unknown): v is Numbers {
  if (ArrayBuffer.isView(v)) return !(v instanceof DataView);
  if (!Array.isArray(v) || v.length < BINARY_MIN_LENGTH) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'number') return false;
  return true;
}

/**
 * Encodes a JSON-ready value (objects, arrays, numbers, strings, booleans, null; typed
 * arrays count as number lists) in the binary form above.
 */
export function encodeBinary(value: unknown): Uint8Array {
  const lists: Numbers[] = [];
  let total = 0;
  const walk = (v: unknown): unknown => {
    if (ArrayBuffer.isView(v) && v.byteLength < 4 * BINARY_MIN_LENGTH)
      return Array.from(v as unknown as Numbers);
    if (isNumberList(v) && v.length >= BINARY_MIN_LENGTH) {
      const ref = { $f32: [total, v.length] };
      lists.push(v);
      total += v.length;
      return ref;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x);
      return out;
    }
    return v;
  };
  const header = new TextEncoder().encode(JSON.stringify(walk(value)));
  const padded = header.byteLength + ((4 - ((8 + header.byteLength) % 4)) % 4);
  const bytes = new Uint8Array(8 + padded + 4 * total);
  for (let i = 0; i < 4; i++) bytes[i] = BINARY_MAGIC.charCodeAt(i);
  new DataView(bytes.buffer).setUint32(4, padded, true);
  bytes.set(header, 8);
  bytes.fill(0x20, 8 + header.byteLength, 8 + padded);
  const data = new Float32Array(bytes.buffer, 8 + padded, total);
  let at = 0;
  for (const list of lists) {
    if (list instanceof Float32Array || list instanceof Float64Array) data.set(list, at);
    else for (let i = 0; i < list.length; i++) data[at + i] = list[i];
    at += list.length;
  }
  return bytes;
}

/**
 * Decodes the binary form: the answer with each `{"$f32": [start, length]}` as a
 * Float32Array (a view into `bytes`' buffer when it is aligned, else a copy). Throws a
 * TypeError when the bytes are not a binary answer.
 */
export function decodeBinary<T = unknown>(bytes: Uint8Array | ArrayBuffer): T {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const magic = String.fromCharCode(u8[0], u8[1], u8[2], u8[3]);
  if (u8.byteLength < 8 || magic !== BINARY_MAGIC)
    throw new TypeError(
      `not a ${BINARY_MAGIC} binary answer (starts with ${JSON.stringify(magic)})`,
    );
  const h = new DataView(u8.buffer, u8.byteOffset, 8).getUint32(4, true);
  if (8 + h > u8.byteLength || (u8.byteLength - 8 - h) % 4 !== 0)
    throw new TypeError(`binary answer of ${u8.byteLength} bytes is cut short (header ${h})`);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(8, 8 + h)));
  const start = u8.byteOffset + 8 + h;
  const count = (u8.byteLength - 8 - h) / 4;
  const data =
    start % 4 === 0
      ? new Float32Array(u8.buffer, start, count)
      : new Float32Array(u8.slice(8 + h).buffer);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const ref = (v as { $f32?: unknown }).$f32;
      if (Array.isArray(ref) && ref.length === 2) {
        const [s, n] = ref as [number, number];
        if (!(s >= 0 && n >= 0 && s + n <= count))
          throw new TypeError(`binary answer refers to values ${s}..${s + n} of ${count}`);
        return data.subarray(s, s + n);
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(header) as T;
}
