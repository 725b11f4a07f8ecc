import { FieldError } from '../util/validate.ts';

/**
 * An error about the model given as input: field `model`, one line naming what is wrong
 * (`model is truncated or not an ONNX file: ...`). The CLI and the server put the file
 * name in front.
 */
export class ModelError extends FieldError {
  constructor(message: string) {
    super('model', message);
  }
}
