import type { RequestHandler } from 'express';
import { KERNEL_PRESETS } from '../../kernel/index.ts';
import { PRESETS } from '../../network/index.ts';
import type { ServerContext } from '../context.ts';

/**
 * `GET /api/presets` → `{presets: [{name, title, source, notes, spec}], kernels: [{form,
 * meaning}]}`: the named networks (spec in the format of docs/network-spec.md) and the
 * kernel preset families.
 */
export function presetsHandler(_ctx: ServerContext): RequestHandler {
  const body = JSON.stringify({
    presets: PRESETS.map((p) => ({
      name: p.name,
      title: p.title,
      source: p.source,
      notes: p.notes,
      spec: p.spec,
    })),
    kernels: KERNEL_PRESETS,
  });
  return (_req, res) => {
    res.type('application/json').send(body);
  };
}
