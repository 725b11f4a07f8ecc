import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { OPTIONS, readOption } from '../../options/index.ts';
import type { ServerContext } from '../context.ts';
import { clientGone } from '../dispatch.ts';
import { checkFlag, octetBody } from '../input.ts';

/** Bodies up to this size are hashed to key the answer cache; larger ones are not cached. */
export const MODEL_HASH_BYTES = 8 * 1024 * 1024;

let unhashed = 0;

function query(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `inputSize=S`, `inputSize=HxW` or `inputSize=L` in the query string (the option schema). */
function parseInputSize(text: string): number[] {
  return readOption(OPTIONS.inputSize, text, true) as number[];
}

/**
 * `POST /api/analyze` with an ONNX body (`Content-Type: application/octet-stream`, at most
 * `limits.modelBytes`): the model analysis, exactly what `dilation-lab analyze --model
 * FILE --json` prints. Query: `output` (tensor name), `inputSize` (L, S or HxW),
 * `thresholdDb`, and `check=true`: answer only whether the analysis would be accepted —
 * `{"accepted": true, "price"}` or `{"accepted": false, "error": {message, field}}`, a 200
 * either way (jobs.ts `modelVerdict`), so the lab page learns what is wrong with a dropped
 * file without a failed request in its console. A JSON body passes on to the network analysis. Models with external data
 * files cannot be sent (the error names the missing file).
 *
 * Priced like the other compute routes: the dispatcher gets the body's size in points, so
 * a model of up to 16 KiB runs inline and a larger one on a worker thread (above 256 KiB in
 * the heavy lane), never blocking the event loop; there the job prices the analysis itself
 * (`runModelJob`: bytes + `analysisCost`) and refuses a model dearer than
 * `limits.maxModelCost` with a 400 on `model` before analysing it. A full queue is a 503.
 */
export function modelBodyHandler(ctx: ServerContext): RequestHandler[] {
  const onlyOctets = octetBody(ctx.limits.modelBytes, async (req, res) => {
    const body = req.body as Buffer;
    const thresholdText = query(req.query.thresholdDb);
    const thresholdDb =
      thresholdText === undefined
        ? undefined
        : (readOption(OPTIONS.thresholdDb, thresholdText, true) as number);
    const sizeText = query(req.query.inputSize);
    const output = query(req.query.output);
    const options = {
      ...(checkFlag(req.query) ? { check: true } : {}),
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
  });
  return [onlyOctets];
}
