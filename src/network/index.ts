export { type CompileOptions, compileNode, networkGraph } from './compile.ts';
export {
  alignmentShift,
  type ConvNode,
  type ConvParams,
  type CropNode,
  convLayers,
  type GlobalNode,
  type Graph,
  type GraphAlgebra,
  type GraphNode,
  type GraphNodeBase,
  type InputNode,
  type MergeNode,
  mapShapes,
  type Placement,
  type PointwiseConstant,
  type PointwiseNode,
  type PoolNode,
  placeNode,
  placeNodes,
  placeWindow,
  type ResizeNode,
  type SelectNode,
  type ShortcutNode,
  singleChannelWeights,
  type WalkStep,
  type WeightTensor,
  walkGraph,
  walkGraphAll,
  windowOutputs,
} from './graph.ts';
export { LIMITS } from './limits.ts';
export { type Member, type Members, networkMembers } from './members.ts';
export {
  MAX_PADDING,
  PADDING_NAMES,
  type Padding,
  paddingAmounts,
  paddingText,
  paddingToSpec,
  parsePadding,
} from './padding.ts';
export {
  networkToSpec,
  type ParseNetworkOptions,
  parseNetwork,
  parseNetworkText,
  parseRatesText,
  smoothedLayer,
  smoothingFilter,
} from './parse.ts';
export { getPreset, PRESETS, type Preset, presetNames, presetNetwork } from './presets.ts';
export {
  DEFAULT_KERNEL,
  KEY_NAMES,
  type NetworkSource,
  parsePaddingValue,
  resolveNetwork,
  SHORT_FORM_MERGES,
  SHORT_FORM_MODES,
  type ShortForm,
  SOURCE_KEYS,
  type SourceKey,
  type SourceNames,
  selectSource,
  shortFormKernel,
  shortFormNetwork,
  shortFormSource,
} from './source.ts';
export { elementGraph, foldSpec, type SpecAlgebra, type SpecStep } from './structure.ts';
export { assertTextNesting, textNesting } from './textNesting.ts';
export {
  allLayers,
  type Layer,
  members,
  type Network,
  type NetworkNode,
  type Parallel,
  type Pool,
  type Residual,
  type Smoothing,
  type Stack,
} from './types.ts';
