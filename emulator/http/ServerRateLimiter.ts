/**
 * The service's documented limit, N requests/s per account and action, as a token bucket of N tokens refilled at
 * N per second: a burst of N passes, the next waits for a refill.
 */
export class ServerRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.perSecond > 0;
  }

  tryTake(accessKeyId: string, action: string): boolean {
    if (!this.enabled) return true;
    const key = `${accessKeyId}\n${action}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perSecond, at: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
