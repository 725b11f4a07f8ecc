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
  /** Which networks it accepts: any, 2-D only, parallel sets only, or ONNX models only. */
  readonly needs?: '2d' | 'parallel' | 'model';
  /**
   * How it draws an ONNX model (a `model:` entry): one figure per experiment or per model,
   * from the model's analysis (src/model); or `refused`, the reason it cannot apply to a
   * multi-channel model (a config error naming the kind). Absent: refused, as a kind made
   * for spec networks.
   */
  readonly model?: { readonly per: 'network' | 'experiment' } | { readonly refused: string };
}

const ONE_H =
  'it draws the transfer function H(ω) of a single-channel network; a multi-channel model has a C_out × C_in matrix K(ω) per layer: use power (P(ω) = ‖K(ω)‖²_F / C_in) or null-map (deaf bands)';

/** Every figure kind, in documentation order. */
export const FIGURE_KINDS: readonly FigureKindInfo[] = [
  {
    kind: 'magnitude',
    title: 'Magnitude response |H| of each layer and of the whole network, exact nulls marked',
    per: 'experiment',
    model: { refused: ONE_H },
  },
  {
    kind: 'magnitude-db',
    title: 'The magnitude response in dB, 20·log10|H|',
    per: 'experiment',
    model: { refused: ONE_H },
  },
  {
    kind: 'phase',
    title: 'Phase of the whole network, wrapped to (−π, π] (rad)',
    per: 'experiment',
    model: { refused: ONE_H },
  },
  {
    kind: 'phase-unwrapped',
    title: 'Unwrapped phase of the whole network (rad); jumps of π at sign flips',
    per: 'experiment',
    model: { refused: ONE_H },
  },
  {
    kind: 'group-delay',
    title: 'Group delay −dφ/dω in samples, continuous through the unit-circle zeros',
    per: 'experiment',
    model: { refused: ONE_H },
  },
  {
    kind: 'phase-delay',
    title: 'Phase delay −φ/ω in samples',
    per: 'experiment',
    model: { refused: ONE_H },
  },
  {
    kind: 'zero-phase',
    title: 'Zero-phase amplitude A(ω), real and signed (symmetric networks)',
    per: 'experiment',
    model: { refused: ONE_H },
  },
  {
    kind: 'zplane',
    title: 'Zeros of H(z) on the z-plane with multiplicities, per layer and for the network',
    per: 'experiment',
    model: {
      refused:
        'it draws the zeros of one polynomial H(z); the layers of a multi-channel model have C_out × C_in kernels each: use null-map (deaf bands)',
    },
  },
  {
    kind: 'impulse',
    title: 'Impulse response: the dense composite kernel h[n]',
    per: 'experiment',
    model: {
      refused:
        'it draws one composite kernel h[n]; the linearised composite of a multi-channel model is C_out × C_in kernels (its power is in the power figure)',
    },
  },
  {
    kind: 'step',
    title: 'Step response: the running sum of h[n]',
    per: 'experiment',
    model: {
      refused:
        'it draws the running sum of one composite kernel h[n]; the linearised composite of a multi-channel model is C_out × C_in kernels',
    },
  },
  {
    kind: 'null-map',
    title:
      'Null map: each layer or branch against frequency, null and deaf, shared nulls picked out',
    per: 'experiment',
    model: { per: 'network' },
  },
  {
    kind: 'coverage',
    title: 'Tap coverage: path counts over the receptive field (bars in 1-D, a heatmap in 2-D)',
    per: 'experiment',
    model: { per: 'experiment' },
  },
  {
    kind: 'response-2d',
    title: 'The 2-D magnitude response |H(ωy, ωx)| as a heatmap',
    per: 'experiment',
    needs: '2d',
    model: {
      refused:
        'it draws |H(ωy, ωx)| of a single-channel network; the model analysis computes power responses on the axis cuts (use power)',
    },
  },
  {
    kind: 'rf-growth',
    title:
      'Receptive-field growth with depth: the schedule against undilated layers and powers of two',
    per: 'experiment',
    model: { per: 'experiment' },
  },
  {
    kind: 'border-validity',
    title: 'Border validity against rate on the configured map size (DeepLabv3 §3.3)',
    per: 'experiment',
    model: { per: 'network' },
  },
  {
    kind: 'conv-matrix',
    title: 'Convolution matrix of a small example as a sparsity picture',
    per: 'experiment',
    model: {
      refused:
        'it draws a stride-1 network on a short signal from its path counts; a model with strides reads its input on a coarser grid (use coverage)',
    },
  },
  {
    kind: 'blind-fraction',
    title: 'Blind fraction (k−1)(d−1)/(d(k−1)+1) against rate for kernel sizes 3, 5 and 7',
    per: 'experiment',
    model: { per: 'experiment' },
  },
  {
    kind: 'object-hit',
    title: 'Probability of touching an object of the configured size against rate',
    per: 'experiment',
    model: { per: 'experiment' },
  },
  {
    kind: 'rf-linear-vs-exponential',
    title: 'Receptive field against depth: linear (all rates 1) against exponential (rates 2^l)',
    per: 'experiment',
    model: { per: 'experiment' },
  },
  {
    kind: 'periodicity',
    title: 'H(ω) and H(dω) overlaid: the dilated response repeats every 2π/d',
    per: 'network',
    model: {
      refused:
        'it draws H(ω) and H(dω) of one single-channel kernel; use power for the layers of a model',
    },
  },
  {
    kind: 'branch-coverage',
    title:
      'Parallel-branch coverage of the spectrum (ASPP): each branch’s |H| and where some branch passes',
    per: 'network',
    needs: 'parallel',
    model: {
      refused:
        'it draws the branches of a parallel network spec; for the ASPP branches of a model use power and border-validity',
    },
  },
  {
    kind: 'erf',
    title:
      'Effective receptive field, exact for the linear network (its squared composite kernel), log scale; holes blank',
    per: 'network',
    model: { per: 'network' },
  },
  {
    kind: 'erf-radial',
    title:
      'Radial profile of the effective receptive field against the theoretical receptive field',
    per: 'network',
    model: { per: 'network' },
  },
  {
    kind: 'power',
    title:
      'Power response P(ω) = ‖K(ω)‖²_F / C_in of each conv layer of a model, in dB re peak, with the deaf-band threshold and the shared deaf bands',
    per: 'network',
    needs: 'model',
    model: { per: 'network' },
  },
  {
    kind: 'erf-measured',
    title:
      'Effective receptive field measured by back-propagation (TensorFlow.js, 16 seeded random inputs): a model with its learned weights and nonlinearities, a spec network with its pools; log scale, holes blank, with its gridding index',
    per: 'network',
    model: { per: 'network' },
  },
  {
    kind: 'blindspots',
    title:
      'Blind-spot proof: the input perturbed where no path reaches, the centre output unchanged (exactly 0), a reached control beside it',
    per: 'network',
    model: { per: 'network' },
  },
];

/** The kind names, in documentation order. */
export const figureKindNames: readonly string[] = FIGURE_KINDS.map((k) => k.kind);

/** How a kind draws a model (`per`), or why it cannot (`refused`). */
export function modelUse(
  info: FigureKindInfo,
): { per: 'network' | 'experiment' } | { refused: string } {
  return (
    info.model ?? {
      refused: 'it is drawn for network specs only (it has no form for a model’s graph yet)',
    }
  );
}

/** The description of a kind (undefined when the name is not a kind). */
export function figureKind(kind: string): FigureKindInfo | undefined {
  return FIGURE_KINDS.find((k) => k.kind === kind);
}
