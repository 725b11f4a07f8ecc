import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blindspotsModel } from '../../src/erf/index.ts';
import { decodeOnnx, importOnnx } from '../../src/model/index.ts';

const fixture = (dir: string, name: string) => {
  const url = (ext: string) => new URL(`../fixtures/${dir}/${name}.${ext}`, import.meta.url);
  return {
    model: importOnnx(decodeOnnx(new Uint8Array(readFileSync(url('onnx'))))),
    torch: JSON.parse(readFileSync(url('json'), 'utf8')) as {
      position: number[];
      scale: number[];
      lo: number[];
      rf: number[];
      offsets: number[][];
      unread: number[][];
    },
  };
};

/** Every offset of the box [lo, lo + rf) not in `reached`, row-major. */
function complement(lo: number[], rf: number[], reached: number[][]): number[][] {
  const seen = new Set(reached.map((o) => o.join(',')));
  const out: number[][] = [];
  const walk = (prefix: number[]) => {
    const a = prefix.length;
    if (a === lo.length) {
      if (!seen.has(prefix.join(','))) out.push(prefix);
      return;
    }
    for (let k = 0; k < rf[a]; k++) walk([...prefix, lo[a] + k]);
  };
  walk([]);
  return out;
}

describe('the blind-spot proof of an ONNX model (learned weights, its nonlinearities)', () => {
  it.each([
    ['blind2d: 2-D, rates 2, 2, 4 with batch norm, ReLU, ReLU6 and tanh', 'blind2d'],
    ['blind1d: 1-D, rates 2, 2 with a ReLU, then a stride-4 1×1 conv', 'blind1d'],
  ])('%s: the holes are the complement of the offsets torch measured', async (_, name) => {
    const { model, torch } = fixture('blindspots', name);
    const r = await blindspotsModel(model);
    expect(r.outputPosition).toEqual(torch.position);
    expect(r.scale).toEqual(torch.scale);
    const holes = complement(torch.lo, torch.rf, torch.offsets);
    expect(holes.length).toBeGreaterThan(0);
    expect(r.holes).toEqual(holes);
    expect(r.unread).toBe(torch.unread.length);
    expect(r.perturbedInputs.length).toBeGreaterThan(0);
    expect(r.inputChange).toBeGreaterThan(0);
    expect(r.maxOutputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });

  it('finds the samples a stride never reads, as torch does (blind1d: the odd ones)', async () => {
    const { model, torch } = fixture('blindspots', 'blind1d');
    const r = await blindspotsModel(model, { maps: true });
    const unread = new Set(torch.unread.map(([i]) => i));
    expect(unread.size).toBe(24);
    for (const u of torch.unread) expect(r.perturbedInputs).toContainEqual(u);
    // The figure's maps agree: the perturbation is on the window, the centre output is unchanged.
    const m = r.maps;
    expect(m).toBeDefined();
    if (!m) return;
    const centre = r.outputPosition[0] - m.outputChange.start[0];
    expect(m.outputChange.rows[0][centre]).toBe(0);
    expect(m.controlChange.rows[0][centre]).toBe(r.controlOutputChange);
    m.perturbation.rows[0].forEach((v, k) => {
      expect(v > 0).toBe(unread.has(k + m.perturbation.start[0]));
    });
  });

  it('bottleneck (a strided ResNet block): the holes are the complement of the torch tap set', async () => {
    const { model, torch } = fixture('models', 'bottleneck');
    const t = (torch as unknown as { taps: { offsets: number[][]; receptiveField: number[] } })
      .taps;
    const lo = [0, 1].map((a) => Math.min(...t.offsets.map((o) => o[a])));
    const r = await blindspotsModel(model);
    expect(r.holes).toEqual(complement(lo, t.receptiveField, t.offsets));
    expect(r.maxOutputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });

  it('says a model without holes has none: holes [], nothing perturbed (tcn)', async () => {
    const { model } = fixture('models', 'tcn');
    const r = await blindspotsModel(model);
    expect(r.holes).toEqual([]);
    expect(r.unread).toBe(0);
    expect(r.perturbedInputs).toEqual([]);
    expect(r.maxOutputChange).toBe(0);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });

  it('finds no blind hole when a global branch reads every sample (deeplab_like: image pooling)', async () => {
    const { model } = fixture('models', 'deeplab_like');
    const r = await blindspotsModel(model, { inputSize: [65, 65] });
    expect(r.holes).toEqual([]);
    expect(r.warnings.join(' ')).toMatch(/local tap set has 24 holes.*global branch/);
    expect(r.controlOutputChange).toBeGreaterThan(0);
  });

  it('refuses an activation: a model runs as imported', async () => {
    const { model } = fixture('models', 'tcn');
    await expect(blindspotsModel(model, { activation: 'relu' })).rejects.toThrow(
      /activation applies to spec networks/,
    );
  });
});
