export {
  type OptionValue,
  parseBooleanText,
  readFields,
  readOption,
  readSides,
  readSize,
} from './read.ts';
export {
  cliFlag,
  FIGURE_OPTIONS,
  FREQUENCY_UNITS,
  helpText,
  LEGEND_PLACES,
  OPTIONS,
  type OptionKind,
  type OptionSpec,
  SOURCE_OPTIONS,
  withRange,
} from './schema.ts';
