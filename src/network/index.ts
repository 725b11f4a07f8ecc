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
  type ShortForm,
  shortFormNetwork,
} from './parse.ts';
export { getPreset, PRESETS, type Preset, presetNames, presetNetwork } from './presets.ts';
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
  type Stack,
} from './types.ts';
