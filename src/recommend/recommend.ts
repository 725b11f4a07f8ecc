import { LIMITS } from '../network/limits.ts';
import { getPreset, presetNetwork } from '../network/presets.ts';
import { allLayers } from '../network/types.ts';
import {
  FieldError,
  FieldTypeError,
  finiteIn,
  integerIn,
  type MessagePart,
  partsText,
  renameField,
  show,
} from '../util/validate.ts';
import { beamSearchStack } from './beam.ts';
import { comparisonClause } from './comparison.ts';
import { countFeasibleStacks } from './count.ts';
import {
  DEFAULT_BEAM_WIDTH,
  DEFAULT_MAX_RATE,
  MAX_NULL_ENTRIES,
  MAX_SEARCH_BYTES,
  NARROW_STACK,
  opt,
  rateList,
  receptiveFieldWindow,
  resolveCommon,
  SearchMemoryError,
} from './options.ts';
import { type PreparedKernel, prepareKernel } from './prepareKernel.ts';
import { compareStackKeys, type StackKeys, stackRanking } from './rank.ts';
import { borderRateCap, type StackContext, scoreStack, stackCoverage } from './score.ts';
import { type StackSearchResult, type StackSpace, searchStack } from './searchStack.ts';
import { cutTables, cutTablesAt, tableBytes } from './tables.ts';
import type {
  RankComparison,
  RecommendOptions,
  RecommendResult,
  StackPick,
  StackRankKey,
  StackReference,
  StackScore,
} from './types.ts';

/** The conventions of a stack recommendation, stated in every result. */
export const RECOMMEND_FORM =
  'causal taps (tap n of a layer at offset n·d); rates are the prefix then the chosen rates ascending (any order gives the same tap set and |H|); frequencies in rad/sample on [0, π]; grid measures on ω_j = π(j+½)/G; 2-D: per axis, on the cuts H(0, ωx) and H(ωy, 0)';

/** HDC's 1, 2, 5 repeated (1,2,5,1,2,5,...) and truncated to n rates. */
export function hdcRates(n: number): number[] {
  return Array.from({ length: n }, (_, i) => [1, 2, 5][i % 3]);
}

/** Powers of two 1, 2, 4, ..., 2^(n−1). */
export function powersOfTwo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 2 ** i);
}

const fmt = (x: number, digits = 3) =>
  Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** A measure's value for messages. */
export function stackKeyValue(key: StackRankKey, s: StackScore): string {
  switch (key) {
    case 'sharedNulls':
      return String(s.sharedNulls.length);
    case 'maxNullMultiplicity':
      return `×${s.maxNullMultiplicity}`;
    case 'deafFraction':
      return pct(s.deafFraction);
    case 'minGainDb':
      return `${s.minGainDb.toFixed(1)} dB`;
    case 'flatness':
      return fmt(s.flatness, 4);
    case 'rfPerParameter':
      return fmt(s.rfPerParameter, 4);
    case 'distinctRates':
      return String(s.distinctRates);
    case 'maxRate':
      return String(s.maxRate);
    case 'rates':
      return s.rates.join(',');
  }
}

const KEY_WORDS: Record<StackRankKey, string> = {
  sharedNulls: 'fewer shared nulls',
  maxNullMultiplicity: 'a shallower deepest null',
  deafFraction: 'a smaller deaf fraction',
  minGainDb: 'a higher minimum gain',
  flatness: 'a flatter spectrum',
  rfPerParameter: 'more receptive field per weight',
  distinctRates: 'fewer distinct rates',
  maxRate: 'a smaller largest rate',
  rates: 'the rate order (tie)',
};

function summary(s: StackScore, thresholdDb: number): string {
  const rf = Array.isArray(s.receptiveField) ? s.receptiveField.join('×') : s.receptiveField;
  const cov = s.griddingFree
    ? 'gridding-free'
    : `${s.coverage.holes} hole${s.coverage.holes === 1 ? '' : 's'} per axis`;
  const shared =
    s.sharedNulls.length === 0
      ? 'no shared null'
      : `${s.sharedNulls.length} shared null${s.sharedNulls.length === 1 ? '' : 's'} (at ${s.sharedNulls
          .slice(0, 3)
          .map((w) => w.toFixed(4))
          .join(', ')} rad/sample)`;
  const deep =
    s.maxNullMultiplicity === 0 ? 'no exact null' : `deepest null ×${s.maxNullMultiplicity}`;
  return `${cov}, RF ${rf}; ${shared}; ${deep}; ${pct(s.deafFraction)} of [0, π] below ${thresholdDb} dB; flatness ${fmt(s.flatness)}`;
}

const MB = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)} MB`;

/** Exact dilated nulls the tables of rates 1..R hold for a kernel: Σ_d d·(nulls per rate). */
function nullEntriesFor(pk: PreparedKernel, R: number): number {
  let perUnit = 0;
  for (const c of pk.cuts)
    for (const n of c.nulls) perUnit += n.w === 0 || n.w === Math.PI ? 0.5 : 1;
  return perUnit * ((R * (R + 1)) / 2);
}

/** Largest R whose `cost(R)` is at most `limit` (cost increasing in R), or 0. */
function largestFitting(cost: (R: number) => number, limit: number, hi: number): number {
  let lo = 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost(mid) <= limit) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Refuses, before anything is allocated, a stack search whose memory would exceed
 * `maxBytes`: the per-rate tables (cuts × (R+1)·G values of 8 bytes, exact dilated nulls at
 * about 64 bytes each while merged), the search's flattened copy ((rMax+1)·cuts·G), its
 * per-depth rows ((L+1)·cuts·G) and coverage bit sets ((L+1)·RF/8 bytes). The message
 * says what to lower, and to what.
 */
function checkStackMemory(
  pk: PreparedKernel,
  s: {
    tableRate: number;
    rMax: number;
    G: number;
    Lmax: number;
    rfCap: number;
    field: string;
    maxBytes: number;
  },
): void {
  const A = pk.cuts.length;
  const nulls = (R: number) => nullEntriesFor(pk, R);
  if (nulls(s.tableRate) > MAX_NULL_ENTRIES) {
    const fit = largestFitting(nulls, MAX_NULL_ENTRIES, s.tableRate);
    throw new FieldError(
      s.field,
      `${s.field === 'prefix' ? `has a rate of ${s.tableRate}, which` : `${s.tableRate}`} with ${pk.kernel.spec} needs about ${Math.round(nulls(s.tableRate))} exact dilated nulls in the search tables, above ${MAX_NULL_ENTRIES}`,
      {
        hint:
          s.field === 'prefix'
            ? ['use smaller ', opt('prefix'), ' rates']
            : ['lower ', opt('maxRate'), ` to ≤ ${fit}`],
      },
    );
  }
  const tables = (R: number, G: number) =>
    A * tableBytes(R, G, nulls(R) / A) + (Math.min(R, s.rMax) + 1 + s.Lmax + 1) * A * G * 8;
  const bits = (s.Lmax + 1) * Math.ceil(s.rfCap / 32) * 4;
  const total = tables(s.tableRate, s.G) + bits;
  if (total <= s.maxBytes) return;
  const advice: MessagePart[][] = [];
  let rateFits = false;
  if (tables(s.tableRate, s.G) > bits) {
    const fitRate = largestFitting((R) => tables(R, s.G) + bits, s.maxBytes, s.tableRate);
    if (fitRate >= 1) {
      advice.push([opt('maxRate'), ` ≤ ${fitRate}`]);
      rateFits = true;
    }
    if (s.G > 16) {
      let g = s.G;
      while (g > 16 && tables(s.tableRate, g) + bits > s.maxBytes) g /= 2;
      if (tables(s.tableRate, g) + bits <= s.maxBytes) advice.push([opt('grid'), ` ≤ ${g}`]);
    }
  } else
    advice.push([
      'a lower ',
      opt('maxRate'),
      ' or fewer layers (',
      opt('layers'),
      '; the receptive field sets the bit sets)',
    ]);
  const field = s.G > 256 && tables(s.tableRate, s.G) > bits && !rateFits ? 'grid' : s.field;
  const value = field === 'grid' ? s.G : field === 'prefix' ? `rate ${s.tableRate}` : s.tableRate;
  throw new SearchMemoryError(
    field,
    `${value} makes the search need about ${MB(total)} (tables for rates 1..${s.tableRate} on a ${s.G}-point grid × ${A} cut${A === 1 ? '' : 's'}: ${MB(tables(s.tableRate, s.G))}; coverage bit sets for ${s.Lmax} layers up to RF ${s.rfCap}: ${MB(bits)}), above the limit of ${MB(s.maxBytes)}`,
    { hint: ['lower it: ', ...advice.flatMap((a, i) => (i === 0 ? a : [' or ', ...a]))] },
  );
}

function resolveReferences(
  refs: RecommendOptions['references'],
  n: number,
  pk: PreparedKernel,
): { name: string; rates: number[] }[] {
  const out = [
    { name: `HDC 1,2,5 (${n} layer${n === 1 ? '' : 's'})`, rates: hdcRates(n) },
    { name: `powers of two (${n} layer${n === 1 ? '' : 's'})`, rates: powersOfTwo(n) },
  ];
  if (refs === undefined) return out;
  if (!Array.isArray(refs))
    throw new FieldTypeError(
      'references',
      `must be a list of preset names or rate lists, got ${show(refs)}`,
    );
  refs.forEach((r, i) => {
    if (typeof r === 'string') {
      try {
        getPreset(r);
      } catch (e) {
        // The library's own name of the reference, not the preset lookup's `preset`.
        if (e instanceof FieldError) throw renameField(e, `references[${i}]`);
        throw e;
      }
      const layers = allLayers(presetNetwork(r)).filter((l) => l.kernel.shape.some((s) => s > 1));
      out.push({
        name: `preset ${r} (its rates, with ${pk.kernel.spec})`,
        rates: layers.map((l) => l.dilation[0]),
      });
    } else
      out.push({
        name: `rates ${Array.from(r as number[]).join(',')}`,
        rates: rateList(`references[${i}]`, r, false),
      });
  });
  return out;
}

/** Default node budget of a search (budget.maxCandidates), as in searchStack. */
const DEFAULT_MAX_NODES = 20_000_000;

/**
 * Without `search`, an exhaustive search is chosen when it visits at most this many nodes
 * (counted beforehand: some seconds of search), else beam search.
 */
export const AUTO_EXHAUSTIVE_NODES = 2_000_000;

/**
 * Recommends dilation schedules for a stack of layers with one kernel.
 *
 * Hard constraints: gridding-free by exact coverage (the tap sumset of {0, d, ..., (k−1)d}
 * over the layers covers every offset 0..RF−1; for a k×k kernel with equal rates the 2-D tap
 * set is the product of two such sets), the receptive field RF = 1 + (k−1)·Σd in the window
 * asked for, minRate ≤ d ≤ maxRate for the chosen rates, and the border limit when `mapSize` is
 * given (allTapsFraction(d) = (max(0, S − (k−1)d)/S)^dims > minAllTapsFraction).
 *
 * Ranking (lexicographic, see `stackRanking`): shared nulls (count), deepest composite null,
 * deaf fraction on the grid, minimum grid gain (only when the kernel has no exact null — a
 * box kernel makes it zero for every schedule), spectral flatness, receptive field per
 * weight, fewer distinct rates, smaller largest rate. Each pick says which measure put it
 * above the next one.
 *
 * The feasible schedules are counted exactly first (count.ts); without `search`, the search
 * is exhaustive over rate multisets (a stack's tap set and |H| do not depend on layer order)
 * with exact pruning when it visits at most AUTO_EXHAUSTIVE_NODES nodes, else beam search;
 * `search: 'exhaustive'` past the node budget fails at once with the count. Contradictory limits throw a
 * FieldError (a RangeError naming the field); a search that finds nothing returns no pick,
 * a `reason` naming the constraint that removed everything and the `closest` candidates.
 * A budget overrun throws a FieldError on `budget.*` with advice; `signal` aborts.
 */
export function recommend(options: RecommendOptions): RecommendResult {
  if (typeof options !== 'object' || options === null)
    throw new FieldTypeError('options', `must be an object, got ${show(options)}`);
  const common = resolveCommon(options);
  const pk = prepareKernel(options.kernel);
  common.signal?.throwIfAborted();
  const k = pk.k;
  let Lmin: number;
  let Lmax: number;
  if (typeof options.layers === 'number') {
    Lmin = Lmax = integerIn('layers', options.layers, 1, LIMITS.maxLayers);
  } else if (typeof options.layers === 'object' && options.layers !== null) {
    Lmin = integerIn('layers.min', options.layers.min, 1, LIMITS.maxLayers);
    Lmax = integerIn('layers.max', options.layers.max, Lmin, LIMITS.maxLayers);
  } else
    throw new FieldTypeError(
      'layers',
      `must be a number or {min, max}, got ${show(options.layers)}`,
    );
  const prefix = options.prefix === undefined ? [] : rateList('prefix', options.prefix, true);
  if (prefix.length + Lmax > LIMITS.maxLayers)
    throw new FieldError(
      'layers',
      `with the prefix makes ${prefix.length + Lmax} layers, above the limit ${LIMITS.maxLayers}`,
    );
  const maxRate =
    options.maxRate === undefined
      ? DEFAULT_MAX_RATE
      : integerIn('maxRate', options.maxRate, 1, LIMITS.maxRate);
  const minRate =
    options.minRate === undefined ? 1 : integerIn('minRate', options.minRate, 1, LIMITS.maxRate);
  if (minRate > maxRate)
    throw new FieldError('minRate', [
      'must not exceed ',
      opt('maxRate'),
      ` ${maxRate}, got ${minRate}`,
    ]);
  const window = receptiveFieldWindow(options.receptiveField);
  let mapSize: number | null = null;
  let borderCap: number | null = null;
  const minAllTapsFraction =
    options.minAllTapsFraction === undefined
      ? 0
      : finiteIn('minAllTapsFraction', options.minAllTapsFraction, 0, 0.999999);
  if (options.mapSize !== undefined) {
    mapSize = integerIn('mapSize', options.mapSize, 1, LIMITS.maxMapSize);
    const cap = borderRateCap(k, pk.dims, mapSize, minAllTapsFraction);
    borderCap = Number.isFinite(cap) ? cap : null;
  }
  const rMax = borderCap === null ? maxRate : Math.min(maxRate, borderCap);
  if (rMax < minRate) {
    throw new FieldError(
      'mapSize',
      [
        `${mapSize} leaves no usable rate ≥ `,
        opt('minRate'),
        ` ${minRate}: with a ${k}-tap kernel a rate d needs (k−1)·d < S` +
          (minAllTapsFraction > 0 ? ` and allTapsFraction > ${minAllTapsFraction}` : '') +
          `, so the largest usable rate is ${borderCap}`,
      ],
      { hint: ['use a larger map or a smaller ', opt('kernel')] },
    );
  }
  const asked = options.search;
  if (asked !== undefined && asked !== 'exhaustive' && asked !== 'beam')
    throw new FieldError('search', `must be "exhaustive" or "beam", got ${show(options.search)}`);
  const beamWidth =
    options.beamWidth === undefined
      ? DEFAULT_BEAM_WIDTH
      : integerIn('beamWidth', options.beamWidth, 1, 100_000);
  const pruning = options.pruning ?? true;
  if (typeof pruning !== 'boolean')
    throw new FieldTypeError('pruning', `must be true or false, got ${show(pruning)}`);

  // Contradictory limits, decided before any search.
  const prefixSum = prefix.reduce((s, d) => s + d, 0);
  const rfReach = 1 + (k - 1) * (prefixSum + Lmax * rMax);
  const rfLeast = 1 + (k - 1) * (prefixSum + Lmin * minRate);
  // The gridding-free bound first: raising maxRate cannot lift it.
  if (k > 1) {
    const prefixCovered = stackCoverage(k, prefix).covered;
    const gfMax = prefixCovered * k ** Lmax;
    if (gfMax < window.min) {
      throw new FieldError(
        'receptiveField',
        `asks for at least ${window.min}, but a gridding-free stack of ${Lmax} more layer${Lmax === 1 ? '' : 's'} of ${k} taps covers at most ${prefixCovered}·${k}^${Lmax} = ${gfMax} offsets`,
        { hint: ['allow more layers (', opt('layers'), ') or a larger ', opt('kernel')] },
      );
    }
  }

  if (rfReach < window.min) {
    if (k === 1)
      throw new FieldError(
        'receptiveField',
        `asks for at least ${window.min}, but a 1-tap kernel has a receptive field of 1 at any rate`,
      );
    const needRate = ((window.min - 1) / (k - 1) - prefixSum) / Lmax;
    throw new FieldError(
      'receptiveField',
      `asks for at least ${window.min}, but ${Lmax} layer${Lmax === 1 ? '' : 's'} of ${k} taps at rates ≤ ${rMax} reach at most ${rfReach}` +
        ' (RF = 1 + (k−1)·Σd)',
      {
        hint: [
          'raise ',
          opt('maxRate'),
          ` to ≥ ${Math.ceil(needRate)}`,
          ...(borderCap !== null && borderCap < Math.ceil(needRate)
            ? [' (the ', opt('mapSize'), ` caps rates at ${borderCap})`]
            : []),
          ' or allow more layers (',
          opt('layers'),
          ')',
        ],
      },
    );
  }
  if (rfLeast > window.max) {
    throw new FieldError(
      'receptiveField',
      `asks for at most ${window.max}, but ${Lmin} layer${Lmin === 1 ? '' : 's'} of ${k} taps at rates ≥ ${minRate} (with the prefix) already reach ${rfLeast}`,
      { hint: ['lower ', opt('minRate'), ' or use fewer layers (', opt('layers'), ')'] },
    );
  }
  // The search tables cover the searched rates and the prefix; the references are scored
  // from tables of their own few rates (their rates never size the search's tables).
  const refs = resolveReferences(options.references, Lmax, pk);
  const tableRate = Math.max(rMax, ...prefix, 1);
  checkStackMemory(pk, {
    tableRate,
    rMax,
    G: common.grid,
    Lmax,
    rfCap: 1 + (k - 1) * (prefixSum + Lmax * rMax),
    field: tableRate > rMax ? 'prefix' : 'maxRate',
    maxBytes: common.budget?.maxBytes ?? MAX_SEARCH_BYTES,
  });
  const ctx: StackContext = {
    pk,
    tables: pk.cuts.map((c) => cutTables(c, tableRate, common.grid)),
    G: common.grid,
    thresholdLog: common.thresholdDb / 10,
    useMinGain: !pk.hasNulls,
    mapSize,
    tableRate,
  };
  const space: StackSpace = {
    ctx,
    minLayers: Lmin,
    maxLayers: Lmax,
    minRate,
    maxRate: rMax,
    prefix,
    rfMin: window.min,
    rfMax: window.max,
    top: common.top,
    pruning,
    closest: false,
    budget: common.budget,
    signal: common.signal,
    onProgress: common.onProgress,
  };
  // Count the feasible schedules first (count.ts), then choose the search from the count.
  const count = countFeasibleStacks({
    k,
    prefix,
    minLayers: Lmin,
    maxLayers: Lmax,
    minRate,
    maxRate: rMax,
    rfMin: window.min,
    rfMax: window.max,
  });
  const nodeBudget = common.budget?.maxCandidates ?? DEFAULT_MAX_NODES;
  const counted = count
    ? `${count.exact ? '' : 'about '}${count.feasible} feasible schedules (counted before the search), up to ${count.partial} search nodes`
    : 'the feasible schedules could not be counted beforehand (a prefix with holes, or too large a space to count)';
  const tooMany = `more than the ${AUTO_EXHAUSTIVE_NODES} nodes an exhaustive search may visit`;
  let search: 'exhaustive' | 'beam';
  let choice: string;
  if (asked === 'beam') {
    search = 'beam';
    choice = `beam search, as asked; ${counted}`;
  } else if (asked === 'exhaustive' && count && pruning && count.partial > nodeBudget) {
    throw new FieldError(
      'budget.maxCandidates',
      `is ${nodeBudget} search nodes, but the space holds ${count.feasible} feasible schedules and an exhaustive search would visit up to ${count.partial} nodes`,
      { hint: NARROW_STACK },
    );
  } else if (asked === undefined && count && pruning && count.partial > AUTO_EXHAUSTIVE_NODES) {
    search = 'beam';
    choice = `beam search (width ${beamWidth}): ${counted}, ${tooMany}`;
  } else {
    search = 'exhaustive';
    choice = `exhaustive search${asked === 'exhaustive' ? ', as asked' : ''}; ${counted}`;
  }
  const run = (sp: StackSpace): StackSearchResult =>
    search === 'beam' ? beamSearchStack(sp, beamWidth) : searchStack(sp);
  let searched: StackSearchResult;
  try {
    searched = run(space);
  } catch (e) {
    // A budget overrun says what the count said, and how to narrow the search.
    if (e instanceof FieldError && e.field.startsWith('budget.') && search === 'beam') {
      throw new FieldError(
        e.field,
        [...e.parts, ` (beam search, chosen from the count: ${counted})`],
        {
          whole: e.whole,
          hint: [...NARROW_STACK.slice(0, -2), ', or a smaller ', opt('beamWidth')],
        },
      );
    }
    throw e;
  }
  const found: StackSearchResult = {
    ...searched,
    report: { ...searched.report, feasibleCount: count ? count.feasible : null, choice },
  };

  // Re-score the picks with the reporting scorer and order them by the same keys.
  const scored = found.best
    .map((c) => scoreStack(ctx, [...prefix, ...c.chosen]))
    .sort((a, b) => compareStackKeys(a.keys, b.keys, ctx.useMinGain).sign);
  const picks: StackPick[] = scored.map((s, i) => {
    const next = scored[i + 1];
    const c = next ? compareStackKeys(s.keys, next.keys, ctx.useMinGain) : null;
    const decidedBy = (c?.key ?? null) as StackRankKey | null;
    const comparison: RankComparison<StackRankKey> | null =
      next && decidedBy
        ? {
            side: 'above',
            rank: i + 2,
            key: decidedBy,
            values: [stackKeyValue(decidedBy, s.score), stackKeyValue(decidedBy, next.score)],
          }
        : null;
    return {
      ...s.score,
      rank: i + 1,
      decidedBy,
      comparison,
      reason: `${summary(s.score, common.thresholdDb)}${comparisonClause(comparison, KEY_WORDS)}`,
    };
  });

  const refRates = refs
    .map((r) => {
      const n = picks.length > 0 ? picks[0].layers - prefix.length : Lmax;
      const rates = r.name.startsWith('HDC')
        ? hdcRates(n)
        : r.name.startsWith('powers of two')
          ? powersOfTwo(n)
          : r.rates;
      const name = r.name.startsWith('HDC')
        ? `HDC 1,2,5 (${n} layer${n === 1 ? '' : 's'})`
        : r.name.startsWith('powers of two')
          ? `powers of two (${n} layer${n === 1 ? '' : 's'})`
          : r.name;
      return { name, rates };
    })
    // A default reference the lab cannot build (powers of two past 2^12 = LIMITS.maxRate)
    // is left out rather than failing the request.
    .filter((r) => r.rates.every((d) => d <= LIMITS.maxRate));
  const refCtx: StackContext = {
    ...ctx,
    tables: pk.cuts.map((c) =>
      cutTablesAt(c, [...prefix, ...refRates.flatMap((r) => r.rates)], common.grid),
    ),
  };
  const references: StackReference[] = refRates.map(({ name, rates }) => {
    const all = [...prefix, ...rates];
    const s = scoreStack(refCtx, all);
    const violations: string[] = [];
    if (!s.score.griddingFree)
      violations.push(
        `not gridding-free: ${s.score.coverage.holes} of ${s.score.coverage.size} offsets per axis are holes`,
      );
    const rf = s.score.coverage.size;
    if (rf < window.min) violations.push(`receptive field ${rf} < ${window.min}`);
    if (rf > window.max) violations.push(`receptive field ${rf} > ${window.max}`);
    if (rates.length < Lmin || rates.length > Lmax)
      violations.push(
        `${rates.length} layers, outside ${Lmin === Lmax ? Lmin : `${Lmin}..${Lmax}`}`,
      );
    const over = rates.filter((d) => d > maxRate);
    if (over.length) violations.push(`rate ${Math.max(...over)} > maxRate ${maxRate}`);
    const under = rates.filter((d) => d < minRate);
    if (under.length) violations.push(`rate ${Math.min(...under)} < minRate ${minRate}`);
    if (borderCap !== null) {
      const bad = rates.filter((d) => d > borderCap);
      if (bad.length)
        violations.push(
          `rate ${Math.max(...bad)} fails the border limit on a ${mapSize}-map (allTapsFraction ≤ ${minAllTapsFraction}; largest usable rate ${borderCap})`,
        );
    }
    const top = scored[0];
    const c = top ? compareStackKeys(s.keys, top.keys, ctx.useMinGain) : null;
    const versusTop = (c?.key ?? null) as StackRankKey | null;
    const wouldRank = top
      ? 1 + scored.filter((p) => compareStackKeys(p.keys, s.keys, ctx.useMinGain).sign < 0).length
      : null;
    const comparison: RankComparison<StackRankKey> | null =
      top && versusTop
        ? {
            side: c!.sign > 0 ? 'below' : 'above',
            rank: 1,
            key: versusTop,
            values: [stackKeyValue(versusTop, s.score), stackKeyValue(versusTop, picks[0])],
          }
        : null;
    return {
      ...s.score,
      name,
      reference: true as const,
      violations,
      versusTop,
      wouldRank,
      comparison,
      reason: `${summary(s.score, common.thresholdDb)}${comparisonClause(comparison)}${violations.length ? `; fails: ${violations.join('; ')}` : ''}`,
    };
  });

  const result: RecommendResult = {
    kind: 'stack',
    kernel: pk.kernel.spec,
    dims: pk.dims,
    form: RECOMMEND_FORM,
    constraints: {
      layers: { min: Lmin, max: Lmax },
      minRate,
      maxRate: rMax,
      borderRateCap: borderCap,
      receptiveField: window,
      prefix,
      mapSize,
      minAllTapsFraction,
      thresholdDb: common.thresholdDb,
    },
    ranking: stackRanking(ctx.useMinGain),
    kernelHasNulls: pk.hasNulls,
    picks,
    references,
    search: found.report,
  };

  if (picks.length === 0) {
    const r = found.report;
    const rfActive = window.min > 1 || Number.isFinite(window.max);
    let closest: StackScore[] = [];
    if (rfActive) {
      const near = run({ ...space, closest: true, top: 3, onProgress: undefined });
      closest = near.best.map((c) => scoreStack(ctx, [...prefix, ...c.chosen]).score);
    }
    const goal = Number.isFinite(window.max) ? `${window.min}..${window.max}` : `≥ ${window.min}`;
    const counts = `${r.space} candidates: ${Object.entries(r.pruned)
      .map(([kk, v]) => `${v} pruned by ${kk}`)
      .join(', ')}${Object.keys(r.pruned).length ? ', ' : ''}${Object.entries(r.rejected)
      .map(([kk, v]) => `${v} rejected by ${kk}`)
      .join(', ')}`;
    const reason: MessagePart[] =
      closest.length > 0
        ? [
            `no gridding-free schedule has a receptive field ${goal} within the limits (${counts}); the closest gridding-free ones reach ${closest
              .map((c) => `${c.coverage.size} with ${c.rates.join(',')}`)
              .join('; ')}`,
          ]
        : [
            `no schedule within the limits is gridding-free (${counts})`,
            ...(prefix.length === 0 && minRate > 1
              ? ['; offset 1 needs a rate 1 (', opt('minRate'), ` is ${minRate})`]
              : []),
          ];
    result.reason = partsText(reason);
    result.reasonParts = reason;
    result.closest = closest;
  }
  return result;
}

export type { StackKeys };
