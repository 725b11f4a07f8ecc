import { FieldError } from '../util/validate.ts';
import type { ApiLimits } from './types.ts';

/**
 * Refuses the analysis of an ONNX model of `bytes` bytes whose analysis costs
 * `analysisPoints` (src/model `analysisCost` of the imported model) when its price,
 * bytes + analysisPoints (points of work; decoding costs about a point a byte), is above
 * `limits.maxModelCost`: a FieldError on `model` that gives both numbers. The server runs it
 * on the worker before analysing (and before a blind-spot proof, `command` naming the one
 * to run locally); the page runs it on a dropped file before sending it.
 */
export function checkModelPrice(
  bytes: number,
  analysisPoints: number,
  limits: ApiLimits,
  command: 'analyze' | 'blindspots' | 'erf' = 'analyze',
): void {
  const price = bytes + analysisPoints;
  if (price > limits.maxModelCost) {
    throw new FieldError(
      'model',
      `needs about ${price.toExponential(2)} points of work to analyse (its ${bytes} bytes plus the analysis, docs/http.md), over this server's limit of ${limits.maxModelCost.toExponential(2)}; run \`dilation-lab ${command} --model\` locally`,
    );
  }
}

/**
 * Refuses an ONNX body larger than `limits.modelBytes` before it is sent or read: a
 * FieldError on `model` (the server answers such a body with a 413 from its body parser).
 */
export function checkModelBytes(bytes: number, limits: ApiLimits): void {
  if (bytes > limits.modelBytes)
    throw new FieldError(
      'model',
      `is ${bytes} bytes, above this server's limit of ${limits.modelBytes} bytes for a model (modelBytes); run \`dilation-lab analyze --model\` locally`,
    );
}
