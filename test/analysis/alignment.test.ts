import { describe, expect, it } from 'vitest';
import { compositeKernel } from '../../src/analysis/composite.ts';
import { parseNetwork } from '../../src/network/index.ts';
import { response } from '../../src/response/index.ts';

const counts = (spec: unknown) => {
  const n = parseNetwork(spec);
  return Array.from(compositeKernel(n.root, n.dims, true).weights);
};

describe('centre alignment of parallel branches', () => {
  it("places an even branch where PyTorch's padding='same' puts it", () => {
    // box:3 at d=2 (span 5) reads i−2, i, i+2; a 2-tap kernel with padding='same' pads 0 on
    // the left and 1 on the right, so it reads i, i+1. From i−2: {0, 2, 4} and {2, 3}.
    expect(
      counts({
        type: 'parallel',
        branches: [
          { kernel: 'box:3', dilation: 2 },
          { kernel: 'box:2', dilation: 1 },
        ],
      }),
    ).toEqual([1, 0, 2, 1, 1]);
  });

  it('gives the same tap set whether a parallel set is nested or flat', () => {
    const a = { kernel: 'box:3', dilation: 2 }; // span 5
    const b = { kernel: 'box:2', dilation: 1 }; // span 2
    const c = { kernel: 'box:6', dilation: 1 }; // span 6
    const flat = counts({ type: 'parallel', branches: [a, b, c] });
    const nested = counts({
      type: 'parallel',
      branches: [{ type: 'parallel', branches: [a, b] }, c],
    });
    expect(nested).toEqual(flat);
  });

  it('gives the same response whether a parallel set is nested or flat', () => {
    const a = { kernel: [0.2, 0.5, 0.3], dilation: 2 };
    const b = { kernel: [1, -1], dilation: 1 };
    const c = { kernel: 'box:6', dilation: 1 };
    const flat = response(parseNetwork({ type: 'parallel', branches: [a, b, c] }), { n: 64 });
    const nested = response(
      parseNetwork({ type: 'parallel', branches: [{ type: 'parallel', branches: [a, b] }, c] }),
      { n: 64 },
    );
    for (let j = 0; j < 64; j++) {
      expect(nested.re[j]).toBeCloseTo(flat.re[j], 12);
      expect(nested.im[j]).toBeCloseTo(flat.im[j], 12);
    }
  });
});
