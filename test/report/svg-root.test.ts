import { describe, expect, it } from 'vitest';
import { canonicalSvgRoot } from '../../src/report/index.ts';

describe('canonicalSvgRoot', () => {
  const body = '<g class="x"><rect style="fill: red" width="3"/></g></svg>';
  const a = `<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="520" height="320" style="" viewBox="0 0 520 320">${body}`;
  const b = `<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="520" height="320" viewBox="0 0 520 320" style="">${body}`;

  it('gives one byte sequence for the two attribute orders Plotly emits', () => {
    expect(a).not.toBe(b);
    expect(canonicalSvgRoot(a)).toBe(canonicalSvgRoot(b));
    expect(canonicalSvgRoot(b)).toBe(
      `<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="520" height="320" viewBox="0 0 520 320" style="">${body}`,
    );
  });

  it('touches only the root element and keeps an XML declaration', () => {
    const out = canonicalSvgRoot(
      `<?xml version="1.0"?>\n<svg width="2" class="c" data-z="1" data-a="2">${body}`,
    );
    expect(out).toBe(
      `<?xml version="1.0"?>\n<svg class="c" width="2" data-a="2" data-z="1">${body}`,
    );
  });

  it('leaves text that is not an SVG document alone', () => {
    expect(canonicalSvgRoot('<html><svg width="1"></svg></html>')).toBe(
      '<html><svg width="1"></svg></html>',
    );
  });
});
