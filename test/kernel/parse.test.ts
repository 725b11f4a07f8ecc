import { describe, expect, it } from 'vitest';
import { dilateKernel, parseKernel } from '../../src/kernel/index.ts';

const choose = (n: number, k: number): number => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
};

describe('parseKernel', () => {
  it('makes a box kernel whose weights are 1/K', () => {
    const k = parseKernel('box:4');
    expect(k.shape).toEqual([4]);
    expect(Array.from(k.weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('makes a binomial kernel from the binomial coefficients over 2^(K-1)', () => {
    const k = parseKernel('binomial:7');
    Array.from(k.weights).forEach((w, n) => {
      expect(w).toBeCloseTo(choose(6, n) / 64, 15);
    });
  });

  it('makes 2-D presets as the outer product of the 1-D rows', () => {
    const row = parseKernel('binomial:3').weights;
    const k = parseKernel('binomial:3x3');
    expect(k.shape).toEqual([3, 3]);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(k.weights[i * 3 + j]).toBeCloseTo(row[i] * row[j], 15);
    expect(parseKernel('box:2x3').weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });

  it('samples a gaussian that sums to one and peaks at the centre', () => {
    const k = parseKernel('gaussian:7:1.5');
    const w = Array.from(k.weights);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(w[0] / w[3]).toBeCloseTo(Math.exp(-9 / (2 * 2.25)), 14);
  });

  it('draws the same seeded random kernel every time, different across seeds', () => {
    expect(Array.from(parseKernel('random:5:7').weights)).toEqual(
      Array.from(parseKernel('random:5:7').weights),
    );
    expect(Array.from(parseKernel('random:5:7').weights)).not.toEqual(
      Array.from(parseKernel('random:5:8').weights),
    );
  });

  it('gives He-normal weights whose spread is close to sqrt(2/fan_in)', () => {
    const k = parseKernel('random:64x64:1');
    const w = Array.from(k.weights);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(sd / Math.sqrt(2 / 4096)).toBeGreaterThan(0.97);
    expect(sd / Math.sqrt(2 / 4096)).toBeLessThan(1.03);
  });

  it('reads explicit weights as a list, a list of rows or weights: text', () => {
    expect(Array.from(parseKernel('weights:0.2,0.5,0.3').weights)).toEqual([0.2, 0.5, 0.3]);
    expect(
      parseKernel([
        [1, 2],
        [3, 4],
        [5, 6],
      ]).shape,
    ).toEqual([3, 2]);
  });

  it('names the field and the value for bad kernels', () => {
    expect(() => parseKernel('box:0')).toThrow(
      'kernel size must be a positive integer no larger than 64, got 0',
    );
    expect(() => parseKernel('gaussian:5:-1')).toThrow('kernel sigma must be positive, got "-1"');
    expect(() => parseKernel('weights:1,x')).toThrow('kernel[1] must be a finite number, got "x"');
    expect(() => parseKernel([1, Number.POSITIVE_INFINITY])).toThrow(
      'kernel[1] must be a finite number, got Infinity',
    );
    expect(() => parseKernel([0, 0, 0])).toThrow('kernel must not be all zero');
    expect(() => parseKernel([[1, 2], [3]])).toThrow(
      'kernel[1] must have 2 weights like row 0, got 1',
    );
    expect(() => parseKernel('hann:5')).toThrow(/kernel must be box:K/);
  });
});

describe('dilateKernel', () => {
  it('puts tap n at offset n·d, spanning (k−1)d+1 inputs', () => {
    const k = dilateKernel(parseKernel('weights:1,2,3,4,5'), [3]);
    expect(k.weights.length).toBe(13);
    expect(Array.from(k.weights)).toEqual([1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0, 5]);
  });

  it('dilates 2-D kernels per axis', () => {
    const k = dilateKernel(
      parseKernel([
        [1, 2],
        [3, 4],
      ]),
      [2, 3],
    );
    expect(k.shape).toEqual([3, 4]);
    expect(Array.from(k.weights)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4]);
  });
});
