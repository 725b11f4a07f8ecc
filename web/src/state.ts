/**
 * The page's whole state and its URL form. Everything the page shows follows from this
 * object, and `stateToQuery`/`stateFromQuery` round-trip it through the query string, so a
 * copied link reproduces the view.
 */

/** The letters of the networks, in order. */
export const NETWORK_IDS = ['A', 'B', 'C'] as const;

/**
 * One network: a named preset, a full network spec (JSON or YAML text, from the spec
 * editor), or the short form kernel + rates + mode (+ merge).
 */
export interface NetState {
  /** Preset name, or '' for a spec or the short form. */
  preset: string;
  /** A network spec text (docs/network-spec.md), or '' for the short form; used when preset is ''. */
  spec: string;
  kernel: string;
  rates: string;
  mode: 'stack' | 'parallel' | 'residual';
  merge: 'sum' | 'concat';
  /** Padding of the short form's layers (the server's `padding`); absent means same. */
  padding?: 'same' | 'causal' | 'valid';
}

/** The page state. */
export interface State {
  nets: NetState[];
  /** Dimensions of the short-form networks: 2 turns box:3 into box:3x3 and so on. */
  dims: 1 | 2;
  /** Frequency points of the 1-D response (a power of two). */
  n: number;
  /** Grid side of the 2-D response (a power of two). */
  n2d: number;
  /** Deaf-band threshold in dB (negative). */
  thresholdDb: number;
  units: 'rad' | 'cycles' | 'hz';
  /** Sample rate for Hz. */
  fs: number;
  /** Map side S (2-D) or signal length (1-D) for border validity. */
  mapSize: number;
  /** Object size WxH for the hit probability. */
  object: string;
  /** Magnitude scale of the 1-D response plot. */
  scale: 'linear' | 'db';
  /** Draw each layer's response too. */
  layers: boolean;
  /** Divide each network's response by its maximum (|H|/max|H|). */
  norm: boolean;
}

/** The view the page opens on: a gridding stack against a hybrid schedule. */
export const DEFAULT_STATE: State = {
  nets: [
    { preset: '', spec: '', kernel: 'box:3', rates: '2,2,2', mode: 'stack', merge: 'sum' },
    { preset: '', spec: '', kernel: 'box:3', rates: '1,2,5', mode: 'stack', merge: 'sum' },
  ],
  dims: 1,
  n: 1024,
  n2d: 128,
  thresholdDb: -20,
  units: 'rad',
  fs: 16000,
  mapSize: 65,
  object: '3x3',
  scale: 'linear',
  layers: true,
  norm: true,
};

/** A fresh network for the "add" button: the next one after those shown. */
export function newNet(index: number): NetState {
  const rates = ['2,2,2', '1,2,5', '1,2,3'][index] ?? '1,2,3';
  return { preset: '', spec: '', kernel: 'box:3', rates, mode: 'stack', merge: 'sum' };
}

/** A copy of a state (no shared network objects). */
export function cloneState(s: State): State {
  return { ...s, nets: s.nets.map((n) => ({ ...n })) };
}

/**
 * The kernel text for the chosen dimensions: a 1-D preset size K becomes KxK for 2-D
 * (box:3 → box:3x3, gaussian:7:1.5 → gaussian:7x7:1.5) and a square RxR back to R for 1-D.
 * Explicit weights are left as they are.
 */
export function kernelForDims(kernel: string, dims: 1 | 2): string {
  const m = /^\s*([a-z]+):(\d+)(?:x(\d+))?(:.*)?\s*$/i.exec(kernel);
  if (!m || m[1].toLowerCase() === 'weights') return kernel;
  const [, family, a, b, rest = ''] = m;
  if (dims === 2 && b === undefined) return `${family}:${a}x${a}${rest}`;
  if (dims === 1 && b !== undefined && a === b) return `${family}:${a}${rest}`;
  return kernel;
}

// Query keys: global options by short names, networks as a.kernel, a.rates, ...
const enc = (v: string) =>
  encodeURIComponent(v)
    .replace(/%2C/gi, ',')
    .replace(/%3A/gi, ':')
    .replace(/%5B/gi, '[')
    .replace(/%5D/gi, ']');

/** The query string (without '?') of a state; keys are short and values readable. */
export function stateToQuery(s: State): string {
  const parts: string[] = [];
  s.nets.forEach((n, i) => {
    const p = NETWORK_IDS[i].toLowerCase();
    if (n.preset) parts.push(`${p}.preset=${enc(n.preset)}`);
    else if (n.spec) parts.push(`${p}.spec=${encodeURIComponent(n.spec)}`);
    else {
      parts.push(`${p}.kernel=${enc(n.kernel)}`, `${p}.rates=${enc(n.rates)}`);
      if (n.mode !== 'stack') parts.push(`${p}.mode=${n.mode}`);
      if (n.mode === 'parallel' && n.merge !== 'sum') parts.push(`${p}.merge=${n.merge}`);
      if (n.padding && n.padding !== 'same') parts.push(`${p}.padding=${n.padding}`);
    }
  });
  const d = DEFAULT_STATE;
  const opt = (key: string, v: string | number | boolean, def: string | number | boolean) => {
    if (v !== def) parts.push(`${key}=${enc(String(v))}`);
  };
  opt('dims', s.dims, d.dims);
  opt('n', s.n, d.n);
  opt('n2d', s.n2d, d.n2d);
  opt('threshold', s.thresholdDb, d.thresholdDb);
  opt('units', s.units, d.units);
  if (s.units === 'hz') parts.push(`fs=${s.fs}`);
  opt('map', s.mapSize, d.mapSize);
  opt('object', s.object, d.object);
  opt('scale', s.scale, d.scale);
  opt('layers', s.layers ? 1 : 0, d.layers ? 1 : 0);
  opt('norm', s.norm ? 1 : 0, d.norm ? 1 : 0);
  return parts.join('&');
}

/** A finite number from text, or the fallback. */
function num(text: string | null, fallback: number): number {
  if (text === null || text.trim() === '') return fallback;
  const v = Number(text);
  return Number.isFinite(v) ? v : fallback;
}

/** A switch written in a link as off: `0` (what the page writes), `false`, `off` or `no`. */
function isOff(text: string | null): boolean {
  return text !== null && ['0', 'false', 'off', 'no'].includes(text.trim().toLowerCase());
}

/**
 * The state of a query string. Missing keys keep the defaults; networks are read while
 * a.*, b.*, c.* keys exist (no network key at all gives the default comparison). Values are
 * taken as typed, so a bad value in a link shows its error next to its field.
 */
export function stateFromQuery(query: string): State {
  const q = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const s = cloneState(DEFAULT_STATE);
  const nets: NetState[] = [];
  for (const id of NETWORK_IDS) {
    const p = id.toLowerCase();
    const has = ['preset', 'spec', 'kernel', 'rates', 'mode', 'merge', 'padding'].some((k) =>
      q.has(`${p}.${k}`),
    );
    if (!has) break;
    const mode = q.get(`${p}.mode`);
    const merge = q.get(`${p}.merge`);
    const padding = q.get(`${p}.padding`);
    nets.push({
      ...(padding === 'causal' || padding === 'valid' ? { padding } : {}),
      preset: q.get(`${p}.preset`) ?? '',
      spec: q.get(`${p}.spec`) ?? '',
      kernel: q.get(`${p}.kernel`) ?? 'box:3',
      rates: q.get(`${p}.rates`) ?? '1',
      mode: mode === 'parallel' || mode === 'residual' ? mode : 'stack',
      merge: merge === 'concat' ? 'concat' : 'sum',
    });
  }
  if (nets.length > 0) s.nets = nets;
  s.dims = q.get('dims') === '2' ? 2 : 1;
  // The fields show what is sent: box:3 reads as box:3x3 in a 2-D view.
  for (const n of s.nets) n.kernel = kernelForDims(n.kernel, s.dims);
  s.n = num(q.get('n'), s.n);
  s.n2d = num(q.get('n2d'), s.n2d);
  s.thresholdDb = num(q.get('threshold'), s.thresholdDb);
  const units = q.get('units');
  s.units = units === 'cycles' || units === 'hz' ? units : 'rad';
  s.fs = num(q.get('fs'), s.fs);
  s.mapSize = num(q.get('map'), s.mapSize);
  s.object = q.get('object') ?? s.object;
  s.scale = q.get('scale') === 'db' ? 'db' : 'linear';
  s.layers = !isOff(q.get('layers'));
  s.norm = !isOff(q.get('norm'));
  return s;
}
