import { FieldError } from '../util/validate.ts';
import { opt } from './options.ts';
import { compareStackKeys } from './rank.ts';
import { scoreStack } from './score.ts';
import {
  type StackCandidate,
  type StackSearchResult,
  type StackSpace,
  stackSpaceSize,
} from './searchStack.ts';

/** First offset in 0..rf−1 missing from the tap sumset of k-tap layers at `rates` (rf when none). */
export function firstHole(k: number, rates: readonly number[]): number {
  const rf = 1 + (k - 1) * rates.reduce((s, d) => s + d, 0);
  let set = new Uint8Array(rf);
  set[0] = 1;
  let span = 1;
  for (const d of rates) {
    const next = new Uint8Array(rf);
    for (let x = 0; x < span; x++) if (set[x]) for (let n = 0; n < k; n++) next[x + n * d] = 1;
    set = next;
    span += (k - 1) * d;
  }
  for (let x = 0; x < rf; x++) if (!set[x]) return x;
  return rf;
}

/**
 * Beam search (a heuristic): schedules are grown one rate at a time in non-decreasing order
 * from the prefix; at each depth every kept partial schedule is extended by every rate the
 * exact coverage rule allows (d ≤ first hole of its sumset) and whose subtree can still meet
 * the receptive-field window; the `width` best partial schedules by the ranking keys are kept.
 * Every extension with at least minLayers chosen rates is scored as a complete candidate.
 */
export function beamSearchStack(sp: StackSpace, width: number): StackSearchResult {
  const { ctx, minLayers: Lmin, maxLayers: Lmax, minRate: rMin, maxRate: rMax, prefix } = sp;
  const k = ctx.pk.k;
  const km1 = k - 1;
  const best: StackCandidate[] = [];
  let frontier: number[][] = [[]];
  let evaluated = 0;
  let feasible = 0;
  let nodes = 0;
  let rejectedCoverage = 0;
  let rejectedRf = 0;
  const maxNodes = sp.budget?.maxCandidates ?? 20_000_000;
  const now = sp.budget?.now;
  const started = now ? now() : 0;
  // Progress in depths done (the beam's size is not known ahead); the CLI's worker stops a
  // search from its progress callback, so it is called at every check.
  const check = (depth: number) => {
    sp.onProgress?.(depth, Lmax);
    sp.signal?.throwIfAborted();
    const hint = ['lower ', opt('beamWidth'), ' or ', opt('maxRate')];
    if (nodes > maxNodes)
      throw new FieldError(
        'budget.maxCandidates',
        `${maxNodes} search nodes were not enough for the beam search`,
        { whole: true, hint },
      );
    if (now && sp.budget?.maxMs !== undefined && now() - started > sp.budget.maxMs)
      throw new FieldError(
        'budget.maxMs',
        `the beam search did not finish within ${sp.budget.maxMs} ms`,
        { whole: true, hint },
      );
  };
  for (let l = 0; l < Lmax; l++) {
    const children: { chosen: number[]; keys: ReturnType<typeof scoreStack>['keys'] }[] = [];
    for (const chosen of frontier) {
      const all = [...prefix, ...chosen];
      const sum = all.reduce((s, d) => s + d, 0);
      const rf = 1 + km1 * sum;
      const g = k > 1 ? firstHole(k, all) : Number.POSITIVE_INFINITY;
      const lo = l === 0 ? rMin : chosen[l - 1];
      const hi = Math.min(rMax, g);
      for (let d = lo; d <= hi; d++) {
        nodes++;
        if (nodes % 1024 === 0) check(l);
        const rfChild = rf + km1 * d;
        const needBelow = Math.max(0, Lmin - l - 1);
        if (rfChild + km1 * needBelow * d > sp.rfMax) break;
        if (rfChild + km1 * (Lmax - l - 1) * rMax < sp.rfMin) continue;
        const next = [...chosen, d];
        const { keys } = scoreStack(ctx, [...prefix, ...next]);
        if (l + 1 >= Lmin) {
          evaluated++;
          const hole = k > 1 ? firstHole(k, [...all, d]) : rfChild;
          if (rfChild < sp.rfMin || rfChild > sp.rfMax) rejectedRf++;
          else if (hole < rfChild) rejectedCoverage++;
          else {
            feasible++;
            let pos = best.length;
            while (pos > 0 && compareStackKeys(keys, best[pos - 1].keys, ctx.useMinGain).sign < 0)
              pos--;
            best.splice(pos, 0, { chosen: next, keys });
            if (best.length > sp.top) best.pop();
          }
        }
        children.push({ chosen: next, keys });
      }
    }
    children.sort((a, b) => compareStackKeys(a.keys, b.keys, ctx.useMinGain).sign);
    frontier = children.slice(0, width).map((c) => c.chosen);
    if (frontier.length === 0) break;
  }
  sp.onProgress?.(1, 1);
  return {
    best,
    report: {
      strategy: 'beam',
      exhaustive: false,
      method: `beam search of width ${width} over non-decreasing rate sequences (heuristic: may miss the best schedule)`,
      space: stackSpaceSize(Lmin, Lmax, rMax - rMin + 1),
      evaluated,
      pruned: {},
      rejected: { coverage: rejectedCoverage, receptiveField: rejectedRf },
      feasible,
      nodes,
      grid: ctx.G,
    },
  };
}
