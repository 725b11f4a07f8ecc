/** Independent helpers for the figure tests: naive convolution and direct DTFT. */

/** Full linear convolution of a and b, by the definition (a * b)[n] = Σ_m a[m] b[n − m]. */
export function convolve(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  return out;
}

/** k taps of weight w dilated by d: w at 0, d, 2d, ..., zeros between. */
export function dilated(weights: readonly number[], d: number): number[] {
  const out = new Array<number>((weights.length - 1) * d + 1).fill(0);
  weights.forEach((w, i) => {
    out[i * d] = w;
  });
  return out;
}

/** Path counts of a stack of k-tap layers at the rates (all weights 1), by naive convolution. */
export function stackPathCounts(k: number, rates: readonly number[]): number[] {
  return rates.reduce<number[]>((acc, d) => convolve(acc, dilated(new Array(k).fill(1), d)), [1]);
}

/** |Σ_n w_n e^{−iωn}| by the definition. */
export function dtftAbs(w: readonly number[], omega: number): number {
  let re = 0;
  let im = 0;
  w.forEach((v, n) => {
    re += v * Math.cos(omega * n);
    im -= v * Math.sin(omega * n);
  });
  return Math.hypot(re, im);
}

/** Splits a simple CSV (fields quoted with "" escapes) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
