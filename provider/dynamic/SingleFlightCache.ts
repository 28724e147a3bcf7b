interface Entry<V> {
  readonly promise: Promise<V>;
  settledAt: number | undefined;
}

/**
 * Concurrent reads of one key share one in-flight call, and a settled answer is reused for `maxAgeMs`: refreshing
 * N resources on one Vhost or Domain costs one read, not N. Any write by this process invalidates the key.
 */
export class SingleFlightCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string, load: () => Promise<V>, options: { fresh?: boolean } = {}): Promise<V> {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      const inFlight = existing.settledAt === undefined;
      const young = existing.settledAt !== undefined && this.now() - existing.settledAt <= this.maxAgeMs;
      // A fresh read may still join a call that started after the caller decided it needed one.
      if (inFlight || (young && !options.fresh)) {
        return existing.promise;
      }
    }
    const entry: Entry<V> = { promise: load(), settledAt: undefined };
    this.entries.set(key, entry);
    entry.promise.then(
      () => {
        entry.settledAt = this.now();
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
}
