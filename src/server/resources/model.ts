import express, { type RequestHandler } from 'express';
import { analyzeOnnx } from '../../model/index.ts';
import { FieldError, show } from '../../util/validate.ts';
import type { ServerContext } from '../context.ts';

function query(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `inputSize=S`, `inputSize=HxW` or `inputSize=L` in the query string. */
function parseInputSize(text: string): number[] {
  const parts = text.split(/[x×,]/i).map((p) => (/^\d+$/.test(p.trim()) ? Number(p) : Number.NaN));
  if (parts.length > 2 || parts.some((v) => !Number.isInteger(v) || v < 1 || v > 1 << 16)) {
    throw new FieldError(
      'inputSize',
      `must be L or HxW with sizes from 1 to 65536, got ${show(text)}`,
    );
  }
  return parts;
}

/**
 * `POST /api/analyze` with an ONNX body (`Content-Type: application/octet-stream`, at most
 * `limits.modelBytes`): the model analysis, exactly what `dilation-lab analyze --model
 * FILE --json` prints. Query: `output` (tensor name), `inputSize` (L, S or HxW),
 * `thresholdDb`. A JSON body passes on to the network analysis. Runs inline (models with
 * external data files cannot be sent: the error names the missing file).
 */
export function modelBodyHandler(ctx: ServerContext): RequestHandler[] {
  const raw = express.raw({
    type: 'application/octet-stream',
    limit: ctx.limits.modelBytes,
    inflate: false,
  });
  const onlyOctets: RequestHandler = (req, res, next) => {
    if (!req.is('application/octet-stream')) {
      next();
      return;
    }
    raw(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      try {
        const body = req.body as Buffer;
        const thresholdText = query(req.query.thresholdDb);
        const thresholdDb = thresholdText === undefined ? undefined : Number(thresholdText);
        if (thresholdText !== undefined && !Number.isFinite(thresholdDb)) {
          throw new FieldError(
            'thresholdDb',
            `must be a number of dB below 0, got ${show(thresholdText)}`,
          );
        }
        const sizeText = query(req.query.inputSize);
        const result = analyzeOnnx(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
          output: query(req.query.output),
          inputSize: sizeText === undefined ? undefined : parseInputSize(sizeText),
          thresholdDb,
          maxBytes: ctx.limits.modelBytes,
        });
        res.type('application/json').send(JSON.stringify(result));
      } catch (e) {
        next(e);
      }
    });
  };
  return [onlyOctets];
}
