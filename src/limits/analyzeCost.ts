/**
 * The price limit of an analysis is the library's own (src/analysis/price.ts): `analyze`
 * refuses a network priced above MAX_ANALYZE_COST, so the library, the CLI, the server and
 * the page judge it with one rule. Re-exported here beside the other request limits.
 */
export { checkAnalyzeCost, MAX_ANALYZE_COST } from '../analysis/index.ts';
