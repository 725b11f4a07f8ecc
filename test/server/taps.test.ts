import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { closeApp, createApp } from '../../src/server/index.ts';
import { enumerateStack1d, enumerateStack2d, expectError } from './helpers.ts';

const app = createApp();
afterAll(() => closeApp(app));

describe('/api/taps', () => {
  it('counts the paths of a 1-D stack as enumerating every tap combination does', async () => {
    const res = await request(app).get('/api/taps').query({ kernel: 'box:3', rates: '1,2,5' });
    expect(res.status).toBe(200);
    const counts = enumerateStack1d([3, 3, 3], [1, 2, 5]);
    expect(res.body.dims).toBe(1);
    expect(res.body.kind).toBe('stack');
    expect(res.body.size).toBe(17);
    expect(res.body.counts).toEqual(counts);
    expect(res.body.holes).toEqual([]);
    expect(res.body.counts.reduce((a: number, b: number) => a + b, 0)).toBe(27);
  });

  it('marks the odd offsets of the gridding stack 2,2,2 as holes', async () => {
    const res = await request(app).get('/api/taps').query({ kernel: 'box:3', rates: '2,2,2' });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual(enumerateStack1d([3, 3, 3], [2, 2, 2]));
    expect(res.body.holes).toEqual([1, 3, 5, 7, 9, 11]);
    expect(res.body.holeCount).toBe(6);
    expect(res.body.covered).toBe(7);
  });

  it('gives each layer of a stack its own taps at its rate', async () => {
    const res = await request(app).get('/api/taps').query({ kernel: 'box:3', rates: '1,2,5' });
    expect(res.body.members.map((m: { counts: number[] }) => m.counts)).toEqual([
      [1, 1, 1],
      [1, 0, 1, 0, 1],
      [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    ]);
    expect(res.body.members.map((m: { offset: unknown }) => m.offset)).toEqual([null, null, null]);
  });

  it('places parallel branches at their centres in the union of their taps', async () => {
    const res = await request(app)
      .post('/api/taps')
      .send({ kernel: 'box:3', rates: [1, 3], mode: 'parallel' });
    expect(res.status).toBe(200);
    // span 7 (the rate-3 branch); the rate-1 branch (span 3) sits at ⌊(7 − 3)/2⌋ = 2
    expect(res.body.counts).toEqual([1, 0, 1, 2, 1, 0, 1]);
    expect(res.body.holes).toEqual([1, 5]);
    expect(res.body.members.map((m: { offset: number }) => m.offset)).toEqual([2, 0]);
  });

  it('counts the paths of a 2-D stack as a rows × cols grid with the checkerboard of 2,2', async () => {
    const res = await request(app).get('/api/taps').query({ kernel: 'box:3x3', rates: '2,2' });
    expect(res.status).toBe(200);
    expect(res.body.dims).toBe(2);
    expect(res.body.rows).toBe(9);
    expect(res.body.cols).toBe(9);
    const grid = enumerateStack2d(3, [2, 2]);
    expect(res.body.counts).toEqual(grid);
    expect(res.body.holeCount).toBe(81 - 25);
    expect(res.body.members).toHaveLength(2);
    expect(res.body.members[1].counts).toEqual([
      [1, 0, 1, 0, 1],
      [0, 0, 0, 0, 0],
      [1, 0, 1, 0, 1],
      [0, 0, 0, 0, 0],
      [1, 0, 1, 0, 1],
    ]);
  });

  it('computes a large 1-D grid on the worker with the same counts', async () => {
    const rates = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];
    const res = await request(app)
      .get('/api/taps')
      .query({ kernel: 'box:2', rates: rates.join(',') });
    expect(res.status).toBe(200);
    // kernel 2 at rates 2^i: every offset 0..4095 is reached by exactly one path (binary digits)
    expect(res.body.size).toBe(4096);
    expect(res.body.counts.every((c: number) => c === 1)).toBe(true);
  });

  it('refuses a 2-D path-count grid larger than 512×512 with a message naming the limit', async () => {
    const res = await request(app).get('/api/taps').query({ kernel: 'box:3x3', rates: '200,200' });
    expectError(res, 400, 'network', /801×801.*512×512/);
  });

  it('refuses a 1-D path-count array longer than 65536', async () => {
    const res = await request(app)
      .get('/api/taps')
      .query({ kernel: 'box:3', rates: '4096,4096,4096,4096,4096,4096,4096,4096,4096' });
    expectError(res, 400, 'network', /73729 offsets.*65536/);
  });

  it('leaves out the members when they would exceed the limit together', async () => {
    // 16 branches of span 8193 each: 131088 offsets together, above 65536
    const rates = Array.from({ length: 16 }, () => 4096).join(',');
    const res = await request(app)
      .get('/api/taps')
      .query({ kernel: 'box:3', rates, mode: 'parallel' });
    expect(res.status).toBe(200);
    expect(res.body.size).toBe(8193);
    expect(res.body.members).toBeNull();
    expect(res.body.membersOmitted).toMatch(/above the limit/);
  });
});
