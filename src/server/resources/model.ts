import { createHash } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import { FieldError, show } from '../../util/validate.ts';
import type { ServerContext } from '../context.ts';
import { clientGone } from '../dispatch.ts';

/** Bodies up to this size are hashed to key the answer cache; larger ones are not cached. */
export const MODEL_HASH_BYTES = 8 * 1024 * 1024;

let unhashed = 0;

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
 * `thresholdDb`. A JSON body passes on to the network analysis. Models with external data
 * files cannot be sent (the error names the missing file).
 *
 * Priced like the other compute routes: the dispatcher gets the body's size in points, so
 * a model of up to 16 KiB runs inline and a larger one on a worker thread (above 256 KiB in
 * the heavy lane), never blocking the event loop; there the job prices the analysis itself
 * (`runModelJob`: bytes + `analysisCost`) and refuses a model dearer than
 * `limits.maxModelCost` with a 400 on `model` before analysing it. A full queue is a 503.
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
      void (async () => {
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
        const output = query(req.query.output);
        const options = {
          ...(output === undefined ? {} : { output }),
          ...(sizeText === undefined ? {} : { inputSize: parseInputSize(sizeText) }),
          ...(thresholdDb === undefined ? {} : { thresholdDb }),
        };
        // A copy of exactly the body (a Buffer may view a larger pooled ArrayBuffer, which
        // posting to a worker would copy whole).
        const bytes = Uint8Array.prototype.slice.call(body);
        const digest =
          bytes.length <= MODEL_HASH_BYTES
            ? createHash('sha256').update(bytes).digest('hex')
            : `unhashed:${++unhashed}`;
        const json = await ctx.dispatcher.run(
          { kind: 'model', bytes, digest, options, limits: ctx.limits },
          null,
          bytes.length,
          clientGone(res),
        );
        res.type('application/json').send(json);
      })().catch(next);
    });
  };
  return [onlyOctets];
}
