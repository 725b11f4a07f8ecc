/**
 * Requests up to this many bytes are carved from a shared slab (a response of up to 204
 * points). Larger ones are allocations of their own: at 1024 points (40 KiB for five arrays)
 * a slab made every 12 calls gave the same median (8.7–13.4 µs against 8.6–9.5 µs, eight
 * processes each) but a slower tail (p90 18–31 µs against 15–24 µs): malloc hands a freed
 * 40 KiB block back warm, a fresh 512 KiB slab is new pages.
 */
const SLAB_REQUEST_MAX = 8 * 1024;
/** Size of one slab. */
const SLAB_BYTES = 512 * 1024;

let slab: Float64Array | undefined;
let slabUsed = 0;

/**
 * `k` zeroed Float64Arrays of `count` values each. V8 pays several microseconds per
 * typed-array allocation (an off-heap backing store), which dominated small responses, so
 * small requests (≤ 8 KiB in all) are carved, bump-pointer style, from a shared 512 KiB
 * slab that is never reused (hence still zero), as Node does for small Buffers; larger
 * ones are one allocation split into subarrays. Consequence: the arrays of a small result
 * may share their `.buffer` with other results, and keep their slab alive.
 */
export function float64Arrays(count: number, k: number): Float64Array[] {
  const total = count * k;
  let all: Float64Array;
  if (total * 8 <= SLAB_REQUEST_MAX && total > 0) {
    if (!slab || slabUsed + total > slab.length) {
      slab = new Float64Array(SLAB_BYTES / 8);
      slabUsed = 0;
    }
    all = slab.subarray(slabUsed, slabUsed + total);
    slabUsed += total;
  } else {
    all = new Float64Array(total);
  }
  const out: Float64Array[] = [];
  for (let i = 0; i < k; i++) out.push(all.subarray(i * count, (i + 1) * count));
  return out;
}
