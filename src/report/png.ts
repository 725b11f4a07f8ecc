/**
 * PNG metadata: the physical resolution (pHYs chunk), so a PNG drawn at 96·scale pixels per
 * CSS inch says so to layout programs (LaTeX, Word) and prints at its intended size.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309, as PNG chunks use) of bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Dots per inch as PNG's pixels per metre: round(dpi / 0.0254). */
export function pixelsPerMetre(dpi: number): number {
  return Math.round(dpi / 0.0254);
}

/**
 * The PNG with a pHYs chunk of `dpi` (unit: metre) right after IHDR, replacing any pHYs
 * it had. Bytes that are not a PNG are returned unchanged.
 */
export function withPngDpi(png: Uint8Array, dpi: number): Buffer {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (png.length < 33 || sig.some((b, i) => png[i] !== b)) return Buffer.from(png);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Uint8Array[] = [png.subarray(0, 8)];
  let off = 8;
  let inserted = false;
  while (off + 12 <= png.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...png.subarray(off + 4, off + 8));
    const end = off + 12 + len;
    if (type !== 'pHYs') chunks.push(png.subarray(off, end));
    if (type === 'IHDR' && !inserted) {
      chunks.push(physChunk(dpi));
      inserted = true;
    }
    off = end;
  }
  return Buffer.concat(chunks);
}

function physChunk(dpi: number): Uint8Array {
  const out = new Uint8Array(21);
  const v = new DataView(out.buffer);
  v.setUint32(0, 9);
  out.set([112, 72, 89, 115], 4); // 'pHYs'
  const ppm = pixelsPerMetre(dpi);
  v.setUint32(8, ppm);
  v.setUint32(12, ppm);
  out[16] = 1; // unit: metre
  v.setUint32(17, crc32(out.subarray(4, 17)));
  return out;
}
