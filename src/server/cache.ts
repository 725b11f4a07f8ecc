/** What JsonCache can hold: anything that knows its size in bytes (a Buffer, an Answer). */
export interface Sized {
  readonly byteLength: number;
}

/**
 * A least-recently-used cache of answers (JSON as UTF-8 bytes by default), bounded by entry
 * count and by total size in bytes.
 * Answers are pure functions of the request (the library has no clock or unseeded
 * randomness), so a cached answer is always the right answer.
 */
export class JsonCache<V extends Sized = Buffer> {
  readonly maxEntries: number;
  readonly maxBytes: number;
  private readonly map = new Map<string, V>();
  private bytes = 0;

  constructor(maxEntries = 256, maxBytes = 64 * 1024 * 1024) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** The cached answer for `key`, marking it most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  /**
   * Stores an answer, evicting the least recently used until both bounds hold. An answer
   * larger than a quarter of maxBytes is not stored (it would flush the others).
   */
  set(key: string, value: V): void {
    if (this.maxEntries <= 0 || value.byteLength > this.maxBytes / 4) return;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.bytes -= old.byteLength;
      this.map.delete(key);
    }
    this.map.set(key, value);
    this.bytes += value.byteLength;
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.map.keys().next().value as string;
      this.bytes -= this.map.get(oldest)!.byteLength;
      this.map.delete(oldest);
    }
  }

  /** Number of cached answers. */
  get size(): number {
    return this.map.size;
  }

  /** Total bytes of the cached answers. */
  get byteSize(): number {
    return this.bytes;
  }
}
