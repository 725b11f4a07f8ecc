import { describe, expect, it } from 'vitest';
import type { Figure } from '../../src/figures/index.ts';
import {
  blindFractionFigure,
  branchCoverageFigure,
  objectHitFigure,
  periodicityFigure,
  rfLinearVsExponentialFigure,
} from '../../src/figures/report/index.ts';

/** Rows of a table whose series column equals `series`, as [x, y] pairs. */
function series(f: Figure, name: string): [number, number][] {
  return f.table.rows.filter((r) => r[1] === name).map((r) => [r[2] as number, r[3] as number]);
}

/** |Σ_n w_n e^{−iωdn}| summed term by term (the test's own DTFT). */
function magnitude(w: readonly number[], omega: number, d = 1): number {
  let re = 0;
  let im = 0;
  w.forEach((c, n) => {
    re += c * Math.cos(omega * d * n);
    im -= c * Math.sin(omega * d * n);
  });
  return Math.hypot(re, im);
}

describe('blindFractionFigure', () => {
  it('draws, for k = 3, 5, 7, the share of the span no tap reads, counted offset by offset', () => {
    const f = blindFractionFigure([], { maxRate: 9 });
    for (const k of [3, 5, 7]) {
      const pts = series(f, `k = ${k}`);
      expect(pts.map((p) => p[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const [d, y] of pts) {
        const span = (k - 1) * d + 1;
        let unread = 0;
        for (let o = 0; o < span; o++) if (o % d !== 0) unread++;
        expect(y).toBeCloseTo(unread / span, 12);
      }
    }
  });

  it('marks each layer of a network at its rate on the curve of its kernel size', () => {
    const f = blindFractionFigure(
      [
        {
          label: { id: 'A', name: 'box:5 1,3' },
          layers: [
            { shape: [5], dilation: [1] },
            { shape: [5], dilation: [3] },
          ],
        },
      ],
      {},
    );
    const pts = series(f, 'layers');
    expect(pts[0]).toEqual([1, 0]);
    expect(pts[1][0]).toBe(3);
    expect(pts[1][1]).toBeCloseTo(8 / 13, 12);
  });
});

describe('objectHitFigure', () => {
  /** Places the object at every offset modulo the lattice and counts the placements that cover a tap. */
  function enumerated(w: number, h: number, d: number, dims: 1 | 2): number {
    let hit = 0;
    let total = 0;
    for (let oy = 0; oy < (dims === 2 ? d : 1); oy++)
      for (let ox = 0; ox < d; ox++) {
        total++;
        let touched = false;
        for (let y = oy; y < oy + (dims === 2 ? h : 1) && !touched; y++)
          for (let x = ox; x < ox + w && !touched; x++)
            if (x % d === 0 && (dims === 1 || y % d === 0)) touched = true;
        if (touched) hit++;
      }
    return hit / total;
  }

  it('gives the chance of touching a w×h object that enumeration of every placement gives', () => {
    const f = objectHitFigure([], { object: [3, 2], maxRate: 8, dims: 2 });
    const pts = series(f, 'object 3×2 pixels');
    expect(pts).toHaveLength(8);
    for (const [d, p] of pts) expect(p).toBeCloseTo(enumerated(3, 2, d, 2), 12);
    const single = series(f, 'object 1×1 pixel');
    for (const [d, p] of single) expect(p).toBeCloseTo(1 / (d * d), 12);
  });

  it('uses min(w, d)/d in 1-D', () => {
    const f = objectHitFigure([], { object: [4, 1], maxRate: 10, dims: 1 });
    for (const [d, p] of series(f, 'object 4 samples'))
      expect(p).toBeCloseTo(enumerated(4, 1, d, 1), 12);
  });
});

describe('rfLinearVsExponentialFigure', () => {
  /** Receptive field of k-tap layers at these rates: the span of the Minkowski sum of tap sets. */
  function naiveField(k: number, rates: number[]): number {
    let support = new Set([0]);
    for (const d of rates) {
      const next = new Set<number>();
      for (const s of support) for (let n = 0; n < k; n++) next.add(s + n * d);
      support = next;
    }
    return Math.max(...support) - Math.min(...support) + 1;
  }

  it('draws 1 + L(k−1) for rates 1 and 1 + (k−1)(2^L−1) for rates 1, 2, 4, …', () => {
    const f = rfLinearVsExponentialFigure([], { depth: 8, kernelSizes: [3, 2] });
    for (const k of [3, 2]) {
      for (const [L, r] of series(f, `linear k=${k}`))
        expect(r).toBe(naiveField(k, Array(L).fill(1)));
      for (const [L, r] of series(f, `exponential k=${k}`))
        expect(r).toBe(
          naiveField(
            k,
            Array.from({ length: L }, (_, i) => 2 ** i),
          ),
        );
    }
  });

  it('extends the depth to the deepest network and draws its growth as given', () => {
    const f = rfLinearVsExponentialFigure([{ label: { id: 'A', name: 'a' }, growth: [3, 7, 17] }], {
      depth: 2,
    });
    expect(series(f, 'schedule')).toEqual([
      [1, 3],
      [2, 7],
      [3, 17],
    ]);
    expect(series(f, 'linear k=3')).toHaveLength(3);
  });
});

describe('periodicityFigure', () => {
  it('draws |H(ω)| and |H(dω)| on [0, 2π] as a direct DTFT gives them', () => {
    const w = [0.2, 0.5, 0.3];
    const f = periodicityFigure(
      { label: { id: 'A', name: 'a' }, weights: w, kernel: 'weights', rate: 3 },
      { points: 256 },
    );
    const base = series(f, 'H(w)');
    const dil = series(f, 'H(3w)');
    expect(base).toHaveLength(257);
    expect(base[256][0]).toBeCloseTo(2 * Math.PI, 12);
    for (const [x, y] of base) expect(y).toBeCloseTo(magnitude(w, x), 12);
    for (const [x, y] of dil) expect(y).toBeCloseTo(magnitude(w, x, 3), 12);
  });

  it('repeats the dilated response every 2π/d', () => {
    const f = periodicityFigure(
      { label: { id: 'A', name: 'a' }, weights: [1, 1, 1], kernel: 'box:3', rate: 4 },
      { points: 512 },
    );
    const dil = series(f, 'H(4w)').map((p) => p[1]);
    // 2π/4 is 128 grid steps of 2π/512.
    for (let j = 0; j + 128 < dil.length; j++) expect(dil[j + 128]).toBeCloseTo(dil[j], 12);
  });

  it('converts the frequency axis to Hz with the sample rate', () => {
    const f = periodicityFigure(
      { label: { id: 'A', name: 'a' }, weights: [1, 1], kernel: 'box:2', rate: 2 },
      { points: 64, units: 'hz', fs: 1000 },
    );
    expect(f.table.columns[2]).toBe('frequency (Hz)');
    expect(series(f, 'H(w)').at(-1)?.[0]).toBeCloseTo(1000, 9);
  });
});

describe('branchCoverageFigure', () => {
  it('marks where each branch passes the threshold and where any branch does', () => {
    const box3 = [1, 1, 1];
    const dilate = (w: number[], d: number) => {
      const out = new Array((w.length - 1) * d + 1).fill(0);
      w.forEach((c, n) => {
        out[n * d] = c;
      });
      return out;
    };
    const branches = [
      { name: 'branch 1 · d=2', weights: dilate(box3, 2) },
      { name: 'branch 2 · d=4', weights: dilate(box3, 4) },
    ];
    const f = branchCoverageFigure(
      { label: { id: 'A', name: 'a' }, branches },
      { thresholdDb: -20, points: 512 },
    );
    const level = 10 ** (-20 / 20);
    const rows = (name: string) => f.table.rows.filter((r) => r[1] === name);
    for (const [i, d] of [2, 4].entries()) {
      for (const r of rows(branches[i].name)) {
        const m = magnitude(box3, r[2] as number, d) / 3;
        expect(r[3] as number).toBeCloseTo(m, 12);
        expect(r[4]).toBe(m >= level ? 1 : 0);
      }
    }
    const any = rows('some branch (envelope)');
    for (const r of any) {
      const x = r[2] as number;
      const passes = [2, 4].some((d) => magnitude(box3, x, d) / 3 >= level);
      expect(r[4]).toBe(passes ? 1 : 0);
    }
    // Both branches are null at 2π/6 = π/3 (2·π/3 = 2π/3 and 4·π/3 ≡ −2π/3): no branch passes there.
    const near = any.reduce((a, r) =>
      Math.abs((r[2] as number) - Math.PI / 3) < Math.abs((a[2] as number) - Math.PI / 3) ? r : a,
    );
    expect(near[4]).toBe(0);
    expect(f.layout.shapes?.length ?? 0).toBeGreaterThan(0);
  });
});
