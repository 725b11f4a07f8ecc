import { describe, expect, it } from 'vitest';
import { checkView, pageNote } from '../../web/src/check.ts';
import { DEFAULT_STATE, type State } from '../../web/src/state.ts';

const good = { mapSize: '65', thresholdDb: '-20', object: '3x3' };
const view = (patch: Partial<State['nets'][number]>): State => ({
  ...DEFAULT_STATE,
  nets: [{ ...DEFAULT_STATE.nets[0], ...patch }, DEFAULT_STATE.nets[1]],
});

describe('the page’s checks before it asks the server', () => {
  it('passes the default view', () => {
    expect(checkView(DEFAULT_STATE, good)).toEqual([]);
  });

  it.each([
    [{ rates: '2,0,2' }, 'rates[1]', /^rates\[1\] must be a positive integer/],
    [{ kernel: 'box:' }, 'kernel', /^kernel/],
    [{ kernel: '[0.25, 0.5' }, 'kernel', /^kernel is not a valid list/],
    [
      { spec: 'type: stack\nlayers:\n  - {kernel: box:3, dilation: 0}\n' },
      'layers[0].dilation',
      /dilation/,
    ],
    [{ preset: 'nope' }, 'preset', /^preset must be one of/],
  ])('names the field of a bad network %j', (patch, field, message) => {
    const problems = checkView(view(patch), good);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field, net: 0 });
    expect(problems[0].message).toMatch(message);
  });

  it.each([
    [{ mapSize: '-3' }, 'mapSize'],
    [{ mapSize: '' }, 'mapSize'],
    [{ thresholdDb: '5' }, 'thresholdDb'],
    [{ object: '3y' }, 'object'],
  ])('names the option of a bad value %j', (texts, field) => {
    const problems = checkView(DEFAULT_STATE, { ...good, ...texts });
    expect(problems.map((p) => [p.field, p.net])).toEqual([[field, null]]);
  });

  it('says the page’s words instead of the API’s routes', () => {
    const raw =
      'network has a receptive field of 70001 offsets; /api/taps sends at most 65536 (use /api/analyze for its coverage)';
    expect(pageNote(raw)).toBe(
      'network has a receptive field of 70001 offsets; the page draws at most 65536 (the summary gives its coverage)',
    );
    expect(
      pageNote('network is 1-D; /api/response2d needs a 2-D network (use /api/response)'),
    ).not.toMatch(/\/api/);
  });
});
