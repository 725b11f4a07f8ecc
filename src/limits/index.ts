/**
 * What one request of the HTTP API may cost and weigh, as pure rules: the price of an
 * analysis (src/analysis `analyzeCost`, refused above MAX_ANALYZE_COST), the size of a response answer
 * (`responseValues`, `checkResponseSize`) of a path-count grid (`checkTapsShape`), and of an ONNX model (`checkModelBytes`,
 * `checkModelPrice`). The
 * server runs them before any work (a 400 naming the field); the web page runs the same
 * functions with the numbers the server embeds (ApiLimits), so it never sends a request the
 * server would refuse.
 */
export { checkAnalyzeCost, MAX_ANALYZE_COST } from './analyzeCost.ts';
export { checkModelBytes, checkModelPrice } from './modelPrice.ts';
export { checkResponseSize, responseValues } from './responseSize.ts';
export { checkTapsShape } from './tapsShape.ts';
export { API_LIMIT_KEYS, type ApiLimits, apiLimitsOf, readApiLimits } from './types.ts';
