/**
 * `--images DIR`: reads the PNG files of a directory (sorted by name) into one batch of
 * [channels, rows, cols] maps scaled to [0, 1]. Gray PNGs give 1 channel, colour ones 3
 * (the alpha channel is dropped). Every image must have the same size and channel count.
 */
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PNG } from 'pngjs';
import { show } from '../util/validate.ts';
import { UsageError, unreadableFile } from './errors.ts';

/** Largest PNG file read, in bytes. */
export const MAX_IMAGE_FILE = 32 << 20;

/** A decoded batch of images. */
export interface ImageBatch {
  count: number;
  shape: [number, number, number];
  values: Float32Array;
  files: string[];
}

/** pngjs, required on first use (not at the command's start-up). */
let pngjs: typeof import('pngjs') | undefined;

/** Decodes one PNG into [channels, rows, cols] values in [0, 1]. */
export function decodePng(
  bytes: Uint8Array,
  name: string,
  field = 'images',
): { shape: [number, number, number]; values: Float32Array } {
  let png: PNG;
  try {
    pngjs ??= createRequire(import.meta.url)('pngjs') as typeof import('pngjs');
    png = pngjs.PNG.sync.read(Buffer.from(bytes));
  } catch (e) {
    throw new UsageError(
      `--${field} ${show(name)} is not a readable PNG: ${(e as Error).message}`,
      field,
    );
  }
  // colorType bit 2 (value 2) marks colour; 0 and 4 are gray (with or without alpha).
  const C =
    (png as unknown as { colorType?: number }).colorType !== undefined &&
    ((png as unknown as { colorType: number }).colorType & 2) === 0
      ? 1
      : 3;
  const { width: W, height: H, data } = png;
  const values = new Float32Array(C * H * W);
  for (let i = 0; i < H * W; i++)
    for (let c = 0; c < C; c++) values[c * H * W + i] = data[4 * i + c] / 255;
  return { shape: [C, H, W], values };
}

/** Reads every *.png of `dir` (at most `max`), checking that sizes and channels agree. */
export async function readImages(dir: string, cwd: string, max: number): Promise<ImageBatch> {
  const full = path.resolve(cwd, dir);
  let names: string[];
  try {
    names = (await readdir(full)).filter((n) => n.toLowerCase().endsWith('.png')).sort();
  } catch (e) {
    throw unreadableFile('--images cannot read', dir, e, 'images');
  }
  if (names.length === 0)
    throw new UsageError(`--images ${show(dir)} holds no .png files`, 'images');
  if (names.length > max) {
    throw new UsageError(
      `--images ${show(dir)} holds ${names.length} PNG files, more than the limit ${max}`,
      'images',
    );
  }
  const decoded: { shape: [number, number, number]; values: Float32Array }[] = [];
  for (const n of names) {
    const file = path.join(full, n);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw unreadableFile('--images cannot read', path.join(dir, n), e, 'images');
    }
    if (bytes.length > MAX_IMAGE_FILE) {
      throw new UsageError(`--images ${show(n)} is larger than ${MAX_IMAGE_FILE} bytes`, 'images');
    }
    const img = decodePng(bytes, n);
    const first = decoded[0]?.shape;
    if (
      first &&
      (first[0] !== img.shape[0] || first[1] !== img.shape[1] || first[2] !== img.shape[2])
    ) {
      throw new UsageError(
        `--images ${show(n)} is ${img.shape[1]}×${img.shape[2]} with ${img.shape[0]} channel(s) but ${show(names[0])} is ${first[1]}×${first[2]} with ${first[0]}; every image must have the same size and channels`,
        'images',
      );
    }
    decoded.push(img);
  }
  const shape = decoded[0].shape;
  const n = shape[0] * shape[1] * shape[2];
  const values = new Float32Array(n * decoded.length);
  decoded.forEach((d, i) => {
    values.set(d.values, i * n);
  });
  return { count: decoded.length, shape, values, files: names };
}

/** Reads and decodes one PNG file (the `--image` of `apply`), at most MAX_IMAGE_FILE bytes. */
export async function readImage(
  file: string,
  cwd: string,
  field: string,
): Promise<{ shape: [number, number, number]; values: Float32Array }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.resolve(cwd, file));
  } catch (e) {
    throw unreadableFile(`--${field} cannot read`, file, e, field);
  }
  if (bytes.length > MAX_IMAGE_FILE)
    throw new UsageError(`--${field} ${show(file)} is larger than ${MAX_IMAGE_FILE} bytes`, field);
  return decodePng(bytes, file, field);
}

/** Encodes an 8-bit gray raster (`width·height` bytes) as a gray PNG. */
export function encodeGrayPng(width: number, height: number, gray: Uint8Array): Buffer {
  pngjs ??= createRequire(import.meta.url)('pngjs') as typeof import('pngjs');
  const png = new pngjs.PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8 });
  const rgba = Buffer.alloc(4 * width * height);
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = gray[i];
    rgba[4 * i + 1] = gray[i];
    rgba[4 * i + 2] = gray[i];
    rgba[4 * i + 3] = 255;
  }
  png.data = rgba;
  return pngjs.PNG.sync.write(png, { colorType: 0, inputColorType: 6 });
}

/**
 * Writes `bytes` to `file` atomically: into a temporary file beside it (`.NAME.PID.tmp`),
 * then renamed over it, so a reader sees the old file or the whole new one, never a part;
 * the temporary file is removed when anything fails. Errors are usage errors naming `field`.
 */
export async function writeFileAtomic(
  file: string,
  bytes: Uint8Array,
  cwd: string,
  field: string,
): Promise<string> {
  const full = path.resolve(cwd, file);
  const tmp = path.join(path.dirname(full), `.${path.basename(full)}.${process.pid}.tmp`);
  let created = false;
  try {
    const handle = await open(tmp, 'wx');
    created = true;
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    await rename(tmp, full);
  } catch (e) {
    // Only our own temporary file: an EEXIST one belongs to another run.
    if (created) await rm(tmp, { force: true });
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'its directory does not exist'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : code === 'EEXIST'
              ? `another run is writing it (${path.basename(tmp)} exists)`
              : (e as Error).message;
    throw new UsageError(`--${field} cannot write ${JSON.stringify(file)}: ${why}`, field);
  }
  return full;
}
