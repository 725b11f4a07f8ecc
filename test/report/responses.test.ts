/**
 * The 1-D response a report draws for a 2-D network is its x cut H(0, ωx): checked against
 * a direct DTFT of the column sums of the composite kernel, written out by hand, for
 * networks whose branches and shortcuts land where their padding (or projection) puts them.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/network/index.ts';
import { networkResponse } from '../../src/report/index.ts';
import { dtftAbs } from '../figures/helpers.ts';

const third = 1 / 3;
const cases: [string, unknown, number[]][] = [
  [
    // Causal: output (0, 0) reads columns −4, −2, 0 (each column sum 1/3); the identity at 0.
    'a causal residual box:3x3@2',
    { type: 'residual', body: { kernel: 'box:3x3', dilation: 2, padding: 'causal' } },
    [third, 0, third, 0, third + 1],
  ],
  [
    // The projection (weight 2, stride 2) replaces the identity at column 0.
    'a residual with a 1×1 projection of weight 2',
    {
      type: 'residual',
      body: { kernel: 'box:3x3', dilation: 1, stride: 2 },
      shortcut: { kernel: [[2]], dilation: 1, stride: 2 },
    },
    [third, third + 2, third],
  ],
  [
    // Branch a pads 2 columns before and none after: it reads columns −2..0; b reads 0.
    'a sum set whose branch pads [2, 0] along x',
    {
      type: 'parallel',
      branches: [
        {
          kernel: 'box:3x3',
          dilation: 1,
          padding: [
            [1, 1],
            [2, 0],
          ],
        },
        { kernel: [[1]], dilation: 1 },
      ],
    },
    [third, third, third + 1],
  ],
];

describe('networkResponse of a 2-D network (x cut)', () => {
  it.each(cases)('%s', (_name, spec, cut) => {
    const r = networkResponse(parseNetwork(spec), 64);
    expect(r.w.length).toBeGreaterThanOrEqual(64);
    Array.from(r.w).forEach((w, i) => {
      expect(r.magnitude[i]).toBeCloseTo(dtftAbs(cut, w), 12);
    });
  });
});
