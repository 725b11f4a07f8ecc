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
  helpText,
  OPTIONS,
  type OptionKind,
  type OptionSpec,
  SOURCE_OPTIONS,
  withRange,
} from './schema.ts';
