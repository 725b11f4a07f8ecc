import { FieldError, show } from '../util/validate.ts';
import { parseNetwork } from './parse.ts';
import type { Network } from './types.ts';

/** A named network from the literature, with where it comes from. */
export interface Preset {
  readonly name: string;
  readonly title: string;
  /** The paper (authors, year, section) the schedule is taken from. */
  readonly source: string;
  /** What was simplified to fit the model (e.g. a branch that is not a convolution). */
  readonly notes: string;
  /** The padding its layers use, as the paper's network pads them (`same` or `causal`). */
  readonly padding: 'same' | 'causal';
  /** The network spec, in the format of docs/network-spec.md. */
  readonly spec: unknown;
}

const layer = (kernel: string | number[], dilation: number) => ({ kernel, dilation });
const stackOf = (kernel: string, rates: number[]) => ({
  type: 'stack',
  layers: rates.map((d) => layer(kernel, d)),
});
const basenjiRates = Array.from({ length: 11 }, (_, i) => Math.round(1.5 ** i));

/** The presets, in display order. */
export const PRESETS: readonly Preset[] = [
  {
    name: 'deeplab-v2-aspp',
    title: 'DeepLab v2 ASPP-L (rates 6, 12, 18, 24, summed)',
    source:
      'Chen et al., "DeepLab: Semantic Image Segmentation with Deep Convolutional Nets, Atrous Convolution, and Fully Connected CRFs", TPAMI 2018 (arXiv:1606.00915), §3.1, Fig. 4: ASPP-L, four 3×3 branches at rates 6, 12, 18, 24, fused by sum.',
    notes:
      'Each branch is one 3×3 atrous convolution; the two 1×1 layers after it in each branch do not change the spatial analysis.',
    padding: 'same',
    spec: {
      type: 'parallel',
      merge: 'sum',
      branches: [6, 12, 18, 24].map((d) => layer('box:3x3', d)),
    },
  },
  {
    name: 'deeplab-v3-aspp-os16',
    title: 'DeepLab v3 ASPP, output stride 16 (1×1 + rates 6, 12, 18, concatenated)',
    source:
      'Chen et al., "Rethinking Atrous Convolution for Semantic Image Segmentation", arXiv:1706.05587 (2017), §3.3: one 1×1 and three 3×3 convolutions at rates (6, 12, 18) at output stride 16, plus image-level pooling, concatenated.',
    notes:
      'The image-level pooling branch is a global average, not a convolution: it passes only ω = 0 and is left out of the tap-set and null analysis. The ASPP alone, on its own input grid; deeplab-v3-os16 puts it after its backbone.',
    padding: 'same',
    spec: {
      type: 'parallel',
      merge: 'concat',
      branches: [layer('box:1x1', 1), ...[6, 12, 18].map((d) => layer('box:3x3', d))],
    },
  },
  {
    name: 'deeplab-v3-aspp-os8',
    title: 'DeepLab v3 ASPP, output stride 8 (1×1 + rates 12, 24, 36, concatenated)',
    source:
      'Chen et al., "Rethinking Atrous Convolution for Semantic Image Segmentation", arXiv:1706.05587 (2017), §3.3: rates doubled to (12, 24, 36) when the output stride is 8.',
    notes: 'As deeplab-v3-aspp-os16: the image-level pooling branch is left out.',
    padding: 'same',
    spec: {
      type: 'parallel',
      merge: 'concat',
      branches: [layer('box:1x1', 1), ...[12, 24, 36].map((d) => layer('box:3x3', d))],
    },
  },
  {
    name: 'deeplab-v3-os16',
    title:
      'DeepLab v3 at output stride 16: a ResNet-style backbone, atrous block4 (2, 4, 8), then ASPP (1×1 + 6, 12, 18)',
    source:
      'Chen et al., "Rethinking Atrous Convolution for Semantic Image Segmentation", arXiv:1706.05587 (2017), §3.2–3.3 and Fig. 3/5: ResNet conv1 (7×7, stride 2) and max pool (3×3, stride 2), block2 and block3 ending with stride 2 (output stride 16), block4 atrous with Multi_Grid (1, 2, 4) × rate 2, then ASPP at rates (6, 12, 18) concatenated; PyTorch pads every layer "same" (padding = dilation for 3×3).',
    notes:
      'One 3×3 convolution stands for each residual stage of the backbone (the 1×1 layers and the residual identities do not change the receptive field much at this scale); the image-level pooling branch of the ASPP is left out. Layers after the strides run on ⌈S/16⌉-sided maps: 33×33 for a 513×513 input.',
    padding: 'same',
    spec: {
      type: 'stack',
      layers: [
        { kernel: 'box:7x7', stride: 2 },
        { pool: 'max', size: 3, stride: 2 },
        layer('box:3x3', 1),
        { kernel: 'box:3x3', stride: 2 },
        { kernel: 'box:3x3', stride: 2 },
        ...[2, 4, 8].map((d) => layer('box:3x3', d)),
        {
          type: 'parallel',
          merge: 'concat',
          branches: [layer('box:1x1', 1), ...[6, 12, 18].map((d) => layer('box:3x3', d))],
        },
      ],
    },
  },
  {
    name: 'wavenet-block',
    title: 'WaveNet block (kernel 2, rates 1, 2, 4, ..., 512)',
    source:
      'van den Oord et al., "WaveNet: A Generative Model for Raw Audio", arXiv:1609.03499 (2016), §2.1: dilations 1, 2, 4, ..., 512 with filter width 2; receptive field 1024.',
    notes:
      'Causal 2-tap layers (output t reads t − d and t); the gated activations and residual/skip 1×1 paths do not change the receptive field.',
    padding: 'causal',
    spec: { ...stackOf('box:2', [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]), padding: 'causal' },
  },
  {
    name: 'tcn',
    title: 'TCN (kernel 3, rates 1, 2, 4, 8; two convolutions per residual block)',
    source:
      'Bai, Kolter & Koltun, "An Empirical Evaluation of Generic Convolutional and Recurrent Networks for Sequence Modeling", arXiv:1803.01271 (2018), §3.3 and Fig. 1: residual blocks of two dilated causal convolutions, dilation 2^i at level i.',
    notes:
      "Four levels with kernel size 3, both convolutions of a block causal (padded (k−1)d before, as the paper's Chomp1d does), the identity added at the same time step; receptive field 1 + 2(k−1)Σd = 61. Weight normalisation, dropout and ReLUs do not change the spatial analysis.",
    padding: 'causal',
    spec: {
      type: 'stack',
      padding: 'causal',
      layers: [1, 2, 4, 8].map((d) => ({ type: 'residual', body: stackOf('box:3', [d, d]) })),
    },
  },
  {
    name: 'context-module',
    title: 'Yu & Koltun context module (3×3, rates 1, 1, 2, 4, 8, 16, 1)',
    source:
      'Yu & Koltun, "Multi-Scale Context Aggregation by Dilated Convolutions", ICLR 2016 (arXiv:1511.07122), Table 1: layers 1-7 are 3×3 with dilation 1, 1, 2, 4, 8, 16, 1; receptive field 67×67.',
    notes: 'The final 1×1 layer (layer 8) is omitted: it does not change the spatial analysis.',
    padding: 'same',
    spec: stackOf('box:3x3', [1, 1, 2, 4, 8, 16, 1]),
  },
  {
    name: 'hdc',
    title: 'Hybrid dilated convolution (3×3, rates 1, 2, 5)',
    source:
      'Wang et al., "Understanding Convolution for Semantic Segmentation", WACV 2018 (arXiv:1702.08502), §3.2: HDC groups of rates [1, 2, 5] with 3×3 kernels, chosen so that M_2 ≤ K.',
    notes: 'One group; the paper repeats the group over the ResNet-101 blocks.',
    padding: 'same',
    spec: stackOf('box:3x3', [1, 2, 5]),
  },
  {
    name: 'basenji',
    title: 'Basenji-style dilated tower (kernel 3, rates round(1.5^i), i = 0..10)',
    source:
      'Kelley et al., "Sequential regulatory activity prediction across chromosomes with convolutional neural networks", Genome Research 2018: dilated residual layers whose rate grows by a factor of 1.5 per layer.',
    notes: `Rates ${basenjiRates.join(', ')}; each layer is a residual block with one 3-tap dilated convolution.`,
    padding: 'same',
    spec: {
      type: 'stack',
      layers: basenjiRates.map((d) => ({ type: 'residual', body: layer('box:3', d) })),
    },
  },
];

/** The preset names, in display order. */
export const presetNames: readonly string[] = PRESETS.map((p) => p.name);

/** Looks up a preset by name; the error lists the names that exist. */
export function getPreset(name: string): Preset {
  const p = PRESETS.find((q) => q.name === name);
  if (!p)
    throw new FieldError('preset', `must be one of ${presetNames.join(', ')}; got ${show(name)}`);
  return p;
}

/** The validated network of a preset. */
export function presetNetwork(name: string): Network {
  const p = getPreset(name);
  return { ...parseNetwork(p.spec), name: p.name };
}
