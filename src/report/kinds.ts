/**
 * The figure kinds a report can draw. The first eight are the web lab's figures (built by
 * src/figures); the last five exist only in reports (built by src/figures/report).
 */

/** A figure kind: its config name, what it shows, and whether it is drawn once per network. */
export interface FigureKindInfo {
  /** The name used in a config's `figures` list. */
  readonly kind: string;
  /** One line for docs and the report. */
  readonly title: string;
  /** `network`: one figure per network of the experiment; `experiment`: one figure overlaying them. */
  readonly per: 'network' | 'experiment';
  /** Which networks it accepts: any, 2-D only, or parallel sets only. */
  readonly needs?: '2d' | 'parallel';
}

/** Every figure kind, in documentation order. */
export const FIGURE_KINDS: readonly FigureKindInfo[] = [
  {
    kind: 'magnitude',
    title: 'Magnitude response |H| of each layer and of the whole network, exact nulls marked',
    per: 'experiment',
  },
  {
    kind: 'magnitude-db',
    title: 'The magnitude response in dB, 20·log10|H|',
    per: 'experiment',
  },
  {
    kind: 'phase',
    title: 'Phase of the whole network, wrapped to (−π, π] (rad)',
    per: 'experiment',
  },
  {
    kind: 'phase-unwrapped',
    title: 'Unwrapped phase of the whole network (rad); jumps of π at sign flips',
    per: 'experiment',
  },
  {
    kind: 'group-delay',
    title: 'Group delay −dφ/dω in samples, continuous through the unit-circle zeros',
    per: 'experiment',
  },
  {
    kind: 'phase-delay',
    title: 'Phase delay −φ/ω in samples',
    per: 'experiment',
  },
  {
    kind: 'zero-phase',
    title: 'Zero-phase amplitude A(ω), real and signed (symmetric networks)',
    per: 'experiment',
  },
  {
    kind: 'zplane',
    title: 'Zeros of H(z) on the z-plane with multiplicities, per layer and for the network',
    per: 'experiment',
  },
  {
    kind: 'impulse',
    title: 'Impulse response: the dense composite kernel h[n]',
    per: 'experiment',
  },
  {
    kind: 'step',
    title: 'Step response: the running sum of h[n]',
    per: 'experiment',
  },
  {
    kind: 'null-map',
    title:
      'Null map: each layer or branch against frequency, null and deaf, shared nulls picked out',
    per: 'experiment',
  },
  {
    kind: 'coverage',
    title: 'Tap coverage: path counts over the receptive field (bars in 1-D, a heatmap in 2-D)',
    per: 'experiment',
  },
  {
    kind: 'response-2d',
    title: 'The 2-D magnitude response |H(ωy, ωx)| as a heatmap',
    per: 'experiment',
    needs: '2d',
  },
  {
    kind: 'rf-growth',
    title:
      'Receptive-field growth with depth: the schedule against undilated layers and powers of two',
    per: 'experiment',
  },
  {
    kind: 'border-validity',
    title: 'Border validity against rate on the configured map size (DeepLabv3 §3.3)',
    per: 'experiment',
  },
  {
    kind: 'conv-matrix',
    title: 'Convolution matrix of a small example as a sparsity picture',
    per: 'experiment',
  },
  {
    kind: 'blind-fraction',
    title: 'Blind fraction (k−1)(d−1)/(d(k−1)+1) against rate for kernel sizes 3, 5 and 7',
    per: 'experiment',
  },
  {
    kind: 'object-hit',
    title: 'Probability of touching an object of the configured size against rate',
    per: 'experiment',
  },
  {
    kind: 'rf-linear-vs-exponential',
    title: 'Receptive field against depth: linear (all rates 1) against exponential (rates 2^l)',
    per: 'experiment',
  },
  {
    kind: 'periodicity',
    title: 'H(ω) and H(dω) overlaid: the dilated response repeats every 2π/d',
    per: 'network',
  },
  {
    kind: 'branch-coverage',
    title:
      'Parallel-branch coverage of the spectrum (ASPP): each branch’s |H| and where some branch passes',
    per: 'network',
    needs: 'parallel',
  },
  {
    kind: 'erf',
    title:
      'Effective receptive field, exact for the linear network (its squared composite kernel), log scale; holes blank',
    per: 'network',
  },
  {
    kind: 'erf-radial',
    title:
      'Radial profile of the effective receptive field against the theoretical receptive field',
    per: 'network',
  },
  {
    kind: 'blindspots',
    title:
      'Blind-spot proof: the input perturbed where no path reaches, the centre output unchanged (exactly 0), a reached control beside it',
    per: 'network',
  },
];

/** The kind names, in documentation order. */
export const figureKindNames: readonly string[] = FIGURE_KINDS.map((k) => k.kind);

/** The description of a kind (undefined when the name is not a kind). */
export function figureKind(kind: string): FigureKindInfo | undefined {
  return FIGURE_KINDS.find((k) => k.kind === kind);
}
