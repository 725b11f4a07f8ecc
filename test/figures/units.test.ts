import { describe, expect, it } from 'vitest';
import {
  convertFrequency,
  frequencyAxis,
  frequencyAxisTitle,
  frequencyUnits,
  piTicks,
} from '../../src/figures/index.ts';

describe('frequency units', () => {
  it('maps the Nyquist frequency π exactly to 0.5 cycles/sample and fs/2 Hz', () => {
    expect(convertFrequency(Math.PI, 'rad')).toBe(Math.PI);
    expect(convertFrequency(Math.PI, 'cycles')).toBe(0.5);
    expect(convertFrequency(Math.PI, 'hz', 16000)).toBe(8000);
    expect(convertFrequency(Math.PI, 'hz', 44100)).toBe(22050);
  });

  it('divides by 2π for cycles/sample and scales by fs for Hz', () => {
    for (const w of [0, 0.1, 1, (2 * Math.PI) / 3, 3]) {
      expect(convertFrequency(w, 'cycles')).toBeCloseTo(w / 6.283185307179586, 15);
      expect(convertFrequency(w, 'hz', 1000)).toBeCloseTo((w * 1000) / 6.283185307179586, 10);
    }
  });

  it('titles each axis with its units', () => {
    expect(frequencyAxisTitle('rad')).toBe('ω (rad/sample)');
    expect(frequencyAxisTitle('cycles')).toBe('f (cycles/sample)');
    expect(frequencyAxisTitle('hz')).toBe('f (Hz)');
  });

  it('labels rad/sample ticks as fractions of π', () => {
    const t = piTicks(0, Math.PI);
    expect(t.ticktext).toEqual(['0', 'π/4', 'π/2', '3π/4', 'π']);
    t.tickvals.forEach((v, i) => {
      expect(v).toBeCloseTo((i * Math.PI) / 4, 15);
    });
    expect(piTicks(-Math.PI, Math.PI).ticktext).toEqual(['−π', '−π/2', '0', 'π/2', 'π']);
  });

  it('draws the axis range over [0, π] in the units', () => {
    expect(frequencyAxis('hz', 8000).range).toEqual([0, 4000]);
    expect(frequencyAxis('cycles').range).toEqual([0, 0.5]);
    expect(frequencyAxis('rad').ticktext?.at(-1)).toBe('π');
  });

  it('rejects unknown units and a non-positive sample rate by field', () => {
    expect(() => frequencyUnits('deg')).toThrow('units must be "rad", "cycles" or "hz", got "deg"');
    expect(() => frequencyUnits('hz', 0)).toThrow('fs must be a positive number, got 0');
  });
});
