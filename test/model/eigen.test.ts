/**
 * `symmetricEigenvalues` against closed forms: the second-difference matrix (2 on the
 * diagonal, −1 beside it) has λ_k = 2 − 2·cos(kπ/(n+1)); Q·diag(λ)·Qᵀ with Q a product of
 * plane rotations has exactly λ; a diagonal matrix its diagonal; a block of equal values.
 */
import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../src/model/index.ts';

const close = (got: Float64Array, want: number[], scale = 1) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    expect(Math.abs(g - want[i])).toBeLessThanOrEqual(1e-12 * scale);
  });
};

describe('eigenvalues of real symmetric matrices', () => {
  it.each([1, 2, 3, 7, 16, 64])('the %i×%i second difference: 2 − 2cos(kπ/(n+1))', (n) => {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
    }
    const want = Array.from(
      { length: n },
      (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)),
    );
    close(
      symmetricEigenvalues(a, n),
      want.sort((x, y) => x - y),
      4,
    );
  });

  it.each([5, 12, 40])('Q·diag(λ)·Qᵀ (Q from seeded plane rotations), n = %i', (n) => {
    let seed = n;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const lambda = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1) * (1 + 10 * rand()));
    // M = Q diag Qᵀ with Q = Π rotations in planes (p, q)
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) m[i * n + i] = lambda[i];
    for (let r = 0; r < 4 * n; r++) {
      const p = Math.floor(rand() * n);
      const q = (p + 1 + Math.floor(rand() * (n - 1))) % n;
      const t = 2 * Math.PI * rand();
      const c = Math.cos(t);
      const s = Math.sin(t);
      for (let k = 0; k < n; k++) {
        const x = m[k * n + p];
        const y = m[k * n + q];
        m[k * n + p] = c * x - s * y;
        m[k * n + q] = s * x + c * y;
      }
      for (let k = 0; k < n; k++) {
        const x = m[p * n + k];
        const y = m[q * n + k];
        m[p * n + k] = c * x - s * y;
        m[q * n + k] = s * x + c * y;
      }
    }
    close(
      symmetricEigenvalues(m, n),
      [...lambda].sort((x, y) => x - y),
      11 * n,
    );
  });

  it('a diagonal matrix: its diagonal, sorted; all-equal entries: n·v and zeros', () => {
    close(symmetricEigenvalues(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3), [-1, 2, 3]);
    close(symmetricEigenvalues(new Float64Array(16).fill(0.5), 4), [0, 0, 0, 2], 2);
  });
});
