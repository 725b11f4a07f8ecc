import type { Response } from 'supertest';
import { expect } from 'vitest';

/** Asserts an error answer: the status, JSON `{error: {message, field}}`, the field, and a message naming it. */
export function expectError(
  res: Response,
  status: number,
  field: string | null | RegExp,
  message?: RegExp,
): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(0);
  if (field instanceof RegExp) expect(res.body.error.field).toMatch(field);
  else expect(res.body.error.field).toBe(field);
  expect(res.body.error.message).not.toMatch(/\n\s+at /);
  if (message) expect(res.body.error.message).toMatch(message);
}

/** Tap paths of a 1-D stack of kernels with all weights 1, by enumerating every tap combination. */
export function enumerateStack1d(sizes: number[], rates: number[]): number[] {
  let offsets = [0];
  sizes.forEach((k, l) => {
    const next: number[] = [];
    for (const o of offsets) for (let t = 0; t < k; t++) next.push(o + t * rates[l]);
    offsets = next;
  });
  const span = Math.max(...offsets) + 1;
  const counts = new Array<number>(span).fill(0);
  for (const o of offsets) counts[o]++;
  return counts;
}

/** Tap paths of a 2-D stack of k×k kernels at rates d (both axes), by enumeration. */
export function enumerateStack2d(k: number, rates: number[]): number[][] {
  let offsets: [number, number][] = [[0, 0]];
  for (const d of rates) {
    const next: [number, number][] = [];
    for (const [r, c] of offsets)
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) next.push([r + a * d, c + b * d]);
    offsets = next;
  }
  const span = Math.max(...offsets.map(([r]) => r)) + 1;
  const grid = Array.from({ length: span }, () => new Array<number>(span).fill(0));
  for (const [r, c] of offsets) grid[r][c]++;
  return grid;
}
