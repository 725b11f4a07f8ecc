/** The image formats of a report's figures/ and their check. */
import { FieldError, show } from '../util/validate.ts';
import type { ImageFormat } from './render.ts';

/** The formats written when none are named: PNG and SVG. */
export const IMAGE_FORMATS: readonly ImageFormat[] = ['png', 'svg'];

/** Every image format a report can write. */
export const ALL_IMAGE_FORMATS: readonly ImageFormat[] = ['png', 'svg', 'pdf'];

/** Checks a formats list: a subset of png, svg, pdf (duplicates removed, order kept). */
export function checkFormats(formats: readonly unknown[]): ImageFormat[] {
  const out: ImageFormat[] = [];
  formats.forEach((f, i) => {
    if (!ALL_IMAGE_FORMATS.includes(f as ImageFormat))
      throw new FieldError(`formats[${i}]`, `must be "png", "svg" or "pdf", got ${show(f)}`);
    if (!out.includes(f as ImageFormat)) out.push(f as ImageFormat);
  });
  return out;
}
