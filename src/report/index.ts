export {
  analyzeOptionsOf,
  type BuiltExperiment,
  type BuiltFigure,
  type BuiltModelNetwork,
  type BuiltNetwork,
  type BuiltSpecNetwork,
  buildReport,
  type FigureBuilt,
  type ReportModel,
  type ReportProofs,
} from './build.ts';
export {
  type ConfigFiles,
  DEFAULT_OPTIONS,
  entryDims,
  type FrequencyUnits,
  MAX_CONFIG_NETWORK_FILE,
  modelAnalyzeOptions,
  parseReportConfig,
  type ReportConfig,
  type ReportExperiment,
  type ReportFigure,
  type ReportModelNetwork,
  type ReportModelSource,
  type ReportNetwork,
  type ReportOptions,
  type ReportSpecNetwork,
  slugify,
} from './config.ts';
export { analysisJson, figureCsv, figureJson } from './data.ts';
export { escapeHtml, inlineScript, renderHtml, scriptJson } from './html.ts';
export {
  FIGURE_KINDS,
  type FigureKindInfo,
  figureKind,
  figureKindNames,
  modelUse,
} from './kinds.ts';
export { mdCell, renderMarkdown, tableMarkdown } from './markdown.ts';
export { drawModelFigure, type ModelFigureInput, modelGrowth } from './modelFigures.ts';
export { reportProofs } from './proofs.ts';
export {
  canonicalJson,
  configHash,
  type Provenance,
  provenanceOf,
  toolVersion,
} from './provenance.ts';
export {
  CHROMIUM_ARGS,
  CHROMIUM_HINT,
  ChromiumUnavailableError,
  canonicalSvgRoot,
  DEFAULT_CHROMIUM,
  decodeDataUrl,
  type ImageFormat,
  type ImageRenderer,
  type ImageSize,
  openRenderer,
  type PlotlyFigure,
  plotlyBundle,
  plotlyBundlePath,
} from './render.ts';
export { networkResponse, networkResponse2d, xCutNetwork } from './responses.ts';
export {
  DEFAULT_FONT_SIZE,
  legendGrid,
  panelCount,
  type ReportStyle,
  styleForReport,
  textWidth,
} from './style.ts';
export {
  formatAxes,
  formatFrequencies,
  formatNumber,
  formatPercent,
  formatPi,
  layerTable,
  modelLayerTable,
  modelSummaryTable,
  type ReportTable,
  summaryTable,
  type TableRow,
  type TableValue,
  valueAt,
} from './tables.ts';
export {
  checkFormats,
  filesIn,
  MANIFEST,
  type ReportProgress,
  type WriteReportOptions,
  type WriteReportResult,
  writeReport,
} from './write.ts';
