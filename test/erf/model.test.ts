import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { erfModel } from '../../src/erf/index.ts';
import { decodeOnnx, importOnnx } from '../../src/model/index.ts';

const load = (name: string, inputSize?: number[]) =>
  importOnnx(
    decodeOnnx(
      new Uint8Array(readFileSync(new URL(`../fixtures/models/${name}.onnx`, import.meta.url))),
    ),
    inputSize ? { inputSize } : {},
  );

describe('the ERF of an imported ONNX model', () => {
  it.each([
    ['bottleneck', 2],
    ['tcn', 1],
    ['audio1d', 1],
    ['split_linear', 1],
    ['resize_down', 2],
  ])(
    'of %s (learned weights, linearised) equals the squared linearised composite of src/model to 1e-6',
    async (name, dims) => {
      const r = await erfModel(load(name), { samples: 2, seed: 1 });
      expect(r.exact).not.toBeNull();
      const exact = r.exact!.flat();
      const measured = r.erf.flat();
      expect(measured.length).toBe(exact.length);
      measured.forEach((v, i) => {
        expect(Math.abs(v - exact[i])).toBeLessThan(1e-6);
      });
      expect(r.origin.length).toBe(dims);
      expect(Math.max(...measured)).toBe(1);
    },
  );

  it('of one output channel is that channel’s squared composite', async () => {
    const r = await erfModel(load('tcn'), { samples: 1, channel: 1 });
    r.erf.flat().forEach((v, i) => {
      expect(Math.abs(v - r.exact!.flat()[i])).toBeLessThan(1e-6);
    });
    expect(r.channel).toBe(1);
  });

  it('runs a gated model (WaveNet) with no exact form', async () => {
    const r = await erfModel(load('wavenet'), { samples: 2 });
    expect(r.exact).toBeNull();
    expect(Math.max(...r.erf.flat())).toBe(1);
  });

  it('runs a dilated max pool (separable), with no exact form', async () => {
    const r = await erfModel(load('separable'), { samples: 2 });
    expect(r.exact).toBeNull();
    expect(Math.max(...r.erf.flat())).toBe(1);
  });

  it('refuses what does not apply to a model, naming the field', async () => {
    await expect(erfModel(load('tcn'), { activation: 'relu' })).rejects.toThrow(
      /activation applies to spec networks/,
    );
    await expect(erfModel(load('tcn'), { channel: 99 })).rejects.toThrow(
      /channel must be an integer from 0 to/,
    );
  });
});
