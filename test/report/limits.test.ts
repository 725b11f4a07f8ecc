import { describe, expect, it } from 'vitest';
import { parseReportConfig } from '../../src/report/config.ts';

// Issue 8 item 12: the documented maximum n: 1048576 failed after 48 s and 3.1 GB with
// "Invalid string length"; the limit is now one a report can hold (and says so up front).
const config = (options: Record<string, number>) => ({
  title: 't',
  options,
  experiments: [{ name: 'e', networks: ['hdc'], figures: ['magnitude'] }],
});

describe('report size limits are refused before any work', () => {
  it.each([
    [{ n: 1048576 }, 'options.n', '65536'],
    [{ n: 131072 }, 'options.n', '65536'],
    [{ n2d: 1024 }, 'options.n2d', '512'],
  ])('%j is a FieldError naming %s and the limit %s', (options, field, limit) => {
    expect(() => parseReportConfig(config(options))).toThrow(
      expect.objectContaining({ field, message: expect.stringContaining(limit) }),
    );
  });

  it.each([[{ n: 65536 }], [{ n2d: 512 }]])('%j is accepted', (options) => {
    expect(() => parseReportConfig(config(options))).not.toThrow();
  });
});
