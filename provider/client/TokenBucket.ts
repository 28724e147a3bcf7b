export interface RateLimit {
  /** Sustained rate. The service allows 10 requests/s per account and action. */
  readonly requestsPerSecond: number;
  /** Requests that may go at once after a quiet period. */
  readonly burst: number;
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * A token bucket whose waiters are served strictly first come, first served, so no caller starves under
 * concurrency. Hand-rolled: the maintained limiter packages either lack FIFO fairness with per-waiter abort, or
 * (bottleneck) have been unmaintained for years; this is the whole of what is needed.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.requestsPerSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError("rate limit needs requestsPerSecond > 0 and burst >= 1");
    }
    this.tokens = limit.burst;
    this.updatedAt = this.now();
  }

  /** Resolves when the caller may send one request; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) {
            this.waiters.splice(index, 1);
          }
          if (this.waiters.length === 0 && this.timer !== undefined) {
            // Nobody left to serve: a pending timer would only hold the process open.
            clearTimeout(this.timer);
            this.timer = undefined;
          }
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = (now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSeconds * this.limit.requestsPerSecond);
    this.updatedAt = now;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.waiters.length === 0) {
      return;
    }
    const waitMs = Math.max(0, ((1 - this.tokens) / this.limit.requestsPerSecond) * 1000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, Math.ceil(waitMs));
  }

  private drain(): void {
    this.refill();
    while (this.waiters.length > 0 && this.tokens >= 1) {
      const waiter = this.waiters.shift() as Waiter;
      this.tokens -= 1;
      if (waiter.signal !== undefined && waiter.onAbort !== undefined) {
        waiter.signal.removeEventListener("abort", waiter.onAbort);
      }
      waiter.resolve();
    }
    this.schedule();
  }
}
