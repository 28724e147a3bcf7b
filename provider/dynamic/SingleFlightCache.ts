interface Entry<V> {
  readonly promise: Promise<V>;
  settledAt: number | undefined;
  /** When the answer was last handed out (settling counts): a burst of reads keeps it alive. */
  servedAt: number | undefined;
}

export interface SingleFlightCacheOptions {
  /** A settled answer is reused by a read that comes within this long of the previous one. */
  readonly maxIdleMs: number;
  /** However busy the key, an answer older than this is loaded again. */
  readonly maxAgeMs: number;
  readonly now?: () => number;
}

/**
 * Concurrent reads of one key share one in-flight call, and a settled answer is reused by reads that keep coming
 * (each within `maxIdleMs` of the last) for up to `maxAgeMs`: refreshing N resources on one Vhost or Domain costs
 * one read however long the engine takes over them, not one per resource or per few seconds. An answer only ever
 * serves the burst it was loaded in, so a refresh still sees everything changed before it started. Any write by
 * this process invalidates the key, and `fresh` reads (to check before a write, or to confirm an absence) skip it.
 */
export class SingleFlightCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly now: () => number;

  constructor(private readonly options: SingleFlightCacheOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get(key: string, load: () => Promise<V>, options: { fresh?: boolean } = {}): Promise<V> {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      // A fresh read may still join a call that started after the caller decided it needed one.
      if (existing.settledAt === undefined) return existing.promise;
      if (!options.fresh && this.reusable(existing)) {
        existing.servedAt = this.now();
        return existing.promise;
      }
    }
    const entry: Entry<V> = { promise: load(), settledAt: undefined, servedAt: undefined };
    this.entries.set(key, entry);
    entry.promise.then(
      () => {
        entry.settledAt = this.now();
        entry.servedAt = entry.settledAt;
      },
      () => {
        // Failures are not cached: the next caller tries again.
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.promise;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }

  private reusable(entry: Entry<V>): boolean {
    const now = this.now();
    return (
      now - (entry.servedAt as number) <= this.options.maxIdleMs &&
      now - (entry.settledAt as number) <= this.options.maxAgeMs
    );
  }
}
