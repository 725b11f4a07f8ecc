/**
 * Provenance of a report: the tool and its version, the SHA-256 of the config, and when it
 * was generated. The date appears in the report and in the data files' headers, never in
 * their numbers, so two runs of the same config give the same data apart from that line.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Who made a report, from what, and when. */
export interface Provenance {
  tool: 'dilation-lab';
  /** The version in package.json. */
  version: string;
  /** SHA-256 (hex) of the config text as given, or of its canonical JSON for an object. */
  configSha256: string;
  /** ISO 8601 date and time of generation (UTC). */
  generated: string;
}

/** The tool's version from package.json ('0.0.0' when it cannot be read). */
export function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, (v as Record<string, unknown>)[k]]),
      );
    }
    return v;
  });
}

/**
 * SHA-256 (hex) of a config: of its UTF-8 text when given as text (the same as
 * `sha256sum config.yaml`), else of its canonical JSON (keys sorted).
 */
export function configHash(config: unknown): string {
  const text = typeof config === 'string' ? config : canonicalJson(config);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The provenance of a report made now (or at `now`). */
export function provenanceOf(config: unknown, now: Date = new Date()): Provenance {
  return {
    tool: 'dilation-lab',
    version: toolVersion(),
    configSha256: configHash(config),
    generated: now.toISOString(),
  };
}
