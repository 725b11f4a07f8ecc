import { describe, expect, it } from 'vitest';
import { gridSizeFor } from '../../web/src/compute.ts';

describe('gridSizeFor (the size= the page asks a 2-D grid with)', () => {
  it.each([
    [512, 200, 256],
    [512, 300, undefined],
    [512, 256, 256],
    [256, 100, 128],
    [128, 445, undefined],
    [512, 1, 1],
    [64, undefined, undefined],
    [64, 0, undefined],
    [64, Number.NaN, undefined],
  ])('n = %s on a %s-pixel panel: size %s', (n, side, want) => {
    expect(gridSizeFor(n, side)).toBe(want);
  });
});
