export { LIMITS } from './limits.ts';
export {
  networkToSpec,
  parseNetwork,
  parseNetworkText,
  parseRatesText,
  type ShortForm,
  shortFormNetwork,
} from './parse.ts';
export { getPreset, PRESETS, type Preset, presetNames, presetNetwork } from './presets.ts';
export { assertTextNesting, textNesting } from './textNesting.ts';
export {
  allLayers,
  type Layer,
  members,
  type Network,
  type NetworkNode,
  type Parallel,
  type Residual,
  type Stack,
} from './types.ts';
